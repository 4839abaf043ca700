/**
 * Errors of the virtual reader and the card session helper, each a {@link SimError} with a
 * stable `code` (docs/card-apdus.md, "Session errors"). The card client maps them to its
 * answers; the codes never change meaning.
 *
 * @example
 * ```ts
 * try {
 *   await session.authenticate({ serviceRidPublicKey, challenge, cardholder });
 * } catch (err) {
 *   if (err instanceof PinWrong) console.log(`wrong PIN, ${err.triesLeft} tries left`);
 *   else if (err instanceof SimError) console.log(err.code); // e.g. 'CAN_REQUIRED'
 * }
 * ```
 */
import { PinBlocked, SimError, type SimErrorOptions } from '../simulator/core/errors.js';

export { PinBlocked, SimError };

type Opts = Omit<SimErrorOptions, 'status'>;

/** No reader is attached. */
export class NoReader extends SimError {
  constructor(message = 'no card reader is attached; connect a reader (virtual or PC/SC) and try again', options: Opts = {}) {
    super('NO_READER', message, { status: 409, ...options });
  }
}

/** The reader slot holds no card. */
export class NoCard extends SimError {
  constructor(message = 'no card in the reader; insert the eID card and try again', options: Opts = {}) {
    super('NO_CARD', message, { status: 409, ...options });
  }
}

/** The card was removed (or swapped) while an operation ran; the operation was abandoned. */
export class CardRemoved extends SimError {
  constructor(message = 'the card was removed from the reader during the operation; insert it and start again', options: Opts = {}) {
    super('CARD_REMOVED', message, { status: 409, ...options });
  }
}

/** The card still has its 5-digit activation PIN ("Aktiváló PIN csere szükséges"). */
export class ActivationPinNotChanged extends SimError {
  constructor(message = 'the card still has its 5-digit activation PIN (Aktiváló PIN csere szükséges); change it to a 6-digit eID PIN first', options: Opts = {}) {
    super('ACTIVATION_PIN_NOT_CHANGED', message, { status: 409, ...options });
  }
}

/** The activation PIN has already been changed; there is nothing to activate. */
export class PinAlreadyChanged extends SimError {
  constructor(message = 'the activation PIN of this card has already been changed to an eID PIN', options: Opts = {}) {
    super('PIN_ALREADY_CHANGED', message, { status: 409, ...options });
  }
}

/** The cardholder cancelled a PIN, CAN or PUK prompt. */
export class PinCancelled extends SimError {
  constructor(message = 'the cardholder cancelled the entry', options: Opts = {}) {
    super('PIN_CANCELLED', message, { status: 409, ...options });
  }
}

/** A wrong PIN (or activation PIN) was entered; `triesLeft` tries remain. */
export class PinWrong extends SimError {
  readonly triesLeft: number;
  constructor(triesLeft: number, options: Opts = {}) {
    const next = triesLeft === 1 ? '; the PIN is now suspended: the CAN printed on the card will be asked before the last try' : '';
    super('PIN_WRONG', `wrong PIN, ${triesLeft} ${triesLeft === 1 ? 'try' : 'tries'} left${next}`, {
      status: 401,
      ...options,
      details: { ...options.details, triesLeft },
    });
    this.triesLeft = triesLeft;
  }
}

/** The PIN is suspended and the CAN was not (correctly) entered. */
export class CanRequired extends SimError {
  constructor(message = 'the PIN is suspended after two wrong tries; enter the CAN printed on the front of the card (next to the photo) correctly before the last PIN try', options: Opts = {}) {
    super('CAN_REQUIRED', message, { status: 401, ...options });
  }
}

/** A wrong PUK was entered; `triesLeft` tries remain (at 0 the card is dead). */
export class PukWrong extends SimError {
  readonly triesLeft: number;
  constructor(triesLeft: number, options: Opts = {}) {
    super('PUK_WRONG', `wrong PUK, ${triesLeft} ${triesLeft === 1 ? 'try' : 'tries'} left; when none is left the card can no longer be used`, {
      status: 401,
      ...options,
      details: { ...options.details, triesLeft },
    });
    this.triesLeft = triesLeft;
  }
}

/** The two entries of the new PIN differ. */
export class PinMismatch extends SimError {
  constructor(message = 'the two entries of the new PIN differ; enter the same 6-digit PIN twice', options: Opts = {}) {
    super('PIN_MISMATCH', message, { status: 400, ...options });
  }
}

/** The new PIN is not 6 digits. */
export class NewPinInvalid extends SimError {
  constructor(message = 'the new eID PIN must be exactly 6 digits', options: Opts = {}) {
    super('NEW_PIN_INVALID', message, { status: 400, ...options });
  }
}

/** The card is past its last day of validity. */
export class CardExpired extends SimError {
  constructor(message = 'the eID card has expired; a valid card is needed', options: Opts = {}) {
    super('CARD_EXPIRED', message, { status: 403, ...options });
  }
}

/** All PUK tries are used up: the card can never authenticate again. */
export class CardDead extends SimError {
  constructor(message = 'the PUK tries of this card are used up; the card can no longer be used and must be replaced', options: Opts = {}) {
    super('CARD_DEAD', message, { status: 403, ...options });
  }
}

/** The cardholder did not answer a prompt in time. */
export class PromptTimeout extends SimError {
  constructor(message = 'the cardholder did not answer in time', options: Opts = {}) {
    super('TIMEOUT', message, { status: 408, ...options });
  }
}

/** The card answered a status word the session does not expect (details.sw). */
export class CardError extends SimError {
  readonly sw: number;
  constructor(sw: number, during: string, options: Opts = {}) {
    const hex = sw.toString(16).toUpperCase().padStart(4, '0');
    super('CARD_ERROR', `the card answered ${hex} to ${during}`, { status: 502, side: 'Receiver', ...options, details: { ...options.details, sw: hex, during } });
    this.sw = sw;
  }
}

/**
 * `--pcsc`: PC/SC cannot be used at all: pcscd is not running, the vpcd driver is missing, or
 * the PC/SC helper (Debian's python3 with python3-pyscard) cannot be started.
 */
export class PcscUnavailable extends SimError {
  constructor(message: string, options: Opts = {}) {
    super('PCSC_UNAVAILABLE', message, { status: 502, side: 'Receiver', ...options });
  }
}

/**
 * `--pcsc`: pcscd answered an exchange with an error that is none of no reader, no card or card
 * removed (`details.scard`: the PC/SC code, e.g. `0x8010000B` sharing violation).
 */
export class PcscError extends SimError {
  constructor(message: string, options: Opts = {}) {
    super('PCSC_ERROR', message, { status: 502, side: 'Receiver', ...options });
  }
}
