/**
 * The card client's scripted cardholder: what the person at the reader will do, as JSON steps
 * (keys named after the secret typed, so the journal redacts them):
 *
 * | step | does |
 * |---|---|
 * | `{ "pin": "123456" }` | types the eID PIN at the `eAzonosítás PIN` prompt |
 * | `{ "can": "482915" }` | types the CAN |
 * | `{ "puk": "12345678" }` | types the PUK |
 * | `{ "activationPin": "13579" }` | types the 5-digit activation PIN |
 * | `{ "newPin": "246810" }`, `{ "newPinRepeat": "246810" }` | types the new PIN, and again |
 * | `{ "wrongPin": true }` (also `wrongCan`, `wrongPuk`) | types a value that is certainly wrong for this card |
 * | `{ "cancel": true }` | presses Cancel |
 * | `{ "removeCard": true }` | pulls the card out of the reader |
 * | `{ "waitSeconds": 5 }` | waits before the next step (a long wait runs into the prompt timeout) |
 *
 * A step answers the prompt it is meant for only; when the card asks the CAN and the script has
 * no CAN ready (its next step types something else, or it has no step left), the operation ends
 * with `CAN_REQUIRED`, which is what a HIS sees when the PIN is suspended.
 *
 * @example
 * ```ts
 * const steps = parseCardholderSteps([{ can: '482915' }, { pin: '123456' }]);
 * const cardholder = createScriptCardholder(steps, { secrets: () => card });
 * ```
 */
import type { Card } from '../../fixtures/schema.js';
import { BadRequest } from '../../simulator/core/errors.js';
import { CanRequired } from '../errors.js';
import type { Cardholder, CardholderResponse, Prompt, PromptContext, PromptKind } from '../reader/cardholder.js';
import { realTimer, sleep, type Timer } from '../reader/timer.js';
import { CardholderScriptExhausted, CardholderScriptMismatch } from './errors.js';

/** One validated step. */
export type CardholderStep =
  | { type: 'enter'; kind: PromptKind; value: string }
  | { type: 'wrong'; kind: 'pin' | 'can' | 'puk' }
  | { type: 'cancel' }
  | { type: 'remove' }
  | { type: 'wait'; seconds: number };

/** JSON key of each prompt kind's value. */
export const ANSWER_FIELDS: Readonly<Record<PromptKind, string>> = Object.freeze({
  pin: 'pin',
  can: 'can',
  puk: 'puk',
  'new-pin': 'newPin',
  'new-pin-repeat': 'newPinRepeat',
  'activation-pin': 'activationPin',
});

const KIND_OF_FIELD = new Map<string, PromptKind>(Object.entries(ANSWER_FIELDS).map(([kind, field]) => [field, kind as PromptKind]));
const WRONG_FIELDS: Readonly<Record<string, 'pin' | 'can' | 'puk'>> = { wrongPin: 'pin', wrongCan: 'can', wrongPuk: 'puk' };
export const MAX_STEPS = 100;
const MAX_WAIT_SECONDS = 3600;

function stepError(index: number, message: string): BadRequest {
  return new BadRequest(
    `cardholder step ${index}: ${message}; a step is one of {"pin":"123456"}, {"can":"…"}, {"puk":"…"}, {"activationPin":"…"}, {"newPin":"…"}, {"newPinRepeat":"…"}, {"wrongPin":true}, {"wrongCan":true}, {"wrongPuk":true}, {"cancel":true}, {"removeCard":true}, {"waitSeconds":5}`,
    { details: { step: index } },
    'CARDHOLDER_SCRIPT_INVALID',
  );
}

/**
 * Validate JSON steps. Throws `CARDHOLDER_SCRIPT_INVALID` (400) naming the bad step; the
 * values typed are never echoed.
 */
export function parseCardholderSteps(input: unknown): CardholderStep[] {
  if (!Array.isArray(input)) throw new BadRequest('cardholder steps must be a JSON array such as [{"pin":"123456"}]', {}, 'CARDHOLDER_SCRIPT_INVALID');
  if (input.length > MAX_STEPS) throw new BadRequest(`a cardholder script has at most ${MAX_STEPS} steps`, {}, 'CARDHOLDER_SCRIPT_INVALID');
  return input.map((raw, i): CardholderStep => {
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw stepError(i, 'it is not a JSON object');
    const entries = Object.entries(raw as Record<string, unknown>);
    if (entries.length !== 1) throw stepError(i, `it has ${entries.length} keys, one is expected`);
    const [key, value] = entries[0] as [string, unknown];
    const kind = KIND_OF_FIELD.get(key);
    if (kind !== undefined) {
      if (typeof value !== 'string' || !/^[0-9]{1,16}$/.test(value)) throw stepError(i, `\`${key}\` must be a string of digits`);
      return { type: 'enter', kind, value };
    }
    const wrong = WRONG_FIELDS[key];
    if (wrong !== undefined) {
      if (value !== true) throw stepError(i, `\`${key}\` takes true`);
      return { type: 'wrong', kind: wrong };
    }
    if (key === 'cancel' || key === 'removeCard') {
      if (value !== true) throw stepError(i, `\`${key}\` takes true`);
      return key === 'cancel' ? { type: 'cancel' } : { type: 'remove' };
    }
    if (key === 'waitSeconds') {
      if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > MAX_WAIT_SECONDS) throw stepError(i, `\`waitSeconds\` takes a number of seconds from 0 to ${MAX_WAIT_SECONDS}`);
      return { type: 'wait', seconds: value };
    }
    throw stepError(i, `\`${key}\` is not a step`);
  });
}

/** A step as JSON again, with the values typed hidden (for status answers). */
export function describeStep(step: CardholderStep): Record<string, unknown> {
  switch (step.type) {
    case 'enter':
      return { [ANSWER_FIELDS[step.kind]]: '***' };
    case 'wrong':
      return { [`wrong${step.kind === 'pin' ? 'Pin' : step.kind === 'can' ? 'Can' : 'Puk'}`]: true };
    case 'cancel':
      return { cancel: true };
    case 'remove':
      return { removeCard: true };
    case 'wait':
      return { waitSeconds: step.seconds };
  }
}

/** A value certainly different from `right`, of the same length. */
export function wrongValue(right: string): string {
  return [...right].map((d) => String((Number(d) + 1) % 10)).join('');
}

/** Which prompt kinds a `wrong*` step answers. */
function wrongAnswers(step: { kind: 'pin' | 'can' | 'puk' }, prompt: PromptKind): boolean {
  if (step.kind === 'pin') return prompt === 'pin' || prompt === 'activation-pin';
  return step.kind === prompt;
}

function stepKindName(step: CardholderStep): string {
  if (step.type === 'enter') return ANSWER_FIELDS[step.kind];
  if (step.type === 'wrong') return `wrong ${step.kind}`;
  return step.type;
}

/** A scripted cardholder whose unused steps can be read back. */
export interface ScriptCardholder extends Cardholder {
  /** Steps not used yet. */
  remaining(): CardholderStep[];
  /** Prompts shown so far. */
  readonly seen: readonly Prompt[];
}

/** Options of {@link createScriptCardholder}. */
export interface ScriptCardholderOptions {
  /** Measures `waitSeconds` (default real time). */
  timer?: Timer;
  /** The card now in the reader, for `wrong*` steps. */
  secrets: () => Card | undefined;
}

/** Create a cardholder that follows `steps` (see the module comment for the rules). */
export function createScriptCardholder(steps: readonly CardholderStep[], options: ScriptCardholderOptions): ScriptCardholder {
  const queue = [...steps];
  const seen: Prompt[] = [];
  const timer = options.timer ?? realTimer;
  const wrongFor = (kind: PromptKind): string => {
    const card = options.secrets();
    const right = kind === 'can' ? card?.can : kind === 'puk' ? card?.puk : kind === 'activation-pin' ? card?.activationPin : (card?.pin ?? card?.activationPin);
    return wrongValue(right ?? (kind === 'puk' ? '00000000' : kind === 'activation-pin' ? '00000' : '000000'));
  };
  return {
    seen,
    remaining: () => [...queue],
    async ask(prompt: Prompt, context: PromptContext): Promise<CardholderResponse> {
      seen.push(prompt);
      for (;;) {
        const step = queue[0];
        if (step === undefined) {
          if (prompt.kind === 'can') throw new CanRequired();
          throw new CardholderScriptExhausted(prompt.label, prompt.kind);
        }
        if (step.type === 'wait') {
          queue.shift();
          await sleep(timer, step.seconds * 1000, context.signal);
          continue;
        }
        if (step.type === 'cancel') {
          queue.shift();
          return { type: 'cancel' };
        }
        if (step.type === 'remove') {
          queue.shift();
          context.removeCard();
          return { type: 'removed' };
        }
        const fits = step.type === 'enter' ? step.kind === prompt.kind : wrongAnswers(step, prompt.kind);
        if (!fits) {
          if (prompt.kind === 'can') throw new CanRequired();
          throw new CardholderScriptMismatch(prompt.label, prompt.kind, stepKindName(step));
        }
        queue.shift();
        return { type: 'enter', value: step.type === 'enter' ? step.value : wrongFor(prompt.kind) };
      }
    },
  };
}
