/**
 * The eID packages of a journaled exchange, decoded for the traffic inspector the way
 * `assertion-view.ts` decodes a SAML token: the eID authentication **request package** (leg 1,
 * `POST /eid/request-package`, handed to the card client), the **rID package** (leg 2, the eID
 * server's answer, sent to the STS in leg 3) and the **readout package** of an authentic readout.
 * Each travels as the base64 of its signed XML (in JSON, or in a WS-Security
 * BinarySecurityToken); this finds such base64 in a body, reads the package's fields for
 * display, and asks the package's own verifier (`simulator/eid/request-package.ts`,
 * `simulator/eid/rid-package.ts`, the ones the eID server, the STS and miniHIS use) what it says
 * at the simulator clock now. There is no second verifier here.
 *
 * @example
 * ```ts
 * const views = eidPackageViewsOfEntry(deps, entry); // [{ part: 'response', kind: 'request-package', fields: { purpose: 'login', ... }, signature: 'valid', verdict: { ok: true } }]
 * ```
 */
import type { SimDeps } from '../../core/deps.js';
import { SimError } from '../../core/errors.js';
import type { JournalEntry } from '../../core/journal.js';
import { requestRecord } from '../../eid/eid-state.js';
import { verifyRequestPackage } from '../../eid/request-package.js';
import { NS_EID, verifyRidPackage } from '../../eid/rid-package.js';
import { NS } from '../../saml/namespaces.js';
import { childElement, childElements, parseUntrustedXml, textOf } from '../../soap/safe-xml.js';
import type { SignatureStatus } from './assertion-view.js';

/** Which package. */
export type EidPackageKind = 'request-package' | 'rid-package' | 'readout-package';

/** The inspector's view of one eID package. */
export interface EidPackageView {
  /** Where it was found. */
  part: 'request' | 'response';
  kind: EidPackageKind;
  /** The package's fields as the XML carries them (for display only; the verdict says whether they are signed and valid). */
  fields: {
    id: string;
    issuer: string;
    audience: string;
    issueInstant: string;
    notOnOrAfter: string;
    /** Request package: `login`, `activation` or `readout`. */
    purpose?: string;
    /** Request package: the sector user (institution id) or `portal`. */
    requester?: string;
    /** Request package: its nonce; rID and readout packages: the nonce of the request they answer. */
    nonce?: string;
    requestNonce?: string;
    /** rID and readout packages: the restricted identifier (base64). */
    rid?: string;
    /** Readout package: the certified chip data. */
    readout?: Record<string, string>;
  };
  signature: SignatureStatus;
  /** The package's verifier at the simulator clock `checkedAt`. */
  verdict: { ok: true } | { ok: false; code: string; message: string };
  checkedAt: string;
  /** Request package: whether it was used (an rID package issued for it; a package yields one), from the eID state. */
  use?: { status: 'issued' | 'used' | 'unknown'; ridPackageId?: string };
}

const ROOTS: Record<string, EidPackageKind> = { AuthnRequestPackage: 'request-package', RidPackage: 'rid-package', ReadoutPackage: 'readout-package' };

/** Most packages looked for in one body (a body is at most the journal's body cap). */
const MAX_CANDIDATES = 8;

/** Codes the verifiers raise only after the signature verified (time window, audience). */
const AFTER_SIGNATURE = new Set(['RID_PACKAGE_EXPIRED', 'RID_PACKAGE_NOT_YET_VALID', 'RID_PACKAGE_AUDIENCE_MISMATCH', 'REQUEST_PACKAGE_EXPIRED']);

/** Signature status from a verifier's refusal (see {@link AFTER_SIGNATURE}). */
function signatureStatusOf(err: SimError, hasSignature: boolean): SignatureStatus {
  if (!hasSignature) return 'missing';
  if (AFTER_SIGNATURE.has(err.code)) return 'valid';
  if (err.code === 'RID_PACKAGE_SIGNATURE_INVALID') return 'invalid';
  if (err.code === 'REQUEST_PACKAGE_INVALID') {
    // The request package's verifier checks its time window after the signature, under the same code.
    if (/after the simulator clock/.test(err.message)) return 'valid';
    if (/signature/.test(err.message)) return 'invalid';
  }
  return 'unchecked';
}

function eidText(parent: Element, local: string): string | undefined {
  const found = childElement(parent, NS_EID, local);
  return found === null ? undefined : textOf(found);
}

/** The XML texts of the eID packages a body carries as base64 (or as XML). */
export function eidPackageXmlIn(body: string): string[] {
  // Base64 in JSON strings and unwrapped tokens; a BinarySecurityToken may wrap its base64 in lines.
  const candidates = [...body.matchAll(/[A-Za-z0-9+/]{200,}={0,2}/g)].map((m) => m[0]);
  for (const m of body.matchAll(/BinarySecurityToken\b[^>]*>([A-Za-z0-9+/=\s]{200,}?)</g)) if (/\s/.test(m[1] ?? '')) candidates.push((m[1] ?? '').replace(/\s+/g, ''));
  const found: string[] = [];
  for (const candidate of candidates.slice(0, MAX_CANDIDATES)) {
    const xml = Buffer.from(candidate, 'base64').toString('utf8');
    if (xml.trimStart().startsWith('<') && xml.includes(NS_EID) && /(AuthnRequest|Rid|Readout)Package/.test(xml)) found.push(xml);
  }
  return found;
}

/** Decode and verify one package XML; undefined when it is not an eID package. */
export function eidPackageView(deps: Pick<SimDeps, 'config' | 'clock' | 'pki' | 'store'>, xml: string, part: 'request' | 'response'): EidPackageView | undefined {
  let root: Element;
  try {
    root = parseUntrustedXml(xml).documentElement as Element;
  } catch {
    return undefined;
  }
  const kind = root.namespaceURI === NS_EID ? ROOTS[root.localName] : undefined;
  if (kind === undefined) return undefined;
  const text = (local: string): string => eidText(root, local) ?? '';
  const fields: EidPackageView['fields'] = { id: root.getAttribute('ID') ?? '', issuer: text('Issuer'), audience: text('Audience'), issueInstant: text('IssueInstant'), notOnOrAfter: text('NotOnOrAfter') };
  if (kind === 'request-package') Object.assign(fields, { purpose: text('Purpose'), requester: text('Requester'), nonce: text('Nonce') });
  else Object.assign(fields, { rid: text('RID'), requestNonce: text('RequestNonce') });
  const readout = childElement(root, NS_EID, 'Readout');
  if (kind === 'readout-package' && readout !== null) fields.readout = Object.fromEntries(childElements(readout).map((e) => [e.localName, textOf(e)]));
  const now = deps.clock.now();
  const checkedAt = now.toISOString();
  const hasSignature = childElement(root, NS.ds, 'Signature') !== null;
  const options = { eidServerCertPem: deps.pki.eidServer.certPem, now, skewSeconds: deps.config.clockSkewSeconds };
  let verdict: EidPackageView['verdict'] = { ok: true };
  let signature: SignatureStatus = 'valid';
  try {
    if (kind === 'request-package') verifyRequestPackage(xml, options);
    else verifyRidPackage(xml, { ...options, kind: kind === 'readout-package' ? 'readout' : 'rid' });
  } catch (err) {
    if (!(err instanceof SimError)) throw err;
    verdict = { ok: false, code: err.code, message: err.message };
    signature = signatureStatusOf(err, hasSignature);
  }
  const view: EidPackageView = { part, kind, fields, signature, verdict, checkedAt };
  if (kind === 'request-package') {
    const record = signature === 'valid' ? requestRecord(deps.store, fields.id) : undefined;
    view.use = record === undefined ? { status: 'unknown' } : { status: record.status, ...(record.ridPackageId === undefined ? {} : { ridPackageId: record.ridPackageId }) };
  }
  return view;
}

/** Every eID package of a journal entry: the request's first, then the response's. */
export function eidPackageViewsOfEntry(deps: Pick<SimDeps, 'config' | 'clock' | 'pki' | 'store'>, entry: JournalEntry): EidPackageView[] {
  const views: EidPackageView[] = [];
  for (const [part, body] of [['request', entry.request.body], ['response', entry.response.body]] as const) {
    for (const xml of eidPackageXmlIn(body)) {
      const view = eidPackageView(deps, xml, part);
      if (view !== undefined) views.push(view);
    }
  }
  return views;
}
