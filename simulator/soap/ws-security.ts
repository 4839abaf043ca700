/**
 * WS-Security 1.1 on the receiving side: reading the `wsse:Security` header (Timestamp,
 * UsernameToken, BinarySecurityTokens, Signature, SAML assertions), the timestamp rule, the
 * UsernameToken PasswordDigest, and verifying a message signature made with an X.509 token
 * (X.509 token profile) including which parts it covers. Everything here throws
 * {@link SimError}s with a stable code and a message that says what to fix.
 *
 * @example
 * ```ts
 * const sec = readSecurityHeader(req);                     // throws SECURITY_HEADER_MISSING ...
 * checkTimestamp(sec.timestamp, deps.clock.now(), 300);    // throws MESSAGE_EXPIRED ...
 * const cover = verifyMessageSignature(req, sec, certPem); // { body: true, timestamp: true }
 * ```
 */
import { hash } from 'node:crypto';
import { InvalidSecurity, MessageExpired, SignatureInvalid } from '../core/errors.js';
import { NS, SIM, WSS } from '../saml/namespaces.js';
import { indexIds, verifySignatureElement } from '../saml/xml-signature.js';
import type { SoapMessage, SoapRequest } from './envelope.js';
import { childElement, childElements, childElementsNamed, textOf, type LeanElement, type LeanNode } from './safe-xml.js';

/** An element of a parsed message: DOM, or lean (see `parseSoapRequestLean`). */
type AnyElement = Element | LeanElement;

/** A `wsu:Timestamp`. */
export interface TimestampData<E extends AnyElement = Element> {
  element: E;
  id: string | undefined;
  created: Date;
  expires: Date | undefined;
}

/** A `wsse:UsernameToken`. */
export interface UsernameTokenData<E extends AnyElement = Element> {
  element: E;
  username: string;
  /** The password text or digest, if a Password element was sent. */
  password: string | undefined;
  /** `text` (PasswordText, also when Type is absent), `digest`, or undefined when no Password element was sent. */
  passwordType: 'text' | 'digest' | undefined;
  /** Base64 nonce, if sent. */
  nonce: string | undefined;
  /** `wsu:Created` text, if sent. */
  created: string | undefined;
  /**
   * The mobilToken code of a two-factor password login (`sim:MobilTokenCode`, an extension
   * element the UsernameToken profile allows), if sent.
   */
  mobilTokenCode: string | undefined;
}

/** A `wsse:BinarySecurityToken`. */
export interface BinaryTokenData<E extends AnyElement = Element> {
  element: E;
  id: string | undefined;
  valueType: string;
  encodingType: string;
  /** The element text with white space removed. */
  value: string;
}

/** The parsed `wsse:Security` header. */
export interface SecurityHeader<E extends AnyElement = Element> {
  element: E;
  timestamp: TimestampData<E> | undefined;
  usernameToken: UsernameTokenData<E> | undefined;
  binaryTokens: Array<BinaryTokenData<E>>;
  /** `ds:Signature` children of the header. */
  signatures: E[];
  /** `saml:Assertion` children of the header. */
  assertions: E[];
}

const wsuId = (e: AnyElement): string | undefined => e.getAttributeNS(NS.wsu, 'Id') || undefined;

const XS_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * The last two texts {@link parseXsDateTime} read and their instants (NaN: not an xs:dateTime):
 * a request states the same second two or three times (Timestamp Created, UsernameToken Created)
 * and the next requests the same again, so most reads are a string comparison.
 */
const parsedText = ['', ''];
const parsedMs = [Number.NaN, Number.NaN];
let oldestParsed = 0;

/** Parse an xs:dateTime that carries a time zone; undefined when it is not one. */
export function parseXsDateTime(text: string): Date | undefined {
  let ms: number;
  if (text === parsedText[0]) ms = parsedMs[0] as number;
  else if (text === parsedText[1]) ms = parsedMs[1] as number;
  else {
    ms = XS_DATE_TIME.test(text) ? Date.parse(text) : Number.NaN;
    // Only short texts are remembered (an xs:dateTime is about 20-35 characters; a long one would stay alive here).
    if (text.length <= 40) {
      parsedText[oldestParsed] = text;
      parsedMs[oldestParsed] = ms;
      oldestParsed = 1 - oldestParsed;
    }
  }
  return Number.isFinite(ms) ? new Date(ms) : undefined;
}

function readTimestamp<E extends AnyElement>(e: E): TimestampData<E> {
  const createdText = textOf(childElement(e, NS.wsu, 'Created'));
  const expiresText = textOf(childElement(e, NS.wsu, 'Expires'));
  if (createdText === '') {
    throw new InvalidSecurity('the wsu:Timestamp has no wsu:Created; send the creation time, e.g. `<wsu:Created>2026-03-02T08:00:00Z</wsu:Created>`', {}, 'TIMESTAMP_MALFORMED');
  }
  const created = parseXsDateTime(createdText);
  if (created === undefined) {
    throw new InvalidSecurity(`wsu:Created \`${createdText}\` is not an xs:dateTime with a time zone; send UTC such as \`2026-03-02T08:00:00Z\``, {}, 'TIMESTAMP_MALFORMED');
  }
  let expires: Date | undefined;
  if (expiresText !== '') {
    expires = parseXsDateTime(expiresText);
    if (expires === undefined) {
      throw new InvalidSecurity(`wsu:Expires \`${expiresText}\` is not an xs:dateTime with a time zone; send UTC such as \`2026-03-02T08:05:00Z\``, {}, 'TIMESTAMP_MALFORMED');
    }
    if (expires.getTime() <= created.getTime()) {
      throw new InvalidSecurity(`wsu:Expires (${expiresText}) is not after wsu:Created (${createdText}); send an Expires later than Created`, {}, 'TIMESTAMP_MALFORMED');
    }
  }
  return { element: e, id: wsuId(e), created, expires };
}

function readUsernameToken<E extends AnyElement>(e: E): UsernameTokenData<E> {
  // One pass over the children (first of each kind, and how many), then the checks in their order.
  let usernameCount = 0;
  let passwordCount = 0;
  let codeCount = 0;
  let username: AnyElement | undefined;
  let pw: AnyElement | undefined;
  let nonceEl: AnyElement | null = null;
  let createdEl: AnyElement | null = null;
  let code: AnyElement | undefined;
  for (let c = e.firstChild as ChildNode | LeanNode | null; c !== null; c = c.nextSibling as ChildNode | LeanNode | null) {
    if (c.nodeType !== 1) continue;
    const child = c as AnyElement;
    const ns = child.namespaceURI;
    const local = child.localName;
    if (ns === NS.wsse) {
      if (local === 'Username') {
        if (usernameCount++ === 0) username = child;
      } else if (local === 'Password') {
        if (passwordCount++ === 0) pw = child;
      } else if (local === 'Nonce' && nonceEl === null) nonceEl = child;
    } else if (ns === NS.wsu) {
      if (local === 'Created' && createdEl === null) createdEl = child;
    } else if (ns === NS.sim && local === SIM.mobilTokenCodeElement) {
      if (codeCount++ === 0) code = child;
    }
  }
  if (usernameCount !== 1) {
    // rule: WSS-USERNAME-TOKEN (docs/rules.md)
    throw new InvalidSecurity(`the wsse:UsernameToken has ${usernameCount} wsse:Username elements; send exactly one`, {}, 'USERNAME_TOKEN_MALFORMED');
  }
  if (passwordCount > 1) throw new InvalidSecurity('the wsse:UsernameToken has several wsse:Password elements; send one', {}, 'USERNAME_TOKEN_MALFORMED');
  let passwordType: UsernameTokenData['passwordType'];
  if (pw !== undefined) {
    const type = pw.getAttribute('Type') ?? '';
    if (type === '' || type === WSS.passwordText) passwordType = 'text';
    else if (type === WSS.passwordDigest) passwordType = 'digest';
    else {
      throw new InvalidSecurity(`wsse:Password Type \`${type}\` is not supported; use PasswordText (${WSS.passwordText}) or PasswordDigest (${WSS.passwordDigest})`, {}, 'PASSWORD_TYPE_UNSUPPORTED');
    }
  }
  if (nonceEl !== null) {
    const enc = nonceEl.getAttribute('EncodingType') ?? '';
    if (enc !== '' && enc !== WSS.base64Binary) {
      throw new InvalidSecurity(`wsse:Nonce EncodingType \`${enc}\` is not supported; send the nonce base64-encoded (${WSS.base64Binary})`, {}, 'USERNAME_TOKEN_MALFORMED');
    }
  }
  if (codeCount > 1) throw new InvalidSecurity(`the wsse:UsernameToken has ${codeCount} sim:${SIM.mobilTokenCodeElement} elements; send one (the code the mobilToken app shows now)`, {}, 'USERNAME_TOKEN_MALFORMED');
  return {
    element: e,
    // Surrounding white space (from pretty-printing XML stacks) is dropped; case is kept: usernames are case-sensitive.
    username: (username?.textContent ?? '').trim(),
    password: pw === undefined ? undefined : (pw.textContent ?? ''),
    passwordType,
    nonce: nonceEl === null ? undefined : textOf(nonceEl),
    created: createdEl === null ? undefined : textOf(createdEl),
    mobilTokenCode: code === undefined ? undefined : textOf(code),
  };
}

/**
 * Read the single `wsse:Security` header of a request. Returns undefined when there is none and
 * `required` is false.
 */
export function readSecurityHeader<E extends AnyElement>(req: SoapMessage<E>, required: true): SecurityHeader<E>;
export function readSecurityHeader<E extends AnyElement>(req: SoapMessage<E>, required: boolean): SecurityHeader<E> | undefined;
export function readSecurityHeader<E extends AnyElement>(req: SoapMessage<E>, required: boolean): SecurityHeader<E> | undefined {
  const headers = req.header === null ? [] : (childElementsNamed<AnyElement>(req.header, NS.wsse, 'Security') as E[]);
  if (headers.length === 0) {
    if (!required) return undefined;
    // rule: WSS-SECURITY-HEADER (docs/rules.md)
    throw new InvalidSecurity(
      `the request has no wsse:Security header (${NS.wsse}); put the credentials (UsernameToken, BinarySecurityToken with a Signature, or the rID package) into a wsse:Security header`,
      {},
      'SECURITY_HEADER_MISSING',
    );
  }
  if (headers.length > 1) {
    throw new InvalidSecurity(`the request has ${headers.length} wsse:Security headers; send exactly one (the simulator does not use SOAP actor/role targeting)`, {}, 'SECURITY_HEADER_DUPLICATE');
  }
  const sec = headers[0] as E;
  // One pass over the header's children, sorted by what they are.
  const timestamps: E[] = [];
  const uts: E[] = [];
  const binaries: E[] = [];
  const signatures: E[] = [];
  const assertions: E[] = [];
  for (const c of childElements<AnyElement>(sec) as E[]) {
    const ns = c.namespaceURI;
    const local = c.localName;
    if (ns === NS.wsu && local === 'Timestamp') timestamps.push(c);
    else if (ns === NS.wsse && local === 'UsernameToken') uts.push(c);
    else if (ns === NS.wsse && local === 'BinarySecurityToken') binaries.push(c);
    else if (ns === NS.ds && local === 'Signature') signatures.push(c);
    else if (ns === NS.saml && local === 'Assertion') assertions.push(c);
  }
  if (timestamps.length > 1) throw new InvalidSecurity(`the wsse:Security header holds ${timestamps.length} wsu:Timestamp elements; send one`, {}, 'TIMESTAMP_MALFORMED');
  if (uts.length > 1) throw new InvalidSecurity(`the wsse:Security header holds ${uts.length} UsernameTokens; send one`, {}, 'USERNAME_TOKEN_MALFORMED');
  const binaryTokens = binaries.map((b) => ({
    element: b,
    id: wsuId(b),
    valueType: b.getAttribute('ValueType') ?? '',
    encodingType: b.getAttribute('EncodingType') ?? '',
    value: (b.textContent ?? '').replace(/\s+/g, ''),
  }));
  return {
    element: sec,
    timestamp: timestamps[0] === undefined ? undefined : readTimestamp(timestamps[0]),
    usernameToken: uts[0] === undefined ? undefined : readUsernameToken(uts[0]),
    binaryTokens,
    signatures,
    assertions,
  };
}

/**
 * Check a timestamp against the simulator clock: Created within ±`skewSeconds` of now, and
 * Expires (if given) not passed by more than the skew. Throws MESSAGE_EXPIRED or
 * TIMESTAMP_IN_FUTURE.
 *
 * @example
 * ```ts
 * checkTimestamp(sec.timestamp, deps.clock.nowMs(), deps.config.clockSkewSeconds); // or a Date
 * ```
 */
export function checkTimestamp(ts: TimestampData<AnyElement>, nowAt: Date | number, skewSeconds: number): void {
  // rule: WSS-TIMESTAMP (docs/rules.md)
  const skewMs = skewSeconds * 1000;
  const nowMs = typeof nowAt === 'number' ? nowAt : nowAt.getTime();
  const createdMs = ts.created.getTime();
  if (createdMs > nowMs + skewMs) {
    const at = new Date(nowMs).toISOString();
    const created = ts.created.toISOString();
    throw new InvalidSecurity(
      `wsu:Timestamp Created ${created} is ${Math.round((createdMs - nowMs) / 1000)} s ahead of the simulator clock (${at}); at most ${skewSeconds} s of skew are allowed: synchronise the client clock with GET /_sim/clock`,
      { details: { created, now: at, skewSeconds } },
      'TIMESTAMP_IN_FUTURE',
    );
  }
  if (createdMs < nowMs - skewMs) {
    const at = new Date(nowMs).toISOString();
    const created = ts.created.toISOString();
    throw new MessageExpired(
      `wsu:Timestamp Created ${created} is ${Math.round((nowMs - createdMs) / 1000)} s behind the simulator clock (${at}); at most ${skewSeconds} s of skew are allowed: create a fresh timestamp for each request and synchronise the client clock with GET /_sim/clock`,
      { details: { created, now: at, skewSeconds } },
    );
  }
  if (ts.expires !== undefined && ts.expires.getTime() < nowMs - skewMs) {
    const at = new Date(nowMs).toISOString();
    throw new MessageExpired(`wsu:Timestamp Expires ${ts.expires.toISOString()} has passed (simulator clock ${at}); send a fresh timestamp`, {
      details: { expires: ts.expires.toISOString(), now: at, skewSeconds },
    });
  }
}

/**
 * The UsernameToken profile 1.0 PasswordDigest: Base64(SHA-1(nonce bytes + Created + password)).
 *
 * @example
 * ```ts
 * passwordDigest('LKqI6G/AikKCQrN0zqZFlg==', '2026-03-02T08:00:00Z', 'secret');
 * ```
 */
export function passwordDigest(nonceBase64: string, created: string, password: string): string {
  // One buffer and the one-shot `crypto.hash` (no Hash object and three updates per login): the
  // nonce bytes, then Created and the password each encoded as UTF-8 on its own, as the three
  // updates fed them (joined first, a lone surrogate at the end of one and the start of the other
  // would encode as one character).
  const nonce = Buffer.from(nonceBase64, 'base64');
  const createdBytes = Buffer.byteLength(created, 'utf8');
  const bytes = Buffer.allocUnsafe(nonce.length + createdBytes + Buffer.byteLength(password, 'utf8'));
  nonce.copy(bytes, 0);
  bytes.write(created, nonce.length, 'utf8');
  bytes.write(password, nonce.length + createdBytes, 'utf8');
  return hash('sha1', bytes, 'base64');
}

/** What a verified message signature covers. */
export interface SignatureCoverage {
  body: boolean;
  timestamp: boolean;
  /** IDs of every referenced element. */
  ids: string[];
}

/**
 * The BinarySecurityToken a message signature's KeyInfo points at
 * (`ds:KeyInfo/wsse:SecurityTokenReference/wsse:Reference/@URI = #<wsu:Id>`).
 */
export function signingTokenOf(sec: SecurityHeader, signature: Element): BinaryTokenData {
  const keyInfo = childElement(signature, NS.ds, 'KeyInfo');
  const str = keyInfo === null ? null : childElement(keyInfo, NS.wsse, 'SecurityTokenReference');
  const ref = str === null ? null : childElement(str, NS.wsse, 'Reference');
  const uri = ref?.getAttribute('URI') ?? '';
  const how =
    'the ds:Signature must name its key with ds:KeyInfo/wsse:SecurityTokenReference/wsse:Reference URI="#<wsu:Id of the wsse:BinarySecurityToken>"';
  // rule: WSS-SIGNATURE (docs/rules.md)
  if (!uri.startsWith('#')) throw new InvalidSecurity(`${how}; this one does not`, {}, 'SIGNATURE_KEY_REFERENCE_INVALID');
  const token = sec.binaryTokens.find((t) => t.id === uri.slice(1));
  if (token === undefined) {
    throw new InvalidSecurity(`the signature's key reference \`${uri}\` names no wsse:BinarySecurityToken in the wsse:Security header; ${how}`, {}, 'SIGNATURE_KEY_REFERENCE_INVALID');
  }
  return token;
}

/**
 * Verify the single message signature of the Security header with the given (already trusted or
 * to-be-checked) certificate, and report whether it covers the SOAP Body and the Timestamp.
 * Element IDs must be unique in the whole message; the Body and Timestamp counted are the real
 * ones (the Envelope's Body, the Security header's Timestamp), never a copy elsewhere.
 */
export function verifyMessageSignature(req: SoapRequest, sec: SecurityHeader, certPem: string): SignatureCoverage {
  if (sec.signatures.length !== 1) {
    throw new InvalidSecurity(`the wsse:Security header holds ${sec.signatures.length} ds:Signature elements; send exactly one, covering the soap:Body and the wsu:Timestamp`, {}, 'SIGNATURE_MISSING');
  }
  const { ids, duplicate } = indexIds(req.document);
  if (duplicate !== undefined) {
    throw new InvalidSecurity(`the ID \`${duplicate}\` is carried by more than one element; every wsu:Id / ID in a message must be unique`, { details: { id: duplicate } }, 'DUPLICATE_ID');
  }
  const result = verifySignatureElement(req.text, sec.signatures[0] as Element, certPem);
  if (!result.ok) {
    if (result.problem === 'algorithm' || result.problem === 'structure' || result.problem === 'reference-missing') {
      throw new InvalidSecurity(`the message signature is not acceptable: ${result.message}`, { details: { problem: result.problem } }, 'SIGNATURE_PROFILE_INVALID');
    }
    throw new SignatureInvalid(`the message signature does not verify with the certificate of the BinarySecurityToken: ${result.message}`, { details: { problem: result.problem } });
  }
  const referenced = result.references.map((r) => ids.get(r.id));
  return {
    body: referenced.some((e) => e === req.body),
    timestamp: sec.timestamp !== undefined && referenced.some((e) => e === sec.timestamp?.element),
    ids: result.references.map((r) => r.id),
  };
}
