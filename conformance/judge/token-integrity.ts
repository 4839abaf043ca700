/**
 * Whether the token in a service call is the one the STS issued, judged the way EESZT judges
 * it (simulator/token/validate-token.ts): the same assertion (ID, issuer), its ds:Signature
 * still valid against the STS certificate, and the signed content (exclusive c14n of the
 * assertion, enveloped signature removed) identical. Bytes may differ: a HIS that inserts the
 * assertion through a parsed document (`<x></x>` becomes `<x/>`, attribute quotes change, as
 * WSS4J, WCF and zeep do) keeps the signature valid and passes.
 *
 * @example
 * ```ts
 * const verdict = compareTokens(stsAnswerBody, serviceRequestBody);
 * if (!verdict.ok) console.log(verdict.problem, verdict.message);
 * ```
 */
import { XMLSerializer, type Node as XmldomNode } from '@xmldom/xmldom';
import { NS } from '../../simulator/saml/namespaces.js';
import { pemOfCertBase64, verifySignatureElement } from '../../simulator/saml/xml-signature.js';
import { childElement, childElements, parseUntrustedXml, textOf } from '../../simulator/soap/safe-xml.js';

/** The verdict on one token. */
export type TokenComparison =
  | { ok: true; id: string }
  | { ok: false; problem: 'no-assertion' | 'other-token' | 'signature-removed' | 'signature-invalid' | 'content-changed' | 'unreadable'; message: string };

interface ReadAssertion {
  id: string;
  issuer: string;
  xml: string;
  element: Element;
}

/** The single saml:Assertion of a message, serialised on its own (as the validator does). */
function readAssertion(body: string): ReadAssertion | undefined {
  const doc = parseUntrustedXml(body);
  const found = doc.getElementsByTagNameNS(NS.saml, 'Assertion').item(0);
  if (found === null) return undefined;
  const xml = new XMLSerializer().serializeToString(found as unknown as XmldomNode);
  const element = parseUntrustedXml(xml).documentElement as Element;
  return { id: element.getAttribute('ID') ?? '', issuer: textOf(childElement(element, NS.saml, 'Issuer')).trim(), xml, element };
}

/** Signature check against the issuing STS certificate; the canonical signed content when valid. */
function signedContent(a: ReadAssertion, certPem: string): { ok: true; canonical: string } | { ok: false; message: string } {
  const sig = childElements(a.element).find((e) => e.namespaceURI === NS.ds && e.localName === 'Signature');
  if (sig === undefined) return { ok: false, message: 'no ds:Signature' };
  const result = verifySignatureElement(a.xml, sig, certPem);
  if (!result.ok) return { ok: false, message: result.message };
  const ref = result.references[0];
  if (result.references.length !== 1 || ref === undefined || ref.id !== a.id) return { ok: false, message: 'the signature does not reference the assertion itself' };
  return { ok: true, canonical: ref.canonical };
}

/** Compare the token of a service request with the one in the STS answer that issued it. */
export function compareTokens(issuedBody: string, callBody: string): TokenComparison {
  let issued: ReadAssertion | undefined;
  let sent: ReadAssertion | undefined;
  try {
    issued = readAssertion(issuedBody);
    sent = readAssertion(callBody);
  } catch (err) {
    return { ok: false, problem: 'unreadable', message: `the message could not be parsed: ${(err as Error).message}` };
  }
  if (issued === undefined) return { ok: false, problem: 'unreadable', message: 'the STS answer holds no assertion' };
  if (sent === undefined) return { ok: false, problem: 'no-assertion', message: 'the call carries no saml:Assertion' };
  if (sent.id !== issued.id || sent.issuer !== issued.issuer) return { ok: false, problem: 'other-token', message: `the call carries assertion \`${sent.id}\` of issuer \`${sent.issuer}\`, not \`${issued.id}\` of \`${issued.issuer}\`` };
  const certB64 = issued.element.getElementsByTagNameNS(NS.ds, 'X509Certificate').item(0)?.textContent?.replace(/\s+/g, '') ?? '';
  if (certB64 === '') return { ok: false, problem: 'unreadable', message: 'the issued token names no STS certificate' };
  const certPem = pemOfCertBase64(certB64);
  const original = signedContent(issued, certPem);
  if (!original.ok) return { ok: false, problem: 'unreadable', message: `the issued token does not verify: ${original.message}` };
  const now = signedContent(sent, certPem);
  if (!now.ok) {
    if (now.message === 'no ds:Signature') return { ok: false, problem: 'signature-removed', message: 'its ds:Signature was removed' };
    return { ok: false, problem: 'signature-invalid', message: `its signature no longer verifies against the STS certificate: ${now.message}` };
  }
  if (now.canonical !== original.canonical) return { ok: false, problem: 'content-changed', message: 'its signed content differs from the issued token (something was added, removed or changed inside the assertion)' };
  return { ok: true, id: sent.id };
}
