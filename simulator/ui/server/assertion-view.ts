/**
 * The SAML token of a journaled exchange, decoded into a readable table for the traffic
 * inspector: subject, validity, audience, authentication, attributes, and what the shared
 * token validator (`simulator/token/validate-token.ts`, the one every service uses) says about
 * it at the simulator clock now. There is no second verifier here: the signature status is
 * read from the validator's verdict.
 *
 * @example
 * ```ts
 * const view = assertionViewOfEntry(deps, entry); // { part: 'response', token: {...}, signature: 'valid', verdict: { ok: true } }
 * ```
 */
import type { SimDeps } from '../../core/deps.js';
import type { JournalEntry } from '../../core/journal.js';
import { SimError } from '../../core/errors.js';
import { NS } from '../../saml/namespaces.js';
import { childElementsNamed, parseUntrustedXml, textOf } from '../../soap/safe-xml.js';
import { verifyAssertion, type TokenValidatorDeps } from '../../token/validate-token.js';

/** The decoded fields of an assertion, as the message carries them (for display only). */
export interface DecodedAssertion {
  id: string;
  issuer: string;
  issueInstant: string;
  nameId: string;
  nameIdFormat: string;
  notBefore: string;
  notOnOrAfter: string;
  audiences: string[];
  authnInstant: string;
  sessionNotOnOrAfter: string;
  authnContextClassRef: string;
  attributes: Array<{ name: string; values: string[] }>;
}

/** What the shared validator said. */
export type SignatureStatus = 'valid' | 'invalid' | 'missing' | 'unchecked';

/** The inspector's view of one token. */
export interface AssertionView {
  /** Where the token was found. */
  part: 'request' | 'response';
  token: DecodedAssertion;
  /** Signature status derived from the validator's verdict (see {@link signatureStatusOf}). */
  signature: SignatureStatus;
  /** The validator's verdict at the simulator clock `checkedAt`. */
  verdict: { ok: true; authMethod: string } | { ok: false; code: string; message: string };
  checkedAt: string;
}

/** Codes the validator raises only after the signature verified (issuer, time window, audience, claims). */
const AFTER_SIGNATURE = new Set(['TOKEN_EXPIRED', 'TOKEN_NOT_YET_VALID', 'TOKEN_AUDIENCE_MISMATCH', 'TOKEN_ISSUER_UNKNOWN']);

/** Map the validator's verdict to a signature status. */
export function signatureStatusOf(code: string | undefined): SignatureStatus {
  if (code === undefined || AFTER_SIGNATURE.has(code)) return 'valid';
  if (code === 'TOKEN_SIGNATURE_INVALID') return 'invalid';
  if (code === 'TOKEN_SIGNATURE_MISSING') return 'missing';
  return 'unchecked';
}

function samlChildren(parent: Element | undefined, local: string): Element[] {
  return parent === undefined ? [] : childElementsNamed(parent, NS.saml, local);
}

function first(parent: Element | undefined, local: string): Element | undefined {
  return samlChildren(parent, local)[0];
}

/** Read an assertion element for display. */
export function decodeAssertion(a: Element): DecodedAssertion {
  const subject = first(a, 'Subject');
  const nameId = first(subject, 'NameID');
  const conditions = first(a, 'Conditions');
  const authn = first(a, 'AuthnStatement');
  return {
    id: a.getAttribute('ID') ?? '',
    issuer: textOf(first(a, 'Issuer')),
    issueInstant: a.getAttribute('IssueInstant') ?? '',
    nameId: textOf(nameId),
    nameIdFormat: nameId?.getAttribute('Format') ?? '',
    notBefore: conditions?.getAttribute('NotBefore') ?? '',
    notOnOrAfter: conditions?.getAttribute('NotOnOrAfter') ?? '',
    audiences: samlChildren(conditions, 'AudienceRestriction').flatMap((r) => samlChildren(r, 'Audience').map((x) => textOf(x))),
    authnInstant: authn?.getAttribute('AuthnInstant') ?? '',
    sessionNotOnOrAfter: authn?.getAttribute('SessionNotOnOrAfter') ?? '',
    authnContextClassRef: textOf(first(first(authn, 'AuthnContext'), 'AuthnContextClassRef')),
    attributes: samlChildren(a, 'AttributeStatement').flatMap((st) =>
      samlChildren(st, 'Attribute').map((attr) => ({ name: attr.getAttribute('Name') ?? '', values: samlChildren(attr, 'AttributeValue').map((v) => v.textContent ?? '') })),
    ),
  };
}

/** Does this body text carry a SAML assertion? (Cheap test before parsing.) */
export function mentionsAssertion(body: string): boolean {
  return /<([\w.-]+:)?Assertion[\s>]/.test(body) && body.includes(NS.saml);
}

/** Decode and validate the assertion of one message body; undefined when it has none. */
export function assertionViewOfBody(deps: TokenValidatorDeps, body: string, part: 'request' | 'response'): AssertionView | undefined {
  if (!mentionsAssertion(body)) return undefined;
  const doc = parseUntrustedXml(body);
  const found = doc.getElementsByTagNameNS(NS.saml, 'Assertion');
  const assertion = found[0];
  if (assertion === undefined) return undefined;
  const token = decodeAssertion(assertion as Element);
  const checkedAt = deps.clock.now().toISOString();
  try {
    const principal = verifyAssertion(deps, assertion as Element, doc);
    return { part, token, signature: 'valid', verdict: { ok: true, authMethod: principal.authMethod }, checkedAt };
  } catch (err) {
    if (!(err instanceof SimError)) throw err;
    return { part, token, signature: signatureStatusOf(err.code), verdict: { ok: false, code: err.code, message: err.message }, checkedAt };
  }
}

/** The token of a journal entry: the response's (an STS answer) first, else the request's (a service call). */
export function assertionViewOfEntry(deps: Pick<SimDeps, 'config' | 'clock' | 'pki' | 'store'>, entry: JournalEntry): AssertionView | undefined {
  return assertionViewOfBody(deps, entry.response.body, 'response') ?? assertionViewOfBody(deps, entry.request.body, 'request');
}
