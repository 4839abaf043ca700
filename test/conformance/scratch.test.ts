import { it, expect } from 'vitest';
import { testPki } from '../helpers/sim.js';
import { startEmbeddedTarget } from '../../conformance/runner/target.js';
import { runSuite } from '../../conformance/runner/run-suite.js';
import { referenceHisAdapter } from '../../conformance/reference-his/in-process.js';
import { MUTANTS } from '../../conformance/mutants/mutants.js';

it('smoke mutants', async () => {
  const target = await startEmbeddedTarget({ pki: await testPki() });
  for (const m of MUTANTS) {
    const t0 = performance.now();
    const report = await runSuite({ adapter: referenceHisAdapter(m.policy, m.id), target, timing: { requestTimeoutMs: 500, backoffBaseMs: 40, maxAttempts: 4 } });
    const failed = report.checks.filter((c) => c.status === 'fail' || c.status === 'error').map((c) => c.id);
    const blocked = report.checks.filter((c) => c.status === 'blocked').map((c) => c.id);
    const ok = JSON.stringify(failed) === JSON.stringify(m.expectedFailures);
    console.log(`${ok ? 'OK ' : 'BAD'} ${m.id} ${Math.round(performance.now() - t0)}ms failed=${failed.join(',')} blocked=${blocked.length}`);
    if (!ok) for (const c of report.checks.filter((c) => c.status === 'fail' || c.status === 'error')) console.log('   ', c.id, c.message);
  }
  await target.close();
  expect(1).toBe(1);
}, 300_000);
