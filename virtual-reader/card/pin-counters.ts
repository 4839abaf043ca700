/**
 * The one rule for how a card's PIN state and its try counters fit together, shared by the card
 * itself (`pin-policy.ts`), the fixture validator (`fixtures/validate.ts`) and the control API
 * (`PUT /_sim/cards/{id}/pin-state`), so that a record the validator accepts is one the card can
 * be in, and the other way round (docs/card-apdus.md, "The PIN state machine"):
 *
 * - `blocked`: 0 PIN tries (the third wrong PIN used them up);
 * - `dead`: 0 PIN tries and 0 PUK tries (the PUK is used up; the PIN can never be used again);
 * - `activation`, `active`, `suspended`: at least 1 PIN try and at least 1 PUK try.
 *
 * @example
 * ```ts
 * pinCounterProblems('dead', 3, 0); // [{ field: 'pinTriesLeft', message: 'a dead card … set `pinTriesLeft` to 0 (got 3)' }]
 * ```
 */
import type { PinState } from '../../fixtures/schema.js';

/** One way the counters do not fit the state. */
export interface PinCounterProblem {
  field: 'pinTriesLeft' | 'pukTriesLeft';
  message: string;
}

/** What is wrong with these counters for this state (empty when they fit). */
export function pinCounterProblems(state: PinState, pinTriesLeft: number | undefined, pukTriesLeft: number | undefined): PinCounterProblem[] {
  const out: PinCounterProblem[] = [];
  if (pinTriesLeft !== undefined) {
    if (state === 'blocked' && pinTriesLeft !== 0) out.push({ field: 'pinTriesLeft', message: `a blocked PIN has no tries left; set \`pinTriesLeft\` to 0 (got ${pinTriesLeft})` });
    else if (state === 'dead' && pinTriesLeft !== 0) out.push({ field: 'pinTriesLeft', message: `a dead card (PUK used up) can never use its PIN again, so it has no PIN tries left; set \`pinTriesLeft\` to 0 (got ${pinTriesLeft})` });
    else if (state !== 'blocked' && state !== 'dead' && pinTriesLeft === 0) out.push({ field: 'pinTriesLeft', message: `pinState \`${state}\` needs at least one PIN try left; with none left the PIN is \`blocked\`` });
  }
  if (pukTriesLeft !== undefined) {
    if (state === 'dead' && pukTriesLeft !== 0) out.push({ field: 'pukTriesLeft', message: `a dead card has used up its PUK; set \`pukTriesLeft\` to 0 (got ${pukTriesLeft})` });
    else if (state !== 'dead' && pukTriesLeft === 0) out.push({ field: 'pukTriesLeft', message: 'with no PUK tries left the card is `dead`; set pinState `dead` or give PUK tries' });
  }
  return out;
}
