/**
 * The rID package: what the eID server returns after a successful card authentication (leg 2 of
 * the card login) and the HIS hands to the STS (leg 3). The public sources do not publish its
 * format, so the simulator defines it (docs/protocol.md, "The rID package"):
 *
 * ```xml
 * <eid:RidPackage xmlns:eid="urn:eeszt-sim:eid:2026" ID="_…" Version="1">
 *   <eid:Issuer>urn:eeszt-sim:eid-server</eid:Issuer>
 *   <ds:Signature>…enveloped, exclusive c14n, RSA-SHA256, KeyInfo = eID server certificate…</ds:Signature>
 *   <eid:RID>base64 of the 32-byte restricted identifier for the EESZT sector</eid:RID>
 *   <eid:RequestNonce>nonce of the eID authentication request package (leg 1)</eid:RequestNonce>
 *   <eid:Audience>urn:eeszt-sim:sector:eeszt</eid:Audience>
 *   <eid:IssueInstant>2026-03-02T08:00:00Z</eid:IssueInstant>
 *   <eid:NotOnOrAfter>2026-03-02T08:05:00Z</eid:NotOnOrAfter>
 * </eid:RidPackage>
 * ```
 *
 * The card's document id is deliberately absent: the RID is the identity (privacy by design).
 *
 * The **readout package** of an authentic readout („hiteles adatkiolvasás”, seed 003: „TAJ és
 * adóazonosító”) is the same signed structure with the root `eid:ReadoutPackage` and, after
 * `eid:RID`, `eid:Readout { eid:TAJ?, eid:TaxId?, eid:ElectronicId }`: the chip data the eID server
 * checked against the card's own signature. The STS accepts only `eid:RidPackage`.
 *
 * @example
 * ```ts
 * const xml = createRidPackage({ rid, requestNonce, issueInstant: clock.now() }, pki.eidServer);
 * const pkg = verifyRidPackage(xml, { eidServerCertPem: pki.eidServer.certPem, now: clock.now() });
 * pkg.rid; // base64
 * ```
 */
import { randomBytes } from 'node:crypto';
import { InvalidSecurityToken, NS_WST } from '../core/errors.js';
import { samlTime } from '../saml/assertion.js';
import { el } from '../saml/canonical-xml.js';
import { ALG, NS } from '../saml/namespaces.js';
import { indexIds, signEnveloped, signerFromPem, verifySignatureElement } from '../saml/xml-signature.js';
import { parseUntrustedXml, childElements, childElement, textOf } from '../soap/safe-xml.js';
import { parseXsDateTime } from '../soap/ws-security.js';
import { EESZT_SECTOR } from './sector-key.js';

/** Namespace of the rID package. */
export const NS_EID = 'urn:eeszt-sim:eid:2026';
/** Issuer name the simulated eID server writes. */
export const EID_SERVER_ISSUER = 'urn:eeszt-sim:eid-server';
/** Default validity of a package: 5 minutes. */
export const RID_PACKAGE_VALIDITY_SECONDS = 300;

const NAMESPACES = { ...NS, eid: NS_EID };

/** What goes into a package. */
export interface RidPackageInput {
  /** The RID: 32 bytes, or their base64. */
  rid: Uint8Array | string;
  /** Nonce of the eID authentication request package the card client ran. */
  requestNonce: string;
  /** Default {@link EESZT_SECTOR}. */
  audience?: string;
  issueInstant: Date;
  /** Default {@link RID_PACKAGE_VALIDITY_SECONDS}. */
  validitySeconds?: number;
  /** Package ID (an NCName); default `_` + 32 random hex digits. */
  id?: string;
  /** Default {@link EID_SERVER_ISSUER}. */
  issuer?: string;
  /** The chip data of an authentic readout: makes the package an `eid:ReadoutPackage`. */
  readout?: ReadoutData;
}

/** The chip data an authentic readout certifies (EF.PersonalData, checked by the eID server). */
export interface ReadoutData {
  taj?: string;
  taxId?: string;
  electronicId: string;
}

/** The key that signs: the eID server credential (`pki.eidServer`). */
export interface RidPackageSigner {
  keyPem: string;
  certPem: string;
}

/**
 * Build and sign an rID package (enveloped XML-DSig by the eID server key, exclusive c14n,
 * RSA-SHA256, KeyInfo with the eID server certificate).
 *
 * @example
 * ```ts
 * createRidPackage({ rid: ridBytes, requestNonce: 'n-1', issueInstant: clock.now() }, pki.eidServer);
 * ```
 */
export function createRidPackage(input: RidPackageInput, signer: RidPackageSigner): string {
  const rid = typeof input.rid === 'string' ? input.rid : Buffer.from(input.rid).toString('base64');
  const notOnOrAfter = new Date(input.issueInstant.getTime() + (input.validitySeconds ?? RID_PACKAGE_VALIDITY_SECONDS) * 1000);
  const readout = input.readout;
  const pkg = el(
    readout === undefined ? 'eid:RidPackage' : 'eid:ReadoutPackage',
    { ID: input.id ?? `_${randomBytes(16).toString('hex')}`, Version: '1' },
    el('eid:Issuer', {}, input.issuer ?? EID_SERVER_ISSUER),
    el('eid:RID', {}, rid),
    ...(readout === undefined
      ? []
      : [
          el(
            'eid:Readout',
            {},
            ...(readout.taj === undefined ? [] : [el('eid:TAJ', {}, readout.taj)]),
            ...(readout.taxId === undefined ? [] : [el('eid:TaxId', {}, readout.taxId)]),
            el('eid:ElectronicId', {}, readout.electronicId),
          ),
        ]),
    el('eid:RequestNonce', {}, input.requestNonce),
    el('eid:Audience', {}, input.audience ?? EESZT_SECTOR),
    el('eid:IssueInstant', {}, samlTime(input.issueInstant)),
    el('eid:NotOnOrAfter', {}, samlTime(notOnOrAfter)),
  );
  return signEnveloped(pkg, 'ID', 1, signerFromPem(signer.keyPem, signer.certPem), NAMESPACES);
}

/** A verified package: everything read from the signed bytes only. */
export interface VerifiedRidPackage {
  id: string;
  issuer: string;
  /** Base64 of the RID. */
  rid: string;
  requestNonce: string;
  audience: string;
  issueInstant: Date;
  notOnOrAfter: Date;
  /** The certified chip data (readout packages only). */
  readout?: ReadoutData;
}

/** Options of {@link verifyRidPackage}. */
export interface VerifyRidPackageOptions {
  /** The eID server certificate the package must be signed with (`pki.eidServer.certPem`). */
  eidServerCertPem: string;
  /** The simulator clock's now. */
  now: Date;
  /** Expected audience; default {@link EESZT_SECTOR}. */
  audience?: string;
  /** Allowed clock skew for IssueInstant in the future, seconds (default 300). */
  skewSeconds?: number;
  /** Which package: `rid` (default, the login's rID package) or `readout` (an authentic readout). */
  kind?: 'rid' | 'readout';
}

const expiredData = { prefix: 'wst', ns: NS_WST, local: 'ExpiredData' };

function malformed(message: string): InvalidSecurityToken {
  // rule: STS-RID-PACKAGE (docs/rules.md)
  return new InvalidSecurityToken(`the rID package is malformed: ${message}; send the package exactly as the eID server returned it`, {}, 'RID_PACKAGE_MALFORMED');
}

function one(parent: Element, local: string): string {
  const found = childElements(parent).filter((e) => e.namespaceURI === NS_EID && e.localName === local);
  if (found.length !== 1) throw malformed(`it has ${found.length} eid:${local} elements, expected one`);
  return textOf(found[0]);
}

/**
 * Verify an rID package: well-formed and safe XML, exactly one enveloped signature by the eID
 * server key over the package element (found by its unique ID), then the time window at `now`
 * and the audience. Single use is the caller's job (it needs state). Throws
 * {@link InvalidSecurityToken} with codes `RID_PACKAGE_MALFORMED`, `RID_PACKAGE_SIGNATURE_INVALID`,
 * `RID_PACKAGE_EXPIRED`, `RID_PACKAGE_NOT_YET_VALID`, `RID_PACKAGE_AUDIENCE_MISMATCH`.
 *
 * @example
 * ```ts
 * const pkg = verifyRidPackage(xml, { eidServerCertPem: pki.eidServer.certPem, now: clock.now() });
 * ```
 */
export function verifyRidPackage(xml: string, options: VerifyRidPackageOptions): VerifiedRidPackage {
  const doc = parseUntrustedXml(xml);
  const root = doc.documentElement as Element;
  const rootName = options.kind === 'readout' ? 'ReadoutPackage' : 'RidPackage';
  if (root.namespaceURI !== NS_EID || root.localName !== rootName) {
    const hint = root.localName === 'ReadoutPackage' ? ' (a readout package certifies chip data; it is no login: run a card login for the STS)' : '';
    throw malformed(`its root element is {${root.namespaceURI ?? ''}}${root.localName}, not {${NS_EID}}${rootName}${hint}`);
  }
  const id = root.getAttribute('ID') ?? '';
  if (id === '') throw malformed('the eid:RidPackage has no ID attribute');
  const { duplicate } = indexIds(doc);
  if (duplicate !== undefined) throw malformed(`the ID \`${duplicate}\` occurs twice`);
  const signatures = doc.getElementsByTagNameNS(NS.ds, 'Signature');
  const sig = childElement(root, NS.ds, 'Signature');
  if (signatures.length !== 1 || sig === null) {
    throw new InvalidSecurityToken(
      `the rID package must carry exactly one ds:Signature, as a child of eid:RidPackage; it has ${signatures.length}${signatures.length === 1 ? ' elsewhere' : ''}`,
      {},
      'RID_PACKAGE_SIGNATURE_INVALID',
    );
  }
  const result = verifySignatureElement(xml, sig, options.eidServerCertPem);
  if (!result.ok) {
    throw new InvalidSecurityToken(
      `the rID package signature does not verify with the eID server certificate (see /.well-known/eeszt-sim certificates.eidServer): ${result.message}`,
      { details: { problem: result.problem } },
      'RID_PACKAGE_SIGNATURE_INVALID',
    );
  }
  const ref = result.references[0];
  if (result.references.length !== 1 || ref === undefined || ref.id !== id || !ref.transforms.includes(ALG.envelopedSignature)) {
    throw new InvalidSecurityToken('the rID package signature must have exactly one enveloped Reference to the eid:RidPackage element itself', {}, 'RID_PACKAGE_SIGNATURE_INVALID');
  }
  // Read only the signed bytes.
  const signed = parseUntrustedXml(ref.canonical).documentElement as Element;
  if (signed.namespaceURI !== NS_EID || signed.localName !== rootName || signed.getAttribute('ID') !== id) {
    throw new InvalidSecurityToken('the rID package signature does not cover the eid:RidPackage element', {}, 'RID_PACKAGE_SIGNATURE_INVALID');
  }
  const issueText = one(signed, 'IssueInstant');
  const endText = one(signed, 'NotOnOrAfter');
  const issueInstant = parseXsDateTime(issueText);
  const notOnOrAfter = parseXsDateTime(endText);
  if (issueInstant === undefined || notOnOrAfter === undefined) throw malformed('IssueInstant and NotOnOrAfter must be xs:dateTime values with a time zone');
  const rid = one(signed, 'RID');
  if (!/^[A-Za-z0-9+/]{43}=$/.test(rid)) throw malformed('eid:RID must be the base64 of 32 bytes');
  const pkg: VerifiedRidPackage = {
    id,
    issuer: one(signed, 'Issuer'),
    rid,
    requestNonce: one(signed, 'RequestNonce'),
    audience: one(signed, 'Audience'),
    issueInstant,
    notOnOrAfter,
  };
  if (pkg.requestNonce === '') throw malformed('eid:RequestNonce is empty');
  if (options.kind === 'readout') {
    const block = childElement(signed, NS_EID, 'Readout');
    if (block === null) throw malformed('the eid:ReadoutPackage has no eid:Readout');
    const optional = (local: string): string | undefined => (childElement(block, NS_EID, local) === null ? undefined : one(block, local));
    const taj = optional('TAJ');
    const taxId = optional('TaxId');
    pkg.readout = { ...(taj === undefined ? {} : { taj }), ...(taxId === undefined ? {} : { taxId }), electronicId: one(block, 'ElectronicId') };
  }
  const now = options.now;
  const skewMs = (options.skewSeconds ?? 300) * 1000;
  if (now.getTime() >= notOnOrAfter.getTime()) {
    throw new InvalidSecurityToken(
      `the rID package expired at ${notOnOrAfter.toISOString()} (simulator clock ${now.toISOString()}); rID packages are valid for a few minutes: run the card authentication again and send the new package at once`,
      { subcode: expiredData, details: { notOnOrAfter: notOnOrAfter.toISOString(), now: now.toISOString() } },
      'RID_PACKAGE_EXPIRED',
    );
  }
  if (issueInstant.getTime() > now.getTime() + skewMs) {
    throw new InvalidSecurityToken(
      `the rID package was issued at ${issueInstant.toISOString()}, after the simulator clock (${now.toISOString()}) plus the allowed skew; check the clocks`,
      { details: { issueInstant: issueInstant.toISOString(), now: now.toISOString() } },
      'RID_PACKAGE_NOT_YET_VALID',
    );
  }
  const audience = options.audience ?? EESZT_SECTOR;
  if (pkg.audience !== audience) {
    throw new InvalidSecurityToken(
      `the rID package is for \`${pkg.audience}\`, not for the EESZT sector \`${audience}\`; use an eID authentication request built for EESZT`,
      { details: { audience: pkg.audience, expected: audience } },
      'RID_PACKAGE_AUDIENCE_MISMATCH',
    );
  }
  return pkg;
}
