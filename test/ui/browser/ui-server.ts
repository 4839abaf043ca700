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
  // The UI works under the strict default (portal password + mobilToken code, flows.ts);
  // pages.test.ts, strict-ui.test.ts and journey.test.ts run strict. The default here stays lenient,
  // visibly, for the inspector/projection tests and the screenshot script, which do not depend on it.
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
