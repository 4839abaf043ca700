import { createPrivateKey, generateKeyPairSync, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { loadDefaultFixtures } from '../../fixtures/default-set.js';
import { json, postJson, testSimulator } from '../../test/helpers/sim.js';
import type { Simulator } from '../simulator.js';
import { pemToDer } from '../pki/pem.js';
import { restrictedIdentifier } from '../../virtual-reader/card/card-crypto.js';
import { issueRequestPackage } from './issue-request.js';
import { eesztSectorPublicPoint, ridOfCard } from './sector-key.js';
import { verifyRidPackage } from './rid-package.js';
import { sectorRidOf } from './card-response.js';

/** What a card would answer, computed directly from the card record and its PKI key. */
function cardAnswer(sim: Simulator, documentId: string, challengeB64: string, opts: { certPem?: string; keyPem?: string; ridSecret?: string } = {}): Record<string, string> {
  const card = sim.deps.store.state.cards.find((c) => c.documentId === documentId)!;
  const cred = sim.deps.pki.card(documentId, card.holderName);
  const challenge = Buffer.from(challengeB64, 'base64');
  const signature = sign('sha256', challenge, { key: createPrivateKey(opts.keyPem ?? cred.keyPem), dsaEncoding: 'ieee-p1363' });
  const rid = restrictedIdentifier(opts.ridSecret ?? card.ridSecret, eesztSectorPublicPoint(sim.deps.pki.seed));
  return {
    certificate: pemToDer(opts.certPem ?? cred.certPem).toString('base64'),
    signature: signature.toString('base64'),
    rid: Buffer.from(rid).toString('base64'),
  };
}

async function session(sim: Simulator): Promise<{ sessionId: string; challenge: string; nonce: string }> {
  const pkg = issueRequestPackage(sim.deps, { requester: 'E01620K' });
  const res = await postJson(sim, '/eid-server/sessions', { requestPackage: pkg.base64 });
  expect(res.status).toBe(201);
  const body = await json(res);
  expect(body).toMatchObject({ purpose: 'login', audience: 'urn:eeszt-sim:sector:eeszt' });
  expect(Date.parse(body.notOnOrAfter) - sim.deps.clock.nowMs()).toBe(300_000);
  expect(Buffer.from(body.sectorPublicKey, 'base64')).toEqual(Buffer.from(eesztSectorPublicPoint(sim.deps.pki.seed)));
  return { sessionId: body.sessionId, challenge: body.challenge, nonce: pkg.nonce };
}

const respond = (sim: Simulator, id: string, body: unknown): Promise<Response> => postJson(sim, `/eid-server/sessions/${id}/response`, body);

describe('eID server', () => {
  it('issues an rID package bound to the request nonce for a good card answer', async () => {
    const sim = await testSimulator();
    const s = await session(sim);
    const res = await respond(sim, s.sessionId, cardAnswer(sim, '123456AB', s.challenge));
    expect(res.status).toBe(200);
    const body = await json(res);
    const pkg = verifyRidPackage(Buffer.from(body.ridPackage, 'base64').toString('utf8'), { eidServerCertPem: sim.deps.pki.eidServer.certPem, now: sim.deps.clock.now() });
    expect(pkg).toMatchObject({ id: body.id, requestNonce: s.nonce, rid: ridOfCard(sim.deps.store.state.cards[0]!.ridSecret, 1) });
    expect(body).toMatchObject({ issueInstant: '2026-03-02T08:00:00Z', notOnOrAfter: '2026-03-02T08:05:00Z' });
    // The session answered once.
    expect(await json(await respond(sim, s.sessionId, cardAnswer(sim, '123456AB', s.challenge)))).toMatchObject({ status: 404, code: 'EID_SESSION_UNKNOWN' });
  });

  it('the sector RID the server computes equals the one the card computes', async () => {
    const sim = await testSimulator();
    for (const card of sim.deps.store.state.cards.slice(0, 5)) {
      expect(Buffer.from(sectorRidOf(card, 1)).toString('base64')).toBe(ridOfCard(card.ridSecret, 1));
    }
  });

  it('refuses a bad signature, a forged RID, a certificate from another CA or key, and garbage', async () => {
    const sim = await testSimulator();
    const code = async (body: (challenge: string) => unknown): Promise<unknown> => {
      const s = await session(sim);
      const res = await respond(sim, s.sessionId, body(s.challenge));
      const p = await json(res);
      return { status: res.status, code: p.code };
    };
    const otherChallenge = Buffer.alloc(32, 7).toString('base64');
    expect(await code(() => cardAnswer(sim, '123456AB', otherChallenge))).toEqual({ status: 401, code: 'CARD_SIGNATURE_INVALID' });
    expect(await code((ch) => cardAnswer(sim, '123456AB', ch, { ridSecret: sim.deps.store.state.cards[1]!.ridSecret }))).toEqual({ status: 401, code: 'RID_INVALID' });
    const waf = sim.deps.pki.waf('E01620K');
    expect(await code((ch) => ({ ...cardAnswer(sim, '123456AB', ch), certificate: pemToDer(waf.certPem).toString('base64') }))).toEqual({ status: 401, code: 'CARD_CERTIFICATE_INVALID' });
    const stranger = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    expect(await code((ch) => cardAnswer(sim, '123456AB', ch, { keyPem: stranger.privateKey.export({ format: 'pem', type: 'pkcs8' }) as string }))).toEqual({ status: 401, code: 'CARD_SIGNATURE_INVALID' });
    expect(await code(() => ({ certificate: 'AAAA', signature: 'AAAA', rid: 'AAAA' }))).toEqual({ status: 401, code: 'CARD_CERTIFICATE_INVALID' });
    expect(await code(() => ({ certificate: 'not base64!' }))).toEqual({ status: 400, code: 'CARD_RESPONSE_INVALID' });
  });

  it('refuses a card revoked in its record, an unknown card, an expired card and an expired certificate', async () => {
    const sim = await testSimulator();
    const code = async (documentId: string, opts: Parameters<typeof cardAnswer>[3] = {}): Promise<string> => {
      const s = await session(sim);
      return (await json(await respond(sim, s.sessionId, cardAnswer(sim, documentId, s.challenge, opts)))).code;
    };
    sim.deps.store.state.cards.find((c) => c.documentId === '234567BC')!.revoked = true;
    expect(await code('234567BC')).toBe('CARD_REVOKED');
    expect(await code('567890EF')).toBe('CARD_EXPIRED');
    const unknown = sim.deps.pki.card('999999ZZ', 'Senki Sem');
    expect(await code('123456AB', { certPem: unknown.certPem, keyPem: unknown.keyPem })).toBe('CARD_UNKNOWN');
    sim.deps.clock.set('2036-01-02T00:00:00Z');
    const s = await (async () => {
      const pkg = issueRequestPackage(sim.deps, { requester: 'E01620K' });
      return json(await postJson(sim, '/eid-server/sessions', { requestPackage: pkg.base64 }));
    })();
    expect((await json(await respond(sim, s.sessionId, cardAnswer(sim, '123456AB', s.challenge)))).code).toBe('CARD_CERTIFICATE_EXPIRED');
  });

  it('ends sessions with the request package, and after a reset forgets them', async () => {
    const sim = await testSimulator();
    const s = await session(sim);
    sim.deps.clock.advance(5 * 60_000);
    expect(await json(await respond(sim, s.sessionId, cardAnswer(sim, '123456AB', s.challenge)))).toMatchObject({ status: 400, code: 'EID_SESSION_EXPIRED' });
    const t = await session(sim);
    await postJson(sim, '/_sim/reset', { keepClock: true });
    expect((await json(await respond(sim, t.sessionId, cardAnswer(sim, '123456AB', t.challenge)))).code).toBe('EID_SESSION_UNKNOWN');
  });

  it('takes the validity of request package, session and rID package from the fixture setting eidPackageSeconds', async () => {
    const fixtures = loadDefaultFixtures();
    fixtures.settings = { ...fixtures.settings, eidPackageSeconds: 90 };
    const sim = await testSimulator({ fixtures });
    const pkg = issueRequestPackage(sim.deps, { requester: 'E01620K' });
    expect(pkg.notOnOrAfter.getTime() - sim.deps.clock.nowMs()).toBe(90_000);
    const opened = await json(await postJson(sim, '/eid-server/sessions', { requestPackage: pkg.base64 }));
    expect(Date.parse(opened.notOnOrAfter) - sim.deps.clock.nowMs()).toBe(90_000);
    const answer = await json(await respond(sim, opened.sessionId, cardAnswer(sim, '123456AB', opened.challenge)));
    expect(answer).toMatchObject({ issueInstant: '2026-03-02T08:00:00Z', notOnOrAfter: '2026-03-02T08:01:30Z' });
    const late = issueRequestPackage(sim.deps, { requester: 'E01620K' });
    sim.deps.clock.advance(90_000);
    const refused = await json(await postJson(sim, '/eid-server/sessions', { requestPackage: late.base64 }));
    expect(refused).toMatchObject({ status: 400, code: 'REQUEST_PACKAGE_EXPIRED' });
    expect(refused.detail).toContain('request packages are valid for 90 seconds');
  });
});
