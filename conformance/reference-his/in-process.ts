/**
 * The reference HIS (or a variant of it) as an in-process adapter: the whole catalogue runs
 * without starting a process per action.
 *
 * @example
 * ```ts
 * const report = await runSuite({ adapter: referenceHisAdapter(), target });
 * ```
 */
import type { HisAdapter } from '../adapter/his-adapter.js';
import { inProcessAdapter } from '../adapter/in-process-adapter.js';
import { handleAdapterRequest } from './adapter-handler.js';
import { REFERENCE_POLICY, type HisPolicy } from './policy.js';
import { createReferenceHis } from './reference-his.js';

/** An in-process adapter around a fresh reference HIS with this policy. */
export function referenceHisAdapter(policy: HisPolicy = REFERENCE_POLICY, name = 'reference HIS'): HisAdapter {
  const his = createReferenceHis({ policy, name });
  return inProcessAdapter(name, (request) => handleAdapterRequest(his, request));
}
