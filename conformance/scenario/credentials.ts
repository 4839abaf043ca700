/**
 * Certificates a scenario hands to the HIS: the WAF-SSL client certificate of an organisation
 * and an institution's authentication certificate, as PKCS#12 files (inline and written into the
 * check's state folder), from the same deterministic test PKI the simulator uses.
 *
 * @example
 * ```ts
 * const waf = pkcs12Material(pki.waf('E01620K'), stateDir, 'waf-E01620K');
 * ```
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { toPkcs12 } from '../../simulator/pki/pkcs12.js';
import type { Credential } from '../../simulator/pki/types.js';
import type { Pkcs12Material } from '../adapter/protocol.js';

/** The password of every PKCS#12 file the suite writes. */
export const SUITE_P12_PASSWORD = 'conformance-p12';

/** Export a credential as PKCS#12 into `dir/<name>.p12`. */
export function pkcs12Material(credential: Credential, dir: string, name: string): Pkcs12Material {
  const bytes = toPkcs12(credential, SUITE_P12_PASSWORD);
  const file = join(dir, `${name}.p12`);
  writeFileSync(file, bytes, { mode: 0o600 });
  return { base64: bytes.toString('base64'), file, password: SUITE_P12_PASSWORD };
}
