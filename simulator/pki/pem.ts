/**
 * PEM helpers: DER <-> PEM for certificates and splitting PEM bundles.
 *
 * @example
 * ```ts
 * const pem = derToPem(der, 'CERTIFICATE');
 * const [leaf, ...chain] = splitPemBundle(bundle);
 * ```
 */

/**
 * Wrap DER bytes as PEM with 64-character lines and a final newline.
 *
 * @example
 * ```ts
 * derToPem(Buffer.from([0x30, 0x00]), 'CERTIFICATE'); // '-----BEGIN CERTIFICATE-----\nMAA=\n-----END CERTIFICATE-----\n'
 * ```
 */
export function derToPem(der: Uint8Array, label: string): string {
  const b64 = Buffer.from(der).toString('base64');
  const lines = b64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

const BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----\r?\n([A-Za-z0-9+/=\r\n]*?)-----END \1-----/g;

/**
 * The DER bytes of the first PEM block with the given label; throws if there is none.
 *
 * @example
 * ```ts
 * const der = pemToDer(certPem, 'CERTIFICATE');
 * ```
 */
export function pemToDer(pem: string, label = 'CERTIFICATE'): Buffer {
  for (const m of pem.matchAll(BLOCK)) {
    if (m[1] === label) return Buffer.from((m[2] ?? '').replace(/\s+/g, ''), 'base64');
  }
  throw new Error(`no PEM block "${label}" found`);
}

/**
 * Every `CERTIFICATE` block of a PEM bundle, each normalised to its own PEM string.
 *
 * @example
 * ```ts
 * splitPemBundle(pki.caBundlePem()).length; // 5
 * ```
 */
export function splitPemBundle(bundle: string): string[] {
  const out: string[] = [];
  for (const m of bundle.matchAll(BLOCK)) {
    if (m[1] === 'CERTIFICATE') out.push(derToPem(Buffer.from((m[2] ?? '').replace(/\s+/g, ''), 'base64'), 'CERTIFICATE'));
  }
  return out;
}
