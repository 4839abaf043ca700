/**
 * An adapter that calls a function in this process: for HIS clients written in TypeScript or
 * JavaScript (the reference HIS and its variants) it skips the process start of the command
 * adapter, so the whole catalogue runs in seconds.
 *
 * @example
 * ```ts
 * const adapter = inProcessAdapter('reference HIS', (req) => handleAdapterRequest(his, req));
 * ```
 */
import type { HisAdapter } from './his-adapter.js';
import { parseAdapterResult, type AdapterRequest, type AdapterResult } from './protocol.js';

/** Create an in-process adapter around a handler. */
export function inProcessAdapter(name: string, handle: (request: AdapterRequest) => Promise<AdapterResult>): HisAdapter {
  return {
    description: `in-process: ${name}`,
    async send(request: AdapterRequest, timeoutMs: number): Promise<AdapterResult> {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${name} gave no answer to \`${request.action}\` within ${timeoutMs} ms`)), timeoutMs);
      });
      try {
        return parseAdapterResult(await Promise.race([handle(request), timeout]));
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
