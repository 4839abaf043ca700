/**
 * The control API of one simulator environment (an isolated run), as scenarios use it: move the
 * clock, inject faults, put a card into the card client's reader and script the cardholder, set
 * a card's PIN state, and read the journal.
 *
 * @example
 * ```ts
 * const env = await createRunEnvironment('http://127.0.0.1:8080', { fixtures });
 * await env.advanceClock('7h1m');
 * await env.addFaults([{ service: 'erecept', fault: 'status', status: 503, times: 2 }]);
 * const entries = await env.journal();
 * await env.delete();
 * ```
 */
import type { JournalEntry } from '../../simulator/core/journal.js';
import type { FixtureSet } from '../../fixtures/schema.js';
import { readWholeJournal, type JournalPageAnswer } from './journal-pages.js';
import { SuiteError } from './suite-error.js';

/** Options of every control request. */
export interface ControlOptions {
  /** `Authorization: Bearer` token of a simulator started with --control-token. */
  controlToken?: string;
}

/** One environment's control. */
export interface EnvControl {
  /** Discovery URL the HIS is given. */
  readonly discovery: string;
  /** Base URL of the environment (`http://host:port/run/<id>`). */
  readonly base: string;
  /** Simulator time now (from the last clock answer, running on). */
  simulatorTime(): Date;
  advanceClock(duration: string): Promise<void>;
  addFaults(rules: readonly Record<string, unknown>[]): Promise<void>;
  insertCard(documentId: string, reader?: number): Promise<void>;
  scriptCardholder(steps: readonly Record<string, unknown>[]): Promise<void>;
  setPinState(documentId: string, state: { pinState: string; pinTriesLeft: number; pukTriesLeft: number }): Promise<void>;
  /**
   * The code `username`'s mobilToken app shows now (what the user types for a two-factor login).
   * Each code works once: when this user's code of the current minute was handed out already, the
   * clock moves on to the next minute first (a real user waits for the next code).
   */
  mobilTokenCode(username: string): Promise<string>;
  /** Sequence number of the newest journal entry (0 when empty). */
  latestSeq(): Promise<number>;
  journal(): Promise<JournalEntry[]>;
  delete(): Promise<void>;
}

async function request(url: string, init: RequestInit, options: ControlOptions): Promise<unknown> {
  const headers: Record<string, string> = { ...(init.body === undefined ? {} : { 'content-type': 'application/json' }), ...(options.controlToken === undefined ? {} : { authorization: `Bearer ${options.controlToken}` }) };
  let res: Response;
  try {
    res = await fetch(url, { ...init, headers });
  } catch (err) {
    throw new SuiteError(`the simulator's control API at ${url} cannot be reached: ${(err as Error & { cause?: Error }).cause?.message ?? (err as Error).message}`);
  }
  const text = await res.text();
  if (!res.ok) throw new SuiteError(`the simulator's control API refused ${init.method ?? 'GET'} ${url}: HTTP ${res.status} ${text.slice(0, 300)}`);
  return text === '' ? undefined : (JSON.parse(text) as unknown);
}

/**
 * Create an isolated run on a simulator and return its control. `clockStart` sets the run's
 * clock (running on from there); without it the run starts at the simulator's real time.
 */
export async function createRunEnvironment(origin: string, options: ControlOptions & { fixtures?: FixtureSet; clockStart?: Date } = {}): Promise<EnvControl> {
  // The suite always judges under the strict policy, whatever the simulator's default is.
  const clock = { ...(options.clockStart === undefined ? {} : { start: options.clockStart.toISOString() }), frozen: false };
  const body = { ...(options.fixtures === undefined ? {} : { fixtures: options.fixtures }), clock, policy: 'strict' };
  const created = (await request(`${origin}/_sim/runs`, { method: 'POST', body: JSON.stringify(body) }, options)) as { id: string; discovery: string; basePath: string; clock?: { epochMs: number } };
  const base = `${origin}${created.basePath}`;
  let offsetMs = created.clock === undefined ? 0 : created.clock.epochMs - Date.now();
  const post = (path: string, payload: unknown, method = 'POST'): Promise<unknown> => request(`${base}${path}`, { method, body: JSON.stringify(payload) }, options);
  /** The mobilToken step last handed out per user. */
  const handedOut = new Map<string, number>();
  return {
    discovery: created.discovery,
    base,
    simulatorTime: () => new Date(Date.now() + offsetMs),
    async advanceClock(duration) {
      const state = (await post('/_sim/clock', { advance: duration })) as { epochMs: number };
      offsetMs = state.epochMs - Date.now();
    },
    async addFaults(rules) {
      await post('/_sim/faults', { rules });
    },
    async insertCard(documentId, reader = 0) {
      await post(`/card-client/readers/${reader}/card`, { documentId });
    },
    async scriptCardholder(steps) {
      await post('/card-client/cardholder', { mode: 'scripted', steps }, 'PUT');
    },
    async setPinState(documentId, state) {
      await post(`/_sim/cards/${documentId}/pin-state`, state, 'PUT');
    },
    async mobilTokenCode(username) {
      const get = async (): Promise<{ mobilTokenCode: string; step: number; secondsLeft: number }> =>
        (await request(`${base}/_sim/mobiltoken/${encodeURIComponent(username)}`, { method: 'GET' }, options)) as { mobilTokenCode: string; step: number; secondsLeft: number };
      let shown = await get();
      if (handedOut.get(username) === shown.step) {
        const state = (await post('/_sim/clock', { advance: `${Math.ceil(shown.secondsLeft) + 1}s` })) as { epochMs: number };
        offsetMs = state.epochMs - Date.now();
        shown = await get();
      }
      handedOut.set(username, shown.step);
      return shown.mobilTokenCode;
    },
    async latestSeq() {
      const j = (await request(`${base}/_sim/journal?limit=1`, { method: 'GET' }, options)) as { entries: JournalEntry[] };
      return j.entries.at(-1)?.seq ?? 0;
    },
    async journal() {
      return readWholeJournal(async (query) => (await request(`${base}/_sim/journal${query}`, { method: 'GET' }, options)) as JournalPageAnswer);
    },
    async delete() {
      await request(`${origin}/_sim/runs/${created.basePath.split('/').pop() ?? ''}`, { method: 'DELETE' }, options).catch(() => undefined);
    },
  };
}
