/**
 * Property tests of the REST APIs (control, IAM and V-MÁTRIX, miniHIS, card client, portal, the
 * eID services) and of the certificate checks (the eID server's card certificate, the STS's
 * institutional certificate): random, near-valid and valid identifiers, dates, durations, serials
 * and certificates. Valid values are accepted; invalid ones are refused with problem JSON (or a
 * SOAP fault) carrying a code and a message; nothing is ever answered with a 5xx, and the
 * simulator still serves afterwards.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { json, postJson, testSimulator } from '../helpers/sim.js';
import { checkEmail, checkInstitutionId, checkPhoneNumber, checkUsername } from '../../simulator/identifiers/identifiers.js';
import { certificateIssueRequest, extractAssertion, passwordIssueRequest } from '../../simulator/sts/sts-client.js';
import { freshMobilTokenCode } from '../helpers/mobiltoken.js';
import { readAnswer, type Answer } from '../hostile/support.js';
import {
  anyText,
  digits,
  isCardDocumentId,
  isInstitutionId,
  isUsername,
  nearValid,
  notAString,
  runs,
  stringOf,
  validCardDocumentId,
  validInstitutionId,
  validUsername,
} from './support.js';
import { postRequestPackage, sectorUserHeaders, sectorUserOfInstitution } from '../helpers/eid.js';

const START = '2026-03-02T08:00:00.000Z';
const sim = await testSimulator();
afterAll(() => sim.close());

const fixtures = sim.deps.store.loaded();
const institutionIds = new Set(fixtures.institutions.map((i) => i.id));
const usernames = new Set(fixtures.users.map((u) => u.username));
const documentIds = new Set(fixtures.cards.map((c) => c.documentId));
/** Institutions with a natural-person user, who can be the HIS's configured sector user. */
const sectorUserInstitutions = new Set(
  [...institutionIds].filter((id) => {
    try {
      return sectorUserOfInstitution(fixtures, id) !== undefined;
    } catch {
      return false;
    }
  }),
);
const sectorUserAuthorization = (institutionId: string): Promise<Record<string, string>> => sectorUserHeaders(sim, institutionId);

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  const started = performance.now();
  const init: RequestInit = { method, headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers } };
  if (body !== undefined) init.body = JSON.stringify(body);
  return readAnswer(await sim.app.request(path, init), started);
}

/** Every answer: below 500; a refusal is problem JSON with a code and a message. */
function expectAnswered(a: Answer, what: string): void {
  expect(a.status, `${what} -> ${a.status} ${a.text.slice(0, 300)}`).toBeLessThan(500);
  if (a.status >= 400) {
    expect(a.contentType, what).toBe('application/problem+json');
    expect(a.code, what).toMatch(/^[A-Z][A-Z0-9_]+$/);
    expect(a.message.length, what).toBeGreaterThan(10);
  }
}

const stillServing = async (): Promise<void> => {
  expect((await sim.app.request('/.well-known/eeszt-sim')).status).toBe(200);
  expect((await call('GET', '/_sim/clock')).status).toBe(200);
};

// ---- durations and times -------------------------------------------------------------------------

const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
/** A valid duration and its milliseconds (docs/control-api.md: "7h", "90m", "1h30m", "-5m", "PT7H", or ms). */
const validDuration: fc.Arbitrary<[string | number, number]> = fc.oneof(
  fc.tuple(fc.integer({ min: 1, max: 10_000 }), fc.constantFrom(...(Object.keys(UNIT_MS) as Array<keyof typeof UNIT_MS>)), fc.boolean()).map(([n, u, neg]): [string, number] => [`${neg ? '-' : ''}${n}${u}`, (neg ? -1 : 1) * n * UNIT_MS[u]]),
  fc.tuple(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 59 })).map(([h, m]): [string, number] => [`${h}h${m}m`, h * 3_600_000 + m * 60_000]),
  fc.tuple(fc.integer({ min: 0, max: 30 }), fc.integer({ min: 1, max: 23 })).map(([d, h]): [string, number] => [`P${d}DT${h}H`, d * 86_400_000 + h * 3_600_000]),
  fc.integer({ min: -1_000_000_000, max: 1_000_000_000 }).map((n): [number, number] => [n, n]),
);
const wildDuration = fc.oneof(
  anyText,
  notAString,
  fc.double(),
  fc.constantFrom(1e300, -1e300, Number.MAX_VALUE, 8.64e15, -8.64e15, 1e16),
  fc.bigInt({ min: 10n ** 10n, max: 10n ** 30n }).map((n) => `${n}h`),
  fc.constantFrom('7', '7x', 'h', '-', '--5m', '5m5', 'PT', 'P', 'PT-1H', '1.5h', '١h', '7 h', '7H', 'P1Y', `${'9'.repeat(400)}d`),
);
const validInstant = fc.date({ min: new Date('0001-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true });
const wildInstant = fc.oneof(
  anyText,
  fc.double(),
  fc.constantFrom(8.64e15 + 1, -8.64e15 - 1, 1e300, Number.MAX_SAFE_INTEGER, '+275760-09-13T00:00:00.001Z', '10000-01-01T00:00:00Z', '-000001-01-01T00:00:00Z', '2026-02-30T08:00:00Z', '2026-13-01T08:00:00Z', '2026-03-02T24:00:00Z', '2026-03-02', '2026-03-02T08:00:00'),
);

describe('control API: clock', () => {
  it('advances by every valid duration, refuses everything else with a message, and is never broken by a value', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(validDuration.map((d) => ({ d, valid: true as const })), wildDuration.map((d) => ({ d: [d, 0] as [unknown, number], valid: false as const }))), async ({ d: [input, ms], valid }) => {
        await call('POST', '/_sim/clock', { set: START });
        const a = await call('POST', '/_sim/clock', { advance: input });
        expectAnswered(a, `advance ${JSON.stringify(input)}`);
        if (valid) {
          expect(a.status, a.text).toBe(200);
          expect(JSON.parse(a.text).epochMs).toBe(Date.parse(START) + ms);
        } else if (a.status !== 200) {
          expect(['DURATION_INVALID', 'CLOCK_REQUEST_INVALID']).toContain(a.code);
        }
        await stillServing();
      }),
      runs(250),
    );
    await call('POST', '/_sim/clock', { set: START });
  });

  it('is set to every valid time (years 0001-9999, ISO or epoch ms) and refuses other values', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(validInstant.map((d) => ({ v: fc.sample(fc.constantFrom(d.toISOString(), d.getTime()), 1)[0] as string | number, at: d.getTime() })), wildInstant.map((v) => ({ v, at: undefined }))), async ({ v, at }) => {
        const a = await call('POST', '/_sim/clock', { set: v });
        expectAnswered(a, `set ${JSON.stringify(v)}`);
        if (at !== undefined) {
          expect(a.status, a.text).toBe(200);
          expect(JSON.parse(a.text).epochMs).toBe(at);
        } else if (a.status !== 200) {
          expect(a.code).toBe('CLOCK_REQUEST_INVALID');
        }
        await stillServing();
      }),
      runs(250),
    );
    await call('POST', '/_sim/clock', { set: START });
  });
});

describe('control API: revocations, journal filters, runs', () => {
  it('revokes every hexadecimal serial, refuses others, and un-revokes', async () => {
    const hexSerial = fc.tuple(stringOf('0123456789abcdefABCDEF'.split(''), 1, 40), fc.boolean()).map(([h, colons]) => (colons ? (h.match(/.{1,2}/g) ?? [h]).join(':') : h));
    await fc.assert(
      fc.asyncProperty(fc.oneof(hexSerial, nearValid(hexSerial), anyText, notAString), anyText, async (serial, reason) => {
        const a = await call('POST', '/_sim/revocations', { serial, reason });
        expectAnswered(a, `revoke ${JSON.stringify(serial)}`);
        const valid = typeof serial === 'string' && /^[0-9a-fA-F:\s]+$/.test(serial) && /[0-9a-fA-F]/.test(serial);
        if (valid) {
          expect(a.status, a.text).toBe(201);
          const rec = JSON.parse(a.text) as { serialHex: string };
          expect(rec.serialHex).toMatch(/^[0-9a-f]+$/);
          expect((await call('DELETE', `/_sim/revocations/${rec.serialHex}`)).status).toBe(200);
        } else {
          expect(a.status).toBe(400);
        }
        const d = await call('DELETE', `/_sim/revocations/${encodeURIComponent(typeof serial === 'string' ? serial : JSON.stringify(serial) ?? 'x')}`);
        expectAnswered(d, `unrevoke ${JSON.stringify(serial)}`);
      }),
      runs(200),
    );
  });

  it('answers any journal filter', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(anyText, digits(1, 20), fc.constantFrom('0', '-1', '1e3', '1.5', '99999999999999999999')), fc.oneof(anyText, fc.constantFrom(START, '0', '99999999999999999999', '2026-02-30')), async (limit, since) => {
        const a = await call('GET', `/_sim/journal?limit=${encodeURIComponent(limit)}&since=${encodeURIComponent(since)}&service=${encodeURIComponent(limit)}`);
        expectAnswered(a, `journal ${limit} ${since}`);
      }),
      runs(150),
    );
  });

  it('creates runs for valid clock starts and refuses bad ones', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(validInstant.map((d) => d.toISOString()), wildInstant), async (start) => {
        const a = await call('POST', '/_sim/runs', { clock: { start, frozen: true } });
        expectAnswered(a, `run at ${JSON.stringify(start)}`);
        if (a.status === 201) {
          const run = JSON.parse(a.text) as { id: string; basePath: string };
          expect((await call('GET', `${run.basePath}/_sim/clock`)).status).toBe(200);
          expect((await call('DELETE', `/_sim/runs/${run.id}`)).status).toBe(200);
        }
      }),
      runs(60),
    );
  });
});

// ---- identifiers at the JSON services ----------------------------------------------------------------

describe('eID request service: institutionId', () => {
  it('issues a package for every known institution, says unknown for valid unknown ids, and refuses invalid ids with the identifier rule', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.constantFrom(...institutionIds), validInstitutionId, nearValid(validInstitutionId), anyText, notAString), async (id) => {
        // The HIS's configured sector user of the named institution asks (of the main hospital when the id names none with one).
        const asker = typeof id === 'string' && sectorUserInstitutions.has(id) ? id : 'E01620K';
        const a = await call('POST', '/eid/request-package', { institutionId: id }, await sectorUserAuthorization(asker));
        expectAnswered(a, `institutionId ${JSON.stringify(id)}`);
        if (id === undefined || (typeof id === 'string' && sectorUserInstitutions.has(id))) expect(a.status).toBe(201); // no id: the token names the institution
        else if (typeof id === 'string' && institutionIds.has(id)) expect(a.code).toBe('REQUESTER_MISMATCH'); // no sector user there to ask
        else if (typeof id === 'string' && isInstitutionId(id)) expect(a.code).toBe('INSTITUTION_UNKNOWN');
        else if (typeof id === 'string' && id !== '') {
          expect(a.code).toBe('IDENTIFIER_INVALID');
          const rule = checkInstitutionId(id);
          expect(rule.ok).toBe(false);
          if (!rule.ok) expect(a.message).toBe(rule.message);
        } else expect(a.status).toBe(400);
      }),
      runs(200),
    );
  });
});

describe('Ágazati portál: activation username', () => {
  it('starts an activation for every known user, refuses unknown and invalid usernames precisely', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.constantFrom(...usernames), validUsername, nearValid(validUsername), anyText, notAString), async (username) => {
        const code = await json(await sim.app.request('/portal/activation/check-code'));
        const a = await call('POST', '/portal/activations', { username, checkCodeId: code.checkCodeId, checkCode: code.checkCode });
        expectAnswered(a, `username ${JSON.stringify(username)}`);
        if (typeof username === 'string' && usernames.has(username)) expect(a.status).toBe(201);
        else if (typeof username === 'string' && isUsername(username)) expect(a.code).toBe('USER_UNKNOWN');
        else if (typeof username === 'string' && username !== '') {
          expect(a.code).toBe('IDENTIFIER_INVALID');
          const rule = checkUsername(username);
          if (!rule.ok) expect(a.message).toBe(rule.message);
        } else expect(a.status).toBe(400);
      }),
      runs(150),
    );
  });

  it('refuses any wrong check code', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(anyText, notAString, digits(1, 10)), fc.oneof(anyText, notAString), async (checkCode, checkCodeId) => {
        const a = await call('POST', '/portal/activations', { username: 'O123456', checkCodeId, checkCode });
        expectAnswered(a, `check code ${JSON.stringify(checkCode)}`);
        expect(a.status).toBeGreaterThanOrEqual(400);
      }),
      runs(100),
    );
  });
});

describe('card client: card document ids', () => {
  it('inserts every card of the fixtures, says unknown for others, refuses malformed ids', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.constantFrom(...documentIds), validCardDocumentId, nearValid(validCardDocumentId), anyText, notAString), async (documentId) => {
        const a = await call('POST', '/card-client/readers/0/card', { documentId });
        expectAnswered(a, `documentId ${JSON.stringify(documentId)}`);
        if (typeof documentId === 'string' && documentIds.has(documentId)) {
          expect([200, 201], a.text).toContain(a.status);
          expect((await call('DELETE', '/card-client/readers/0/card')).status).toBe(200);
        } else {
          expect(a.status).toBeGreaterThanOrEqual(400);
          if (typeof documentId === 'string' && !isCardDocumentId(documentId) && a.status === 400) expect(a.message.length).toBeGreaterThan(10);
        }
      }),
      runs(150),
    );
  });

  it('answers any cardholder script', async () => {
    const step = fc.oneof(fc.record({ pin: fc.oneof(digits(6), anyText) }), fc.record({ can: digits(0, 8) }), fc.record({ waitSeconds: fc.oneof(fc.double(), fc.integer()) }), fc.dictionary(anyText, fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }), fc.jsonValue({ maxDepth: 2 }));
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.record({ mode: fc.constantFrom('scripted', 'interactive', 'other', ''), steps: fc.array(step, { maxLength: 5 }) }, { requiredKeys: [] }), fc.jsonValue({ maxDepth: 3 })), async (body) => {
        expectAnswered(await call('PUT', '/card-client/cardholder', body), `cardholder ${JSON.stringify(body).slice(0, 100)}`);
      }),
      runs(150),
    );
    expect((await call('PUT', '/card-client/cardholder', { mode: 'interactive' })).status).toBe(200);
  });
});

describe('IAM and V-MÁTRIX admin API', () => {
  const ADMIN = { username: 'X23456', password: 'Jogosultsag-Admin-1', institutionId: 'E01620K', unitCode: '016200101' };
  let auth: Record<string, string> = {};
  const authed = async (): Promise<Record<string, string>> => {
    if (auth.authorization === undefined) {
      const res = await sim.app.request('/sts', { method: 'POST', headers: { 'content-type': 'application/soap+xml' }, body: passwordIssueRequest({ ...ADMIN, mobilTokenCode: freshMobilTokenCode(sim, ADMIN.username), now: sim.deps.clock.now() }) });
      auth = { authorization: `SAML ${Buffer.from(extractAssertion(await res.text())).toString('base64')}` };
    }
    return auth;
  };

  it('answers any look-up query', async () => {
    const headers = await authed();
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('users', 'institutions', 'units'), fc.oneof(anyText, validUsername, validInstitutionId, fc.string({ minLength: 65, maxLength: 300 })), async (kind, q) => {
        expectAnswered(await call('GET', `/iam/api/lookup/${kind}?q=${encodeURIComponent(q)}`, undefined, headers), `lookup ${kind} ${JSON.stringify(q)}`);
      }),
      runs(150),
    );
  });

  it('grants a V-MÁTRIX role to members of the unit, and refuses bad usernames, roles and units precisely', async () => {
    const headers = await authed();
    const catalogue = (await json(await sim.app.request('/iam/api/vmatrix/roles', { headers }))).roles as Array<{ name: string; prefixes: string[] }>;
    const roles = catalogue.map((r) => r.name);
    const fits = (username: string, role: string): boolean => catalogue.some((r) => r.name === role && (r.prefixes.length === 0 || r.prefixes.includes(username[0] ?? '')));
    const members = fixtures.users.filter((u) => u.memberships.some((m) => m.institutionId === 'E01620K' && m.units.includes('016200101'))).map((u) => u.username);
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.constantFrom(...members), validUsername, nearValid(validUsername), anyText, notAString),
        fc.oneof(fc.constantFrom(...roles), anyText, notAString),
        fc.oneof(fc.constant('016200101'), digits(9), anyText.filter((s) => s.length > 0)),
        async (username, role, unit) => {
          const a = await call('POST', `/iam/api/vmatrix/units/${encodeURIComponent(unit)}/grants`, { username, role }, headers);
          expectAnswered(a, `grant ${JSON.stringify({ username, role, unit })}`);
          if (unit === '016200101' && typeof username === 'string' && members.includes(username) && typeof role === 'string' && fits(username, role)) {
            expect([200, 201], a.text).toContain(a.status);
          }
          if (typeof username !== 'string' || typeof role !== 'string' || username.length > 32 || role.length > 64) {
            // JSON types and lengths are the body schema's (simulator/vmatrix/vmatrix-app.ts): refused field by field before any identifier rule
            expect(a.code, a.text).toBe('BODY_INVALID');
          } else if (unit === '016200101' && username !== '' && !isUsername(username)) {
            expect(a.code).toBe('IDENTIFIER_INVALID');
            const rule = checkUsername(username);
            if (!rule.ok) expect(a.message).toContain(rule.message);
          }
        },
      ),
      runs(150),
    );
  });
});

describe('miniHIS', () => {
  it('answers any institution look-up and any login form without a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(anyText, validInstitutionId, digits(6), fc.string({ minLength: 65, maxLength: 200 })), async (q) => {
        expectAnswered(await call('GET', `/minihis/api/lookup/institutions?q=${encodeURIComponent(q)}`), `lookup ${JSON.stringify(q)}`);
      }),
      runs(100),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.record({ institutionPick: fc.oneof(anyText, notAString), unitPick: fc.oneof(anyText, notAString), username: fc.oneof(validUsername, nearValid(validUsername), anyText, notAString), mobilTokenCode: fc.oneof(digits(6), anyText, notAString), ridPackage: fc.oneof(anyText, notAString) }, { requiredKeys: [] }),
        async (form) => {
          const a = await call('POST', '/minihis/api/login', form);
          expectAnswered(a, `login ${JSON.stringify(form).slice(0, 200)}`);
          expect(a.status).toBeGreaterThanOrEqual(400);
        },
      ),
      runs(150),
    );
  });

  it('saves a configuration with every valid phone number and e-mail address, and refuses invalid ones field by field', async () => {
    // log in as O50123 at 016200101 (mobilToken code at the simulator clock), accept the ÁSZF
    const inst = (await json(await sim.app.request('/minihis/api/lookup/institutions?q=01620K'))).matches[0].pick as string;
    const unit = (await json(await sim.app.request(`/minihis/api/lookup/units?institution=${inst}&q=016200101`))).matches[0].pick as string;
    const code = (await json(await sim.app.request('/_sim/mobiltoken/O50123'))).mobilTokenCode as string;
    const login = await json(await postJson(sim, '/minihis/api/login', { institutionPick: inst, unitPick: unit, username: 'O50123', mobilTokenCode: code }));
    const headers = { authorization: `Bearer ${login.sessionToken as string}` };
    await call('POST', '/minihis/api/terms', { accept: true }, headers);
    const config = (phone: unknown, email: unknown): Record<string, unknown> => ({
      institutionId: '01620K',
      providerCode: '016200101',
      contact: { phone, email, visible: true },
      careType: 'jarobeteg-szakellatas',
      referralInstitutionType: 'nem-finanszirozott',
      prescriptionCategory: 'jarobeteg-szakrendeles',
      prescriptionCertificateFormat: 'a4',
    });
    const phone = fc.tuple(fc.boolean(), digits(8, 15)).map(([plus, d]) => `${plus ? '+' : ''}${d}`);
    const email = fc.tuple(stringOf('abcdefghijklmnopqrstuvwxyz0123456789._'.split(''), 1, 12).filter((s) => !s.startsWith('.') && !s.endsWith('.') && !s.includes('..')), stringOf('abcdefghijklmnopqrstuvwxyz'.split(''), 1, 10), fc.constantFrom('hu', 'com', 'eu')).map(([l, d, t]) => `${l}@${d}.${t}`);
    await fc.assert(
      fc.asyncProperty(fc.oneof(phone, nearValid(phone), anyText, notAString), fc.oneof(email, nearValid(email), anyText, notAString), async (p, e) => {
        const a = await call('POST', '/minihis/api/configuration', config(p, e), headers);
        expectAnswered(a, `configuration ${JSON.stringify({ p, e })}`);
        const ok = checkPhoneNumber(p).ok && checkEmail(e).ok;
        expect(a.status === 200 || a.status === 201, `${JSON.stringify({ p, e })}: ${a.status} ${a.text.slice(0, 300)}`).toBe(ok);
        if (!ok) expect(a.text).toMatch(/contact\.(phone|email)/);
      }),
      runs(150),
    );
  });
});

// ---- certificates ------------------------------------------------------------------------------------

const b64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64');
const derOf = (pem: string): Uint8Array => new Uint8Array(Buffer.from(pem.replace(/-----[^-]+-----|\s/g, ''), 'base64'));

/** Near-valid certificates: a real DER certificate with a byte flipped, cut short, extended, spliced; or junk. */
function mutatedCertificate(der: Uint8Array): fc.Arbitrary<string> {
  const flip = fc.tuple(fc.nat({ max: der.length - 1 }), fc.integer({ min: 1, max: 255 })).map(([i, x]) => {
    const c = der.slice();
    c[i] = (c[i] ?? 0) ^ x;
    return b64(c);
  });
  const cut = fc.nat({ max: der.length - 1 }).map((n) => b64(der.slice(0, n)));
  const extend = fc.uint8Array({ minLength: 1, maxLength: 64 }).map((extra) => b64(new Uint8Array([...der, ...extra])));
  const splice = fc.tuple(fc.nat({ max: der.length - 1 }), fc.uint8Array({ minLength: 1, maxLength: 32 })).map(([i, junk]) => {
    const c = der.slice();
    c.set(junk.slice(0, der.length - i), i);
    return b64(c);
  });
  const junk = fc.uint8Array({ maxLength: 600 }).map(b64);
  const text = fc.oneof(anyText, fc.constant(Buffer.from(der).toString('hex')), fc.constant(`-----BEGIN CERTIFICATE-----\n${b64(der)}\n-----END CERTIFICATE-----`));
  return fc.oneof(flip, cut, extend, splice, junk, text);
}

describe('certificates', () => {
  it('the eID server refuses every near-valid card certificate with a code', async () => {
    const der = derOf(sim.deps.pki.card('123456AB').certPem);
    await fc.assert(
      fc.asyncProperty(mutatedCertificate(der), fc.uint8Array({ maxLength: 64 }).map(b64), async (certificate, signature) => {
        const pkg = await json(await postRequestPackage(sim, { institutionId: 'E01620K' }));
        const session = await json(await postJson(sim, '/eid-server/sessions', { requestPackage: pkg.requestPackage }));
        const a = await call('POST', `/eid-server/sessions/${session.sessionId as string}/response`, { certificate, signature, rid: b64(new Uint8Array(32)) });
        expectAnswered(a, `card certificate ${certificate.slice(0, 60)}`);
        expect(a.status).toBeGreaterThanOrEqual(400);
      }),
      runs(120),
    );
  });

  it('the STS refuses every near-valid institutional certificate with a fault code', async () => {
    const credential = sim.deps.pki.institution('E30217B');
    const der = derOf(credential.certPem);
    const signed = certificateIssueRequest({ institutionId: 'E30217B', unitCode: '302170101', credential, now: sim.deps.clock.now() });
    const original = b64(der);
    expect(signed).toContain(original);
    await fc.assert(
      fc.asyncProperty(mutatedCertificate(der), async (certificate) => {
        const started = performance.now();
        const res = await sim.app.request('/sts', { method: 'POST', headers: { 'content-type': 'application/soap+xml' }, body: signed.replace(original, certificate.replace(/[<&]/g, '')) });
        const a = await readAnswer(res, started);
        expect(a.code, a.text.slice(0, 300)).toMatch(/^(CERTIFICATE_[A-Z_]+|SIGNATURE_INVALID|INSTITUTION_CERTIFICATE_NOT_ENABLED|XML_MALFORMED)$/);
        expect(a.status).toBe(400);
      }),
      runs(120),
    );
  });
});
