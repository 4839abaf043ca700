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

/** Start one. */
export async function startUiServer(): Promise<UiServer> {
  const sim = await testSimulator();
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
