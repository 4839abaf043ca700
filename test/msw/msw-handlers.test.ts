/**
 * `eeszt-sim/msw` as a HIS team uses it: imported by package name, handlers in msw's
 * `setupServer`, no port and no child process. A HIS written against `fetch` logs in, gets a
 * signed token, calls a service and sees the role fault; `node:http` and the npm `soap` client
 * reach the same handlers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import { setupServer } from 'msw/node';
import * as soap from 'soap';
import { SignedXml } from 'xml-crypto';
import { DOMParser } from '@xmldom/xmldom';
import { createEesztHandlers, DEFAULT_MSW_BASE_URL, type EesztHandlers } from 'eeszt-sim/msw';
import { callService, discover, passwordLogin, type Login } from './fetch-his.js';

const NS_WSSE = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd';
const PATIENT = '123456788';
const START = '2026-03-02T08:00:00Z';

describe('eeszt-sim/msw: the simulator behind msw setupServer', () => {
  let env: EesztHandlers;
  let other: EesztHandlers;
  let server: ReturnType<typeof setupServer>;
  const seat = (user: string, institutionId: string, unit: string): Login => {
    const u = env.simulator.deps.store.loaded().users.find((x) => x.username === user);
    if (u === undefined) throw new Error(`no fixture user ${user}`);
    return { user, password: u.password, institutionId, unit };
  };

  beforeAll(async () => {
    env = await createEesztHandlers({ clock: { start: START, frozen: true } });
    other = await createEesztHandlers({ baseUrl: 'http://second.eeszt-sim.invalid', clock: { start: '2031-01-01T00:00:00Z', frozen: true } });
    server = setupServer(...env.handlers, ...other.handlers);
    server.listen({ onUnhandledRequest: 'error' });
  });
  afterAll(() => {
    server.close();
    env.close();
    other.close();
  });

  it('answers on an address no real server uses, and discovery points back at it', async () => {
    expect(env.baseUrl).toBe(DEFAULT_MSW_BASE_URL);
    expect(new URL(env.baseUrl).hostname.endsWith('.invalid')).toBe(true);
    const endpoints = await discover(env.baseUrl);
    expect(endpoints['sts']).toBe(`${env.baseUrl}/sts`);
    expect(endpoints['erecept']).toBe(`${env.baseUrl}/services/erecept`);
  });

  it('a fetch HIS gets a signed token, calls a service and sees the role fault', async () => {
    const endpoints = await discover(env.baseUrl);
    const nurse = seat('S12345', 'E01620K', '016200101');
    const login = await passwordLogin(endpoints['sts'] as string, nurse, new Date(START));
    expect(login.faultCode).toBeUndefined();
    expect(login.status).toBe(200);
    const assertion = login.assertion as string;
    // The token's XML signature verifies against the STS certificate (independently of the simulator's code).
    const doc = new DOMParser().parseFromString(assertion, 'text/xml') as unknown as Document;
    const signature = doc.getElementsByTagNameNS('http://www.w3.org/2000/09/xmldsig#', 'Signature').item(0);
    expect(signature).not.toBeNull();
    const verifier = new SignedXml({ publicCert: env.simulator.deps.pki.sts.certPem, getCertFromKeyInfo: () => null });
    verifier.loadSignature(signature as unknown as Node);
    expect(verifier.checkSignature(assertion)).toBe(true);
    // A tampered copy does not verify: the check above can fail.
    const tampered = assertion.replace('S12345', 'S99999');
    expect(tampered).not.toBe(assertion);
    const again = new SignedXml({ publicCert: env.simulator.deps.pki.sts.certPem, getCertFromKeyInfo: () => null });
    again.loadSignature(signature as unknown as Node);
    let verified: boolean;
    try {
      verified = again.checkSignature(tampered);
    } catch {
      verified = false;
    }
    expect(verified).toBe(false);

    const answer = await callService(endpoints['erecept'] as string, 'erecept', 'IssuePrescription', { Taj: PATIENT, Medication: 'Algopyrin 500 mg tabletta', Dosage: 'naponta 3x1' }, assertion);
    expect(answer.status).toBe(400);
    expect(answer.faultSide).toMatch(/:Sender$/);
    expect(answer.faultCode).toBe('ROLE_MISSING');
    expect(answer.text).toContain('016200101');

    // The journal of this environment saw both calls; the other environment saw none of them.
    const journal = (await (await fetch(`${env.baseUrl}/_sim/journal`)).json()) as { entries: Array<{ errorCode?: string; service: string }> };
    expect(journal.entries.some((e) => e.service === 'erecept' && e.errorCode === 'ROLE_MISSING')).toBe(true);
    const otherJournal = (await (await fetch(`${other.baseUrl}/_sim/journal`)).json()) as { entries: Array<{ service: string }> };
    expect(otherJournal.entries.some((e) => e.service === 'erecept')).toBe(false);
  });

  it('a wrong password is refused through msw as it would be over a socket', async () => {
    const endpoints = await discover(env.baseUrl);
    const login = await passwordLogin(endpoints['sts'] as string, { ...seat('S12345', 'E01620K', '016200101'), password: 'not-the-password' }, new Date(START));
    expect(login.assertion).toBeUndefined();
    expect(login.faultCode).toBe('PASSWORD_WRONG');
  });

  it('each call is its own environment: clock, journal and store are not shared', async () => {
    const clock = async (base: string): Promise<string> => ((await (await fetch(`${base}/_sim/clock`)).json()) as { now: string }).now;
    expect(await clock(env.baseUrl)).toBe('2026-03-02T08:00:00.000Z');
    expect(await clock(other.baseUrl)).toBe('2031-01-01T00:00:00.000Z');
    await fetch(`${other.baseUrl}/_sim/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ advance: '1h' }) });
    expect(await clock(other.baseUrl)).toBe('2031-01-01T01:00:00.000Z');
    expect(await clock(env.baseUrl)).toBe('2026-03-02T08:00:00.000Z');
    expect(env.simulator.deps.store).not.toBe(other.simulator.deps.store);
  });

  it('node:http clients reach the handlers', async () => {
    const body = await new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = http.request(`${env.baseUrl}/.well-known/eeszt-sim`, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      });
      req.on('error', reject);
      req.end();
    });
    expect(body.status).toBe(200);
    expect((JSON.parse(body.text) as { endpoints: Record<string, string> }).endpoints['sts']).toBe(`${env.baseUrl}/sts`);
  });

  it('the npm soap client loads the WSDL and gets the role fault through msw', async () => {
    const endpoints = await discover(env.baseUrl);
    const login = await passwordLogin(endpoints['sts'] as string, seat('S12345', 'E01620K', '016200101'), new Date(START));
    const client = await soap.createClientAsync(`${env.baseUrl}/services/erecept?wsdl`);
    client.addSoapHeader(`<wsse:Security xmlns:wsse="${NS_WSSE}">${login.assertion as string}</wsse:Security>`);
    const err = (await client.IssuePrescriptionAsync({ Taj: PATIENT, Medication: 'x', Dosage: 'y' }).then(
      () => undefined,
      (e: unknown) => e,
    )) as { root?: { Envelope?: { Body?: { Fault?: { Detail?: { Error?: { Code?: string } }; detail?: { Error?: { Code?: string } } } } } } } | undefined;
    const fault = err?.root?.Envelope?.Body?.Fault;
    expect(fault?.Detail?.Error?.Code ?? fault?.detail?.Error?.Code).toBe('ROLE_MISSING');
  });

  it('refuses a base URL with a path, with a code and what to do', async () => {
    await expect(createEesztHandlers({ baseUrl: 'http://eeszt-sim.invalid/api' })).rejects.toMatchObject({
      code: 'MSW_BASE_URL_INVALID',
      message: expect.stringContaining('give the origin only, e.g. http://eeszt-sim.invalid'),
    });
    await expect(createEesztHandlers({ baseUrl: 'ftp://eeszt-sim.invalid' })).rejects.toMatchObject({ code: 'MSW_BASE_URL_INVALID' });
  });

  it('refuses an invalid fixture set whole, naming the problem', async () => {
    await expect(createEesztHandlers({ fixtures: { formatVersion: 1 } })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });
});
