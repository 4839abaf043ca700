import { beforeEach, describe, expect, it } from 'vitest';
import { testSimulator } from '../helpers/sim.js';
import type { Simulator } from '../../simulator/simulator.js';
import { cardIssueRequest } from '../../simulator/sts/sts-client.js';
import { createRidPackage } from '../../simulator/eid/rid-package.js';
import { ridOfCard } from '../../simulator/eid/sector-key.js';
import { recordCardActivation, EID_ACTIVATIONS_BUCKET } from '../../simulator/sts/card-activations.js';
import { SAML } from '../../simulator/saml/namespaces.js';
import { postSts, principalOf, refusal } from './sts-helpers.js';

const CONTEXT = { institutionId: 'E01620K', unitCode: '016200101' };

describe('STS: eID card login (rID package + username)', () => {
  let sim: Simulator;
  const now = (): Date => sim.deps.clock.now();
  const ridOf = (documentId: string): string => {
    const card = sim.deps.store.state.cards.find((c) => c.documentId === documentId);
    if (card === undefined) throw new Error(`no card ${documentId}`);
    return ridOfCard(card.ridSecret, sim.deps.pki.seed);
  };
  const pkg = (documentId: string, nonce = `nonce-${documentId}`, extra: Partial<Parameters<typeof createRidPackage>[0]> = {}): string =>
    createRidPackage({ rid: ridOf(documentId), requestNonce: nonce, issueInstant: now(), ...extra }, sim.deps.pki.eidServer);
  beforeEach(async () => {
    sim = await testSimulator();
  });

  it('issues a two-factor token when the card is activated for exactly that username', async () => {
    const answer = await postSts(sim, cardIssueRequest({ ...CONTEXT, username: 'O50123', ridPackageXml: pkg('123456AB'), now: now() }));
    expect(answer.status).toBe(200);
    expect(principalOf(sim, answer)).toMatchObject({ username: 'O50123', authMethod: 'card', roles: ['ORVOS'] });
    expect(answer.assertion).toContain(`<saml:AuthnContextClassRef>${SAML.acSmartcardPki}</saml:AuthnContextClassRef>`);
    expect(sim.deps.journal.list({ service: 'sts' }).at(-1)?.summary).toMatchObject({ method: 'card', username: 'O50123', outcome: 'issued' });
  });

  it('refuses a card that is not activated, and one activated for someone else', async () => {
    const notActivated = await postSts(sim, cardIssueRequest({ ...CONTEXT, username: 'O123456', ridPackageXml: pkg('234567BC'), now: now() }));
    expect(notActivated.fault?.subcode).toBe('wsse:FailedAuthentication');
    expect(refusal(notActivated)).toEqual({
      errorCode: 'CARD_NOT_ACTIVATED',
      message: 'the eID card presented is not activated for any EESZT user; `O123456` must activate it once at the Ágazati portál (Bejelentkezés -> Aktiválás, with the card and its PIN) before card logins succeed',
    });
    const other = await postSts(sim, cardIssueRequest({ ...CONTEXT, username: 'O123456', ridPackageXml: pkg('123456AB'), now: now() }));
    expect(refusal(other)).toEqual({
      errorCode: 'CARD_ACTIVATED_FOR_OTHER_USER',
      message: 'the eID card presented is activated for a different EESZT user, not for `O123456`; every user activates their own card at the Ágazati portál (Bejelentkezés -> Aktiválás)',
    });
  });

  it('accepts a card activated later through the portal (store bucket eid.activations)', async () => {
    recordCardActivation(sim.deps.store, ridOf('234567BC'), 'O123456', now());
    expect(sim.deps.store.bucket(EID_ACTIVATIONS_BUCKET).size).toBe(1);
    const answer = await postSts(sim, cardIssueRequest({ ...CONTEXT, username: 'O123456', ridPackageXml: pkg('234567BC'), now: now() }));
    expect(principalOf(sim, answer)).toMatchObject({ username: 'O123456', authMethod: 'card' });
  });

  it('uses an rID package once', async () => {
    const xml = pkg('123456AB', 'once');
    expect((await postSts(sim, cardIssueRequest({ ...CONTEXT, username: 'O50123', ridPackageXml: xml, now: now() }))).status).toBe(200);
    const again = await postSts(sim, cardIssueRequest({ ...CONTEXT, username: 'O50123', ridPackageXml: xml, now: now() }));
    expect(refusal(again)).toEqual({
      errorCode: 'REPLAYED',
      message: 'this rID package was already used at 2026-03-02T08:00:00.000Z; it is single-use: run the card authentication again for a new package',
    });
  });

  it('refuses an expired package, one for another audience, and one not signed by the eID server', async () => {
    const old = pkg('123456AB', 'old', { issueInstant: new Date(now().getTime() - 6 * 60_000) });
    const a = await postSts(sim, cardIssueRequest({ ...CONTEXT, username: 'O50123', ridPackageXml: old, now: now() }));
    expect(a.fault?.subcode).toBe('wst:ExpiredData');
    expect(refusal(a)).toEqual({
      errorCode: 'RID_PACKAGE_EXPIRED',
      message: 'the rID package expired at 2026-03-02T07:59:00.000Z (simulator clock 2026-03-02T08:00:00.000Z); rID packages are valid for a few minutes: run the card authentication again and send the new package at once',
    });
    const aud = await postSts(sim, cardIssueRequest({ ...CONTEXT, username: 'O50123', ridPackageXml: pkg('123456AB', 'aud', { audience: 'urn:other:sector' }), now: now() }));
    expect(refusal(aud).errorCode).toBe('RID_PACKAGE_AUDIENCE_MISMATCH');
    const forged = createRidPackage({ rid: ridOf('123456AB'), requestNonce: 'forged', issueInstant: now() }, sim.deps.pki.sts);
    const f = await postSts(sim, cardIssueRequest({ ...CONTEXT, username: 'O50123', ridPackageXml: forged, now: now() }));
    expect(refusal(f).errorCode).toBe('RID_PACKAGE_SIGNATURE_INVALID');
    const tampered = pkg('234567BC', 'tamper').replace(ridOf('234567BC'), ridOf('123456AB'));
    const t = await postSts(sim, cardIssueRequest({ ...CONTEXT, username: 'O50123', ridPackageXml: tampered, now: now() }));
    expect(refusal(t).errorCode).toBe('RID_PACKAGE_SIGNATURE_INVALID');
  });

  it('refuses a card login with a password as well, and one without a username', async () => {
    const xml = cardIssueRequest({ ...CONTEXT, username: 'O50123', ridPackageXml: pkg('123456AB', 'both'), now: now() }).replace(
      '<wsse:Username>O50123</wsse:Username>',
      '<wsse:Username>O50123</wsse:Username><wsse:Password>Aktiv-Orvos-1</wsse:Password>',
    );
    expect(refusal(await postSts(sim, xml)).errorCode).toBe('AUTHENTICATION_AMBIGUOUS');
    const noUser = cardIssueRequest({ ...CONTEXT, username: 'O50123', ridPackageXml: pkg('123456AB', 'nouser'), now: now() }).replace(/<wsse:UsernameToken>[\s\S]*<\/wsse:UsernameToken>/, '');
    expect(refusal(await postSts(sim, noUser)).errorCode).toBe('USERNAME_MISSING');
  });
});
