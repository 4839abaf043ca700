/**
 * Admission control for the node listeners: at most `maxInFlight` requests are processed at once;
 * the next ones wait in one first-come-first-served queue for a free slot, each for at most
 * `maxQueueWaitMs`. A request that would wait longer (judged from the queue ahead of it and how
 * long requests take now) is refused at once, and one whose wait runs out is refused then: with
 * `OVERLOADED` (HTTP 503 with `Retry-After`, a SOAP fault or RFC 9457 problem JSON through the one
 * error mapping). So every client gets an answer within a bounded time, in arrival order, never
 * silence; and nothing is refused while the simulator keeps up. At most `startsPerTurn` requests
 * start per turn of the event loop (the rest wait for the next turn), so however many wait, the loop
 * comes back to its sockets every few milliseconds: a new connection is accepted and its request
 * read (and queued, or refused) promptly instead of after every waiting request was processed.
 *
 * The bounds, all simulator assumptions (EESZT publishes no figures):
 * - requests in flight (admitted and not yet answered): `maxInFlight`;
 * - the wait for a slot: `maxQueueWaitMs` (0: no queue, refused at once at `maxInFlight`);
 * - event-loop delay (node:perf_hooks `monitorEventLoopDelay`) above `maxEventLoopDelayMs`
 *   while other requests are in flight: the time a new request would wait before any of its
 *   work starts. A lone request after one long pause is still served.
 *
 * The control API (`/_sim`, also `/run/<id>/_sim`) and discovery (`/.well-known/...`) are never
 * refused, queued nor counted, so a saturated simulator can still be observed and reset.
 *
 * @example
 * ```ts
 * const admission = createAdmission({ maxInFlight: 64 });
 * const fetch = admittingFetch(sim, admission); // the listener's fetch
 * admission.close();
 * ```
 */
import { Hono } from 'hono';
import { getPath } from 'hono/utils/url';
import { monitorEventLoopDelay, performance, type IntervalHistogram } from 'node:perf_hooks';
import { errorResponse } from '../core/error-response.js';
import { Overloaded } from '../core/errors.js';
import type { SimHonoEnv } from '../core/deps.js';
import type { Simulator } from '../simulator.js';

/** Bounds of {@link createAdmission}. */
export interface AdmissionOptions {
  /** Requests processed at once; the next ones wait for a slot (default {@link DEFAULT_MAX_IN_FLIGHT}). */
  maxInFlight?: number;
  /** How long a request may wait for a slot before it is refused; 0 refuses at once (default {@link DEFAULT_MAX_QUEUE_WAIT_MS}). */
  maxQueueWaitMs?: number;
  /** Event-loop delay (ms) above which a new request is refused while others are in flight (default {@link DEFAULT_MAX_EVENT_LOOP_DELAY_MS}). */
  maxEventLoopDelayMs?: number;
  /**
   * Requests started per event-loop turn (default {@link DEFAULT_STARTS_PER_TURN}); the others wait
   * in the queue for the next turn, so the loop comes back to its sockets often (accepting new
   * connections and reading their requests) however many requests are waiting. Not used without a queue.
   */
  startsPerTurn?: number;
}

/** Default in-flight bound (simulator assumption; `serve --max-in-flight`). */
export const DEFAULT_MAX_IN_FLIGHT = 64;
/** Default bound of the wait for a slot in ms (simulator assumption; `serve --max-queue-wait`). */
export const DEFAULT_MAX_QUEUE_WAIT_MS = 2000;
/** Default event-loop delay bound in ms (simulator assumption; `serve --max-event-loop-delay`). */
export const DEFAULT_MAX_EVENT_LOOP_DELAY_MS = 1000;
/** Default requests started per event-loop turn (simulator assumption: ~10-30 ms of work per turn). */
export const DEFAULT_STARTS_PER_TURN = 8;
/** How often the delay histogram starts a new window (ms). */
const WINDOW_MS = 500;

type Fetch = (req: Request, env: SimHonoEnv['Bindings']) => Response | Promise<Response>;

/** A running admission controller. */
export interface Admission {
  /**
   * Admit a request to `path`: resolves when it may be processed (call the returned release when
   * its answer is ready), rejects with {@link Overloaded} when it is refused. `undefined`: exempt
   * (control API, discovery), nothing to release.
   */
  admit(path: string): Promise<() => void> | (() => void) | undefined;
  /** Requests admitted and not yet answered. */
  inFlight(): number;
  /** Requests waiting for a slot. */
  queued(): number;
  /** Stop the delay monitor (waiting requests are refused). */
  close(): void;
}

const EXEMPT = /^(?:\/run\/[^/]+)?\/(?:_sim|\.well-known)(?:\/|$)/;

/** Whether a path is never refused nor counted (control API, discovery). */
export function isExemptPath(path: string): boolean {
  return EXEMPT.test(path);
}

interface Waiting {
  since: number;
  admitted: (release: () => void) => void;
  refused: (err: Overloaded) => void;
  timer: NodeJS.Timeout;
}

/** Start an admission controller. */
export function createAdmission(options: AdmissionOptions = {}): Admission {
  const maxInFlight = options.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT;
  const maxWaitMs = options.maxQueueWaitMs ?? DEFAULT_MAX_QUEUE_WAIT_MS;
  const maxDelayMs = options.maxEventLoopDelayMs ?? DEFAULT_MAX_EVENT_LOOP_DELAY_MS;
  const startsPerTurn = maxWaitMs === 0 ? Number.POSITIVE_INFINITY : Math.max(1, options.startsPerTurn ?? DEFAULT_STARTS_PER_TURN);
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
  const queue: Waiting[] = [];
  /** How long an admitted request takes now (ms; moving average), to judge a newcomer's wait. */
  let serviceMs = 0;

  // Requests started in this turn of the event loop; the count starts again in the check phase
  // (setImmediate), after the loop has polled its sockets, and the queue is served from there.
  let startedThisTurn = 0;
  let turnEndScheduled = false;
  let closed = false;
  const turnEnd = (): void => {
    turnEndScheduled = false;
    startedThisTurn = 0;
    pump();
  };
  const noteStart = (): void => {
    startedThisTurn += 1;
    if (!turnEndScheduled && !closed) {
      turnEndScheduled = true;
      setImmediate(turnEnd);
    }
  };
  /** Start waiting requests, longest waiting first, while a slot is free and this turn has room. */
  const pump = (): void => {
    while (queue.length > 0 && inFlight < maxInFlight && startedThisTurn < startsPerTurn) {
      const next = queue.shift() as Waiting;
      clearTimeout(next.timer);
      inFlight += 1;
      noteStart();
      next.admitted(release(performance.now()));
    }
    // more waiting and room in the slots: the next turn goes on
    if (queue.length > 0 && inFlight < maxInFlight && !turnEndScheduled && !closed) {
      turnEndScheduled = true;
      setImmediate(turnEnd);
    }
  };

  const release = (started: number): (() => void) => {
    let done = false;
    return () => {
      if (done) return;
      done = true;
      inFlight -= 1;
      serviceMs = serviceMs === 0 ? performance.now() - started : serviceMs * 0.95 + (performance.now() - started) * 0.05;
      pump();
    };
  };

  const admit = (path: string): Promise<() => void> | (() => void) | undefined => {
    if (isExemptPath(path)) return undefined;
    const delay = delayMs();
    if (inFlight > 0 && delay > maxDelayMs) {
      throw new Overloaded(`the event loop is ${Math.round(delay)} ms behind (the limit is ${maxDelayMs} ms)`, retryAfter(delay), {
        eventLoopDelayMs: Math.round(delay),
        maxEventLoopDelayMs: maxDelayMs,
      });
    }
    if (inFlight < maxInFlight && queue.length === 0 && startedThisTurn < startsPerTurn) {
      inFlight += 1;
      noteStart();
      return release(performance.now());
    }
    if (maxWaitMs === 0) {
      throw new Overloaded(`${inFlight} requests are in flight (the limit is ${maxInFlight})`, retryAfter(delay), { inFlight, maxInFlight });
    }
    // Its turn comes when the requests ahead of it (in flight and queued) have gone through the slots.
    const expectedWaitMs = ((queue.length + 1) * serviceMs) / maxInFlight;
    if (expectedWaitMs > maxWaitMs) {
      throw new Overloaded(
        `${inFlight} requests are in flight and ${queue.length} waiting (the limits are ${maxInFlight} in flight and a wait of ${maxWaitMs} ms); this one would wait about ${Math.round(expectedWaitMs)} ms`,
        retryAfter(Math.max(delay, expectedWaitMs)),
        { inFlight, maxInFlight, queued: queue.length, expectedWaitMs: Math.round(expectedWaitMs), maxQueueWaitMs: maxWaitMs },
      );
    }
    return new Promise((admitted, refused) => {
      const waiting: Waiting = {
        since: performance.now(),
        admitted,
        refused,
        timer: setTimeout(() => {
          const at = queue.indexOf(waiting);
          if (at !== -1) queue.splice(at, 1);
          refused(
            new Overloaded(`it waited ${maxWaitMs} ms for one of the ${maxInFlight} processing slots (the limit is ${maxWaitMs} ms)`, retryAfter(Math.max(delayMs(), maxWaitMs)), {
              inFlight,
              maxInFlight,
              queued: queue.length,
              maxQueueWaitMs: maxWaitMs,
            }),
          );
        }, maxWaitMs),
      };
      queue.push(waiting);
      // a free slot, only this turn was full: the next turn starts it
      if (inFlight < maxInFlight && !turnEndScheduled) {
        turnEndScheduled = true;
        setImmediate(turnEnd);
      }
    });
  };

  return {
    admit,
    inFlight: () => inFlight,
    queued: () => queue.length,
    close: () => {
      closed = true;
      clearInterval(timer);
      histogram.disable();
      for (const w of queue.splice(0)) {
        clearTimeout(w.timer);
        w.refused(new Overloaded('it is shutting down', 1));
      }
    },
  };
}

/** Seconds a refused client should wait: the expected delay rounded up, at least 1. */
function retryAfter(delayMs: number): number {
  return Math.max(1, Math.ceil(delayMs / 1000));
}

/**
 * The simulator's fetch behind admission control: an admitted request goes to `sim.app` unchanged
 * (no extra routing), a refusal through the one error mapping (`errorResponse`) to the caller's
 * format (SOAP fault of its version, or problem JSON).
 */
export function admittingFetch(sim: Simulator, admission: Admission): Fetch {
  const refusals = new WeakMap<Request, Overloaded>();
  const refuser = new Hono<SimHonoEnv>();
  refuser.onError((err, c) => errorResponse(err, c, sim.deps.log));
  refuser.all('*', (c) => {
    throw refusals.get(c.req.raw) ?? new Overloaded('no slot', 1);
  });
  const refuse = (req: Request, env: SimHonoEnv['Bindings'], err: unknown): Response | Promise<Response> => {
    if (!(err instanceof Overloaded)) throw err;
    refusals.set(req, err);
    return refuser.fetch(req, env);
  };
  const processed = async (req: Request, env: SimHonoEnv['Bindings'], done: () => void): Promise<Response> => {
    try {
      return await sim.app.fetch(req, env);
    } finally {
      done();
    }
  };
  return (req, env) => {
    let admitted: ReturnType<Admission['admit']>;
    try {
      admitted = admission.admit(getPath(req));
    } catch (err) {
      return refuse(req, env, err);
    }
    if (admitted === undefined) return sim.app.fetch(req, env);
    if (typeof admitted === 'function') return processed(req, env, admitted);
    return admitted.then(
      (done) => processed(req, env, done),
      (err: unknown) => refuse(req, env, err),
    );
  };
}
