import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

describe('eeszt-sim fixtures generate with many institutions (issue 15 item 13)', () => {
  it('finishes with --extra-institutions 35 (more clinics than the name pool has), every name unique', async () => {
    const r = await runCli(['fixtures', 'generate', '--extra-institutions', '35']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const set = JSON.parse(r.stdout) as { institutions: { name: string }[] };
    expect(set.institutions).toHaveLength(40);
    const names = set.institutions.map((i) => i.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toContain('Reumatológiai Rendelőintézet');
    expect(names.some((n) => / 2\. telephely$/.test(n))).toBe(true);
  }, 60_000);

  it('refuses a count above the limit up front, naming the allowed range', async () => {
    const r = await runCli(['fixtures', 'generate', '--extra-institutions', '10001']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/--extra-institutions.*10000/);
  }, 60_000);
});
