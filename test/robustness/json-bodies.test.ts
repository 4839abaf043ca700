/**
 * Issue 15 item 12 for every JSON endpoint: each POST/PUT/PATCH route of every app declares its
 * body for the one validator (simulator/core/body-schema.ts), and each is sent hostile bodies —
 * not an object, an unknown field, and type confusion field by field ("true" for a boolean, "3"
 * for a number, 1e400, an array for a string, a missing required field). Every refusal is a 400
 * with the endpoint's code and a field-level error (path, kind, what was expected and received),
 * a secret is never echoed, and nothing changed: fixtures' working copy, every store bucket, the
 * clock, the runs and the card client's readers and cardholder are as before.
 *
 * The route list is read from the composed apps, so a new JSON endpoint without a body
 * declaration, or without a row in the table below, fails here.
 */
import { createHash } from 'node:crypto';
import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bodyDeclarationOf, type BodyDeclaration } from '../../simulator/core/body-schema.js';
import type { SimHonoEnv } from '../../simulator/core/deps.js';
import { errorText } from '../../simulator/core/error-catalogue.js';
import { mountRunsApi } from '../../simulator/control/runs.js';
import { createEnvironmentApp } from '../../simulator/environment.js';
import { withRealFactories } from '../../simulator/core/lazy-module.js';
import type { ServiceModule } from '../../simulator/core/deps.js';
import type { Simulator } from '../../simulator/simulator.js';
import { json, testSimulator } from '../helpers/sim.js';
import { bearer, GOOD_CONFIGURATION, logIn, postAs } from '../minihis/helpers.js';
import { samlAuthorization, userToken } from '../services/support/service-client.js';

const MUTATING = ['POST', 'PUT', 'PATCH'];

/** Routes whose body is not JSON, and what covers them instead. */
const NOT_JSON: ReadonlyArray<readonly [RegExp, string]> = [
  [/^POST \/sts$/, 'SOAP (WS-Trust): test/hostile/xml-attacks.test.ts'],
  [/^POST \/services\/[a-z]+$/, 'SOAP business services: test/hostile/xml-attacks.test.ts, test/services'],
  [/^POST \/ekapu\/connection-check$/, 'a signed PKCS#7 file: test/clients'],
];

let sim: Simulator;
let admin: Record<string, string>;
let miniHis: Record<string, string>;
let documentId: string;

/** The modules with the real factories of the lazily mounted ones (their routes are read here). */
let modules: ServiceModule[];
beforeAll(async () => {
  sim = await testSimulator();
  modules = await withRealFactories(sim.modules);
  admin = samlAuthorization(await userToken(sim, { username: 'X23456', institutionId: 'E01620K', unitCode: '016200101' }));
  // A doctor with the miniHIS setup done up to the OJOTE step, so every miniHIS route reaches its body.
  const { token } = await logIn(sim, 'O50123');
  miniHis = bearer(token);
  expect((await postAs(sim, token, '/minihis/api/terms', { accept: true })).status).toBe(200);
  expect((await postAs(sim, token, '/minihis/api/configuration', { ...GOOD_CONFIGURATION, prescriptionCertificateFormat: 'a5' })).status).toBe(201);
  expect((await postAs(sim, token, '/minihis/api/user-data', { email: 'user@rendelo.example', nameInCare: 'Teszt Elek', specialties: ['belgyógyászat'] })).status).toBe(201);
  documentId = sim.deps.store.state.cards[0]!.documentId;
  // The admin's token checked once, as every admin session does first: the token verdict cache
  // (simulator/token/verdict-cache.ts) keeps its epoch in the store from its first use on, which is
  // not a change a refused body may be blamed for.
  expect((await sim.app.request('/iam/api/records', { headers: admin })).status).toBe(200);
});
afterAll(() => sim.close());

/** Every mutating route of an app with its body declaration (undefined: none), keyed `METHOD /path`. */
function routesOf(app: Hono<SimHonoEnv>, prefix = ''): Map<string, BodyDeclaration<unknown> | undefined> {
  const out = new Map<string, BodyDeclaration<unknown> | undefined>();
  for (const r of app.routes) {
    if (!MUTATING.includes(r.method)) continue;
    const key = `${r.method} ${prefix}${r.path === '/' && prefix !== '' ? '' : r.path}`;
    out.set(key, out.get(key) ?? bodyDeclarationOf(r.handler));
  }
  return out;
}

/** The declarations of every app the simulator composes: the environment, the runs API, and each module's own app. */
function allRoutes(): Map<string, BodyDeclaration<unknown> | undefined> {
  const composed = routesOf(createEnvironmentApp(sim.deps, modules, (app) => mountRunsApi(app, sim.runs)));
  // A module app with its own error handler (the card client) is wrapped when mounted: read its own routes too.
  for (const m of modules) {
    for (const [key, declaration] of routesOf(m.create(sim.deps), m.mount)) if (declaration !== undefined && composed.has(key)) composed.set(key, composed.get(key) ?? declaration);
  }
  return composed;
}

/** A hostile body, the field the refusal must name, the kind of problem, and words the message must hold. */
type Case = readonly [body: string, path: string, code: 'FIELD_INVALID' | 'FIELD_MISSING' | 'FIELD_UNKNOWN', words: string];

interface Row {
  path: () => string;
  headers?: () => Record<string, string>;
  cases: Case[];
  /** The body may be an array (fault rules): skip the top-level `[]` case. */
  arrayAllowed?: boolean;
  /** The content is checked by a validator of its own after the schema (fixture sets): skip the unknown-field case. */
  contentCheckedElsewhere?: boolean;
  /** Values of these cases must not appear in the answer. */
  secret?: string[];
}

const NOT_OBJECTS: Case[] = ['null', '"x"', '42', '1e400', 'true', '[]'].map((b) => [b, '(body)', 'FIELD_INVALID', 'expected an object, got'] as const);
const UNKNOWN: Case = ['{"zzExtra":1}', 'zzExtra', 'FIELD_UNKNOWN', 'unknown field'];
const long = (n: number): string => 'x'.repeat(n);

const TABLE: Record<string, Row> = {
  'POST /_sim/reset': { path: () => '/_sim/reset', cases: [['{"keepJournal":"false"}', 'keepJournal', 'FIELD_INVALID', 'expected a boolean (true or false, not a string), got the string "false"']] },
  'POST /_sim/fixtures': { path: () => '/_sim/fixtures', cases: [], contentCheckedElsewhere: true },
  'POST /_sim/clock': {
    path: () => '/_sim/clock',
    cases: [
      ['{"freeze":"true"}', 'freeze', 'FIELD_INVALID', 'expected a boolean'],
      ['{"set":1e400}', 'set', 'FIELD_INVALID', 'parses as infinite'],
    ],
  },
  'POST /_sim/revocations': {
    path: () => '/_sim/revocations',
    cases: [
      ['{"reason":"keyCompromise"}', 'serial', 'FIELD_MISSING', 'required: a string'],
      ['{"serial":123}', 'serial', 'FIELD_INVALID', 'got the number 123'],
    ],
  },
  'POST /_sim/faults': {
    path: () => '/_sim/faults',
    arrayAllowed: true,
    cases: [
      ['{"service":"sts","fault":"delay","delayMs":"1500"}', 'delayMs', 'FIELD_INVALID', 'expected a whole number from 0 to 120000 (a JSON number, not text), got the string "1500"'],
      ['{"service":"sts","fault":"boom"}', 'fault', 'FIELD_INVALID', 'expected one of "delay", "status", "soap-fault", "drop", "malformed"'],
      ['{"rules":[{"service":"sts","fault":"drop","times":1.5}]}', 'rules[0].times', 'FIELD_INVALID', 'got the number 1.5'],
      ['[{"service":"sts"}]', '[0].fault', 'FIELD_MISSING', 'required'],
      ['[1]', '[0]', 'FIELD_INVALID', 'expected an object, got the number 1'],
    ],
  },
  'POST /_sim/accounts/:username/unlock': { path: () => '/_sim/accounts/O50123/unlock', cases: [] },
  'POST /_sim/runs': { path: () => '/_sim/runs', cases: [['{"clock":{"frozen":"false"}}', 'clock.frozen', 'FIELD_INVALID', 'got the string "false"']] },
  'POST /iam/api/records': {
    path: () => '/iam/api/records',
    headers: () => admin,
    cases: [
      ['{"partner":"1","system":1}', 'partner', 'FIELD_INVALID', 'expected a whole number from 1 to 9999 (a JSON number, not text), got the string "1"'],
      ['{"partner":1,"system":1e400}', 'system', 'FIELD_INVALID', 'parses as infinite'],
      ['{"partner":1,"system":1,"userPick":7}', 'userPick', 'FIELD_INVALID', 'expected a string'],
    ],
  },
  'POST /iam/api/records/:id/roles/move': {
    path: () => '/iam/api/records/x/roles/move',
    headers: () => admin,
    cases: [
      ['{"role":"ORVOS","direction":"up"}', 'direction', 'FIELD_INVALID', 'expected one of "in", "out"'],
      ['{"direction":"in"}', 'role', 'FIELD_MISSING', 'required'],
      ['{"role":["ORVOS"],"direction":"in"}', 'role', 'FIELD_INVALID', 'got an array'],
    ],
  },
  'POST /iam/api/records/:id/roles/save': { path: () => '/iam/api/records/x/roles/save', headers: () => admin, cases: [] },
  'POST /iam/api/vmatrix/units/:unit/grants': {
    path: () => '/iam/api/vmatrix/units/016200102/grants',
    headers: () => admin,
    cases: [
      ['{"username":"O83456"}', 'role', 'FIELD_MISSING', 'required'],
      ['{"username":83456,"role":"ORVOS"}', 'username', 'FIELD_INVALID', 'got the number 83456'],
    ],
  },
  'POST /eid/request-package': {
    path: () => '/eid/request-package',
    cases: [
      ['{"institutionId":["E01620K"]}', 'institutionId', 'FIELD_INVALID', 'got an array'],
      ['{"institutionId":"E01620K","purpose":true}', 'purpose', 'FIELD_INVALID', 'got a boolean'],
    ],
  },
  'POST /eid-server/sessions': { path: () => '/eid-server/sessions', cases: [['{"requestPackage":{}}', 'requestPackage', 'FIELD_INVALID', 'got an object']] },
  'POST /eid-server/sessions/:id/response': {
    path: () => '/eid-server/sessions/x/response',
    cases: [
      ['{"certificate":"AA==","signature":"AA=="}', 'rid', 'FIELD_MISSING', 'required'],
      ['{"certificate":1,"signature":"AA==","rid":"AA=="}', 'certificate', 'FIELD_INVALID', 'got the number 1'],
    ],
  },
  'POST /eid-server/sessions/:id/readout': { path: () => '/eid-server/sessions/x/readout', cases: [['{"certificate":"AA==","personalData":false,"signature":"AA=="}', 'personalData', 'FIELD_INVALID', 'got a boolean']] },
  'POST /card-client/authenticate': {
    path: () => '/card-client/authenticate',
    cases: [
      ['{"requestPackage":"x","reader":"0"}', 'reader', 'FIELD_INVALID', 'expected a whole number from 0 to 999999 (a JSON number, not text), got the string "0"'],
      ['{"requestPackage":"x","cardholder":{"pin":"123456"}}', 'cardholder', 'FIELD_INVALID', 'got an object'],
    ],
  },
  'POST /card-client/readout': { path: () => '/card-client/readout', cases: [['{"reader":-1}', 'reader', 'FIELD_INVALID', 'got the number -1']] },
  'POST /card-client/change-pin': { path: () => '/card-client/change-pin', cases: [['{"cardholder":"135790"}', 'cardholder', 'FIELD_INVALID', 'not shown']], secret: ['135790'] },
  'POST /card-client/unblock': { path: () => '/card-client/unblock', cases: [['{"setNewPin":"true"}', 'setNewPin', 'FIELD_INVALID', 'got the string "true"']] },
  'POST /card-client/readers': {
    path: () => '/card-client/readers',
    cases: [
      ['{"pinPad":"yes"}', 'pinPad', 'FIELD_INVALID', 'expected a boolean'],
      [`{"name":"${long(81)}"}`, 'name', 'FIELD_INVALID', 'expected a string of at most 80 characters, got the string'],
    ],
  },
  'POST /card-client/readers/:id/card': {
    path: () => '/card-client/readers/0/card',
    cases: [
      ['{}', 'documentId', 'FIELD_MISSING', 'required'],
      ['{"documentId":123456}', 'documentId', 'FIELD_INVALID', 'got the number 123456'],
    ],
  },
  'PUT /card-client/cardholder': {
    path: () => '/card-client/cardholder',
    cases: [
      ['{"mode":"robot"}', 'mode', 'FIELD_INVALID', 'expected one of "scripted", "interactive"'],
      ['{"mode":"scripted","steps":"pin"}', 'steps', 'FIELD_INVALID', 'expected an array'],
    ],
  },
  'POST /card-client/prompts/:id/answer': { path: () => '/card-client/prompts/1/answer', cases: [['{"pin":246813}', 'pin', 'FIELD_INVALID', 'a number (not shown; send it as text)']], secret: ['246813'] },
  'POST /card-client/prompts/:id/cancel': { path: () => '/card-client/prompts/1/cancel', cases: [] },
  'POST /card-client/prompts/:id/remove-card': { path: () => '/card-client/prompts/1/remove-card', cases: [] },
  'POST /_sim/cards/:documentId/apdu': {
    path: () => `/_sim/cards/${documentId}/apdu`,
    cases: [
      ['{"session":"abcdefgh","apdu":12}', 'apdu', 'FIELD_INVALID', 'got the number 12'],
      ['{"apdu":"00A40000"}', 'session', 'FIELD_MISSING', 'required'],
    ],
  },
  'PUT /_sim/cards/:documentId/pin-state': {
    path: () => `/_sim/cards/${documentId}/pin-state`,
    cases: [
      ['{"pinState":"active","pinTriesLeft":"3","pukTriesLeft":10}', 'pinTriesLeft', 'FIELD_INVALID', 'expected a whole number from 0 to 3 (a JSON number, not text), got the string "3"'],
      ['{"pinState":"active","pinTriesLeft":3,"pukTriesLeft":10,"pin":975310}', 'pin', 'FIELD_INVALID', 'not shown'],
      ['{"pinState":"frozen","pinTriesLeft":3,"pukTriesLeft":10}', 'pinState', 'FIELD_INVALID', 'expected one of "activation", "active"'],
    ],
    secret: ['975310'],
  },
  'POST /portal/activations': { path: () => '/portal/activations', cases: [['{"username":"O50123","checkCodeId":"x","checkCode":123}', 'checkCode', 'FIELD_INVALID', 'got the number 123']] },
  'POST /portal/activations/:id/complete': { path: () => '/portal/activations/x/complete', cases: [['{"ridPackage":["a"]}', 'ridPackage', 'FIELD_INVALID', 'got an array']] },
  'POST /portal/waf-certificate': { path: () => '/portal/waf-certificate', cases: [] },
  'POST /portal/login/card-request': { path: () => '/portal/login/card-request', cases: [] },
  'POST /minihis/api/login/card-request': {
    path: () => '/minihis/api/login/card-request',
    cases: [
      ['{"institutionPick":5}', 'institutionPick', 'FIELD_INVALID', 'got the number 5'],
      ['{"institutionpick":"x"}', 'institutionpick', 'FIELD_UNKNOWN', 'unknown field (did you mean `institutionPick`?)'],
    ],
  },
  'POST /minihis/api/login': {
    path: () => '/minihis/api/login',
    cases: [
      ['{"username":"O50123","otp":"864209"}', 'otp', 'FIELD_UNKNOWN', 'unknown field (did you mean `mobilTokenCode`?)'],
      ['{"username":"O50123","mobilTokenCode":864209}', 'mobilTokenCode', 'FIELD_INVALID', 'a number (not shown; send it as text)'],
    ],
    secret: ['864209'],
  },
  'POST /minihis/api/logout': { path: () => '/minihis/api/logout', headers: () => miniHis, cases: [] },
  'POST /minihis/api/terms': {
    path: () => '/minihis/api/terms',
    headers: () => miniHis,
    cases: [
      ['{"accept":"true"}', 'accept', 'FIELD_INVALID', 'got the string "true"'],
      ['{}', 'accept', 'FIELD_MISSING', 'required'],
    ],
  },
  'POST /minihis/api/configuration': {
    path: () => '/minihis/api/configuration',
    headers: () => miniHis,
    cases: [
      ['{"providerCode":16200101}', 'providerCode', 'FIELD_INVALID', 'got the number 16200101'],
      ['{"contact":"+36 1 234 5678"}', 'contact', 'FIELD_INVALID', 'expected an object'],
    ],
  },
  'POST /minihis/api/user-data': {
    path: () => '/minihis/api/user-data',
    headers: () => miniHis,
    cases: [
      ['{"specialties":"belgyógyászat"}', 'specialties', 'FIELD_INVALID', 'expected an array'],
      ['{"specialties":[42]}', 'specialties[0]', 'FIELD_INVALID', 'got the number 42'],
      ['{"nameInCare":false}', 'nameInCare', 'FIELD_INVALID', 'got a boolean'],
    ],
  },
  'POST /minihis/api/ojote': {
    path: () => '/minihis/api/ojote',
    headers: () => miniHis,
    cases: [
      ['{"ojoteUsername":"kovacs","ojotePassword":55443322}', 'ojotePassword', 'FIELD_INVALID', 'not shown'],
      ['{"ojoteUsername":"kovacs","password":"Titok-55443322"}', 'password', 'FIELD_UNKNOWN', 'did you mean `ojotePassword`?'],
    ],
    secret: ['55443322'],
  },
  'POST /minihis/api/eeszt/card-request': { path: () => '/minihis/api/eeszt/card-request', headers: () => miniHis, cases: [] },
  'POST /minihis/api/patient-card/request': { path: () => '/minihis/api/patient-card/request', headers: () => miniHis, cases: [] },
  'POST /minihis/api/patient-card': { path: () => '/minihis/api/patient-card', headers: () => miniHis, cases: [['{"readoutPackage":true}', 'readoutPackage', 'FIELD_INVALID', 'got a boolean']] },
};

/** Everything a refused request could have changed (the working copy of the fixtures as a hash, to keep a failure readable). */
async function fingerprint(): Promise<Record<string, unknown>> {
  const stats = sim.deps.store.stats();
  return {
    fixtures: createHash('sha256').update(JSON.stringify(sim.deps.store.state)).digest('hex'),
    buckets: stats.buckets,
    bytes: stats.bytes,
    clock: ((state) => ({ now: state.now, frozen: state.frozen }))(sim.deps.clock.state()),
    runs: sim.runs.list().map((r) => r.id),
    cardClient: await json(await sim.app.request('/card-client')),
    faults: await json(await sim.app.request('/_sim/faults')),
  };
}

describe('every JSON endpoint declares its body', () => {
  it('every POST/PUT/PATCH route has a body declaration, or is a known non-JSON route', () => {
    const routes = allRoutes();
    expect(routes.size).toBeGreaterThan(40);
    const missing = [...routes].filter(([key, declaration]) => declaration === undefined && !NOT_JSON.some(([re]) => re.test(key))).map(([key]) => key);
    expect(missing, 'add a body declaration (jsonBody in simulator/core/body-schema.ts) to each').toEqual([]);
    const nonJsonDeclared = [...routes].filter(([key, declaration]) => declaration !== undefined && NOT_JSON.some(([re]) => re.test(key))).map(([key]) => key);
    expect(nonJsonDeclared).toEqual([]);
  });

  it('every declared route has a row of hostile bodies below, and every row a route', () => {
    const declared = [...allRoutes()].filter(([, d]) => d !== undefined).map(([key]) => key).sort();
    expect(Object.keys(TABLE).sort()).toEqual(declared);
  });

  it("every declaration's refusal code is in the error catalogue, in English and Hungarian, and so are the field codes", () => {
    const codes = new Set([...allRoutes().values()].filter((d) => d !== undefined).map((d) => d!.code));
    for (const code of [...codes, 'FIELD_INVALID', 'FIELD_MISSING', 'FIELD_UNKNOWN']) {
      expect(errorText(code, 'en'), code).toBeDefined();
      expect(errorText(code, 'hu'), code).toBeDefined();
    }
  });
});

describe('hostile bodies against every JSON endpoint', () => {
  for (const [key, row] of Object.entries(TABLE)) {
    it(`${key} refuses each with a field-level error and changes nothing`, async () => {
      const declaration = allRoutes().get(key);
      expect(declaration, key).toBeDefined();
      const method = key.split(' ')[0] as string;
      const cases: Case[] = [...NOT_OBJECTS.filter(([b]) => !(row.arrayAllowed === true && b === '[]')), ...(row.contentCheckedElsewhere === true ? [] : [UNKNOWN]), ...row.cases];
      const before = await fingerprint();
      for (const [body, path, code, words] of cases) {
        const res = await sim.app.request(row.path(), { method, headers: { 'content-type': 'application/json', ...(row.headers?.() ?? {}) }, body });
        const text = await res.text();
        expect(res.status, `${key} ${body}: ${text}`).toBe(400);
        const problem = JSON.parse(text);
        expect(problem.code, body).toBe(declaration!.code);
        expect(problem.detail, body).toMatch(/^the request body was refused: .*; send e\.g\. /);
        const entry = (problem.details.errors as Array<{ path: string; code: string; message: string }>).find((e) => e.path === path);
        expect(entry, `${key} ${body}: ${JSON.stringify(problem.details.errors)}`).toBeDefined();
        expect(entry!.code, body).toBe(code);
        expect(entry!.message, body).toContain(words);
        for (const secret of row.secret ?? []) expect(text, `${key} echoed a secret`).not.toContain(secret);
      }
      expect(await fingerprint(), `${key} changed state on a refused body`).toEqual(before);
    });
  }
});
