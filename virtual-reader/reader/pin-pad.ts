/**
 * Secure PIN entry of a PIN-pad reader. The host asks the reader to verify (or change, or
 * unblock); the reader shows the Hungarian label on its display, takes the digits from the
 * cardholder, builds the APDU itself and answers the host only the status word. The PIN never
 * crosses the host API (nor the reader's `apdu` trace, which shows the command header only).
 *
 * The "new PIN entered twice" check is the reader's job here: a mismatch is refused with
 * {@link PinMismatch} before anything is sent to the card.
 *
 * @example
 * ```ts
 * const sw = await reader.pinPad!.verify({ kind: 'pin', cardholder, triesLeft: 3 });
 * if (sw === SW.OK) reader.transmit(internalAuthenticate(challenge));
 * ```
 */
import * as cmd from '../card/commands.js';
import { isValidNewPin } from '../card/pin-policy.js';
import { NoCard, NewPinInvalid, PinMismatch } from '../errors.js';
import { askCardholder } from './ask-cardholder.js';
import { createPrompt, type Cardholder, type PromptKind } from './cardholder.js';
import type { Timer } from './timer.js';

/** What the PIN pad needs from its reader. */
export interface PinPadDeps {
  readerName: string;
  timer: Timer;
  timeoutMs: number;
  /** Send an APDU on the reader's secure path; answers SW1SW2. */
  transmitSecure(apdu: Uint8Array, slot: number): Promise<number>;
  removalSignal(slot: number): AbortSignal;
  removeCard(slot: number): void;
}

/** Options shared by the PIN-pad operations. */
export interface PinPadRequest {
  cardholder: Cardholder;
  /** Reader slot (default 0). */
  slot?: number;
}

/** The PIN pad and display of a reader. */
export class PinPad {
  constructor(private readonly deps: PinPadDeps) {}

  /** Ask for the PIN, CAN or PUK on the pad and VERIFY it; answers the card's status word. */
  async verify(request: PinPadRequest & { kind: 'pin' | 'can' | 'puk'; triesLeft?: number; message?: string }): Promise<number> {
    const slot = request.slot ?? 0;
    const ask = this.asker(request.cardholder, slot);
    const value = await ask(request.kind, { triesLeft: request.triesLeft, message: request.message });
    return this.deps.transmitSecure(cmd.verify(request.kind, value), slot);
  }

  /**
   * Change the PIN on the pad: current PIN (`activation-pin` for a new card), new PIN, new PIN
   * again; sends CHANGE REFERENCE DATA (P1=00). Throws {@link PinMismatch} /
   * {@link NewPinInvalid} without touching the card.
   */
  async changePin(request: PinPadRequest & { current: 'activation-pin' | 'pin'; triesLeft?: number }): Promise<number> {
    const slot = request.slot ?? 0;
    const ask = this.asker(request.cardholder, slot);
    const current = await ask(request.current, { triesLeft: request.triesLeft });
    const next = await this.askNewPin(ask);
    return this.deps.transmitSecure(cmd.changePin(next, current), slot);
  }

  /** Unblock with the PUK on the pad, optionally with a new PIN (twice); sends RESET RETRY COUNTER. */
  async unblock(request: PinPadRequest & { newPin?: boolean; triesLeft?: number }): Promise<number> {
    const slot = request.slot ?? 0;
    const ask = this.asker(request.cardholder, slot);
    const puk = await ask('puk', { triesLeft: request.triesLeft });
    const next = (request.newPin ?? true) ? await this.askNewPin(ask) : undefined;
    return this.deps.transmitSecure(cmd.resetRetryCounter(puk, next), slot);
  }

  private async askNewPin(ask: Asker): Promise<string> {
    const first = await ask('new-pin', {});
    const second = await ask('new-pin-repeat', {});
    if (first !== second) throw new PinMismatch();
    if (!isValidNewPin(first)) throw new NewPinInvalid();
    return first;
  }

  private asker(cardholder: Cardholder, slot: number): Asker {
    const removal = this.deps.removalSignal(slot);
    if (removal.aborted) throw new NoCard();
    return (kind, extras) =>
      askCardholder({
        cardholder,
        prompt: createPrompt(kind, {
          where: 'pin-pad',
          reader: this.deps.readerName,
          ...(extras.triesLeft === undefined ? {} : { triesLeft: extras.triesLeft }),
          ...(extras.message === undefined ? {} : { message: extras.message }),
        }),
        timer: this.deps.timer,
        timeoutMs: this.deps.timeoutMs,
        removal,
        removeCard: () => this.deps.removeCard(slot),
      });
  }
}

type Asker = (kind: PromptKind, extras: { triesLeft?: number | undefined; message?: string | undefined }) => Promise<string>;
