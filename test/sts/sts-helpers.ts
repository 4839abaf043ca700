/**
 * Helpers for the STS end-to-end tests: post a request to `/sts` through `app.request()` (no
 * sockets) and read the answer: the token, or the fault's code, subcode, simulator error code
 * and message.
 */
import { DOMParser } from '@xmldom/xmldom';
import type { Simulator } from '../../simulator/simulator.js';
import { extractAssertion, SOAP12_ISSUE } from '../../simulator/sts/sts-client.js';
import { validateAssertionXml, type Principal } from '../../simulator/token/validate-token.js';

/** An STS answer, read. */
export interface StsAnswer {
  status: number;
  text: string;
  /** The assertion, when a token was issued. */
  assertion?: string;
  /** The fault, when refused. */
  fault?: { code: string; subcode: string; errorCode: string; message: string; details: Record<string, string> };
}

/** Read a SOAP 1.1 or 1.2 fault. */
export function readFault(text: string): StsAnswer['fault'] {
  const doc = new DOMParser().parseFromString(text, 'text/xml') as unknown as Document;
  const first = (local: string): string => doc.getElementsByTagNameNS('*', local).item(0)?.textContent ?? '';
  if (doc.getElementsByTagNameNS('*', 'Fault').length === 0) return undefined;
  const values = doc.getElementsByTagNameNS('*', 'Value');
  const details: Record<string, string> = {};
  const detailEls = doc.getElementsByTagNameNS('urn:eeszt-sim:2026', 'Detail');
  for (let i = 0; i < detailEls.length; i++) {
    const d = detailEls.item(i) as Element;
    details[d.getAttribute('name') ?? ''] = d.textContent ?? '';
  }
  return {
    code: values.item(0)?.textContent ?? first('faultcode'),
    subcode: values.item(1)?.textContent ?? first('faultcode'),
    errorCode: doc.getElementsByTagNameNS('urn:eeszt-sim:2026', 'Code').item(0)?.textContent ?? '',
    message: doc.getElementsByTagNameNS('urn:eeszt-sim:2026', 'Message').item(0)?.textContent ?? '',
    details,
  };
}

/** POST a request to the STS (SOAP 1.2 with the Issue action unless told otherwise). */
export async function postSts(sim: Simulator, xml: string, contentType = SOAP12_ISSUE, path = '/sts'): Promise<StsAnswer> {
  const res = await sim.app.request(path, { method: 'POST', headers: { 'content-type': contentType }, body: xml });
  const text = await res.text();
  const answer: StsAnswer = { status: res.status, text };
  const fault = readFault(text);
  if (fault !== undefined) answer.fault = fault;
  else if (text.includes('<saml:Assertion')) answer.assertion = extractAssertion(text);
  return answer;
}

/** The issued token's principal (throws when no token was issued). */
export function principalOf(sim: Simulator, answer: StsAnswer): Principal {
  if (answer.assertion === undefined) throw new Error(`no token issued: ${answer.fault?.errorCode ?? answer.status}: ${answer.fault?.message ?? answer.text.slice(0, 300)}`);
  return validateAssertionXml(sim.deps, answer.assertion);
}

/** Fault code and message only, for compact assertions. */
export function refusal(answer: StsAnswer): { errorCode: string; message: string } {
  return { errorCode: answer.fault?.errorCode ?? '(no fault)', message: answer.fault?.message ?? answer.text.slice(0, 200) };
}
