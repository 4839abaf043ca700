/**
 * Hostile XML carried inside other messages: the signed packages of the card login (the eID
 * request package at the eID server and the card client, the rID package at the Ágazati portál
 * and in the STS's BinarySecurityToken) and the SAML token of the IAM admin API
 * (`Authorization: SAML <base64>`). The same safe parser and limits apply to them as to a SOAP
 * body: each hostile document gets a precise refusal, nothing leaks, nothing is fetched, and the
 * carrier keeps serving.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { json, postJson, testSimulator } from '../helpers/sim.js';
import { cardIssueRequest } from '../../simulator/sts/sts-client.js';
import { connectionCounter, expectRefusal, issueToken, readAnswer, send, soapType, type Answer, type Expected } from './support.js';
import { postRequestPackage } from '../helpers/eid.js';

const sim = await testSimulator();
const sentinel = await connectionCounter();
afterAll(async () => {
  sim.close();
  await sentinel.close();
});

const ADMIN = { username: 'X23456', password: 'Jogosultsag-Admin-1', institutionId: 'E01620K', unitCode: '016200101' } as const;
const adminToken = await issueToken(sim, ADMIN);

// A portal activation to complete with hostile rID packages (completing it fails, so it stays open).
const checkCode = await json(await sim.app.request('/portal/activation/check-code'));
const activation = await json(await postJson(sim, '/portal/activations', { username: 'O123456', checkCodeId: checkCode.checkCodeId, checkCode: checkCode.checkCode }));
// A card in the card client's reader, so that /authenticate gets as far as the eID server.
await postJson(sim, '/card-client/readers/0/card', { documentId: '234567BC' });

const b64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64');
const enc = (text: string): Uint8Array => new TextEncoder().encode(text);

/** A place where XML travels inside another message. */
interface Carrier {
  id: string;
  /** Root element (with its namespace declaration) of the document this carrier expects. */
  root: { name: string; ns: string };
  send(xml: Uint8Array): Promise<Answer>;
  /** The refusal this carrier gives for a document the safe parser refuses with `parser`. */
  expected(parser: Expected): Expected;
  /** The refusal for bytes that are not UTF-8. */
  notUtf8: Expected;
  /** A request this carrier must still serve. */
  probe(): Promise<void>;
}

async function call(path: string, init: RequestInit): Promise<Answer> {
  const started = performance.now();
  return readAnswer(await sim.app.request(path, init), started);
}
const postBody = (path: string, body: unknown, headers: Record<string, string> = {}): Promise<Answer> =>
  call(path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

const wrappedInPackage = (parser: Expected, prefix = ''): Expected => ({
  code: 'REQUEST_PACKAGE_INVALID',
  message: new RegExp(`^${prefix}the eID authentication request package is not valid: ${parser.message.source.replace(/^\^|\$$/g, '')}`),
});

const carriers: Carrier[] = [
  {
    id: 'eID server: POST /eid-server/sessions {requestPackage}',
    root: { name: 'eid:AuthnRequestPackage', ns: 'xmlns:eid="urn:eeszt-sim:eid:2026"' },
    send: (xml) => postBody('/eid-server/sessions', { requestPackage: b64(xml) }),
    expected: (parser) => wrappedInPackage(parser),
    notUtf8: { code: 'REQUEST_PACKAGE_INVALID', message: /^the eID authentication request package is not valid: its base64 does not decode to UTF-8 text/ },
    probe: async () => {
      const pkg = await json(await postRequestPackage(sim, { institutionId: 'E01620K' }));
      expect((await postJson(sim, '/eid-server/sessions', { requestPackage: pkg.requestPackage })).status).toBe(201);
    },
  },
  {
    id: 'card client: POST /card-client/authenticate {requestPackage}',
    root: { name: 'eid:AuthnRequestPackage', ns: 'xmlns:eid="urn:eeszt-sim:eid:2026"' },
    send: (xml) => postBody('/card-client/authenticate', { requestPackage: b64(xml), cardholder: [{ pin: '234567' }] }),
    // the card client passes the eID server's refusal on, saying where it comes from
    expected: (parser) => wrappedInPackage(parser, 'the eID server refused: '),
    notUtf8: { code: 'REQUEST_PACKAGE_INVALID', message: /its base64 does not decode to UTF-8 text/ },
    probe: async () => {
      expect((await sim.app.request('/card-client')).status).toBe(200);
    },
  },
  {
    id: 'Ágazati portál: POST /portal/activations/{id}/complete {ridPackage}',
    root: { name: 'eid:RidPackage', ns: 'xmlns:eid="urn:eeszt-sim:eid:2026"' },
    send: (xml) => postBody(`/portal/activations/${activation.activationId}/complete`, { ridPackage: b64(xml) }),
    expected: (parser) => parser,
    notUtf8: { code: 'RID_PACKAGE_MALFORMED', message: /^`ridPackage` is base64, but of bytes that are not UTF-8 text/ },
    probe: async () => {
      expect((await sim.app.request('/portal/activation/check-code')).status).toBe(200);
      expect((await sim.app.request(`/portal/activations/${activation.activationId}`)).status).toBe(200);
    },
  },
  {
    id: 'STS card login: rID package in a wsse:BinarySecurityToken',
    root: { name: 'eid:RidPackage', ns: 'xmlns:eid="urn:eeszt-sim:eid:2026"' },
    send: (xml) => {
      const request = cardIssueRequest({ username: 'O50123', ridPackageXml: '\u0001', institutionId: 'E01620K', unitCode: '016200101', now: sim.deps.clock.now() });
      return send(sim, '/sts', { body: request.replace(b64(enc('\u0001')), b64(xml)), contentType: soapType('1.2') });
    },
    expected: (parser) => parser,
    notUtf8: { code: 'XML_MALFORMED', message: /^the rID package is not valid UTF-8; send the XML encoded as UTF-8$/ },
    probe: async () => {
      await issueToken(sim);
    },
  },
  {
    id: 'IAM admin API: Authorization: SAML <base64>',
    root: { name: 'saml:Assertion', ns: 'xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion"' },
    send: (xml) => call('/iam/api/records', { headers: { authorization: `SAML ${b64(xml)}` } }),
    expected: (parser) => parser,
    notUtf8: { code: 'ADMIN_TOKEN_MALFORMED', message: /^the base64 SAML credential does not decode to UTF-8 text/ },
    probe: async () => {
      expect((await sim.app.request('/iam/api/records', { headers: { authorization: `SAML ${b64(enc(adminToken))}` } })).status).toBe(200);
    },
  },
];

const FORBIDDEN_DTD: Expected = { code: 'XML_FORBIDDEN_CONSTRUCT', message: /^the message contains a <!DOCTYPE> declaration; DTDs and entity declarations are not allowed/ };

/** A hostile document for a carrier's root element. */
interface Payload {
  id: string;
  build(root: Carrier['root']): Uint8Array;
  expected: Expected | 'notUtf8';
  after?(): void;
}

const doc = (root: Carrier['root'], inner: string, prolog = ''): string => `<?xml version="1.0" encoding="UTF-8"?>${prolog}<${root.name} ${root.ns} ID="_hostile">${inner}</${root.name}>`;

const payloads: Payload[] = [
  { id: 'external entity reading /etc/passwd', build: (r) => enc(doc(r, '&xxe;', `<!DOCTYPE ${r.name} [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>`)), expected: FORBIDDEN_DTD },
  {
    id: 'external entity fetching a URL',
    build: (r) => enc(doc(r, '&xxe;', `<!DOCTYPE ${r.name} [<!ENTITY xxe SYSTEM "http://127.0.0.1:${sentinel.port}/xxe">]>`)),
    expected: FORBIDDEN_DTD,
    after: () => expect(sentinel.connections()).toBe(0),
  },
  {
    id: 'external parameter entity',
    build: (r) => enc(doc(r, '', `<!DOCTYPE ${r.name} [<!ENTITY % dtd SYSTEM "http://127.0.0.1:${sentinel.port}/evil.dtd">%dtd;]>`)),
    expected: FORBIDDEN_DTD,
    after: () => expect(sentinel.connections()).toBe(0),
  },
  {
    id: 'billion laughs',
    build: (r) => {
      const levels = Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i};`.repeat(10)}">`).join('');
      return enc(doc(r, '&lol9;', `<!DOCTYPE ${r.name} [<!ENTITY lol0 "lol">${levels}]>`));
    },
    expected: FORBIDDEN_DTD,
  },
  { id: 'deep nesting', build: (r) => enc(doc(r, '<d>'.repeat(5_000) + '</d>'.repeat(5_000))), expected: { code: 'XML_FORBIDDEN_CONSTRUCT', message: /^elements are nested more than 64 levels deep/ } },
  { id: 'attribute flood', build: (r) => enc(doc(r, `<a ${Array.from({ length: 2_000 }, (_, i) => `a${i}="v"`).join(' ')}/>`)), expected: { code: 'XML_FORBIDDEN_CONSTRUCT', message: /^an element carries 2000 attributes; at most 64 are accepted$/ } },
  { id: 'comment flood', build: (r) => enc(doc(r, '<!--c-->'.repeat(1_200))), expected: { code: 'XML_FORBIDDEN_CONSTRUCT', message: /^the message has more than 1000 comments and CDATA sections/ } },
  { id: 'processing instruction', build: (r) => enc(doc(r, '<?php system("id"); ?>')), expected: { code: 'XML_FORBIDDEN_CONSTRUCT', message: /^the message contains a processing instruction/ } },
  { id: 'character reference to NUL', build: (r) => enc(doc(r, '&#0;')), expected: { code: 'XML_MALFORMED', message: /^the message contains the character reference `&#0;` \(U\+0000\)/ } },
  { id: 'two root elements', build: (r) => enc(doc(r, '') + `<${r.name} ${r.ns}/>`), expected: { code: 'XML_MALFORMED', message: /^the XML is not well-formed: the document has more than one root element/ } },
  { id: 'invalid UTF-8', build: (r) => new Uint8Array([...enc(doc(r, '').slice(0, 60)), 0xc0, 0xaf, 0xff, ...enc(doc(r, '').slice(60))]), expected: 'notUtf8' },
];

describe.each(carriers.map((c) => [c.id, c] as const))('%s', (_id, carrier) => {
  it.each(payloads.map((p) => [p.id, p] as const))('%s', async (_pid, payload) => {
    const answer = await carrier.send(payload.build(carrier.root));
    const expected = payload.expected === 'notUtf8' ? carrier.notUtf8 : carrier.expected(payload.expected);
    expectRefusal(answer, expected);
    expect(answer.status).toBeGreaterThanOrEqual(400);
    expect(answer.status).toBeLessThan(500);
    payload.after?.();
    await carrier.probe();
  });
});
