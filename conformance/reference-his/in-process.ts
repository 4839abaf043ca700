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

/**
 * An in-process adapter around the reference HIS with this policy: one HIS instance per check
 * (keyed by `context.check`), as a command adapter keeps its state per check folder, so the
 * suite may run several checks at once (`concurrency`).
 */
export function referenceHisAdapter(policy: HisPolicy = REFERENCE_POLICY, name = 'reference HIS'): HisAdapter {
  const instances = new Map<string, ReturnType<typeof createReferenceHis>>();
  const hisFor = (check: string): ReturnType<typeof createReferenceHis> => {
    let his = instances.get(check);
    if (his === undefined) {
      his = createReferenceHis({ policy, name });
      instances.set(check, his);
    }
    return his;
  };
  return inProcessAdapter(name, (request) => handleAdapterRequest(hisFor(request.context.check), request));
}
