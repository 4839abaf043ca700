/**
 * The adapter side of the reference HIS: turns one adapter request (docs/adapter.md) into the
 * HIS operation and its answer. The command entry (main.ts), the HTTP test endpoint and the
 * in-process adapter all go through here.
 *
 * @example
 * ```ts
 * const result = await handleAdapterRequest(createReferenceHis(), request);
 * ```
 */
import type { AdapterRequest, AdapterResult, CallParams, LoginParams, SetupParams } from '../adapter/protocol.js';
import type { ReferenceHis } from './reference-his.js';

/** Handle one request; never throws (a failure is an `{ ok: false }` answer). */
export async function handleAdapterRequest(his: ReferenceHis, request: AdapterRequest): Promise<AdapterResult> {
  try {
    his.useContext(request.context);
    switch (request.action) {
      case 'setup':
        return await his.setup(request.params as SetupParams);
      case 'login':
        return await his.login(request.params as LoginParams);
      case 'call':
        return await his.call(request.params as CallParams);
      case 'logout':
        return await his.logout();
      case 'status':
        return await his.status();
      default:
        return { ok: false, error: { code: 'ACTION_UNKNOWN', message: `unknown action \`${String((request as { action: unknown }).action)}\`` } };
    }
  } catch (err) {
    return { ok: false, error: { code: 'HIS_ERROR', message: err instanceof Error ? err.message : String(err) } };
  }
}
