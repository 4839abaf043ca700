/**
 * One side of the parallel-files proof (run by ../parallel-files.test.ts in a child vitest with
 * two workers): each file builds its own `eeszt-sim/msw` environment on the default base URL,
 * locks "its" user by wrong passwords, waits until the other file has locked its own user, and
 * then sees that the other file's lock does not exist here. The rendezvous through
 * `EESZT_MSW_BARRIER_DIR` makes both environments live at the same time.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setupServer } from 'msw/node';
import { createEesztHandlers, type EesztHandlers } from 'eeszt-sim/msw';
import { discover, passwordLogin, type Login } from '../fetch-his.js';

const USERS = {
  a: { user: 'O50123', institutionId: 'E01620K', unit: '016200101' },
  b: { user: 'S12345', institutionId: 'E01620K', unit: '016200101' },
} as const;

async function waitFor(path: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!existsSync(path)) {
    if (Date.now() > deadline) throw new Error(`the other test file never reached ${path}: the two files did not run at the same time`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Register the tests of side `me`. */
export function isolationScenario(me: 'a' | 'b'): void {
  const other = me === 'a' ? 'b' : 'a';
  const dir = process.env['EESZT_MSW_BARRIER_DIR'];
  let env: EesztHandlers;
  let server: ReturnType<typeof setupServer>;
  const seat = (side: 'a' | 'b', password?: string): Login => {
    const s = USERS[side];
    const u = env.simulator.deps.store.loaded().users.find((x) => x.username === s.user);
    return { ...s, password: password ?? u?.password ?? '' };
  };

  beforeAll(async () => {
    env = await createEesztHandlers();
    server = setupServer(...env.handlers);
    server.listen({ onUnhandledRequest: 'error' });
  });
  afterAll(() => {
    server.close();
    env.close();
  });

  it(`file ${me}: its lockout stays in its environment while file ${other} runs`, async () => {
    if (dir === undefined) throw new Error('run through test/msw/parallel-files.test.ts (EESZT_MSW_BARRIER_DIR is not set)');
    const sts = (await discover(env.baseUrl))['sts'] as string;
    const now = (): Date => env.simulator.deps.clock.now();
    for (let i = 0; i < env.simulator.deps.config.lockoutThreshold; i++) {
      expect((await passwordLogin(sts, seat(me, 'wrong-password'), now())).faultCode).toBe('PASSWORD_WRONG');
    }
    expect((await passwordLogin(sts, seat(me), now())).faultCode).toBe('ACCOUNT_LOCKED');
    writeFileSync(join(dir, `${me}.locked`), String(process.pid));
    await waitFor(join(dir, `${other}.locked`));

    // The other file has locked its user by now, in its own environment: not here.
    const others = await passwordLogin(sts, seat(other), now());
    expect(others.faultCode).toBeUndefined();
    expect(others.assertion).toContain('<saml:Assertion');
    expect((await passwordLogin(sts, seat(me), now())).faultCode).toBe('ACCOUNT_LOCKED');
    writeFileSync(join(dir, `${me}.done`), 'ok');
    await waitFor(join(dir, `${other}.done`));
  });
}
