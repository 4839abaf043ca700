/**
 * Reading a SAML token from an HTTP `Authorization` header, as the simulator's JSON APIs take it:
 * `Authorization: SAML <base64 of the saml:Assertion XML>` (the admin APIs, the Ágazati portál's
 * WAF-SSL download, the eID request service). Only the header's form is checked here; the token
 * itself goes to the shared validator (`validateAssertionXml`).
 *
 * @example
 * ```ts
 * const auth = readSamlAuthorization(c.req.header('authorization'), HOW, 'ADMIN_TOKEN_MALFORMED');
 * if (auth.kind === 'saml') validateAssertionXml(deps, auth.xml);
 * ```
 */
import { Unauthorized } from '../core/errors.js';
import { decodeUtf8 } from '../soap/safe-xml.js';

/** The Authorization scheme for SAML tokens. */
export const SAML_AUTH_SCHEME = 'SAML';

/** What the header holds: no SAML credential (`got` says what instead), or the assertion XML. */
export type SamlAuthorization = { kind: 'none'; got: string } | { kind: 'saml'; xml: string };

/**
 * Read the header. No header, or another scheme: `{ kind: 'none' }` (the caller decides what is
 * missing). A `SAML` credential that is not base64 of a saml:Assertion throws `malformedCode`
 * (401) with `how` (what to send) appended.
 */
export function readSamlAuthorization(header: string | undefined, how: string, malformedCode: string): SamlAuthorization {
  const m = /^\s*(\S+)\s+(\S+)\s*$/.exec(header ?? '');
  if (m === null || m[1]?.toUpperCase() !== SAML_AUTH_SCHEME) {
    const got = header === undefined || header.trim() === '' ? 'no Authorization header' : `an Authorization header with scheme \`${(header.trim().split(/\s+/)[0] ?? '').slice(0, 20)}\``;
    return { kind: 'none', got };
  }
  const b64 = m[2] ?? '';
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(b64)) {
    throw new Unauthorized(`the SAML credential is not base64; ${how}`, {}, malformedCode);
  }
  let xml: string;
  try {
    xml = decodeUtf8(Buffer.from(b64, b64.includes('-') || b64.includes('_') ? 'base64url' : 'base64'), 'the SAML credential');
  } catch {
    throw new Unauthorized(`the base64 SAML credential does not decode to UTF-8 text; ${how}`, {}, malformedCode);
  }
  if (!xml.includes('Assertion')) throw new Unauthorized(`the base64 SAML credential does not decode to a saml:Assertion; ${how}`, {}, malformedCode);
  return { kind: 'saml', xml };
}
