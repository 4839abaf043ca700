/**
 * Admission control for the node listeners: when the simulator is saturated, a new request is
 * refused at once with `OVERLOADED` (HTTP 503 with `Retry-After`, a SOAP fault or RFC 9457
 * problem JSON through the one error mapping) instead of waiting in a queue it would not leave in
 * time. A client therefore always gets an answer, never silence.
 *
 * Two signals, both simulator assumptions (EESZT publishes no figures):
 * - requests in flight (admitted and not yet answered) reaching `maxInFlight`;
 * - event-loop delay (node:perf_hooks `monitorEventLoopDelay`) above `maxEventLoopDelayMs`
 *   while other requests are in flight: the time a new request would wait before any of its
 *   work starts. A lone request after one long pause is still served.
 *
 * The control API (`/_sim`, also `/run/<id>/_sim`) and discovery (`/.well-known/...`) are never
 * refused nor counted, so a saturated simulator can still be observed and reset.
 *
 * @example
 * ```ts
 * const admission = createAdmission({ maxInFlight: 64 });
 * const front = admittingApp(sim, admission); // use front.fetch in the listener
 * admission.close();
 * ```
 */
import { Hono, type MiddlewareHandler } from 'hono';
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import { errorResponse } from '../core/error-response.js';
import { Overloaded } from '../core/errors.js';
import type { SimHonoEnv } from '../core/deps.js';
import type { Simulator } from '../simulator.js';

/** Bounds of {@link createAdmission}. */
export interface AdmissionOptions {
  /** Requests in flight at which a new one is refused (default {@link DEFAULT_MAX_IN_FLIGHT}). */
  maxInFlight?: number;
  /** Event-loop delay (ms) above which a new request is refused while others are in flight (default {@link DEFAULT_MAX_EVENT_LOOP_DELAY_MS}). */
  maxEventLoopDelayMs?: number;
}

/** Default in-flight bound (simulator assumption; `serve --max-in-flight`). */
export const DEFAULT_MAX_IN_FLIGHT = 64;
/** Default event-loop delay bound in ms (simulator assumption; `serve --max-event-loop-delay`). */
export const DEFAULT_MAX_EVENT_LOOP_DELAY_MS = 1000;
/** How often the delay histogram starts a new window (ms). */
const WINDOW_MS = 500;

/** A running admission controller. */
export interface Admission {
  /** Hono middleware that admits or refuses (throws {@link Overloaded}). */
  middleware: MiddlewareHandler<SimHonoEnv>;
  /** Requests admitted and not yet answered. */
  inFlight(): number;
  /** Stop the delay monitor. */
  close(): void;
}

const EXEMPT = /^(?:\/run\/[^/]+)?\/(?:_sim|\.well-known)(?:\/|$)/;

/** Whether a path is never refused nor counted (control API, discovery). */
export function isExemptPath(path: string): boolean {
  return EXEMPT.test(path);
}

/** Start an admission controller. */
export function createAdmission(options: AdmissionOptions = {}): Admission {
  const maxInFlight = options.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT;
  const maxDelayMs = options.maxEventLoopDelayMs ?? DEFAULT_MAX_EVENT_LOOP_DELAY_MS;
  const histogram: IntervalHistogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  let lastWindowMaxMs = 0;
  const timer = setInterval(() => {
    lastWindowMaxMs = histogram.count > 0 ? histogram.max / 1e6 : 0;
    histogram.reset();
  }, WINDOW_MS);
  timer.unref();
  // The current window (it holds a long pause the timer could not yet close) or the last one.
  const delayMs = (): number => Math.max(lastWindowMaxMs, histogram.count > 0 ? histogram.max / 1e6 : 0);
  let inFlight = 0;
  const middleware: MiddlewareHandler<SimHonoEnv> = async (c, next) => {
    if (isExemptPath(c.req.path)) return next();
    const delay = delayMs();
    if (inFlight >= maxInFlight) {
      throw new Overloaded(`${inFlight} requests are in flight (the limit is ${maxInFlight})`, retryAfter(delay), { inFlight, maxInFlight });
    }
    if (inFlight > 0 && delay > maxDelayMs) {
      throw new Overloaded(`the event loop is ${Math.round(delay)} ms behind (the limit is ${maxDelayMs} ms)`, retryAfter(delay), {
        eventLoopDelayMs: Math.round(delay),
        maxEventLoopDelayMs: maxDelayMs,
      });
    }
    inFlight += 1;
    try {
      await next();
    } finally {
      inFlight -= 1;
    }
  };
  return {
    middleware,
    inFlight: () => inFlight,
    close: () => {
      clearInterval(timer);
      histogram.disable();
    },
  };
}

/** Seconds a refused client should wait: the current delay rounded up, at least 1. */
function retryAfter(delayMs: number): number {
  return Math.max(1, Math.ceil(delayMs / 1000));
}

/**
 * The simulator's app behind admission control: refusals go through the one error mapping
 * (`errorResponse`), admitted requests to `sim.app` unchanged.
 */
export function admittingApp(sim: Simulator, admission: Admission): Hono<SimHonoEnv> {
  const front = new Hono<SimHonoEnv>();
  front.onError((err, c) => errorResponse(err, c, sim.deps.log));
  front.use('*', admission.middleware);
  front.all('*', (c) => sim.app.fetch(c.req.raw, c.env));
  return front;
}
