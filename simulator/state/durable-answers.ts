/**
 * With a durable store (`serve --data-dir`), every answer leaves only after the changes its
 * request made are written: the middleware commits the store after the handler, and a failed
 * write replaces the answer with `STORE_WRITE_FAILED` (503), so no caller is told that a write
 * was accepted when it is not durable. Mounted only when the store has `commit`.
 *
 * @example
 * ```ts
 * if (deps.store.commit !== undefined) app.use('*', durableAnswers(deps.store.commit.bind(deps.store)));
 * ```
 */
import type { MiddlewareHandler } from 'hono';
import type { SimHonoEnv } from '../core/deps.js';

/** Commit after each request, before its answer is sent. */
export function durableAnswers(commit: () => void): MiddlewareHandler<SimHonoEnv> {
  return async (_c, next) => {
    await next();
    commit();
  };
}
