/**
 * The eID authentication request package: leg 1 of the card login. The HIS (as the sector
 * user) asks the eID request service for one, hands it to the card client, and the card client
 * presents it to the eID server, which only runs a card authentication for a package it signed
 * itself and that is still valid. The public sources do not publish the format, so the
 * simulator defines it (docs/card-login.md, "Leg 1"):
 *
 * ```xml
 * <eid:AuthnRequestPackage xmlns:eid="urn:eeszt-sim:eid:2026" ID="_…" Version="1">
 *   <eid:Issuer>urn:eeszt-sim:eid-request-service</eid:Issuer>
 *   <ds:Signature>…enveloped, exclusive c14n, RSA-SHA256, KeyInfo = eID server certificate…</ds:Signature>
 *   <eid:Nonce>base64url of 32 random bytes: the rID package repeats it as RequestNonce</eid:Nonce>
 *   <eid:Audience>urn:eeszt-sim:sector:eeszt</eid:Audience>
 *   <eid:Purpose>login</eid:Purpose>
 *   <eid:Requester>E01620K</eid:Requester>
 *   <eid:IssueInstant>2026-03-02T08:00:00Z</eid:IssueInstant>
 *   <eid:NotOnOrAfter>2026-03-02T08:05:00Z</eid:NotOnOrAfter>
 * </eid:AuthnRequestPackage>
 * ```
 *
 * On the wire (JSON) the package travels as the base64 of that XML.
 *
 * @example
 * ```ts
 * const pkg = createRequestPackage({ requester: 'E01620K', issueInstant: clock.now() }, pki.eidServer);
 * const read = verifyRequestPackage(pkg.base64, { eidServerCertPem: pki.eidServer.certPem, now: clock.now() });
 * read.nonce === pkg.nonce; // true
 * ```
 */
import { randomBytes } from 'node:crypto';
import { BadRequest, NS_WSSE, SimError } from '../core/errors.js';
import { samlTime } from '../saml/assertion.js';
import { el } from '../saml/canonical-xml.js';
import { ALG, NS } from '../saml/namespaces.js';
import { indexIds, signEnveloped, signerFromPem, verifySignatureElement } from '../saml/xml-signature.js';
import { childElement, childElements, decodeUtf8, parseUntrustedXml, textOf } from '../soap/safe-xml.js';
import { parseXsDateTime } from '../soap/ws-security.js';
import { NS_EID } from './rid-package.js';
import { EESZT_SECTOR } from './sector-key.js';

/** Issuer name of the eID request service. */
export const EID_REQUEST_ISSUER = 'urn:eeszt-sim:eid-request-service';
/** Default validity of a request package: 5 minutes (fixture setting `eidPackageSeconds`). */
export const REQUEST_PACKAGE_VALIDITY_SECONDS = 300;

/** `5 minutes`, `1 minute`, `90 seconds`. */
function validityWords(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s % 60 !== 0) return `${s} seconds`;
  return s === 60 ? '1 minute' : `${s / 60} minutes`;
}

/**
 * What the authentication is for: `login` (card login to the STS) or `activation` (card
 * activation at the Ágazati portál; the card client may then change the activation PIN first).
 */
/** `login` (card login), `activation` (Ágazati portál), `readout` (authentic readout of the chip data). */
export type RequestPurpose = 'login' | 'activation' | 'readout';

/** Every purpose a request package may carry. */
export const PURPOSES: readonly RequestPurpose[] = ['login', 'activation', 'readout'];
const NAMESPACES = { ...NS, eid: NS_EID };

/** What goes into a request package. */
export interface RequestPackageInput {
  /** Who asked: the institution id of the sector user (HIS), or `portal` for the Ágazati portál. */
  requester: string;
  issueInstant: Date;
  /** Who the resulting rID package is for; default {@link EESZT_SECTOR} (the STS). */
  audience?: string;
  /** Default `login`. */
  purpose?: RequestPurpose;
  /** Default {@link REQUEST_PACKAGE_VALIDITY_SECONDS}. */
  validitySeconds?: number;
  /** Default: 32 random bytes, base64url. */
  nonce?: string;
  /** Package ID (an NCName); default `_` + 32 random hex digits. */
  id?: string;
}

/** A freshly built request package. */
export interface CreatedRequestPackage {
  id: string;
  nonce: string;
  audience: string;
  purpose: RequestPurpose;
  requester: string;
  issueInstant: Date;
  notOnOrAfter: Date;
  /** The signed XML. */
  xml: string;
  /** Base64 of {@link xml}: what the HIS hands to the card client. */
  base64: string;
}

/** The key that signs: the eID server credential (`pki.eidServer`). */
export interface RequestPackageSigner {
  keyPem: string;
  certPem: string;
}

/**
 * Build and sign a request package (enveloped XML-DSig by the eID server key).
 *
 * @example
 * ```ts
 * createRequestPackage({ requester: 'E01620K', issueInstant: clock.now() }, pki.eidServer).base64;
 * ```
 */
export function createRequestPackage(input: RequestPackageInput, signer: RequestPackageSigner): CreatedRequestPackage {
  const id = input.id ?? `_${randomBytes(16).toString('hex')}`;
  const nonce = input.nonce ?? randomBytes(32).toString('base64url');
  const audience = input.audience ?? EESZT_SECTOR;
  const purpose = input.purpose ?? 'login';
  const notOnOrAfter = new Date(input.issueInstant.getTime() + (input.validitySeconds ?? REQUEST_PACKAGE_VALIDITY_SECONDS) * 1000);
  const element = el(
    'eid:AuthnRequestPackage',
    { ID: id, Version: '1' },
    el('eid:Issuer', {}, EID_REQUEST_ISSUER),
    el('eid:Nonce', {}, nonce),
    el('eid:Audience', {}, audience),
    el('eid:Purpose', {}, purpose),
    el('eid:Requester', {}, input.requester),
    el('eid:IssueInstant', {}, samlTime(input.issueInstant)),
    el('eid:NotOnOrAfter', {}, samlTime(notOnOrAfter)),
  );
  const xml = signEnveloped(element, 'ID', 1, signerFromPem(signer.keyPem, signer.certPem), NAMESPACES);
  return {
    id,
    nonce,
    audience,
    purpose,
    requester: input.requester,
    issueInstant: new Date(Math.floor(input.issueInstant.getTime() / 1000) * 1000),
    notOnOrAfter: new Date(Math.floor(notOnOrAfter.getTime() / 1000) * 1000),
    xml,
    base64: Buffer.from(xml, 'utf8').toString('base64'),
  };
}

/** A verified request package, read from the signed bytes only. */
export interface VerifiedRequestPackage {
  id: string;
  nonce: string;
  audience: string;
  purpose: RequestPurpose;
  requester: string;
  issueInstant: Date;
  notOnOrAfter: Date;
}

/** Options of {@link verifyRequestPackage}. */
export interface VerifyRequestPackageOptions {
  /** The eID server certificate (`pki.eidServer.certPem`). */
  eidServerCertPem: string;
  /** The simulator clock's now. */
  now: Date;
  /** Allowed clock skew for IssueInstant in the future, seconds (default 300). */
  skewSeconds?: number;
}

function invalid(message: string, details?: Record<string, unknown>): BadRequest {
  // rule: EID-REQUEST-PACKAGE (docs/rules.md)
  return new BadRequest(
    `the eID authentication request package is not valid: ${message}; pass on the package exactly as POST /eid/request-package returned it`,
    details === undefined ? {} : { details },
    'REQUEST_PACKAGE_INVALID',
  );
}

/**
 * The package XML from what a client sent: the XML itself, or its base64 (the normal form).
 * Throws `REQUEST_PACKAGE_INVALID` when it is neither.
 */
export function requestPackageXml(sent: unknown): string {
  if (typeof sent !== 'string' || sent.trim() === '') {
    throw new BadRequest('`requestPackage` is missing; send the base64 string POST /eid/request-package returned as `requestPackage`', {}, 'REQUEST_PACKAGE_MISSING');
  }
  const text = sent.trim();
  if (text.startsWith('<')) return text;
  if (!/^[A-Za-z0-9+/\s]+=*$/.test(text)) throw invalid('it is neither XML nor base64');
  let xml: string;
  try {
    xml = decodeUtf8(Buffer.from(text, 'base64'), 'the decoded package');
  } catch {
    throw invalid('its base64 does not decode to UTF-8 text');
  }
  if (!xml.trimStart().startsWith('<')) throw invalid('its base64 does not decode to XML');
  return xml;
}

function one(parent: Element, local: string): string {
  const found = childElements(parent).filter((e) => e.namespaceURI === NS_EID && e.localName === local);
  if (found.length !== 1) throw invalid(`it has ${found.length} eid:${local} elements, expected one`);
  return textOf(found[0]);
}

/**
 * Verify a request package (XML or base64): safe XML, exactly one enveloped signature by the
 * eID server key over the package element, then the time window at `now`. Throws
 * `REQUEST_PACKAGE_MISSING`, `REQUEST_PACKAGE_INVALID` (400) or `REQUEST_PACKAGE_EXPIRED`
 * (400, wsse:MessageExpired). Single use is the eID server's job.
 *
 * @example
 * ```ts
 * const req = verifyRequestPackage(body.requestPackage, { eidServerCertPem: pki.eidServer.certPem, now: clock.now() });
 * ```
 */
export function verifyRequestPackage(sent: unknown, options: VerifyRequestPackageOptions): VerifiedRequestPackage {
  const xml = requestPackageXml(sent);
  let doc: Document;
  try {
    doc = parseUntrustedXml(xml);
  } catch (err) {
    throw invalid(err instanceof Error ? err.message : String(err));
  }
  const root = doc.documentElement as Element;
  if (root.namespaceURI !== NS_EID || root.localName !== 'AuthnRequestPackage') {
    throw invalid(`its root element is {${root.namespaceURI ?? ''}}${root.localName}, not {${NS_EID}}AuthnRequestPackage`);
  }
  const id = root.getAttribute('ID') ?? '';
  if (id === '') throw invalid('the eid:AuthnRequestPackage has no ID attribute');
  const { duplicate } = indexIds(doc);
  if (duplicate !== undefined) throw invalid(`the ID \`${duplicate}\` occurs twice`);
  const signatures = doc.getElementsByTagNameNS(NS.ds, 'Signature');
  const sig = childElement(root, NS.ds, 'Signature');
  if (signatures.length !== 1 || sig === null) throw invalid(`it must carry exactly one ds:Signature as a child of the package; it has ${signatures.length}`);
  const result = verifySignatureElement(xml, sig, options.eidServerCertPem);
  if (!result.ok) throw invalid(`its signature does not verify with the eID server certificate: ${result.message}`, { problem: result.problem });
  const ref = result.references[0];
  if (result.references.length !== 1 || ref === undefined || ref.id !== id || !ref.transforms.includes(ALG.envelopedSignature)) {
    throw invalid('its signature must have exactly one enveloped Reference to the package element itself');
  }
  const signed = parseUntrustedXml(ref.canonical).documentElement as Element;
  if (signed.namespaceURI !== NS_EID || signed.localName !== 'AuthnRequestPackage' || signed.getAttribute('ID') !== id) {
    throw invalid('its signature does not cover the package element');
  }
  const issueInstant = parseXsDateTime(one(signed, 'IssueInstant'));
  const notOnOrAfter = parseXsDateTime(one(signed, 'NotOnOrAfter'));
  if (issueInstant === undefined || notOnOrAfter === undefined) throw invalid('IssueInstant and NotOnOrAfter must be xs:dateTime values with a time zone');
  const purpose = one(signed, 'Purpose');
  if (!PURPOSES.includes(purpose as RequestPurpose)) throw invalid(`eid:Purpose \`${purpose}\` is not one of ${PURPOSES.join(', ')}`);
  const nonce = one(signed, 'Nonce');
  if (nonce === '') throw invalid('eid:Nonce is empty');
  const pkg: VerifiedRequestPackage = {
    id,
    nonce,
    audience: one(signed, 'Audience'),
    purpose: purpose as RequestPurpose,
    requester: one(signed, 'Requester'),
    issueInstant,
    notOnOrAfter,
  };
  const now = options.now;
  if (now.getTime() >= notOnOrAfter.getTime()) {
    throw new SimError(
      'REQUEST_PACKAGE_EXPIRED',
      `the eID authentication request package expired at ${notOnOrAfter.toISOString()} (simulator clock ${now.toISOString()}); request packages are valid for ${validityWords(notOnOrAfter.getTime() - issueInstant.getTime())}: get a new one from POST /eid/request-package and start the card authentication again`,
      { status: 400, subcode: { prefix: 'wsse', ns: NS_WSSE, local: 'MessageExpired' }, details: { notOnOrAfter: notOnOrAfter.toISOString(), now: now.toISOString() } },
    );
  }
  if (issueInstant.getTime() > now.getTime() + (options.skewSeconds ?? 300) * 1000) {
    throw invalid(`it was issued at ${issueInstant.toISOString()}, after the simulator clock (${now.toISOString()}); check the clocks`);
  }
  return pkg;
}
