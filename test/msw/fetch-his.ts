/**
 * A minimal HIS written against `fetch` and the public docs only (docs/protocol.md,
 * docs/services.md): discovery, a password login at the STS, a service call with the token in
 * `wsse:Security`. It knows nothing of msw; the msw tests point it at the handlers' base URL.
 */
import { randomBytes, randomUUID } from 'node:crypto';

const NS_WSSE = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd';
const NS_WSU = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd';
const ISSUE = 'http://docs.oasis-open.org/ws-sx/ws-trust/200512/RST/Issue';

/** A seat to log in to. */
export interface Login {
  user: string;
  password: string;
  institutionId: string;
  unit: string;
}

/** A SOAP answer as the HIS reads it. */
export interface SoapAnswer {
  status: number;
  text: string;
  /** `sim:Code` of a fault, when the answer is one. */
  faultCode: string | undefined;
  /** `env:Code/env:Value` of a fault (`env:Sender` ...). */
  faultSide: string | undefined;
}

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const xsTime = (d: Date): string => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

/** The discovery document's endpoints. */
export async function discover(baseUrl: string): Promise<Record<string, string>> {
  const res = await fetch(`${baseUrl}/.well-known/eeszt-sim`);
  if (!res.ok) throw new Error(`discovery answered ${res.status}`);
  return ((await res.json()) as { endpoints: Record<string, string> }).endpoints;
}

async function soap(url: string, action: string, header: string, body: string): Promise<SoapAnswer> {
  const envelope =
    `<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" xmlns:wsa="http://www.w3.org/2005/08/addressing">` +
    `<s:Header><wsa:Action>${action}</wsa:Action><wsa:MessageID>urn:uuid:${randomUUID()}</wsa:MessageID>${header}</s:Header><s:Body>${body}</s:Body></s:Envelope>`;
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': `application/soap+xml; charset=utf-8; action="${action}"` }, body: envelope });
  const text = await res.text();
  const fault = /<(\w+:)?Fault>/.test(text);
  return {
    status: res.status,
    text,
    faultCode: fault ? /<(?:\w+:)?Code>([A-Z_]+)<\/(?:\w+:)?Code>/.exec(text)?.[1] : undefined,
    faultSide: fault ? /<(?:\w+:)?Value>([^<]+)<\/(?:\w+:)?Value>/.exec(text)?.[1] : undefined,
  };
}

/** Ask the STS for a token with username + password; `now` is the HIS's idea of the time. */
export async function passwordLogin(stsUrl: string, login: Login, now: Date): Promise<SoapAnswer & { assertion: string | undefined }> {
  const expires = new Date(now.getTime() + 300_000);
  const security =
    `<wsse:Security xmlns:wsse="${NS_WSSE}" xmlns:wsu="${NS_WSU}" s:mustUnderstand="true">` +
    `<wsu:Timestamp wsu:Id="TS"><wsu:Created>${xsTime(now)}</wsu:Created><wsu:Expires>${xsTime(expires)}</wsu:Expires></wsu:Timestamp>` +
    `<wsse:UsernameToken><wsse:Username>${esc(login.user)}</wsse:Username>` +
    `<wsse:Password Type="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordText">${esc(login.password)}</wsse:Password>` +
    `<wsse:Nonce EncodingType="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0#Base64Binary">${randomBytes(16).toString('base64')}</wsse:Nonce>` +
    `<wsu:Created>${xsTime(now)}</wsu:Created></wsse:UsernameToken></wsse:Security>`;
  const rst =
    `<wst:RequestSecurityToken xmlns:wst="http://docs.oasis-open.org/ws-sx/ws-trust/200512">` +
    `<wst:RequestType>http://docs.oasis-open.org/ws-sx/ws-trust/200512/Issue</wst:RequestType>` +
    `<wst:Claims Dialect="urn:eeszt-sim:claims"><sim:InstitutionId xmlns:sim="urn:eeszt-sim:2026">${esc(login.institutionId)}</sim:InstitutionId>` +
    `<sim:UnitCode xmlns:sim="urn:eeszt-sim:2026">${esc(login.unit)}</sim:UnitCode></wst:Claims></wst:RequestSecurityToken>`;
  const answer = await soap(stsUrl, ISSUE, security, rst);
  const start = answer.text.indexOf('<saml:Assertion');
  const end = answer.text.indexOf('</saml:Assertion>');
  // Cut out unchanged: the signature covers exactly these bytes.
  const assertion = start < 0 || end < 0 ? undefined : answer.text.slice(start, end + '</saml:Assertion>'.length);
  return { ...answer, assertion };
}

/** Call a business service operation with the token in `wsse:Security`. */
export async function callService(serviceUrl: string, service: string, operation: string, params: Record<string, string>, assertion: string): Promise<SoapAnswer> {
  const ns = `urn:eeszt-sim:services:${service}:2026`;
  const fields = Object.entries(params)
    .map(([k, v]) => `<op:${k}>${esc(v)}</op:${k}>`)
    .join('');
  return soap(serviceUrl, `${ns}/${operation}`, `<wsse:Security xmlns:wsse="${NS_WSSE}" s:mustUnderstand="true">${assertion}</wsse:Security>`, `<op:${operation}Request xmlns:op="${ns}">${fields}</op:${operation}Request>`);
}
