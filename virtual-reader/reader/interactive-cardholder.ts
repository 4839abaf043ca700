/**
 * A cardholder that waits for a person: prompts queue up until someone answers them through
 * this API (the trainer UI will call it over HTTP). Prompts close by themselves when they time
 * out or the card is removed.
 *
 * @example
 * ```ts
 * const cardholder = createInteractiveCardholder();
 * const auth = session.authenticate({ serviceRidPublicKey, challenge, cardholder });
 * const prompt = await cardholder.nextPrompt(); // { kind: 'pin', label: 'eAzonosítás PIN', ... }
 * cardholder.answer(prompt, '123456');
 * await auth;
 * ```
 */
import { EventEmitter } from 'node:events';
import { Conflict } from '../../simulator/core/errors.js';
import type { Cardholder, CardholderResponse, Prompt, PromptContext } from './cardholder.js';

interface Pending {
  prompt: Prompt;
  context: PromptContext;
  resolve(response: CardholderResponse): void;
}

/** Events of an {@link InteractiveCardholder}. */
export interface InteractiveCardholderEvents {
  /** A prompt opened. */
  prompt: [Prompt];
  /** A prompt closed: answered, cancelled, card removed, or aborted (timeout / removal / operation over). */
  closed: [Prompt, 'answered' | 'cancelled' | 'removed' | 'aborted'];
}

/** A cardholder answered by a person through the API. */
export interface InteractiveCardholder extends Cardholder {
  /** The oldest open prompt, if any. */
  pendingPrompt(): Prompt | undefined;
  /** All open prompts, oldest first. */
  pendingPrompts(): Prompt[];
  /** The oldest open prompt, waiting for one to open if none is. */
  nextPrompt(options?: { signal?: AbortSignal }): Promise<Prompt>;
  /** Type `value` into the prompt (by prompt or id). Throws `PROMPT_NOT_PENDING` when it is not open. */
  answer(prompt: Prompt | number, value: string): void;
  /** Press Cancel. */
  cancel(prompt: Prompt | number): void;
  /** Pull the card out of the reader while the prompt is open. */
  removeCard(prompt: Prompt | number): void;
  /** Subscribe to `prompt` / `closed`. */
  on<K extends keyof InteractiveCardholderEvents>(event: K, listener: (...args: InteractiveCardholderEvents[K]) => void): this;
  /** Unsubscribe. */
  off<K extends keyof InteractiveCardholderEvents>(event: K, listener: (...args: InteractiveCardholderEvents[K]) => void): this;
}

class InteractiveCardholderImpl extends EventEmitter<InteractiveCardholderEvents> implements InteractiveCardholder {
  private readonly open = new Map<number, Pending>();

  ask(prompt: Prompt, context: PromptContext): Promise<CardholderResponse> {
    return new Promise<CardholderResponse>((resolve, reject) => {
      if (context.signal.aborted) {
        reject(context.signal.reason);
        return;
      }
      const onAbort = (): void => {
        if (!this.open.delete(prompt.id)) return;
        this.emit('closed', prompt, 'aborted');
        reject(context.signal.reason);
      };
      context.signal.addEventListener('abort', onAbort, { once: true });
      this.open.set(prompt.id, {
        prompt,
        context,
        resolve: (response) => {
          context.signal.removeEventListener('abort', onAbort);
          resolve(response);
        },
      });
      this.emit('prompt', prompt);
    });
  }

  pendingPrompt(): Prompt | undefined {
    return this.open.values().next().value?.prompt;
  }

  pendingPrompts(): Prompt[] {
    return [...this.open.values()].map((p) => p.prompt);
  }

  nextPrompt(options: { signal?: AbortSignal } = {}): Promise<Prompt> {
    const now = this.pendingPrompt();
    if (now !== undefined) return Promise.resolve(now);
    return new Promise<Prompt>((resolve, reject) => {
      const signal = options.signal;
      const onPrompt = (prompt: Prompt): void => {
        signal?.removeEventListener('abort', onAbort);
        resolve(prompt);
      };
      const onAbort = (): void => {
        this.off('prompt', onPrompt);
        reject(signal?.reason);
      };
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      signal?.addEventListener('abort', onAbort, { once: true });
      this.once('prompt', onPrompt);
    });
  }

  answer(prompt: Prompt | number, value: string): void {
    this.settle(prompt, 'answered', { type: 'enter', value });
  }

  cancel(prompt: Prompt | number): void {
    this.settle(prompt, 'cancelled', { type: 'cancel' });
  }

  removeCard(prompt: Prompt | number): void {
    const pending = this.take(prompt);
    pending.context.removeCard();
    this.emit('closed', pending.prompt, 'removed');
    pending.resolve({ type: 'removed' });
  }

  private settle(prompt: Prompt | number, how: 'answered' | 'cancelled', response: CardholderResponse): void {
    const pending = this.take(prompt);
    this.emit('closed', pending.prompt, how);
    pending.resolve(response);
  }

  private take(prompt: Prompt | number): Pending {
    const id = typeof prompt === 'number' ? prompt : prompt.id;
    const pending = this.open.get(id);
    if (pending === undefined) {
      throw new Conflict(`prompt ${id} is not open (already answered, timed out, or the card was removed)`, { details: { promptId: id } }, 'PROMPT_NOT_PENDING');
    }
    this.open.delete(id);
    return pending;
  }
}

/** Create an {@link InteractiveCardholder}. */
export function createInteractiveCardholder(): InteractiveCardholder {
  return new InteractiveCardholderImpl();
}
