import { beforeEach, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testSimulator } from '../helpers/sim.js';
import type { Simulator } from '../../simulator/simulator.js';
import { passwordIssueRequest, validateRequest } from '../../simulator/sts/sts-client.js';
import { unlockAccount } from '../../simulator/sts/lockout.js';
import { SAML } from '../../simulator/saml/namespaces.js';
import { postSts, principalOf, refusal } from './sts-helpers.js';

const DOCTOR = { username: 'O50123', password: 'Aktiv-Orvos-1', institutionId: 'E01620K', unitCode: '016200101' };

describe('STS: password login', () => {
  let sim: Simulator;
  const now = (): Date => sim.deps.clock.now();
  beforeEach(async () => {
    sim = await testSimulator();
  });

  it('issues a signed SAML token for PasswordText (SOAP 1.2) with the user, context, roles and a 7-hour window', async () => {
    const answer = await postSts(sim, passwordIssueRequest({ ...DOCTOR, now: now() }));
    expect(answer.status).toBe(200);
    expect(answer.text).toContain('<wsa:Action>http://docs.oasis-open.org/ws-sx/ws-trust/200512/RSTRC/IssueFinal</wsa:Action>');
    const p = principalOf(sim, answer);
    expect(p).toMatchObject({ username: 'O50123', nameId: 'O50123', institutionId: 'E01620K', unitCode: '016200101', userKind: 'doctor', roles: ['ORVOS'], authMethod: 'password' });
    expect(p.notBefore.toISOString()).toBe('2026-03-02T08:00:00.000Z');
    expect(p.expiresAt.toISOString()).toBe('2026-03-02T15:00:00.000Z');
    expect(answer.assertion).toContain(`<saml:AuthnContextClassRef>${SAML.acPassword}</saml:AuthnContextClassRef>`);
    expect(answer.assertion).toContain('<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer">');
    expect(answer.assertion).toContain('<saml:Audience>urn:eeszt:services</saml:Audience>');
    expect(sim.deps.journal.list({ service: 'sts' }).at(-1)?.summary).toMatchObject({ operation: 'Issue', method: 'password', username: 'O50123', institutionId: 'E01620K', outcome: 'issued' });
  });

  it('accepts PasswordDigest with Nonce and Created, and SOAP 1.1 with SOAPAction', async () => {
    const digest = await postSts(sim, passwordIssueRequest({ ...DOCTOR, passwordType: 'digest', now: now() }));
    expect(principalOf(sim, digest).username).toBe('O50123');
    const v11 = await postSts(sim, passwordIssueRequest({ ...DOCTOR, version: '1.1', action: null, now: now() }), 'text/xml; charset=utf-8');
    expect(v11.status).toBe(200);
    expect(v11.text).toContain('<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"');
    expect(principalOf(sim, v11).unitCode).toBe('016200101');
  });

  it('gives a token that xmlsec1 --verify accepts with the STS certificate from discovery', async () => {
    const answer = await postSts(sim, passwordIssueRequest({ ...DOCTOR, now: now() }));
    const discovery = (await (await sim.app.request('/.well-known/eeszt-sim')).json()) as { certificates: { stsSigning: string } };
    const dir = mkdtempSync(join(tmpdir(), 'eeszt-sim-sts-'));
    writeFileSync(join(dir, 'assertion.xml'), answer.assertion ?? '');
    writeFileSync(join(dir, 'sts.pem'), discovery.certificates.stsSigning);
    const out = execFileSync(
      'xmlsec1',
      ['--verify', '--pubkey-cert-pem', join(dir, 'sts.pem'), '--id-attr:ID', 'urn:oasis:names:tc:SAML:2.0:assertion:Assertion', join(dir, 'assertion.xml')],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
    );
    expect(out).toBe('');
  });

  it('tells an unknown user from a wrong password, never echoing the password', async () => {
    const unknown = await postSts(sim, passwordIssueRequest({ ...DOCTOR, username: 'O99999', now: now() }));
    expect(unknown.status).toBe(400);
    expect(unknown.fault?.subcode).toBe('wsse:FailedAuthentication');
    expect(refusal(unknown)).toEqual({
      errorCode: 'USER_UNKNOWN',
      message: 'no EESZT user `O99999` exists in this simulator; check the username (usernames are case-sensitive) or load fixtures that define it (POST /_sim/fixtures)',
    });
    const wrong = await postSts(sim, passwordIssueRequest({ ...DOCTOR, password: 'Rossz-Jelszo-9', now: now() }));
    expect(refusal(wrong)).toEqual({
      errorCode: 'PASSWORD_WRONG',
      message: 'the password for `O50123` is wrong; check the password (wrong password 1 of 5 before the account locks for 30 minutes)',
    });
    expect(wrong.text).not.toContain('Rossz-Jelszo-9');
    const wrongDigest = await postSts(sim, passwordIssueRequest({ ...DOCTOR, password: 'Rossz-Jelszo-9', passwordType: 'digest', now: now() }));
    expect(refusal(wrongDigest).errorCode).toBe('PASSWORD_WRONG');
    expect(refusal(wrongDigest).message).toMatch(/^the PasswordDigest for `O50123` does not match its password/);
  });

  it('refuses usernames with a lower-case or unknown prefix, saying what to send', async () => {
    const lower = await postSts(sim, passwordIssueRequest({ ...DOCTOR, username: 'o50123', now: now() }));
    expect(refusal(lower)).toEqual({
      errorCode: 'IDENTIFIER_INVALID',
      message: 'username `o50123` has a lower-case prefix; usernames are case-sensitive and the prefix is always upper case: use `O50123`',
    });
    expect(lower.fault?.details).toMatchObject({ field: 'username' });
    const prefix = await postSts(sim, passwordIssueRequest({ ...DOCTOR, username: 'Q50123', now: now() }));
    expect(refusal(prefix).message).toMatch(/^username `Q50123` has an unknown prefix `Q`; use O \(doctor\)/);
  });

  it('refuses an institution id without its prefix and a unit that is not 9 digits', async () => {
    const bare = await postSts(sim, passwordIssueRequest({ ...DOCTOR, institutionId: '01620K', now: now() }));
    expect(refusal(bare)).toEqual({ errorCode: 'IDENTIFIER_INVALID', message: 'institution id `01620K` lacks the `E` prefix; use `E01620K` (or `P01620K` for an OGYEI-registered pharmacy)' });
    expect(bare.fault?.subcode).toBe('wst:InvalidRequest');
    const unit = await postSts(sim, passwordIssueRequest({ ...DOCTOR, unitCode: '01620010', now: now() }));
    expect(refusal(unit)).toEqual({ errorCode: 'IDENTIFIER_INVALID', message: 'organisational unit `01620010` has 8 digits; it must be the 9-digit ÁNTSZ/NNK permit code of the workstation' });
  });

  it('refuses a user who is not in the institution or not in the unit', async () => {
    const other = await postSts(sim, passwordIssueRequest({ username: 'O123456', password: 'Nem-Aktivalt-1', institutionId: 'E30217B', unitCode: '302170101', now: now() }));
    expect(other.status).toBe(400); // SOAP 1.2 Sender faults are 400 whatever the cause
    expect(other.fault?.subcode).toBe('wst:InvalidScope');
    expect(refusal(other)).toEqual({
      errorCode: 'NOT_MEMBER_OF_INSTITUTION',
      message: 'user `O123456` does not belong to institution `E30217B` (member of `E01620K`); ask for a token for an institution the user works at',
    });
    const unit = await postSts(sim, passwordIssueRequest({ ...DOCTOR, unitCode: '016200103', now: now() }));
    expect(refusal(unit)).toEqual({
      errorCode: 'NOT_MEMBER_OF_UNIT',
      message: 'user `O50123` is not assigned to organisational unit `016200103` of `E01620K` (assigned to `016200101`, `016200102`); users log in from the unit they work at',
    });
    const foreignUnit = await postSts(sim, passwordIssueRequest({ ...DOCTOR, unitCode: '302170101', now: now() }));
    expect(refusal(foreignUnit).errorCode).toBe('UNIT_NOT_IN_INSTITUTION');
    const unknownInst = await postSts(sim, passwordIssueRequest({ ...DOCTOR, institutionId: 'E999999', now: now() }));
    expect(refusal(unknownInst).errorCode).toBe('INSTITUTION_UNKNOWN');
  });

  it('refuses a replayed nonce', async () => {
    const xml = passwordIssueRequest({ ...DOCTOR, passwordType: 'digest', nonce: 'MTIzNDU2Nzg5MDEyMzQ1Ng==', now: now() });
    expect((await postSts(sim, xml)).status).toBe(200);
    const again = await postSts(sim, xml);
    expect(again.fault?.subcode).toBe('wsse:InvalidSecurity');
    expect(refusal(again)).toEqual({
      errorCode: 'REPLAYED',
      message: 'this UsernameToken nonce was already used at 2026-03-02T08:00:00.000Z; it is single-use: generate a fresh random nonce for every request',
    });
  });

  it('refuses a timestamp outside the allowed skew (±5 minutes by default)', async () => {
    const old = await postSts(sim, passwordIssueRequest({ ...DOCTOR, now: new Date(now().getTime() - 301_000) }));
    expect(old.fault?.subcode).toBe('wsse:MessageExpired');
    expect(refusal(old)).toEqual({
      errorCode: 'MESSAGE_EXPIRED',
      message:
        'wsu:Timestamp Created 2026-03-02T07:54:59.000Z is 301 s behind the simulator clock (2026-03-02T08:00:00.000Z); at most 300 s of skew are allowed: create a fresh timestamp for each request and synchronise the client clock with GET /_sim/clock',
    });
    const future = await postSts(sim, passwordIssueRequest({ ...DOCTOR, now: new Date(now().getTime() + 600_000) }));
    expect(refusal(future).errorCode).toBe('TIMESTAMP_IN_FUTURE');
    const within = await postSts(sim, passwordIssueRequest({ ...DOCTOR, now: new Date(now().getTime() - 299_000) }));
    expect(within.status).toBe(200);
  });

  it('locks the account after the configured number of wrong passwords; unlock by function or by time', async () => {
    sim = await testSimulator({ config: { lockoutThreshold: 3, lockoutMinutes: 10 } });
    const bad = (): Promise<Awaited<ReturnType<typeof postSts>>> => postSts(sim, passwordIssueRequest({ ...DOCTOR, password: 'nem-jo', now: now() }));
    await bad();
    await bad();
    const third = await bad();
    expect(refusal(third)).toEqual({
      errorCode: 'PASSWORD_WRONG',
      message:
        'the password for `O50123` is wrong; that was wrong password 3 of 3, so the account is now locked until 2026-03-02T08:10:00.000Z (unlock: POST /_sim/accounts/O50123/unlock)',
    });
    const locked = await postSts(sim, passwordIssueRequest({ ...DOCTOR, now: now() }));
    expect(locked.fault?.subcode).toBe("wsse:FailedAuthentication");
    expect(refusal(locked)).toEqual({
      errorCode: 'ACCOUNT_LOCKED',
      message: 'the account `O50123` is locked until 2026-03-02T08:10:00.000Z after 3 wrong passwords in a row; wait until then, or unlock it with POST /_sim/accounts/O50123/unlock',
    });
    expect(unlockAccount(sim.deps, 'O50123')).toEqual({ username: 'O50123', wasLocked: true, failedAttemptsCleared: 0 });
    expect((await postSts(sim, passwordIssueRequest({ ...DOCTOR, now: now() }))).status).toBe(200);
    // Lock again and unlock through the control API.
    for (let i = 0; i < 3; i++) await bad();
    const unlocked = await sim.app.request('/_sim/accounts/O50123/unlock', { method: 'POST' });
    expect(unlocked.status).toBe(200);
    expect(await unlocked.json()).toMatchObject({ username: 'O50123', wasLocked: true });
    expect((await postSts(sim, passwordIssueRequest({ ...DOCTOR, now: now() }))).status).toBe(200);
    const unknown = await sim.app.request('/_sim/accounts/o50123/unlock', { method: 'POST' });
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { code: string }).code).toBe('USER_UNKNOWN');
    // Lock again, then let the time pass.
    for (let i = 0; i < 3; i++) await bad();
    expect(refusal(await postSts(sim, passwordIssueRequest({ ...DOCTOR, now: now() }))).errorCode).toBe('ACCOUNT_LOCKED');
    sim.deps.clock.advance(10 * 60_000);
    expect((await postSts(sim, passwordIssueRequest({ ...DOCTOR, now: now() }))).status).toBe(200);
    expect(() => unlockAccount(sim.deps, 'o50123')).toThrow(/no user `o50123` exists/);
  });

  it('names the context that is missing, and the wrong token or key type', async () => {
    const xml = passwordIssueRequest({ ...DOCTOR, now: now() }).replace(/<wst:Claims[\s\S]*<\/wst:Claims>/, '');
    const missing = await postSts(sim, xml);
    expect(refusal(missing).errorCode).toBe('CONTEXT_MISSING');
    expect(refusal(missing).message).toMatch(/^the RequestSecurityToken names no context; every token is issued for one institution and organisational unit: add <wst:Claims Dialect="urn:eeszt-sim:claims">/);
    const tokenType = await postSts(sim, passwordIssueRequest({ ...DOCTOR, now: now() }).replace('#SAMLV2.0</wst:TokenType>', '#SAMLV1.1</wst:TokenType>'));
    expect(refusal(tokenType).errorCode).toBe('TOKEN_TYPE_UNSUPPORTED');
    const keyType = await postSts(sim, passwordIssueRequest({ ...DOCTOR, now: now() }).replace('200512/Bearer', '200512/PublicKey'));
    expect(refusal(keyType).errorCode).toBe('KEY_TYPE_UNSUPPORTED');
    const action = await postSts(sim, passwordIssueRequest({ ...DOCTOR, now: now(), action: 'http://docs.oasis-open.org/ws-sx/ws-trust/200512/RST/Renew' }));
    expect(refusal(action).errorCode).toBe('ACTION_MISMATCH');
    const noSecurity = await postSts(sim, passwordIssueRequest({ ...DOCTOR, now: now() }).replace(/<wsse:Security[\s\S]*<\/wsse:Security>/, ''));
    expect(refusal(noSecurity).errorCode).toBe('SECURITY_HEADER_MISSING');
  });

  it('issues tokens valid for 7 hours: refused after the clock moves 7 hours on', async () => {
    const answer = await postSts(sim, passwordIssueRequest({ ...DOCTOR, now: now() }));
    sim.deps.clock.advance(7 * 3600_000 - 1000);
    const stillGood = await postSts(sim, validateRequest({ assertionXml: answer.assertion ?? '', now: now() }), 'application/soap+xml; charset=utf-8');
    expect(stillGood.text).toContain('<wst:Code>http://docs.oasis-open.org/ws-sx/ws-trust/200512/status/valid</wst:Code>');
    sim.deps.clock.advance(1000);
    const expired = await postSts(sim, validateRequest({ assertionXml: answer.assertion ?? '', now: now() }), 'application/soap+xml; charset=utf-8');
    expect(expired.text).toContain('<wst:Code>http://docs.oasis-open.org/ws-sx/ws-trust/200512/status/invalid</wst:Code>');
    expect(expired.text).toMatch(/<wst:Reason>\[TOKEN_EXPIRED\] the SAML token _[0-9a-f]{32} of `O50123` expired at 2026-03-02T15:00:00.000Z \(simulator clock 2026-03-02T15:00:00.000Z\); tokens are valid for 420 minutes: get a new one from \/sts<\/wst:Reason>/);
  });

  it('takes the token lifetime from the configuration (fixtures settings or CLI)', async () => {
    sim = await testSimulator({ config: { tokenLifetimeMinutes: 60 } });
    const p = principalOf(sim, await postSts(sim, passwordIssueRequest({ ...DOCTOR, now: now() })));
    expect(p.expiresAt.toISOString()).toBe('2026-03-02T09:00:00.000Z');
  });
});
