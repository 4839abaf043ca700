/**
 * The one interface the suite drives a HIS through, whatever the transport (command, HTTP,
 * in-process function).
 *
 * @example
 * ```ts
 * const adapter: HisAdapter = commandAdapter({ command: 'java -jar his-adapter.jar' });
 * const result = await adapter.send(request);
 * ```
 */
import type { AdapterRequest, AdapterResult } from './protocol.js';

/** A way to reach a HIS. */
export interface HisAdapter {
  /** How the report names it, e.g. `command: java -jar his-adapter.jar`. */
  readonly description: string;
  /** Send one request; resolves with the HIS's answer or rejects when the HIS gave none (the message says why). */
  send(request: AdapterRequest, timeoutMs: number): Promise<AdapterResult>;
  /** Release resources (default: nothing). */
  close?(): Promise<void>;
}
