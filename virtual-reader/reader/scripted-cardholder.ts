/**
 * A cardholder that follows a script, for tests and demos. Each prompt consumes steps in order
 * until one answers it: `{ enter }` types a value, `{ cancel: true }` presses Cancel,
 * `{ remove: true }` pulls the card out, `{ wait: ms }` pauses on the injectable timer first
 * (so a long wait runs into the prompt timeout). `expect` checks which prompt is open.
 *
 * @example
 * ```ts
 * const cardholder = createScriptedCardholder([
 *   { expect: 'can', enter: '123456' },
 *   { wait: 2_000 },
 *   { expect: 'pin', enter: '654321' },
 * ]);
 * // after the operation: cardholder.seen.map((p) => p.label) → ['CAN', 'eAzonosítás PIN']
 * ```
 */
import type { Cardholder, CardholderResponse, Prompt, PromptContext, PromptKind } from './cardholder.js';
import { realTimer, sleep, type Timer } from './timer.js';

/** One step of a script. */
export type ScriptStep =
  | { enter: string; expect?: PromptKind }
  | { cancel: true; expect?: PromptKind }
  | { remove: true; expect?: PromptKind }
  | { wait: number };

/** The script has no step left for a prompt, or a step expected another prompt. */
export class ScriptError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ScriptError';
  }
}

/** A scripted cardholder. */
export interface ScriptedCardholder extends Cardholder {
  /** Every prompt shown so far, in order. */
  readonly seen: readonly Prompt[];
  /** Steps not used yet. */
  remaining(): number;
}

/** Create a scripted cardholder; `timer` measures `wait` steps (default: real time). */
export function createScriptedCardholder(steps: readonly ScriptStep[], options: { timer?: Timer } = {}): ScriptedCardholder {
  const queue = [...steps];
  const seen: Prompt[] = [];
  const timer = options.timer ?? realTimer;
  return {
    seen,
    remaining: () => queue.length,
    async ask(prompt: Prompt, context: PromptContext): Promise<CardholderResponse> {
      seen.push(prompt);
      for (;;) {
        const step = queue.shift();
        if (step === undefined) throw new ScriptError(`the script has no step left for the "${prompt.label}" (${prompt.kind}) prompt`);
        if ('wait' in step) {
          await sleep(timer, step.wait, context.signal);
          continue;
        }
        if (step.expect !== undefined && step.expect !== prompt.kind) {
          throw new ScriptError(`the script expected a "${step.expect}" prompt, but "${prompt.kind}" (${prompt.label}) was shown`);
        }
        if ('enter' in step) return { type: 'enter', value: step.enter };
        if ('cancel' in step) return { type: 'cancel' };
        context.removeCard();
        return { type: 'removed' };
      }
    },
  };
}
