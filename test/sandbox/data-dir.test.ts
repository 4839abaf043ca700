/**
 * `serve --data-dir`: a sandbox that survives restarts, as its users run it (the compiled CLI
 * as a real process). The simulator is killed with SIGKILL in the middle of a write load;
 * restarted on the same directory it has every write it acknowledged, and the database passes
 * `PRAGMA integrity_check`. Two simulators cannot share a directory; a directory written by a
 * newer version is refused with what to do.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { runCli, startServe, stop } from '../helpers/cli.js';
import { DATA_FILE, STORE_SCHEMA_VERSION } from '../../simulator/state/sqlite-store.js';

const root = mkdtempSync(join(tmpdir(), 'eeszt-data-dir-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const JSON_HEADERS = { 'content-type': 'application/json' };

describe('serve --data-dir', () => {
  it('after kill -9 during a write load, every acknowledged write is there and the database is intact', async () => {
    const dir = join(root, 'killed');
    const sim = await startServe(['--data-dir', dir, '--log-level', 'warn']);
    const acked = new Set<string>();
    let failed = 0;
    let stopping = false;
    // Eight clients revoke certificates (bucket records) as fast as they are answered ...
    const revokers = Array.from({ length: 8 }, async (_, w) => {
      for (let i = 0; !stopping; i++) {
        const serial = `${(w + 1).toString(16)}0${i.toString(16).padStart(6, '0')}`;
        try {
          const res = await fetch(`${sim.origin}/_sim/revocations`, { method: 'POST', headers: JSON_HEADERS, body: JSON.stringify({ serial, reason: 'keyCompromise' }) });
          if (res.ok) acked.add(serial);
          else failed++;
        } catch {
          failed++;
          return;
        }
      }
    });
    // ... and one changes a card's PIN (working copy) again and again.
    let lastPin: string | undefined;
    let inFlightPin: string | undefined;
    const pinWriter = (async () => {
      for (let i = 100000; !stopping; i++) {
        inFlightPin = String(i);
        try {
          const res = await fetch(`${sim.origin}/_sim/cards/123456AB/pin-state`, {
            method: 'PUT',
            headers: JSON_HEADERS,
            body: JSON.stringify({ pinState: 'active', pinTriesLeft: 3, pukTriesLeft: 10, pin: inFlightPin }),
          });
          if (res.ok) lastPin = inFlightPin;
        } catch {
          return;
        }
      }
    })();
    const deadline = Date.now() + 60_000;
    while (acked.size < 300 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(acked.size).toBeGreaterThanOrEqual(300);
    expect(await stop(sim.child, 'SIGKILL')).toBeNull();
    stopping = true;
    await Promise.all([...revokers, pinWriter]);
    expect(failed, 'requests were in flight when the simulator was killed').toBeGreaterThan(0);

    const db = new Database(join(dir, DATA_FILE));
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();

    const again = await startServe(['--data-dir', dir, '--log-level', 'warn']);
    try {
      expect(again.output()).toContain(`state restored from ${dir}`);
      // The list is paged (docs/control-api.md): follow `next` to the end.
      const present = new Set<string>();
      for (let cursor: string | null | undefined = undefined; ; ) {
        const page = (await (await fetch(`${again.origin}/_sim/revocations?limit=1000${cursor == null ? '' : `&cursor=${encodeURIComponent(cursor)}`}`)).json()) as { revocations: Array<{ serialHex: string }>; next?: string | null };
        for (const r of page.revocations) present.add(r.serialHex);
        cursor = page.next;
        if (cursor == null) break;
      }
      const lost = [...acked].filter((s) => !present.has(s));
      expect(lost).toEqual([]);
      const card = (await (await fetch(`${again.origin}/_sim/cards/123456AB`)).json()) as { card: { pin: string } };
      expect(lastPin).toBeDefined();
      // The last acknowledged PIN, or the one whose answer the kill cut off.
      expect([lastPin, inFlightPin]).toContain(card.card.pin);
    } finally {
      await stop(again.child);
    }
  }, 180_000);

  it('reset, isolated runs and the clock work as in memory, and survive a restart', async () => {
    const dir = join(root, 'reset');
    const a = await startServe(['--data-dir', dir, '--log-level', 'warn']);
    try {
      await fetch(`${a.origin}/_sim/revocations`, { method: 'POST', headers: JSON_HEADERS, body: '{"serial":"0abc","reason":"keyCompromise"}' });
      const run = (await (await fetch(`${a.origin}/_sim/runs`, { method: 'POST' })).json()) as { basePath: string };
      const inRun = (await (await fetch(`${a.origin}${run.basePath}/_sim/revocations`)).json()) as { revocations: unknown[] };
      expect(inRun.revocations).toEqual([]);
      await fetch(`${a.origin}/_sim/clock`, { method: 'POST', headers: JSON_HEADERS, body: '{"set":"2030-01-01T08:00:00Z","freeze":true}' });
      const reset = await fetch(`${a.origin}/_sim/reset`, { method: 'POST', headers: JSON_HEADERS, body: '{"keepClock":true}' });
      expect(reset.status).toBe(200);
    } finally {
      expect(await stop(a.child)).toBe(0);
    }
    const b = await startServe(['--data-dir', dir, '--log-level', 'info']);
    try {
      const listed = (await (await fetch(`${b.origin}/_sim/revocations`)).json()) as { revocations: unknown[] };
      expect(listed.revocations).toEqual([]);
      const clock = (await (await fetch(`${b.origin}/_sim/clock`)).json()) as { now: string; frozen: boolean };
      expect(clock).toMatchObject({ now: '2030-01-01T08:00:00.000Z', frozen: true });
    } finally {
      await stop(b.child);
    }
  }, 120_000);

  it('two simulators refuse to share one directory', async () => {
    const dir = join(root, 'shared');
    const first = await startServe(['--data-dir', dir, '--log-level', 'warn']);
    try {
      const second = await runCli(['serve', '--port', '0', '--data-dir', dir]);
      expect(second.code).toBe(3);
      expect(second.stderr).toContain('another simulator is using the data directory');
      expect(second.stderr).toContain('[DATA_DIR_LOCKED]');
      expect(second.stdout).toBe('');
      // The first one is unharmed.
      expect((await fetch(`${first.origin}/_sim/state`)).status).toBe(200);
    } finally {
      await stop(first.child);
    }
  }, 120_000);

  it('a directory written by a newer version is refused with what to do', async () => {
    const dir = join(root, 'newer');
    const first = await startServe(['--data-dir', dir, '--log-level', 'warn']);
    await stop(first.child);
    const db = new Database(join(dir, DATA_FILE));
    db.pragma(`user_version = ${STORE_SCHEMA_VERSION + 7}`);
    db.close();
    const res = await runCli(['serve', '--port', '0', '--data-dir', dir]);
    expect(res.code).toBe(3);
    expect(res.stderr).toContain(`was written by a newer eeszt-sim (store schema ${STORE_SCHEMA_VERSION + 7};`);
    expect(res.stderr).toContain('run the newer version on it, or give this one another --data-dir [DATA_DIR_SCHEMA_NEWER]');
    expect(res.stderr).not.toMatch(/\n\s+at /);
  }, 120_000);
});
