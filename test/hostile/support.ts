/**
 * Support for the hostile-input suite: the SOAP endpoints enumerated from discovery (so a new
 * endpoint joins the suite by itself), a known-good request per endpoint (the liveness probe
 * sent after every hostile request), and the checks every refusal must pass: a precise code and
 * message, no stack trace, no file content, no file path, and an answer within a time bound.
 */
import { createServer, type Server } from 'node:net';
import { DOMParser } from '@xmldom/xmldom';
import { expect } from 'vitest';
import type { Simulator } from '../../simulator/simulator.js';
import { el, type XmlElement } from '../../simulator/saml/canonical-xml.js';
import { buildSecuredEnvelope } from '../../simulator/soap/ws-security-client.js';
import type { SoapVersion } from '../../simulator/soap/envelope.js';
import { certificateIssueRequest, extractAssertion, passwordIssueRequest } from '../../simulator/sts/sts-client.js';
import { freshMobilTokenCode } from '../helpers/mobiltoken.js';
import { BUSINESS_SERVICE_MODULES, EBEUTALO_SPEC, EHR_SPEC, EPROFIL_SPEC, ERECEPT_SPEC, ESEMENYKATALOGUS_SPEC, PERMISSION_MATRIX } from '../../simulator/services/index.js';
import type { ServiceSpec } from '../../simulator/services/service-spec.js';

export const NS_SOAP12 = 'http://www.w3.org/2003/05/soap-envelope';
export const NS_SOAP11 = 'http://schemas.xmlsoap.org/soap/envelope/';
export const NS_WSSE = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd';
export const NS_WSA = 'http://www.w3.org/2005/08/addressing';
const NS_SIM = 'urn:eeszt-sim:2026';

/** Media type of each SOAP version. */
export const soapType = (version: SoapVersion): string => (version === '1.2' ? 'application/soap+xml; charset=utf-8' : 'text/xml; charset=utf-8');

/** Where a token is asked for. */
export const DOCTOR = { username: 'O50123', password: 'Aktiv-Orvos-1', institutionId: 'E30217B', unitCode: '302170101' } as const;
export const INSTITUTION = { institutionId: 'E30217B', unitCode: '302170101' } as const;
/** A patient of the default fixtures. */
export const PATIENT_TAJ = '123456788';

/** A request as sent. */
export interface HostileRequest {
  body: string | Uint8Array;
  contentType?: string;
  headers?: Record<string, string>;
}

/** A SOAP endpoint of the simulator, with a request it must accept. */
export interface SoapEndpoint {
  /** Discovery name, e.g. `sts`, `erecept`. */
  name: string;
  /** Path, e.g. `/sts`. */
  path: string;
  /** A request the endpoint must answer with success (fresh each call). */
  valid(version: SoapVersion): Promise<{ xml: string; contentType: string }>;
  /** The code the endpoint answers for a well-formed envelope whose Body element it does not know. */
  unknownBodyCode: string;
  /** Check a success answer to {@link valid}. */
  isSuccess(text: string): boolean;
}

/** A read answer: status, text, and the simulator's error code and message (SOAP fault or problem JSON). */
export interface Answer {
  status: number;
  text: string;
  contentType: string;
  /** `sim:Code` of a fault, `code` of problem JSON, or '' for success. */
  code: string;
  message: string;
  /** SOAP version of a fault answer (from its namespace), if it is one. */
  faultVersion?: SoapVersion;
  ms: number;
}

/** Read any answer of the simulator. */
export async function readAnswer(res: Response, startedAt: number): Promise<Answer> {
  const text = await res.text();
  const ms = performance.now() - startedAt;
  const contentType = res.headers.get('content-type') ?? '';
  const answer: Answer = { status: res.status, text, contentType, code: '', message: '', ms };
  if (contentType.includes('json')) {
    try {
      const p = JSON.parse(text) as { code?: string; detail?: string };
      answer.code = p.code ?? '';
      answer.message = p.detail ?? '';
    } catch {
      answer.message = text.slice(0, 300);
    }
    return answer;
  }
  if (text.includes('Fault')) {
    const doc = new DOMParser().parseFromString(text, 'text/xml') as unknown as Document;
    const fault = doc.getElementsByTagNameNS('*', 'Fault').item(0);
    if (fault !== null) {
      answer.faultVersion = fault.namespaceURI === NS_SOAP12 ? '1.2' : '1.1';
      answer.code = doc.getElementsByTagNameNS(NS_SIM, 'Code').item(0)?.textContent ?? '';
      answer.message = doc.getElementsByTagNameNS(NS_SIM, 'Message').item(0)?.textContent ?? '';
    }
  }
  return answer;
}

const REQUEST_TIMEOUT_MS = 10_000;

/** Send a request to the app (no sockets) and read the answer; fails (instead of hanging) after 10 s. */
export async function send(sim: Simulator, path: string, req: HostileRequest): Promise<Answer> {
  const started = performance.now();
  const headers: Record<string, string> = { ...(req.contentType === undefined ? {} : { 'content-type': req.contentType }), ...req.headers };
  const body = typeof req.body === 'string' ? req.body : new Uint8Array(req.body);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer from ${path} within ${REQUEST_TIMEOUT_MS} ms: the request hangs`)), REQUEST_TIMEOUT_MS);
  });
  try {
    const res = await Promise.race([Promise.resolve(sim.app.request(path, { method: 'POST', headers, body })), timeout]);
    return await readAnswer(res, started);
  } finally {
    clearTimeout(timer);
  }
}

/** Content that must never reach a caller: file content, stack frames, server paths, raw JS errors. */
const LEAKS: ReadonlyArray<[string, RegExp]> = [
  ['/etc/passwd content', /root:[^:\n]*:0:0:/],
  ['/etc/hostname or passwd path', /\/etc\/(passwd|hostname|shadow)/],
  ['a stack frame', /\n\s*at\s|\bat\s+[\w$.<>]+\s+\([^)]*:\d+:\d+\)|\bat\s+(file|node):/],
  ['a server file path', /\/work\/|\/home\/|\/root\/|\/usr\/|\/tmp\/|node_modules|\.(?:ts|js|mjs|cjs):\d+/],
  ['a raw JavaScript error', /\b(TypeError|RangeError|ReferenceError|SyntaxError)\b|Maximum call stack/],
  ['an internal error', /INTERNAL_ERROR/],
];

/** The refusal must name no internals and no file content. */
export function expectNoLeak(answer: Answer): void {
  for (const [what, re] of LEAKS) {
    expect(re.test(answer.text), `the answer contains ${what}: ${answer.text.slice(0, 400)}`).toBe(false);
  }
}

/** What a refusal must look like. */
export interface Expected {
  code: string;
  message: RegExp;
  /** HTTP status (default: 400 for SOAP 1.2 faults, 500 for SOAP 1.1 faults, by code for JSON). */
  status?: number;
}

/** A precise refusal: the code, the message, the status, the SOAP version of the fault, no leak, in time. */
export function expectRefusal(answer: Answer, expected: Expected, version?: SoapVersion): void {
  expect({ code: answer.code, message: answer.message }, answer.text.slice(0, 600)).toMatchObject({ code: expected.code, message: expect.stringMatching(expected.message) });
  if (expected.status !== undefined) expect(answer.status).toBe(expected.status);
  if (version !== undefined && answer.contentType.includes('xml')) expect(answer.faultVersion).toBe(version);
  expect(answer.message.length, 'the message says what was wrong').toBeGreaterThan(20);
  expectNoLeak(answer);
  expect(answer.ms, `answered in ${answer.ms.toFixed(0)} ms`).toBeLessThan(2_000);
}

/** Sign-in request of the STS probe. */
export function stsPasswordRequest(sim: Simulator, version: SoapVersion = '1.2', seat: { username: string; password: string; institutionId: string; unitCode: string } = DOCTOR): string {
  return passwordIssueRequest({ ...seat, version, now: sim.deps.clock.now() });
}

/** Issue a token over `/sts` (two-factor login: password + mobilToken code), or throw. */
export async function issueToken(sim: Simulator, seat: { username: string; password: string; institutionId: string; unitCode: string } = DOCTOR): Promise<string> {
  const body = passwordIssueRequest({ ...seat, mobilTokenCode: freshMobilTokenCode(sim, seat.username), now: sim.deps.clock.now() });
  const answer = await send(sim, '/sts', { body, contentType: soapType('1.2') });
  if (!answer.text.includes('<saml:Assertion')) throw new Error(`no token: ${answer.code} ${answer.message}`);
  return extractAssertion(answer.text);
}

/** Issue an institutional-certificate token, or throw. */
export async function issueInstitutionToken(sim: Simulator): Promise<string> {
  const xml = certificateIssueRequest({ ...INSTITUTION, credential: sim.deps.pki.institution(INSTITUTION.institutionId), now: sim.deps.clock.now() });
  const answer = await send(sim, '/sts', { body: xml, contentType: soapType('1.2') });
  if (!answer.text.includes('<saml:Assertion')) throw new Error(`no institution token: ${answer.code} ${answer.message}`);
  return extractAssertion(answer.text);
}

const SPECS: readonly ServiceSpec[] = [ESEMENYKATALOGUS_SPEC, EHR_SPEC, EPROFIL_SPEC, ERECEPT_SPEC, EBEUTALO_SPEC];

/** A valid value for a field of a service spec. */
function sampleValue(spec: ServiceSpec, name: string): string {
  const f = spec.fields.find((x) => x.name === name);
  switch (f?.type) {
    case 'dateTime':
      return '2026-03-02T07:30:00Z';
    case 'date':
      return '2026-06-30';
    case 'code':
      return f.values?.[0] ?? 'x';
    case 'username':
      return DOCTOR.username;
    case 'institutionId':
      return INSTITUTION.institutionId;
    default:
      return 'hostile-suite probe';
  }
}

/** The write request of a business service, built from its spec: the patient and every required field. */
export function serviceWriteBody(spec: ServiceSpec): XmlElement {
  const op = spec.operations.write;
  if (op === undefined) throw new Error(`${spec.id} has no write operation`);
  const fields = spec.fields.filter((f) => f.required).map((f) => el(`svc:${f.name}`, {}, sampleValue(spec, f.name)));
  return el(`svc:${op}Request`, {}, el('svc:Taj', {}, PATIENT_TAJ), ...fields);
}

/** A service request envelope with a token (and optionally a wsa:Action). */
export function serviceEnvelope(spec: ServiceSpec, token: string, version: SoapVersion, body: XmlElement = serviceWriteBody(spec), action?: string): string {
  return buildSecuredEnvelope({
    version,
    messageId: 'urn:uuid:00000000-0000-4000-8000-000000000001',
    body,
    namespaces: { svc: `urn:eeszt-sim:services:${spec.id}:2026` },
    security: { rawTokens: [token] },
    ...(action === undefined ? {} : { action }),
  });
}

/** Tokens for the business-service probes (issued once per simulator; the clock is frozen). */
export class ProbeTokens {
  private doctor: Promise<string> | undefined;
  private institution: Promise<string> | undefined;
  constructor(private readonly sim: Simulator) {}
  /** A token that may write to this service (its matrix column's write actor). */
  forWrite(spec: ServiceSpec): Promise<string> {
    const writers = PERMISSION_MATRIX[spec.id].write ?? [];
    if (writers.includes('institution')) return (this.institution ??= issueInstitutionToken(this.sim));
    return (this.doctor ??= issueToken(this.sim));
  }
  doctorToken(): Promise<string> {
    return (this.doctor ??= issueToken(this.sim));
  }
}

/**
 * Every SOAP endpoint the simulator lists in discovery (an endpoint whose `?wsdl` is listed),
 * each with its probe. An endpoint without a known-good request makes {@link soapEndpoints}
 * throw, so a new SOAP endpoint cannot silently escape the suite.
 */
export async function soapEndpoints(sim: Simulator, tokens = new ProbeTokens(sim)): Promise<SoapEndpoint[]> {
  const discovery = (await (await sim.app.request('http://127.0.0.1:8080/.well-known/eeszt-sim')).json()) as { endpoints: Record<string, string> };
  const wsdl = Object.entries(discovery.endpoints).filter(([, url]) => url.endsWith('?wsdl'));
  const out: SoapEndpoint[] = [];
  for (const [wsdlName, url] of wsdl) {
    const path = new URL(url).pathname;
    const name = wsdlName.replace(/Wsdl$/, '');
    if (path === '/sts') {
      out.push({
        name,
        path,
        valid: async (version) => ({ xml: stsPasswordRequest(sim, version), contentType: soapType(version) }),
        unknownBodyCode: 'RST_EXPECTED',
        isSuccess: (text) => text.includes('<saml:Assertion'),
      });
      continue;
    }
    const module = BUSINESS_SERVICE_MODULES.find((m) => m.mount === path);
    const spec = SPECS.find((s) => module !== undefined && s.id === module.id);
    if (spec === undefined) {
      throw new Error(`discovery lists the SOAP endpoint ${path} (${wsdlName}), but the hostile suite knows no valid request for it: add one to test/hostile/support.ts (soapEndpoints)`);
    }
    out.push({
      name,
      path,
      valid: async (version) => ({ xml: serviceEnvelope(spec, await tokens.forWrite(spec), version), contentType: soapType(version) }),
      unknownBodyCode: 'OPERATION_UNKNOWN',
      isSuccess: (text) => text.includes(`<${spec.document}Summary>`),
    });
  }
  return out;
}

/** Send the endpoint's known-good request and require success: the server still serves. */
export async function expectStillServing(sim: Simulator, endpoint: SoapEndpoint, version: SoapVersion = '1.2'): Promise<void> {
  const { xml, contentType } = await endpoint.valid(version);
  const answer = await send(sim, endpoint.path, { body: xml, contentType });
  expect(endpoint.isSuccess(answer.text), `${endpoint.path} no longer serves a valid request: ${answer.status} ${answer.code} ${answer.message}`).toBe(true);
  expect(answer.status).toBe(200);
}

/** The journal's newest entry for a path (to check the refusal was journaled with its code). */
export function lastJournalEntry(sim: Simulator, path: string): { errorCode?: string; request: { bytes: number } } | undefined {
  return sim.deps.journal.list({}).filter((e) => e.request.path === path).at(-1);
}

/**
 * A TCP listener on 127.0.0.1 that counts connections: the target of the "network" external
 * entities, proving the simulator never fetched them.
 */
export async function connectionCounter(): Promise<{ port: number; connections: () => number; close: () => Promise<void> }> {
  let count = 0;
  const server: Server = createServer((socket) => {
    count++;
    socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return { port, connections: () => count, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** Replace the Body content of an envelope (the first `<s:Body…>…</s:Body>`). */
export function withBody(xml: string, inner: string): string {
  return xml.replace(/(<s:Body\b[^>]*>)[\s\S]*(<\/s:Body>)/, (_m, open: string, close: string) => `${open}${inner}${close}`);
}

/** Insert XML right after the start of the Body (before its request element). */
export function intoBody(xml: string, inner: string): string {
  return xml.replace(/(<s:Body\b[^>]*>)/, (m) => `${m}${inner}`);
}

/** Insert a header (at the start of `s:Header`). */
export function intoHeader(xml: string, header: string): string {
  return xml.replace(/(<s:Header\b[^>]*>)/, (m) => `${m}${header}`);
}
