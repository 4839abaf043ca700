/**
 * The HTTP adapter: for every action the suite POSTs the JSON request to the HIS's test endpoint
 * and reads the JSON result from the answer (any HTTP status; the body decides).
 *
 * @example
 * ```ts
 * const adapter = httpAdapter({ url: 'http://127.0.0.1:9000/eeszt-conformance' });
 * ```
 */
import type { HisAdapter } from './his-adapter.js';
import { parseAdapterResult, type AdapterRequest, type AdapterResult } from './protocol.js';

/** Options of {@link httpAdapter}. */
export interface HttpAdapterOptions {
  /** The HIS's test endpoint. */
  url: string;
  /** Extra request headers (e.g. an API key of the test endpoint). */
  headers?: Record<string, string>;
}

/** Create an HTTP adapter. */
export function httpAdapter(options: HttpAdapterOptions): HisAdapter {
  return {
    description: `http: ${options.url}`,
    async send(request: AdapterRequest, timeoutMs: number): Promise<AdapterResult> {
      let res: Response;
      try {
        res = await fetch(options.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...options.headers },
          body: JSON.stringify(request),
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (err) {
        const why = (err as Error).name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : ((err as Error & { cause?: Error }).cause?.message ?? (err as Error).message);
        throw new Error(`the HIS test endpoint ${options.url} failed for \`${request.action}\`: ${why}`);
      }
      const text = await res.text();
      let value: unknown;
      try {
        value = JSON.parse(text) as unknown;
      } catch {
        throw new Error(`the HIS test endpoint answered \`${request.action}\` with HTTP ${res.status} and no JSON (${text.slice(0, 200)}); answer {"ok":…} as JSON`);
      }
      return parseAdapterResult(value);
    },
  };
}
