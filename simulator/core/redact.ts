/**
 * Redaction of secrets before anything is written to the journal or a report: passwords,
 * PINs, PUKs, CANs, mobilToken codes, OTP secrets and private keys. One function per format.
 *
 * @example
 * ```ts
 * redactText('<wsse:Password>titok</wsse:Password>'); // '<wsse:Password>***</wsse:Password>'
 * ```
 */

import { jsonDepth, MAX_JSON_DEPTH } from './json-depth.js';

/** What replaces a secret. */
export const REDACTED = '***';

/** JSON keys whose values are secrets (compared case-insensitively, ignoring `-` and `_`). */
const SECRET_KEYS = new Set([
  'password', 'newpassword', 'oldpassword', 'passwordtext', 'pin', 'newpin', 'newpinrepeat', 'oldpin', 'activationpin', 'puk', 'can',
  'otp', 'mobiltoken', 'mobiltokencode', 'mobiltokensecret', 'secret', 'ridsecret', 'privatekey', 'keypem', 'p12password', 'pkcs12',
  'controltoken', 'authorization', 'ojotepassword', 'sessiontoken', 'accesstoken', 'refreshtoken',
  'apdu', // a card's command APDU (`POST /_sim/cards/{id}/apdu`) may carry a PIN, CAN or PUK
]);

const normalise = (key: string): string => key.toLowerCase().replace(/[-_]/g, '');

/** Is this JSON key a secret? */
export function isSecretKey(key: string): boolean {
  return SECRET_KEYS.has(normalise(key));
}

/** Redact secret-named values anywhere in a JSON-like value (returns a copy). */
export function redactJson(value: unknown, depth = 0): unknown {
  if (depth > 64) return REDACTED;
  if (Array.isArray(value)) return value.map((v) => redactJson(v, depth + 1));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      out[k] = isSecretKey(k) && (typeof v === 'string' || typeof v === 'number') ? REDACTED : redactJson(v, depth + 1);
    }
    return out;
  }
  return typeof value === 'string' ? redactPem(value) : value;
}

/** XML elements whose text content is a secret (local names). */
const SECRET_ELEMENTS = ['Password', 'Pin', 'PIN', 'Puk', 'PUK', 'Can', 'CAN', 'NewPin', 'ActivationPin', 'MobilToken', 'MobilTokenCode', 'Otp'];
// Linear time on any input: the attribute part stops at the next `<` as well as `>` (with `[^>]*`
// every unclosed `<Pin ` re-scanned the rest of the text: quadratic, minutes for a 1 MiB body).
const XML_SECRET = new RegExp(`<((?:[\\w.-]+:)?(?:${SECRET_ELEMENTS.join('|')}))(\\s[^<>]*)?>[^<]*</\\1\\s*>`, 'g');

const PEM_PRIVATE_BEGIN = /-----BEGIN ([A-Z ]*PRIVATE KEY)-----/g;

/**
 * Replace the body of every PEM private key. Linear time: each BEGIN looks for its END once, and a
 * BEGIN without an END redacts the rest of the text (a lazy `[\s\S]*?` regex re-scanned the rest
 * of the text for every unterminated BEGIN: quadratic).
 */
function redactPem(text: string): string {
  if (!text.includes('-----BEGIN ')) return text;
  let out = '';
  let pos = 0;
  PEM_PRIVATE_BEGIN.lastIndex = 0;
  for (let m = PEM_PRIVATE_BEGIN.exec(text); m !== null; m = PEM_PRIVATE_BEGIN.exec(text)) {
    const label = m[1] ?? '';
    const endMarker = `-----END ${label}-----`;
    const end = text.indexOf(endMarker, PEM_PRIVATE_BEGIN.lastIndex);
    out += `${text.slice(pos, m.index)}-----BEGIN ${label}-----${REDACTED}${endMarker}`;
    if (end === -1) return out;
    pos = end + endMarker.length;
    PEM_PRIVATE_BEGIN.lastIndex = pos;
  }
  return out + text.slice(pos);
}

/** Redact an XML text (element contents of secret elements) and any PEM private key. */
export function redactXml(text: string): string {
  return redactPem(text.replace(XML_SECRET, (_m, name: string, attrs: string | undefined) => `<${name}${attrs ?? ''}>${REDACTED}</${name}>`));
}

/** Redact a body by its content type; unknown types get the PEM and XML treatment. */
export function redactText(text: string, contentType = ''): string {
  if (/json/i.test(contentType) || /^\s*[[{]/.test(text)) {
    // Too deep to be a request of this API (refused by readJson): not worth parsing, and the
    // secrets in it cannot be found by key without parsing, so nothing of it is kept.
    if (jsonDepth(text) > MAX_JSON_DEPTH) return `(JSON nested more than ${MAX_JSON_DEPTH} levels deep: not journaled)`;
    try {
      return JSON.stringify(redactJson(JSON.parse(text)));
    } catch {
      // not JSON after all: fall through
    }
  }
  if (/x-www-form-urlencoded/i.test(contentType)) {
    const params = new URLSearchParams(text);
    for (const key of [...params.keys()]) if (isSecretKey(key)) params.set(key, REDACTED);
    return params.toString();
  }
  return redactXml(text);
}

/** Redact headers (Authorization, cookies). */
export function redactHeaders(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) {
    out[k] = /^(authorization|cookie|set-cookie|x-control-token)$/i.test(k) ? REDACTED : v;
  }
  return out;
}
