/**
 * A simulator on a real loopback port for the browser: default fixtures, seed-1 test PKI, the
 * clock frozen at 2026-03-02 08:00 UTC (so screenshots and token times are stable).
 */
import { listen } from '../../../simulator/server/listen.js';
import type { Simulator } from '../../../simulator/simulator.js';
import { testSimulator } from '../../helpers/sim.js';

/** A listening simulator. */
export interface UiServer {
  sim: Simulator;
  /** e.g. `http://127.0.0.1:40123` */
  origin: string;
  close(): Promise<void>;
}

/** Start one; `policy` defaults to lenient (see below). */
export async function startUiServer(options: { policy?: 'strict' | 'lenient' } = {}): Promise<UiServer> {
  // Lenient by default, visibly: some of the older browser tests use a password-only EESZT
  // connection in miniHIS, which the strict default (seed 003: two factors for the admin functions
  // and patients' data) refuses with MULTI_FACTOR_REQUIRED. The portal login fills in the mobilToken
  // code (flows.ts), and test/ui/browser/strict-ui.test.ts runs the UI under strict.
  const sim = await testSimulator({ config: { policy: options.policy ?? 'lenient' } });
  const listeners = await listen(sim, { host: '127.0.0.1', port: 0 });
  return {
    sim,
    origin: listeners.httpOrigin ?? '',
    async close() {
      await listeners.close();
      sim.close();
    },
  };
}
