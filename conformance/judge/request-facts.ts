/**
 * What a journaled SOAP request says, as far as the checks care: addressing headers, the
 * UsernameToken, the Timestamp, the WS-Trust claims, binary security tokens and the SAML
 * assertion (as the exact substring the HIS sent). Parsed once per journal entry.
 *
 * @example
 * ```ts
 * const f = requestFacts(entry);
 * f.username; // 'O50123'
 * f.institutionId; // 'E01620K'
 * ```
 */
import { DOMParser } from '@xmldom/xmldom';
import type { JournalEntry } from '../../simulator/core/journal.js';

const NS = {
  s12: 'http://www.w3.org/2003/05/soap-envelope',
  s11: 'http://schemas.xmlsoap.org/soap/envelope/',
  wsa: 'http://www.w3.org/2005/08/addressing',
  wsse: 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd',
  wsu: 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd',
  wst: 'http://docs.oasis-open.org/ws-sx/ws-trust/200512',
  sim: 'urn:eeszt-sim:2026',
  ds: 'http://www.w3.org/2000/09/xmldsig#',
  saml: 'urn:oasis:names:tc:SAML:2.0:assertion',
} as const;

/** ValueType of the rID package token. */
export const RID_PACKAGE_VALUE_TYPE = 'urn:eeszt-sim:eid:2026#RidPackage';

/** A SAML assertion as sent. */
export interface SentAssertion {
  /** The exact substring of the request. */
  text: string;
  id: string | undefined;
  /** Whether it carries a ds:Signature. */
  signed: boolean;
}

/** The facts of one SOAP request. */
export interface RequestFacts {
  /** Whether the body parsed as a SOAP envelope. */
  soap: boolean;
  soapVersion?: '1.1' | '1.2';
  action?: string;
  messageId?: string;
  username?: string;
  /** Whether the UsernameToken carries a password. */
  hasPassword: boolean;
  nonce?: string;
  usernameCreated?: string;
  timestamp?: { created?: string; expires?: string };
  institutionId?: string;
  unitCode?: string;
  requestType?: 'Issue' | 'Validate' | 'other';
  binaryTokens: Array<{ valueType: string; value: string }>;
  assertion?: SentAssertion;
  /** Local name of the Body's element. */
  bodyElement?: string;
}

const cache = new WeakMap<object, RequestFacts>();

function text(el: Element | null | undefined): string | undefined {
  if (el === null || el === undefined) return undefined;
  return (el.textContent ?? '').trim();
}

function first(doc: Document | Element, ns: string, local: string): Element | undefined {
  return doc.getElementsByTagNameNS(ns, local).item(0) ?? undefined;
}

/** The first `saml:Assertion` of a text, exactly as written (any prefix). */
export function assertionSubstring(body: string): SentAssertion | undefined {
  const open = /<(?:([\w.-]+):)?Assertion[\s>]/.exec(body);
  if (open === null) return undefined;
  const prefix = open[1] === undefined ? '' : `${open[1]}:`;
  const endTag = `</${prefix}Assertion>`;
  const end = body.indexOf(endTag, open.index);
  if (end < 0) return undefined;
  const t = body.slice(open.index, end + endTag.length);
  const quoted = /^<[^>]*\sID\s*=\s*(?:"([^"]+)"|'([^']+)')/.exec(t);
  const id = quoted?.[1] ?? quoted?.[2];
  return { text: t, id, signed: /<(?:[\w.-]+:)?Signature[\s>]/.test(t) };
}

function parse(body: string): Document | undefined {
  let broken = false;
  try {
    const doc = new DOMParser({ onError: (level: string) => { if (level !== 'warning') broken = true; } }).parseFromString(body, 'text/xml') as unknown as Document;
    if (broken || doc.documentElement === null || doc.documentElement.localName !== 'Envelope') return undefined;
    return doc;
  } catch {
    return undefined;
  }
}

/** The facts of a journaled request (cached per entry). */
export function requestFacts(entry: JournalEntry): RequestFacts {
  const hit = cache.get(entry);
  if (hit !== undefined) return hit;
  const facts = computeFacts(entry.request.body);
  cache.set(entry, facts);
  return facts;
}

/** The facts of a request body. */
export function computeFacts(body: string): RequestFacts {
  const facts: RequestFacts = { soap: false, hasPassword: false, binaryTokens: [] };
  const doc = parse(body);
  if (doc === undefined) return facts;
  facts.soap = true;
  const envNs = doc.documentElement.namespaceURI;
  facts.soapVersion = envNs === NS.s11 ? '1.1' : '1.2';
  const action = text(first(doc, NS.wsa, 'Action'));
  if (action !== undefined) facts.action = action;
  const messageId = text(first(doc, NS.wsa, 'MessageID'));
  if (messageId !== undefined) facts.messageId = messageId;
  const ut = first(doc, NS.wsse, 'UsernameToken');
  if (ut !== undefined) {
    const username = text(first(ut, NS.wsse, 'Username'));
    if (username !== undefined) facts.username = username;
    facts.hasPassword = first(ut, NS.wsse, 'Password') !== undefined;
    const nonce = text(first(ut, NS.wsse, 'Nonce'));
    if (nonce !== undefined) facts.nonce = nonce;
    const created = text(first(ut, NS.wsu, 'Created'));
    if (created !== undefined) facts.usernameCreated = created;
  }
  const security = first(doc, NS.wsse, 'Security');
  const ts = security === undefined ? undefined : Array.from({ length: security.childNodes.length }, (_, i) => security.childNodes.item(i)).find((n) => n?.nodeType === 1 && (n as Element).localName === 'Timestamp' && (n as Element).namespaceURI === NS.wsu) as Element | undefined;
  if (ts !== undefined) {
    const created = text(first(ts, NS.wsu, 'Created'));
    const expires = text(first(ts, NS.wsu, 'Expires'));
    facts.timestamp = { ...(created === undefined ? {} : { created }), ...(expires === undefined ? {} : { expires }) };
  }
  const inst = text(first(doc, NS.sim, 'InstitutionId'));
  if (inst !== undefined) facts.institutionId = inst;
  const unit = text(first(doc, NS.sim, 'UnitCode'));
  if (unit !== undefined) facts.unitCode = unit;
  const rt = text(first(doc, NS.wst, 'RequestType'));
  if (rt !== undefined) facts.requestType = rt.endsWith('/Issue') ? 'Issue' : rt.endsWith('/Validate') ? 'Validate' : 'other';
  const bsts = doc.getElementsByTagNameNS(NS.wsse, 'BinarySecurityToken');
  for (let i = 0; i < bsts.length; i++) {
    const b = bsts.item(i) as Element;
    facts.binaryTokens.push({ valueType: b.getAttribute('ValueType') ?? '', value: (b.textContent ?? '').replace(/\s+/g, '') });
  }
  const assertion = assertionSubstring(body);
  if (assertion !== undefined) facts.assertion = assertion;
  const bodyEl = first(doc, envNs ?? NS.s12, 'Body');
  for (let n = bodyEl?.firstChild ?? null; n !== null; n = n.nextSibling) {
    if (n.nodeType === 1) {
      facts.bodyElement = (n as Element).localName;
      break;
    }
  }
  return facts;
}

/** The login method a Security header speaks for. */
export function loginMethodOf(f: RequestFacts): 'password' | 'certificate' | 'card' | 'unknown' {
  if (f.binaryTokens.some((b) => b.valueType === RID_PACKAGE_VALUE_TYPE)) return 'card';
  if (f.binaryTokens.some((b) => /X509/.test(b.valueType))) return 'certificate';
  if (f.username !== undefined) return 'password';
  return 'unknown';
}
