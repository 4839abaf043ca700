/**
 * The cardholder: the person who types the PIN, CAN or PUK (on the reader's PIN pad or into a
 * host pop-up), cancels, or pulls the card out. Scripted for tests
 * (`scripted-cardholder.ts`), interactive for the trainer UI (`interactive-cardholder.ts`).
 *
 * @example
 * ```ts
 * const prompt = createPrompt('pin', { where: 'pin-pad', triesLeft: 3 });
 * prompt.label; // 'eAzonosítás PIN'
 * const answer = await cardholder.ask(prompt, { signal, removeCard });
 * ```
 */

/** What a prompt asks for. `activation-pin` is the 5-digit PIN from the green code card. */
export type PromptKind = 'pin' | 'can' | 'puk' | 'new-pin' | 'new-pin-repeat' | 'activation-pin';

/** The Hungarian label a PIN-pad display (or the host pop-up) shows for each prompt (seed 002: „eAzonosítás PIN”, „Új eAzonosítás PIN”). */
export const PROMPT_LABELS: Readonly<Record<PromptKind, string>> = Object.freeze({
  pin: 'eAzonosítás PIN',
  can: 'CAN',
  puk: 'PUK',
  'new-pin': 'Új eAzonosítás PIN',
  'new-pin-repeat': 'Új eAzonosítás PIN újra',
  'activation-pin': 'Aktiváló PIN',
});

/** One request to the cardholder. */
export interface Prompt {
  /** Unique per process; `answer()` of the interactive cardholder refers to it. */
  readonly id: number;
  readonly kind: PromptKind;
  /** Hungarian label, see {@link PROMPT_LABELS}. */
  readonly label: string;
  /** Where the cardholder types: on the reader's PIN pad (host never sees the value) or a host pop-up. */
  readonly where: 'pin-pad' | 'host';
  /** Name of the reader. */
  readonly reader?: string;
  /** Tries left of the asked secret, when known. */
  readonly triesLeft?: number;
  /** Extra context, e.g. why the CAN is asked. */
  readonly message?: string;
}

/** What the cardholder did. */
export type CardholderResponse = { type: 'enter'; value: string } | { type: 'cancel' } | { type: 'removed' };

/** What the cardholder can act on while a prompt is open. */
export interface PromptContext {
  /** Aborted when the prompt is over (timeout, card removed, operation ended). */
  readonly signal: AbortSignal;
  /** Pull the card out of the reader. */
  removeCard(): void;
}

/** A cardholder. */
export interface Cardholder {
  /** Answer one prompt. May reject when `context.signal` aborts. */
  ask(prompt: Prompt, context: PromptContext): Promise<CardholderResponse>;
}

let nextPromptId = 1;

/** Build a prompt with its label and a fresh id. */
export function createPrompt(kind: PromptKind, extras: { where: Prompt['where']; reader?: string; triesLeft?: number; message?: string }): Prompt {
  const prompt: Prompt = { id: nextPromptId++, kind, label: PROMPT_LABELS[kind], where: extras.where };
  return Object.freeze({
    ...prompt,
    ...(extras.reader === undefined ? {} : { reader: extras.reader }),
    ...(extras.triesLeft === undefined ? {} : { triesLeft: extras.triesLeft }),
    ...(extras.message === undefined ? {} : { message: extras.message }),
  });
}
