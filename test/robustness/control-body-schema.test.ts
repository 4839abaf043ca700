/**
 * Issue 15 item 12: every control-API JSON body is checked whole against its schema by the one
 * body validator; nothing is coerced. Type confusion for each JSON endpoint of the control API,
 * through HTTP: each refusal is a 400 problem with the endpoint's code and field-level errors,
 * and nothing changed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, testSimulator } from '../helpers/sim.js';
import type { Simulator } from '../../simulator/simulator.js';

let sim: Simulator;
beforeAll(async () => {
  sim = await testSimulator();
});
afterAll(() => sim.close());

function post(path: string, raw: string): Promise<Response> {
  return Promise.resolve(sim.app.request(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: raw }));
}

/** Bodies that are not objects at all: refused by every endpoint. */
const NOT_OBJECTS = ['null', '[]', '[{"serial":"1a"}]', '"x"', '1e400', '42', 'true'];

const ENDPOINTS: Array<{ path: string; code: string; bad: Array<[string, string]> }> = [
  {
    path: '/_sim/clock',
    code: 'CLOCK_REQUEST_INVALID',
    bad: [
      ['{"freeze":"true"}', 'freeze: expected a boolean (true or false, not a string), got the string "true"'],
      ['{"resume":"yes"}', 'resume: expected a boolean (true or false, not a string), got the string "yes"'],
      ['{"freeze":1}', 'freeze: expected a boolean'],
      ['{"set":null}', 'set: expected a string of at most 64 characters or a finite number, got null; leave the field out instead'],
      ['{"set":1e400}', 'set: expected a string of at most 64 characters or a finite number, got a number too large for JSON (it parses as infinite)'],
      ['{"advance":["7h"]}', 'advance: expected a string of at most 64 characters or a finite number, got an array'],
      ['{"set":{"a":1}}', 'set: expected a string'],
    ],
  },
  {
    path: '/_sim/reset',
    code: 'RESET_REQUEST_INVALID',
    bad: [
      ['{"keepJournal":"false"}', 'keepJournal: expected a boolean (true or false, not a string), got the string "false"'],
      ['{"keepClock":0}', 'keepClock: expected a boolean'],
      ['{"keep":true}', 'keep: unknown field; this body takes `keepJournal`, `keepClock`'],
    ],
  },
  {
    path: '/_sim/revocations',
    code: 'REVOCATION_REQUEST_INVALID',
    bad: [
      ['{"serial":123}', 'serial: expected a string'],
      ['{"serial":"1a","reason":false}', 'reason: expected a string of at most 64 characters, got a boolean'],
      ['{"reason":"keyCompromise"}', 'serial: required: a string'],
      ['{"serial":null}', 'serial: expected a string of at most 1048576 characters, got null'],
    ],
  },
  {
    path: '/_sim/runs',
    code: 'RUN_REQUEST_INVALID',
    bad: [
      ['{"clock":{"frozen":"false"}}', 'clock.frozen: expected a boolean (true or false, not a string), got the string "false"'],
      ['{"clock":{"start":1e400}}', 'clock.start: expected a string of at most 64 characters or a finite number, got a number too large'],
      ['{"clock":[]}', 'clock: expected an object, got an array'],
      ['{"fixtures":"default"}', 'fixtures: expected an object, got the string "default"'],
      ['{"fixtures":null}', 'fixtures: expected an object, got null'],
      ['{"clock":{"frozen":true,"speed":2}}', 'clock.speed: unknown field'],
    ],
  },
];

describe('control-API bodies against their schemas', () => {
  for (const ep of ENDPOINTS) {
    it(`POST ${ep.path} refuses bodies that are not objects`, async () => {
      for (const raw of NOT_OBJECTS) {
        const res = await post(ep.path, raw);
        expect(res.status, `${ep.path} ${raw}`).toBe(400);
        const p = await json(res);
        expect(p.code, raw).toBe(ep.code);
        expect(p.details.errors[0].path, raw).toBe('(body)');
        expect(p.details.errors[0].message, raw).toMatch(/^expected an object, got /);
      }
    });
    it(`POST ${ep.path} refuses type confusion field by field`, async () => {
      for (const [raw, message] of ep.bad) {
        const res = await post(ep.path, raw);
        expect(res.status, `${ep.path} ${raw}`).toBe(400);
        const p = await json(res);
        expect(p.code, raw).toBe(ep.code);
        expect(p.detail, raw).toContain(message);
        expect(p.detail, raw).toMatch(/^the request body was refused: .*; send e\.g\. /);
      }
    });
  }

  it('changed nothing: no run was created, the clock still runs as before, nothing is revoked', async () => {
    expect((await json(await sim.app.request('/_sim/runs'))).runs).toEqual([]);
    expect(await json(await sim.app.request('/_sim/clock'))).toMatchObject({ now: '2026-03-02T08:00:00.000Z', frozen: true });
    expect((await json(await sim.app.request('/_sim/revocations'))).revocations).toEqual([]);
  });

  it('a run asked for with {"clock":{"frozen":false}} runs (the string "false" no longer makes a frozen run)', async () => {
    const res = await post('/_sim/runs', '{"clock":{"start":"2026-01-01T08:00:00Z","frozen":false}}');
    expect(res.status).toBe(201);
    expect((await json(res)).clock.frozen).toBe(false);
  });
});
