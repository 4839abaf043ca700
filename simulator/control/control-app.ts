/**
 * The control API (`/_sim`) of one environment: reset, fixtures, clock, journal, state.
 * The default environment additionally mounts the isolated-runs API (see runs.ts).
 *
 * @example
 * ```ts
 * await app.request('/_sim/clock', { method: 'POST', body: JSON.stringify({ advance: '7h' }) });
 * ```
 */
import { Hono } from 'hono';
import type { SimDeps, SimHonoEnv } from '../core/deps.js';
import { BadRequest, ValidationFailed } from '../core/errors.js';
import { validateFixtureSet } from '../../fixtures/validate.js';
import { parseDuration } from './parse-duration.js';
import { parseJournalQuery } from './journal-query.js';
import { ClockChangeError } from '../core/clock.js';
import { BODY_INVALID, jsonBody, s } from '../core/body-schema.js';
import { listRevocations, normaliseSerial, revoke, unrevoke } from '../state/revocations.js';
import { NotFound } from '../core/errors.js';
import { unlockAccount } from '../sts/lockout.js';
import { createFaultsApp } from '../faults/faults-app.js';
import { pageOf } from '../core/paging.js';

/** The bodies of the control API (checked by the one body validator, simulator/core/body-schema.ts). */
export const RESET_BODY = jsonBody(s.object({ keepJournal: s.boolean(), keepClock: s.boolean() }).required(), 'RESET_REQUEST_INVALID', '{"keepJournal": true, "keepClock": true} or no body');
export const CLOCK_BODY = jsonBody(
  s.object({ set: s.union(s.string(64), s.number()), advance: s.union(s.string(64), s.number()), freeze: s.boolean(), resume: s.boolean() }).required(),
  'CLOCK_REQUEST_INVALID',
  '{"advance":"7h"}, {"set":"2026-01-01T08:00:00Z", "freeze":true} or {"resume":true}',
);
/** `POST /_sim/fixtures`: an object, then checked whole by the fixture validator (`VALIDATION_FAILED`, 422). */
export const FIXTURES_BODY = jsonBody(s.anyObject().required(), BODY_INVALID, 'a fixture set object (docs/fixtures.md), e.g. GET /_sim/fixtures');
/** `POST /_sim/accounts/{username}/unlock` takes no body. */
export const UNLOCK_BODY = jsonBody(s.object({}).required(), BODY_INVALID, 'no body');
export const REVOCATION_BODY = jsonBody(s.object({ serial: s.string(1_048_576).required(), reason: s.string(64) }).required(), 'REVOCATION_REQUEST_INVALID', '{"serial": "1a2b3c", "reason": "keyCompromise"}');

/** Most hex digits of a certificate serial: 20 octets (RFC 5280, 4.1.2.2). */
const MAX_SERIAL_HEX_DIGITS = 40;

/** Build the control sub-app of one environment. */
export function createControlApp(deps: SimDeps): Hono<SimHonoEnv> {
  const app = new Hono<SimHonoEnv>();

  app.post('/reset', RESET_BODY.declare, async (c) => {
    const t0 = performance.now();
    const opts = await RESET_BODY.read(c);
    deps.store.reset();
    if (opts.keepJournal !== true) deps.journal.clear();
    if (opts.keepClock !== true) deps.clock.reset();
    const tookMs = Math.round((performance.now() - t0) * 1000) / 1000;
    c.set('summary', { operation: 'reset', tookMs });
    return c.json({ reset: true, tookMs, clock: deps.clock.state() });
  });

  app.get('/fixtures', (c) => c.json(deps.store.loaded()));

  app.post('/fixtures', FIXTURES_BODY.declare, async (c) => {
    const body = await FIXTURES_BODY.read(c);
    const result = validateFixtureSet(body);
    if (!result.ok) {
      throw new ValidationFailed(
        `the fixture set was refused whole: ${result.errors.length} problem${result.errors.length === 1 ? '' : 's'}; fix each and send it again`,
        result.errors,
      );
    }
    deps.store.load(result.value);
    const s = result.value;
    c.set('summary', { operation: 'load-fixtures', users: s.users.length, institutions: s.institutions.length });
    return c.json({ loaded: true, institutions: s.institutions.length, units: s.units.length, users: s.users.length, cards: s.cards.length, patients: s.patients.length });
  });

  app.get('/clock', (c) => c.json(deps.clock.state()));

  app.post('/clock', CLOCK_BODY.declare, async (c) => {
    const body = await CLOCK_BODY.read(c);
    if (Object.keys(body).length === 0) {
      throw new BadRequest('no clock operation given; use set (ISO time or epoch ms), advance (ms or e.g. "7h"), freeze (true) or resume (true)', {}, 'CLOCK_REQUEST_INVALID');
    }
    if (body.freeze === true && body.resume === true) throw new BadRequest('freeze and resume together make no sense; send one', {}, 'CLOCK_REQUEST_INVALID');
    const advance = body.advance === undefined ? undefined : parseDuration(body.advance);
    try {
      // one change, checked whole before anything applies, reading the real clock once
      deps.clock.apply({
        ...(body.set === undefined ? {} : { set: body.set }),
        ...(advance === undefined ? {} : { advance }),
        freeze: body.freeze === true,
        resume: body.resume === true,
      });
    } catch (err) {
      if (!(err instanceof ClockChangeError)) throw err;
      if (err.field === 'advance') throw new BadRequest(`\`advance\` value \`${String(body.advance)}\` cannot be applied: ${err.message}`, {}, 'DURATION_INVALID');
      const outside = /outside the years/.test(err.message);
      throw new BadRequest(
        outside
          ? `\`set\` value \`${String(body.set)}\` is outside the years 0001 to 9999, the range of the simulator clock; use a time in that range`
          : `\`set\` value \`${String(body.set)}\` is not a time; use ISO 8601 such as 2026-01-01T08:00:00Z`,
        {},
        'CLOCK_REQUEST_INVALID',
      );
    }
    const state = deps.clock.state();
    c.set('summary', { operation: 'clock', now: state.now, frozen: state.frozen });
    return c.json(state);
  });

  app.get('/journal', (c) => {
    const page = deps.journal.page(parseJournalQuery(c.req.query()));
    return c.json({ capacity: deps.journal.capacity, count: page.entries.length, entries: page.entries, ...(page.next === undefined ? {} : { next: String(page.next) }) });
  });

  app.delete('/journal', (c) => {
    deps.journal.clear();
    return c.json({ cleared: true });
  });

  app.get('/revocations', (c) => {
    const page = pageOf(c.req.query(), 'revocations', listRevocations(deps.store), (r) => r.serialHex);
    return c.json({ revocations: page.items, total: page.total, next: page.next });
  });

  app.post('/revocations', REVOCATION_BODY.declare, async (c) => {
    const body = await REVOCATION_BODY.read(c);
    const serial = body.serial;
    if (typeof serial !== 'string' || !/^[0-9a-fA-F:\s]+$/.test(serial)) {
      throw new BadRequest('send {"serial":"<hex serial number>","reason":"keyCompromise"}; `openssl x509 -noout -serial -in cert.pem` prints the serial', {}, 'REVOCATION_REQUEST_INVALID');
    }
    const digits = normaliseSerial(serial).length;
    if (digits > MAX_SERIAL_HEX_DIGITS) {
      // RFC 5280 4.1.2.2: "Conforming CAs MUST NOT use serialNumber values longer than 20 octets."
      throw new BadRequest(
        `serial has ${digits} hex digits (${Math.ceil(digits / 2)} octets); a certificate serial number is at most 20 octets (RFC 5280, 4.1.2.2), 40 hex digits: send the serial \`openssl x509 -noout -serial -in cert.pem\` prints`,
        { details: { field: 'serial', hexDigits: digits, maxHexDigits: MAX_SERIAL_HEX_DIGITS } },
        'REVOCATION_REQUEST_INVALID',
      );
    }
    const reason = body.reason ?? 'unspecified';
    const rec = revoke(deps.store, serial, reason, deps.clock.now());
    c.set('summary', { operation: 'revoke', serial: rec.serialHex });
    return c.json(rec, 201);
  });

  app.delete('/revocations/:serial', (c) => {
    const serial = c.req.param('serial');
    if (!/^[0-9a-fA-F:]+$/.test(serial) || serial.length > 3 * MAX_SERIAL_HEX_DIGITS || !unrevoke(deps.store, serial)) {
      throw new NotFound(`serial \`${serial}\` is not revoked; GET /_sim/revocations lists the revoked serials`, {}, 'REVOCATION_NOT_FOUND');
    }
    return c.json({ unrevoked: normaliseSerial(serial) });
  });

  app.route('/faults', createFaultsApp(deps));

  app.post('/accounts/:username/unlock', UNLOCK_BODY.declare, async (c) => {
    await UNLOCK_BODY.read(c);
    const result = unlockAccount(deps, c.req.param('username'));
    c.set('summary', { operation: 'unlock', username: result.username, wasLocked: result.wasLocked });
    return c.json(result);
  });

  app.get('/state', (c) => c.json({ run: deps.runId ?? null, clock: deps.clock.state(), store: deps.store.stats() }));

  return app;
}
