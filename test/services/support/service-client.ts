/**
 * Test support for the business services and the admin APIs: real tokens from the real STS
 * (`POST /sts` through `app.request()`), SOAP calls to the services with the token in the
 * WS-Security header, and reading answers and faults.
 */
import { randomUUID } from 'node:crypto';
import { DOMParser } from '@xmldom/xmldom';
import type { Simulator } from '../../../simulator/simulator.js';
import { el, type XmlElement } from '../../../simulator/saml/canonical-xml.js';
import { certificateIssueRequest, extractAssertion, passwordIssueRequest, SOAP12_ISSUE } from '../../../simulator/sts/sts-client.js';
import { buildSecuredEnvelope } from '../../../simulator/soap/ws-security-client.js';
import type { SoapVersion } from '../../../simulator/soap/envelope.js';
import { freshMobilTokenCode } from '../../helpers/mobiltoken.js';

const NS_SIM_ERR = 'urn:eeszt-sim:2026';

/** Where a token is asked for. */
export interface Seat {
  username: string;
  institutionId: string;
  unitCode: string;
}

async function issue(sim: Simulator, xml: string, basePath = ''): Promise<string> {
  const res = await sim.app.request(`${basePath}/sts`, { method: 'POST', headers: { 'content-type': SOAP12_ISSUE }, body: xml });
  const text = await res.text();
  if (!text.includes('<saml:Assertion')) throw new Error(`the STS issued no token (${res.status}): ${text.slice(0, 600)}`);
  return extractAssertion(text);
}

function fixtureUser(sim: Pick<Simulator, 'deps'>, username: string): { password: string; mobilTokenSecret: string } {
  const user = sim.deps.store.state.users.find((u) => u.username === username);
  if (user === undefined) throw new Error(`no fixture user ${username}`);
  return user;
}

/** The environment a base path names: '' the default one, `/run/<id>` an isolated run. */
function environmentOf(sim: Simulator, basePath: string): Pick<Simulator, 'deps'> {
  if (basePath === '') return sim;
  const run = sim.runs.get(basePath.replace(/^\/run\//, ''));
  if (run === undefined) throw new Error(`no isolated run at ${basePath}`);
  return run;
}

/**
 * A two-factor token of a fixture user: password plus the code the user's mobilToken app shows
 * at the simulator clock („SAML jegy kérése kétfaktoros azonosítással”), as a HIS sends it
 * (`freshMobilTokenCode` may move the clock to the next minute: each code works once);
 * `basePath` `/run/<id>` asks an isolated run's STS.
 */
export async function userToken(sim: Simulator, seat: Seat, basePath = ''): Promise<string> {
  const env = environmentOf(sim, basePath);
  const user = fixtureUser(env, seat.username);
  const mobilTokenCode = freshMobilTokenCode(env, seat.username);
  return issue(sim, passwordIssueRequest({ ...seat, password: user.password, mobilTokenCode, now: env.deps.clock.now() }), basePath);
}

/** A single-factor (password-only) token of a fixture user: what the strict policy refuses for patients' data. */
export async function passwordOnlyToken(sim: Simulator, seat: Seat): Promise<string> {
  return issue(sim, passwordIssueRequest({ ...seat, password: fixtureUser(sim, seat.username).password, now: sim.deps.clock.now() }));
}

/** An institutional-certificate token of an institution (acting as its system user). */
export async function institutionToken(sim: Simulator, institutionId: string, unitCode: string): Promise<string> {
  return issue(sim, certificateIssueRequest({ institutionId, unitCode, credential: sim.deps.pki.institution(institutionId), now: sim.deps.clock.now() }));
}

/** The `Authorization` header of the admin APIs for a token. */
export function samlAuthorization(assertion: string): Record<string, string> {
  return { authorization: `SAML ${Buffer.from(assertion, 'utf8').toString('base64')}` };
}

/** A service answer, read. */
export interface ServiceAnswer {
  status: number;
  text: string;
  /** The response element (Body child) when not a fault. */
  result?: Element;
  fault?: { errorCode: string; message: string; details: Record<string, string>; code: string };
}

function readAnswer(status: number, text: string): ServiceAnswer {
  const doc = new DOMParser().parseFromString(text, 'text/xml') as unknown as Document;
  const answer: ServiceAnswer = { status, text };
  const fault = doc.getElementsByTagNameNS('*', 'Fault').item(0);
  if (fault !== null) {
    const details: Record<string, string> = {};
    const detailEls = doc.getElementsByTagNameNS(NS_SIM_ERR, 'Detail');
    for (let i = 0; i < detailEls.length; i++) {
      const d = detailEls.item(i) as Element;
      details[d.getAttribute('name') ?? ''] = d.textContent ?? '';
    }
    answer.fault = {
      errorCode: doc.getElementsByTagNameNS(NS_SIM_ERR, 'Code').item(0)?.textContent ?? '',
      message: doc.getElementsByTagNameNS(NS_SIM_ERR, 'Message').item(0)?.textContent ?? '',
      code: doc.getElementsByTagNameNS('*', 'Value').item(0)?.textContent ?? doc.getElementsByTagName('faultcode').item(0)?.textContent ?? '',
      details,
    };
    return answer;
  }
  const body = doc.getElementsByTagNameNS('*', 'Body').item(0);
  for (let n = body?.firstChild ?? null; n !== null; n = n.nextSibling) {
    if (n.nodeType === 1) {
      answer.result = n as Element;
      break;
    }
  }
  return answer;
}

/** A request element in a service namespace: `svc:<name>` with `svc:<child>` text children, in order. */
export function requestBody(name: string, children: Record<string, string | undefined>): XmlElement {
  return el(`svc:${name}`, {}, ...Object.entries(children).filter(([, v]) => v !== undefined).map(([k, v]) => el(`svc:${k}`, {}, v as string)));
}

/** POST a SOAP request with the token in the WS-Security header. */
export async function callService(
  sim: Simulator,
  service: string,
  body: XmlElement,
  assertion: string | undefined,
  options: { version?: SoapVersion; namespace?: string; basePath?: string } = {},
): Promise<ServiceAnswer> {
  const version = options.version ?? '1.2';
  const ns = options.namespace ?? `urn:eeszt-sim:services:${service}:2026`;
  const xml = buildSecuredEnvelope({
    version,
    messageId: `urn:uuid:${randomUUID()}`,
    body,
    namespaces: { svc: ns },
    ...(assertion === undefined ? {} : { security: { rawTokens: [assertion] } }),
  });
  const contentType = version === '1.2' ? 'application/soap+xml; charset=utf-8' : 'text/xml; charset=utf-8';
  const res = await sim.app.request(`${options.basePath ?? ''}/services/${service}`, { method: 'POST', headers: { 'content-type': contentType }, body: xml });
  return readAnswer(res.status, await res.text());
}

/** Text of the first descendant element with this local name. */
export function textIn(el: Element | undefined, local: string): string | undefined {
  const found = el?.getElementsByTagNameNS('*', local).item(0);
  return found === null || found === undefined ? undefined : (found.textContent ?? '');
}

/** Local names of every descendant element. */
export function elementNames(el: Element | undefined): string[] {
  const out: string[] = [];
  const all = el?.getElementsByTagName('*');
  for (let i = 0; i < (all?.length ?? 0); i++) out.push((all?.item(i) as Element).localName);
  return out;
}
