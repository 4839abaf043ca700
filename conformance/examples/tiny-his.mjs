#!/usr/bin/env node
// A tiny HIS adapter written against docs/adapter.md and docs/protocol.md only: plain Node.js,
// no dependencies, no code from this repository. It logs in with username + password, keeps the
// SAML token for its validity, calls the EESZT services, and retries transient failures.
//
//   eeszt-sim conform --his-cmd "node conformance/examples/tiny-his.mjs"
//
// The suite runs `node tiny-his.mjs <action>` with a JSON request on stdin and reads one JSON
// result from stdout. Each action is a new process, so the session lives in a file in the
// check's state folder (context.stateDir).
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const action = process.argv[2];
const request = JSON.parse(readFileSync(0, 'utf8'));
const { context, params } = request;
const stateFile = join(context.stateDir, 'tiny-his.json');
const state = existsSync(stateFile) ? JSON.parse(readFileSync(stateFile, 'utf8')) : {};

// The simulator's clock (the suite moves it); our own "now" follows it.
const clockOffset = Date.parse(context.simulatorTime) - Date.now();
const now = () => new Date(Date.now() + clockOffset);
const xsTime = (d) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');
const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const timing = () => state.timing ?? { requestTimeoutMs: 10000, backoffBaseMs: 500, maxAttempts: 4 };

class HisError extends Error {
  constructor(code, message, transient) {
    super(message);
    this.code = code;
    this.transient = transient;
  }
}

async function discovery() {
  if (state.discoveryUrl !== context.discovery || state.endpoints === undefined) {
    const res = await fetch(context.discovery);
    state.endpoints = (await res.json()).endpoints;
    state.discoveryUrl = context.discovery;
  }
  return state.endpoints;
}

// One SOAP 1.2 exchange; a fault carries the EESZT code in its detail (sim:Code).
async function soap(url, action, header, body) {
  const envelope =
    `<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" xmlns:wsa="http://www.w3.org/2005/08/addressing">` +
    `<s:Header><wsa:Action>${action}</wsa:Action><wsa:MessageID>urn:uuid:${randomUUID()}</wsa:MessageID>${header}</s:Header><s:Body>${body}</s:Body></s:Envelope>`;
  let res;
  let text;
  try {
    res = await fetch(url, { method: 'POST', headers: { 'content-type': `application/soap+xml; charset=utf-8; action="${action}"` }, body: envelope, signal: AbortSignal.timeout(timing().requestTimeoutMs) });
    text = await res.text();
  } catch (err) {
    throw new HisError(err.name === 'TimeoutError' ? 'TIMEOUT' : 'CONNECTION_FAILED', String(err.message), true);
  }
  if (!/<(\w+:)?Envelope[\s>]/.test(text) || !/<\/(\w+:)?Envelope>\s*$/.test(text)) {
    throw new HisError(res.status >= 400 ? `HTTP_${res.status}` : 'MALFORMED_REPLY', `unreadable answer (HTTP ${res.status})`, res.status < 400 || [502, 503, 504].includes(res.status));
  }
  if (/<(\w+:)?Fault>/.test(text)) {
    const code = /<(?:\w+:)?Code>([A-Z_]+)<\/(?:\w+:)?Code>/.exec(text)?.[1] ?? 'SOAP_FAULT';
    const message = /<(?:\w+:)?Message>([^<]*)</.exec(text)?.[1] ?? 'SOAP fault';
    throw new HisError(code, message, /Receiver/.test(text));
  }
  return text;
}

// Transient failures are retried with exponential back-off, at most maxAttempts times.
async function withRetry(fn) {
  const t = timing();
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (!(err instanceof HisError) || !err.transient || attempt >= t.maxAttempts) throw err;
      await sleep(t.backoffBaseMs * 2 ** (attempt - 1));
    }
  }
}

function institutionId(login) {
  // seed 001: E + OTH id for providers, P + OGYEI id padded to 6 for pharmacies
  return login.institutionType === 'pharmacy' ? `P${login.institution.padStart(6, '0')}` : `E${login.institution}`;
}

async function getToken(login) {
  const endpoints = await discovery();
  const created = now();
  const expires = new Date(created.getTime() + 300_000);
  const security =
    `<wsse:Security xmlns:wsse="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd" xmlns:wsu="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd" s:mustUnderstand="true">` +
    `<wsu:Timestamp wsu:Id="TS"><wsu:Created>${xsTime(created)}</wsu:Created><wsu:Expires>${xsTime(expires)}</wsu:Expires></wsu:Timestamp>` +
    `<wsse:UsernameToken><wsse:Username>${esc(login.user)}</wsse:Username>` +
    `<wsse:Password Type="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordText">${esc(login.password)}</wsse:Password>` +
    `<wsse:Nonce EncodingType="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0#Base64Binary">${randomBytes(16).toString('base64')}</wsse:Nonce>` +
    `<wsu:Created>${xsTime(created)}</wsu:Created>` +
    // two-factor login (docs/adapter.md, "login"): the mobilToken code the user typed, next to the password
    (login.mobilTokenCode === undefined ? '' : `<sim:MobilTokenCode xmlns:sim="urn:eeszt-sim:2026">${esc(login.mobilTokenCode)}</sim:MobilTokenCode>`) +
    `</wsse:UsernameToken></wsse:Security>`;
  const rst =
    `<wst:RequestSecurityToken xmlns:wst="http://docs.oasis-open.org/ws-sx/ws-trust/200512">` +
    `<wst:RequestType>http://docs.oasis-open.org/ws-sx/ws-trust/200512/Issue</wst:RequestType>` +
    `<wst:Claims Dialect="urn:eeszt-sim:claims"><sim:InstitutionId xmlns:sim="urn:eeszt-sim:2026">${esc(institutionId(login))}</sim:InstitutionId>` +
    `<sim:UnitCode xmlns:sim="urn:eeszt-sim:2026">${esc(login.unit)}</sim:UnitCode></wst:Claims></wst:RequestSecurityToken>`;
  const answer = await withRetry(() => soap(endpoints.sts, 'http://docs.oasis-open.org/ws-sx/ws-trust/200512/RST/Issue', security, rst));
  // The assertion is cut out unchanged: its signature covers exactly these bytes.
  const start = answer.indexOf('<saml:Assertion');
  const end = answer.indexOf('</saml:Assertion>') + '</saml:Assertion>'.length;
  const assertion = answer.slice(start, end);
  const notOnOrAfter = /<saml:Conditions[^>]*NotOnOrAfter="([^"]+)"/.exec(assertion)[1];
  return { assertion, notOnOrAfter };
}

async function call(p) {
  if (state.session === undefined) throw new HisError('NOT_LOGGED_IN', 'log in first', false);
  // Reuse the token until 5 minutes before it expires.
  if (Date.parse(state.session.token.notOnOrAfter) - 300_000 <= now().getTime()) state.session.token = await getToken(state.session.login);
  const endpoints = await discovery();
  const ns = `urn:eeszt-sim:services:${p.service}:2026`;
  const fields = Object.entries(p.params).map(([k, v]) => `<op:${k}>${esc(v)}</op:${k}>`).join('');
  const body = `<op:${p.operation}Request xmlns:op="${ns}">${fields}</op:${p.operation}Request>`;
  const send = () =>
    withRetry(() =>
      soap(endpoints[p.service], `${ns}/${p.operation}`, `<wsse:Security xmlns:wsse="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd" s:mustUnderstand="true">${state.session.token.assertion}</wsse:Security>`, body),
    );
  try {
    return await send();
  } catch (err) {
    if (err.code !== 'TOKEN_EXPIRED') throw err;
    state.session.token = await getToken(state.session.login); // the clocks differ: renew once
    return send();
  }
}

async function run() {
  switch (action) {
    case 'setup':
      for (const key of Object.keys(state)) delete state[key];
      state.timing = params.timing;
      if (params.tls !== null) throw new HisError('TLS_UNSUPPORTED', 'this tiny HIS speaks plain HTTP only', false);
      return { ok: true };
    case 'login':
      if (params.method !== 'password') throw new HisError('METHOD_UNSUPPORTED', `only password logins, not ${params.method}`, false);
      state.session = { login: params, token: await getToken(params) };
      return { ok: true, data: { user: params.user, tokenExpires: state.session.token.notOnOrAfter } };
    case 'call':
      return { ok: true, data: { response: await call(params) } };
    case 'logout':
      delete state.session;
      return { ok: true };
    case 'status':
      return { ok: true, data: { loggedIn: state.session !== undefined, his: { name: 'tiny-his.mjs (example)' }, capabilities: { methods: ['password'], tls: false } } };
    default:
      throw new HisError('ACTION_UNKNOWN', `unknown action ${action}`, false);
  }
}

let result;
try {
  result = await run();
} catch (err) {
  result = { ok: false, error: { code: err.code ?? 'HIS_ERROR', message: String(err.message) } };
}
writeFileSync(stateFile, JSON.stringify(state));
process.stdout.write(`${JSON.stringify(result)}\n`);
