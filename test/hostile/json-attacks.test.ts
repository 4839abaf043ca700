/**
 * Hostile JSON against every JSON route of an environment, enumerated from the composed Hono app
 * (so a new route joins by itself): deep nesting, prototype-pollution keys, malformed JSON, wrong
 * top-level types, the wrong media type, huge arrays and strings, invalid UTF-8 and control
 * characters. Each must be answered below 500, as problem JSON with a code and a message when
 * refused, without internals, within 2 s; nothing may reach Object.prototype; and the simulator
 * must keep serving.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createEnvironmentApp } from '../../simulator/environment.js';
import { mountRunsApi } from '../../simulator/control/runs.js';
import { withRealFactories } from '../../simulator/core/lazy-module.js';
import { testSimulator } from '../helpers/sim.js';
import { expectNoLeak, expectStillServing, issueToken, readAnswer, soapEndpoints, type Answer } from './support.js';

const sim = await testSimulator();
afterAll(() => sim.close());

const ADMIN = { username: 'X23456', password: 'Jogosultsag-Admin-1', institutionId: 'E01620K', unitCode: '016200101' } as const;
const adminAuth = `SAML ${Buffer.from(await issueToken(sim, ADMIN), 'utf8').toString('base64')}`;
const sts = (await soapEndpoints(sim)).find((e) => e.path === '/sts');

/** Every route with a body, except the SOAP endpoints (test/hostile/xml-attacks.test.ts covers those). */
const PARAMS: Record<string, string> = { id: 'x', serial: '00', username: 'O50123', unit: '016200101', documentId: '123456AB', role: 'ORVOS' };
const routes = [
  ...new Map(
    // the real factories of the lazily mounted modules: their routes, not the stand-in's `*`
    createEnvironmentApp(sim.deps, await withRealFactories(sim.modules), (app) => mountRunsApi(app, sim.runs))
      .routes.filter((r) => ['POST', 'PUT', 'PATCH'].includes(r.method) && !r.path.includes('*') && !r.path.startsWith('/sts') && !r.path.startsWith('/services/'))
      .map((r) => [`${r.method} ${r.path}`, { method: r.method, path: r.path.replace(/:(\w+)/g, (_m, name: string) => PARAMS[name] ?? 'x') }]),
  ).entries(),
];

const enc = (text: string): Uint8Array => new TextEncoder().encode(text);

/** A hostile body and what the answer must be besides "below 500". */
interface Payload {
  id: string;
  body: string | Uint8Array;
  contentType?: string;
}

const payloads: Payload[] = [
  { id: 'array nested 50 000 deep', body: '['.repeat(50_000) + ']'.repeat(50_000) },
  { id: 'object nested 20 000 deep', body: '{"a":'.repeat(20_000) + '1' + '}'.repeat(20_000) },
  { id: 'deep value in an ordinary field', body: `{"username":${'['.repeat(20_000)}${']'.repeat(20_000)},"partner":${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}}` },
  { id: 'prototype pollution keys', body: '{"__proto__":{"polluted":"yes","isAdmin":true},"constructor":{"prototype":{"polluted":"yes"}},"prototype":{"polluted":"yes"}}' },
  { id: 'malformed JSON', body: '{"username":"O50123",' },
  { id: 'a top-level array', body: '[{"username":"O50123"}]' },
  { id: 'a top-level string', body: '"O50123"' },
  { id: 'a top-level null', body: 'null' },
  { id: 'a number beyond double range', body: '{"advance":1e400,"partner":-1e400,"pinPad":1e400}' },
  { id: 'JSON sent as text/plain', body: '{"username":"O50123"}', contentType: 'text/plain' },
  { id: 'JSON sent as XML', body: '{"username":"O50123"}', contentType: 'application/xml' },
  { id: 'an array of 30 000 numbers', body: `{"roles":[${Array.from({ length: 30_000 }, () => 1).join(',')}],"steps":[${Array.from({ length: 100 }, () => '{}').join(',')}]}` },
  { id: 'a 30 000-character string in every usual field', body: JSON.stringify(Object.fromEntries(['username', 'institutionId', 'unitCode', 'documentId', 'requestPackage', 'ridPackage', 'serial', 'advance'].map((k) => [k, 'A'.repeat(30_000)]))) },
  { id: 'invalid UTF-8 inside a string', body: new Uint8Array([...enc('{"username":"O5'), 0xc0, 0xaf, 0xff, ...enc('0123","institutionId":"E01620K"}')]) },
  { id: 'NUL and control characters in values', body: JSON.stringify({ username: 'O50\u0000123', institutionId: 'E01620K\r\nX-Injected: 1', unitCode: '016200101\u0007', documentId: '123456AB\u202e', checkCode: '\u0000' }) },
  { id: 'values of the wrong types', body: JSON.stringify({ username: 50123, institutionId: ['E01620K'], unitCode: { code: '016200101' }, roles: 'ORVOS', documentId: true, requestPackage: 1, pinPad: 'yes', set: [], advance: {} }) },
];

async function call(method: string, path: string, p: Payload): Promise<Answer> {
  const started = performance.now();
  const res = await sim.app.request(path, {
    method,
    headers: { 'content-type': p.contentType ?? 'application/json', authorization: adminAuth },
    body: typeof p.body === 'string' ? p.body : new Uint8Array(p.body),
  });
  return readAnswer(res, started);
}

const deepAnswers = new Map<string, string>();

describe.each(routes.map(([key, r]) => [key, r] as const))('%s', (key, route) => {
  it.each(payloads.map((p) => [p.id, p] as const))('%s', async (id, payload) => {
    const answer = await call(route.method, route.path, payload);
    expect(answer.status, `${answer.status} ${answer.text.slice(0, 300)}`).toBeLessThan(500);
    if (answer.status >= 400) {
      expect(answer.contentType).toBe('application/problem+json');
      expect(answer.code).toMatch(/^[A-Z][A-Z0-9_]+$/);
      expect(answer.message.length).toBeGreaterThan(10);
    }
    expectNoLeak(answer);
    expect(answer.ms).toBeLessThan(2_000);
    expect(({} as Record<string, unknown>).polluted, 'Object.prototype was polluted').toBeUndefined();
    if (id.startsWith('array nested')) deepAnswers.set(key, answer.code);
  });
});

describe('afterwards', () => {
  it('refused deep nesting with JSON_TOO_DEEP wherever a body is read (the fixture loader and IAM records among them)', () => {
    const tooDeep = [...deepAnswers.entries()].filter(([, code]) => code === 'JSON_TOO_DEEP').map(([k]) => k);
    expect(tooDeep).toEqual(expect.arrayContaining(['POST /_sim/fixtures', 'POST /iam/api/records', 'POST /_sim/clock', 'POST /eid-server/sessions', 'POST /portal/activations', 'POST /minihis/api/login']));
    expect(tooDeep.length).toBeGreaterThan(routes.length / 2);
  });

  it('still serves, and nothing reached Object.prototype', async () => {
    expect(Object.prototype).not.toHaveProperty('polluted');
    expect(Object.prototype).not.toHaveProperty('isAdmin');
    expect((await sim.app.request('/.well-known/eeszt-sim')).status).toBe(200);
    if (sts !== undefined) await expectStillServing(sim, sts);
  });
});
