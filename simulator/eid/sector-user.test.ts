/**
 * The sector user's token at `POST /eid/request-package` is verified once and then remembered by
 * the digest of its exact text (the verdict cache of the service calls, `token/verdict-cache.ts`):
 * the same guarantees as there, checked through HTTP with real tokens.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, postJson, testSimulator } from '../../test/helpers/sim.js';
import { samlAuthorizationValue, sectorUserHeaders } from '../../test/helpers/eid.js';
import type { Simulator } from '../simulator.js';
import { verdictCache } from '../token/verdict-cache.js';

let sim: Simulator;
beforeAll(async () => {
  sim = await testSimulator({ clock: { start: '2026-03-02T08:00:00Z', frozen: true } });
});
afterAll(() => sim.close());

/** `201`, or the refusal code, of a request package asked for with this assertion (`Authorization: SAML`), in the environment at `basePath`. */
async function ask(assertion: string, basePath = ''): Promise<string> {
  const res = await postJson(sim, `${basePath}/eid/request-package`, {}, { authorization: samlAuthorizationValue(assertion) });
  return res.status === 201 ? '201' : ((await json(res)).code as string);
}

async function sectorUserToken(basePath = ''): Promise<string> {
  const header = (await sectorUserHeaders(sim, 'E01620K', basePath))['authorization'] ?? '';
  return Buffer.from(header.replace(/^SAML /, ''), 'base64').toString('utf8');
}

const cacheSize = (): number => verdictCache(sim.deps)?.size ?? 0;

describe('the sector user token at POST /eid/request-package', () => {
  it('is verified once and remembered: asking again with it adds no verdict', async () => {
    const token = await sectorUserToken();
    const before = cacheSize();
    expect(await ask(token)).toBe('201');
    expect(cacheSize()).toBe(before + 1);
    expect(await ask(token)).toBe('201');
    expect(await ask(token)).toBe('201');
    expect(cacheSize()).toBe(before + 1);
  });

  it('never answers a changed byte from the remembered verdict', async () => {
    const token = await sectorUserToken();
    expect(await ask(token)).toBe('201');
    expect(await ask(token.replace('>X12345</saml:NameID>', '>X12346</saml:NameID>'))).toBe('TOKEN_SIGNATURE_INVALID');
    expect(await ask(token.replace('<saml:AttributeValue>E01620K<', '<saml:AttributeValue>E30217B<'))).toBe('TOKEN_SIGNATURE_INVALID');
    const value = /<ds:SignatureValue>([^<]+)</.exec(token)?.[1] ?? '';
    expect(value).not.toBe('');
    expect(await ask(token.replace(value, `${value.slice(0, 10)}${value[10] === 'A' ? 'B' : 'A'}${value.slice(11)}`))).toBe('TOKEN_SIGNATURE_INVALID');
    expect(await ask(token.replace(/<ds:Signature[\s\S]*<\/ds:Signature>/, ''))).toBe('TOKEN_SIGNATURE_MISSING');
    // a byte outside the signed content but in the text: another text, verified from scratch (and good)
    const before = cacheSize();
    expect(await ask(`${token} `)).toBe('201');
    expect(cacheSize()).toBe(before + 1);
    expect(await ask(token)).toBe('201');
  });

  it('checks expiry, the environment reset and the environment on every request', async () => {
    const token = await sectorUserToken();
    expect(await ask(token)).toBe('201');
    sim.deps.clock.advance(7 * 3600 * 1000);
    expect(await ask(token)).toBe('TOKEN_EXPIRED');
    sim.deps.clock.set('2026-03-02T08:00:00Z');

    const again = await sectorUserToken();
    expect(await ask(again)).toBe('201');
    const run = (await json(await postJson(sim, '/_sim/runs', { clock: { start: '2026-03-02T08:00:00Z', frozen: true } }))).id as string;
    expect(await ask(again, `/run/${run}`)).toBe('TOKEN_FOREIGN_ENVIRONMENT');
    const runToken = await sectorUserToken(`/run/${run}`);
    expect(await ask(runToken, `/run/${run}`)).toBe('201');
    expect(await ask(runToken)).toBe('TOKEN_FOREIGN_ENVIRONMENT');

    expect((await postJson(sim, '/_sim/reset', {})).status).toBeLessThan(300);
    expect(await ask(again)).toBe('TOKEN_ISSUED_BEFORE_RESET');
  });
});
