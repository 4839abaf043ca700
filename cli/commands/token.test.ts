import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import type { SimHonoEnv } from '../../simulator/core/deps.js';
import { errorResponse } from '../../simulator/core/error-response.js';
import { controlAccess } from '../../simulator/control/access.js';
import { createMobilTokenControlApp } from '../../simulator/mobiltoken/control-app.js';
import { currentMobilToken } from '../../simulator/mobiltoken/current.js';
import { testSimulator } from '../../test/helpers/sim.js';
import { CliError } from '../cli-error.js';
import { tokenCommand } from './token.js';

/** A simulator whose control API serves /_sim/mobiltoken (as the lead mounts it), reached through a fake fetch. */
async function setup(controlToken?: string): Promise<{ sim: Awaited<ReturnType<typeof testSimulator>>; run: (args: string[]) => Promise<{ out: string; code: number; err: string }>; urls: string[] }> {
  const sim = await testSimulator();
  const app = new Hono<SimHonoEnv>();
  app.onError((err, c) => errorResponse(err, c, sim.deps.log));
  app.use('/_sim/*', controlAccess(controlToken));
  app.route('/_sim/mobiltoken', createMobilTokenControlApp(sim.deps));
  const urls: string[] = [];
  const run = async (args: string[]): Promise<{ out: string; code: number; err: string }> => {
    let out = '';
    const cmd = tokenCommand({
      stdout: (t) => (out += t),
      fetch: async (url, init) => {
        urls.push(url);
        if (url.startsWith('http://127.0.0.1:1/')) throw new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED 127.0.0.1:1') });
        return app.request(url, init);
      },
    });
    cmd.configureOutput({ writeOut: (t) => (out += t), writeErr: () => undefined });
    try {
      await cmd.parseAsync(args, { from: 'user' });
      return { out, code: 0, err: '' };
    } catch (e) {
      if (e instanceof CliError) return { out, code: e.exitCode, err: e.message };
      throw e;
    }
  };
  return { sim, run, urls };
}

describe('eeszt-sim token', () => {
  it('prints the code at the simulator clock, from the default target', async () => {
    const { sim, run, urls } = await setup();
    const expected = currentMobilToken(sim.deps, 'O50123').mobilTokenCode;
    expect(await run(['O50123'])).toEqual({ out: `${expected}\n`, code: 0, err: '' });
    expect(urls).toEqual(['http://127.0.0.1:8080/_sim/mobiltoken/O50123']);
    sim.deps.clock.advance(3_600_000);
    expect((await run(['O50123'])).out).toBe(`${currentMobilToken(sim.deps, 'O50123').mobilTokenCode}\n`);
  });

  it('takes --target and --json', async () => {
    const { run, urls } = await setup();
    const r = await run(['X12345', '--target', 'http://127.0.0.1:9090/', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ username: 'X12345', shownFrom: '2026-03-02T08:00:00.000Z', secondsLeft: 60 });
    expect(urls).toEqual(['http://127.0.0.1:9090/_sim/mobiltoken/X12345']);
  });

  it('sends the control token', async () => {
    const { run } = await setup('s3cret');
    expect(await run(['S12345'])).toMatchObject({ code: 2, err: 'the control API needs `Authorization: Bearer <token>`: this simulator was started with --control-token' });
    expect((await run(['S12345', '--control-token', 's3cret'])).code).toBe(0);
  });

  it('fails with a clear message and the documented exit code', async () => {
    const { run } = await setup();
    expect(await run(['O99999'])).toEqual({
      out: '',
      code: 2,
      err: 'no EESZT user `O99999` exists in this simulator, so no mobilToken app shows codes for it; check the username (usernames are case-sensitive)',
    });
    expect(await run(['O50123', '--target', 'http://127.0.0.1:1'])).toEqual({
      out: '',
      code: 1,
      err: 'the simulator at http://127.0.0.1:1 does not answer (connect ECONNREFUSED 127.0.0.1:1); start it with `eeszt-sim serve` or point --target at it',
    });
    expect(await run(['O50123', '--target', 'ftp://x'])).toEqual({ out: '', code: 2, err: '--target must be an http:// or https:// URL; got `ftp://x`' });
  });
});
