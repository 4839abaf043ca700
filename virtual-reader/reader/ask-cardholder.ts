/**
 * Run one prompt against a cardholder with a timeout and card-removal watch, turning the
 * outcome into a value or a typed error: {@link PinCancelled}, {@link CardRemoved},
 * {@link PromptTimeout}. Used by the PIN pad and by the host-side prompts of the card session.
 *
 * @example
 * ```ts
 * const pin = await askCardholder({ cardholder, prompt, timer, timeoutMs: 60_000, removal, removeCard });
 * ```
 */
import { CardRemoved, PinCancelled, PromptTimeout } from '../errors.js';
import type { Cardholder, Prompt } from './cardholder.js';
import type { Timer } from './timer.js';

/** Options of {@link askCardholder}. */
export interface AskOptions {
  cardholder: Cardholder;
  prompt: Prompt;
  timer: Timer;
  /** Give up after this many ms on `timer`. */
  timeoutMs: number;
  /** Aborted when the card leaves the reader. */
  removal: AbortSignal;
  /** Pull the card (for the cardholder's `remove` action). */
  removeCard(): void;
}

/** Ask and wait; resolves with the entered value. */
export async function askCardholder(options: AskOptions): Promise<string> {
  const { cardholder, prompt, timer, timeoutMs, removal } = options;
  if (removal.aborted) throw new CardRemoved();
  const controller = new AbortController();
  let handle: unknown;
  let onRemoval: (() => void) | undefined;
  const stop = new Promise<never>((_, reject) => {
    handle = timer.setTimeout(() => {
      const err = new PromptTimeout(`the cardholder did not answer the "${prompt.label}" prompt within ${timeoutMs / 1000} s`, { details: { prompt: prompt.kind } });
      controller.abort(err);
      reject(err);
    }, timeoutMs);
    onRemoval = (): void => {
      const err = new CardRemoved(`the card was removed while the "${prompt.label}" prompt was open`, { details: { prompt: prompt.kind } });
      controller.abort(err);
      reject(err);
    };
    removal.addEventListener('abort', onRemoval, { once: true });
  });
  try {
    const answer = await Promise.race([cardholder.ask(prompt, { signal: controller.signal, removeCard: options.removeCard }), stop]);
    if (answer.type === 'cancel') throw new PinCancelled(`the cardholder cancelled the "${prompt.label}" prompt`, { details: { prompt: prompt.kind } });
    if (answer.type === 'removed') throw new CardRemoved(`the card was removed while the "${prompt.label}" prompt was open`, { details: { prompt: prompt.kind } });
    return answer.value;
  } finally {
    timer.clearTimeout(handle);
    if (onRemoval !== undefined) removal.removeEventListener('abort', onRemoval);
    if (!controller.signal.aborted) controller.abort(new Error('prompt closed'));
    stop.catch(() => undefined);
  }
}
