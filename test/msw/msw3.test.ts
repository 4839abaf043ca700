/**
 * `eeszt-sim/msw` on msw 3 (the current major), not only msw 2: the compiled handler module,
 * unchanged, with msw 3's setupServer (the `msw3` alias, npm:msw@^3) in a child Node.js
 * (test/msw/msw3/check.mjs). msw 3 declares Node.js >= 22.12; on this project's Node 20 the
 * child adds the one missing built-in, Promise.withResolvers (test/msw/msw3/register.mjs).
 */
import { describe, expect, it } from 'vitest';
import { runNode } from './run-child.js';

describe('eeszt-sim/msw with msw 3', () => {
  it('a fetch HIS gets a token and the role fault; node:http and soap reach the handlers', () => {
    const run = runNode(['--import', './test/msw/msw3/register.mjs', 'test/msw/msw3/check.mjs']);
    expect(run.status, run.output).toBe(0);
    const seen = JSON.parse(run.stdout.trim().split('\n').pop() ?? '{}') as Record<string, unknown>;
    expect(String(seen['mswResolved'])).toContain('/node_modules/msw3/');
    expect(String(seen['mswVersion'])).toMatch(/^3\./);
    expect(seen).toMatchObject({ loginFault: null, tokenIssued: true, serviceFault: 'ROLE_MISSING', nodeHttpStatus: 200, soapFault: 'ROLE_MISSING' });
  }, 200_000);
});
