/**
 * The suite through the real adapters: the full catalogue against the reference HIS's command
 * entry (one process per action, its session kept in the state folder), a variant through
 * `--mutant`, the HTTP adapter, a HIS the suite has never seen (conformance/examples/tiny-his.mjs,
 * written against docs/adapter.md only), and adapters that break the protocol.
 * The reference HIS runs from dist/ (`npm test` builds first).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { commandAdapter } from '../../conformance/adapter/command-adapter.js';
import { httpAdapter } from '../../conformance/adapter/http-adapter.js';
import { CATALOGUE } from '../../conformance/catalogue/catalogue.js';
import { runSuite } from '../../conformance/runner/run-suite.js';
import { parseIdList } from '../../conformance/runner/selection.js';
import type { SuiteTarget } from '../../conformance/runner/target.js';
import { packageRoot } from '../../simulator/package-root.js';
import { findings, idsWith, TEST_TIMING, testTarget } from './support.js';

const MAIN = join(packageRoot(), 'dist', 'conformance', 'reference-his', 'main.js');
const TINY = join(packageRoot(), 'conformance', 'examples', 'tiny-his.mjs');
const node = (script: string, ...args: string[]): string => [process.execPath, script, ...args].map((a) => `"${a}"`).join(' ');

let target: SuiteTarget;
beforeAll(async () => {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run \`npm run build\` first (npm test does)`);
  target = await testTarget();
});
afterAll(() => target.close());

describe('command adapter: the reference HIS as a process per action', () => {
  it('passes the full catalogue (two checks at once: each keeps its session in its own state folder)', async () => {
    // A process per action and two checks at once on a loaded CI machine: a request may take over
    // TEST_TIMING's 800 ms (the HIS then times out and repeats a refused call) and scheduling noise
    // of ~200 ms blurs an 80 ms back-off. The judges are the same; the HIS is given timing that
    // a real deployment would use, so the verdicts do not depend on the machine's load.
    const report = await runSuite({ adapter: commandAdapter({ command: node(MAIN) }), target, timing: { requestTimeoutMs: 3000, backoffBaseMs: 400, maxAttempts: 4 }, concurrency: 2 });
    expect(idsWith(report, 'pass'), findings(report)).toHaveLength(CATALOGUE.length);
    expect(report.his.name).toBe('eeszt-sim reference HIS');
  }, 240_000);

  it('runs a broken variant with --mutant', async () => {
    const report = await runSuite({ adapter: commandAdapter({ command: node(MAIN, '--mutant', 'ignores-expiry') }), target, timing: TEST_TIMING, only: parseIdList('TOKEN-*', CATALOGUE) });
    expect(idsWith(report, 'fail'), findings(report)).toEqual(['TOKEN-RENEW']);
    expect(idsWith(report, 'pass')).toEqual(['TOKEN-UNCHANGED', 'TOKEN-REUSE']);
  }, 60_000);
});

describe('HTTP adapter: the reference HIS behind a test endpoint', () => {
  let child: ChildProcessWithoutNullStreams;
  let url: string;
  beforeAll(async () => {
    child = spawn(process.execPath, [MAIN, '--http', '0']);
    url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /listening on (http:\S+)/.exec(out);
        if (m?.[1] !== undefined) resolve(m[1]);
      });
      child.on('exit', (code) => reject(new Error(`the HTTP adapter exited with ${code}`)));
    });
  });
  afterAll(() => {
    child.kill('SIGTERM');
  });

  it('passes identifiers, token, card and TLS checks', async () => {
    const only = parseIdList('ID-*,STS-PASSWORD-LOGIN,TOKEN-UNCHANGED,STS-CARD-LOGIN,CARD-FLOW,TLS-CLIENT-CERT', CATALOGUE);
    const report = await runSuite({ adapter: httpAdapter({ url }), target, timing: TEST_TIMING, only });
    expect(idsWith(report, 'pass'), findings(report)).toEqual(CATALOGUE.map((c) => c.id).filter((id) => only.includes(id)));
  }, 60_000);
});

describe('a HIS the suite has never seen (conformance/examples/tiny-his.mjs)', () => {
  it('is driven through docs/adapter.md alone and judged; what it does not offer is skipped', async () => {
    const only = parseIdList('ID-USERNAME,ID-INSTITUTION-PHARMACY,STS-PASSWORD-LOGIN,TOKEN-REUSE,RETRY-503,CARD-FLOW,TLS-CLIENT-CERT', CATALOGUE);
    const report = await runSuite({ adapter: commandAdapter({ command: node(TINY) }), target, timing: TEST_TIMING, only });
    expect(idsWith(report, 'pass'), findings(report)).toEqual(['ID-USERNAME', 'ID-INSTITUTION-PHARMACY', 'STS-PASSWORD-LOGIN', 'TOKEN-REUSE', 'RETRY-503']);
    expect(report.checks.filter((c) => c.status === 'skipped' && c.message !== 'not run: not selected with --only').map((c) => c.id)).toEqual(['CARD-FLOW', 'TLS-CLIENT-CERT']);
    expect(report.checks).toHaveLength(CATALOGUE.length); // the checks --only left out are reported as skipped
    expect(report.checks.find((c) => c.id === 'CARD-FLOW')?.message).toContain('does not offer the card login');
    expect(report.his.name).toBe('tiny-his.mjs (example)');
    expect(report.summary.verdict).toBe('pass');
  }, 90_000);
});

describe('adapters that break the protocol', () => {
  it('a command that prints no JSON fails the check and says what the adapter must do', async () => {
    const report = await runSuite({ adapter: commandAdapter({ command: `"${process.execPath}" -e "console.log('hello')"` }), target, timing: TEST_TIMING, only: ['ID-UNIT'] });
    const c = report.checks.find((x) => x.id === 'ID-UNIT');
    expect(c?.status).toBe('fail');
    expect(c?.message).toContain('gave no usable answer to `setup`');
    expect(c?.message).toContain('printed no JSON result');
    expect(c?.fix).toContain('exactly one JSON result');
  });

  it('an HTTP endpoint that cannot be reached fails the check with the address', async () => {
    const report = await runSuite({ adapter: httpAdapter({ url: 'http://127.0.0.1:9/none' }), target, timing: TEST_TIMING, only: ['ID-UNIT'] });
    const c = report.checks.find((x) => x.id === 'ID-UNIT');
    expect(c?.status).toBe('fail');
    expect(c?.message).toContain('http://127.0.0.1:9/none');
  });
});
