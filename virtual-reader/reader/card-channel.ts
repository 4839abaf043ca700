/**
 * The host's way to the card in one reader slot, as the card session uses it. Two kinds:
 *
 * - {@link inProcessChannel} (default): straight to the {@link VirtualReader} in this process.
 * - the PC/SC channel (`virtual-reader/pcsc/pcsc-channel.ts`, `eeszt-sim reader --pcsc`):
 *   every APDU goes card client → PC/SC helper → pcscd → vpcd → vpcd bridge → virtual card.
 *
 * Every operation of a card session is one {@link CardConnection}: it starts a new card
 * session (warm reset), carries the APDUs (asynchronously), offers secure PIN entry when the
 * reader has a PIN pad, and is closed at the end.
 *
 * @example
 * ```ts
 * const connection = await inProcessChannel(reader).connect();
 * try {
 *   const response = await connection.transmit(cmd.selectEid()); // 90 00
 *   const sw = await connection.pinPad?.verify({ cardholder, kind: 'pin' });
 * } finally {
 *   await connection.close();
 * }
 * ```
 */
import { NoCard } from '../errors.js';
import type { Cardholder } from './cardholder.js';
import type { VirtualReader } from './virtual-reader.js';

/** Secure PIN entry on the reader's PIN pad: the reader asks, builds the APDU, answers SW1SW2. */
export interface SecurePinEntry {
  /** Ask the PIN, CAN or PUK on the pad and VERIFY it. */
  verify(request: { cardholder: Cardholder; kind: 'pin' | 'can' | 'puk'; triesLeft?: number; message?: string }): Promise<number>;
  /** Current PIN (or activation PIN), new PIN, new PIN again; CHANGE REFERENCE DATA. */
  changePin(request: { cardholder: Cardholder; current: 'activation-pin' | 'pin'; triesLeft?: number }): Promise<number>;
  /** PUK (and a new PIN twice); RESET RETRY COUNTER. */
  unblock(request: { cardholder: Cardholder; newPin?: boolean; triesLeft?: number }): Promise<number>;
}

/** One operation's connection to the card. */
export interface CardConnection {
  /** Send a command APDU, answer the response APDU. Throws `NO_CARD` when the card is gone. */
  transmit(apdu: Uint8Array): Promise<Uint8Array>;
  /** Secure PIN entry; undefined when the reader has no PIN pad. */
  readonly pinPad: SecurePinEntry | undefined;
  /** End the connection. Never throws. */
  close(): Promise<void>;
}

/** The host's way to the card in one reader slot. */
export interface CardChannel {
  /** Where the APDUs go, for status answers and logs. */
  readonly description: string;
  /** Connect for one operation: a new card session (warm reset). Throws `NO_CARD`, `NO_READER`, `PCSC_UNAVAILABLE`, `PCSC_ERROR`. */
  connect(): Promise<CardConnection>;
}

/** The card in `slot` of `reader`, in this process (no PC/SC). */
export function inProcessChannel(reader: VirtualReader, slot = 0): CardChannel {
  return {
    description: `${reader.name}, in-process`,
    connect() {
      if (!reader.isPresent(slot)) return Promise.reject(new NoCard());
      reader.reset(slot);
      const pad = reader.pinPad;
      return Promise.resolve<CardConnection>({
        transmit: (apdu) => reader.transmit(apdu, slot),
        pinPad:
          pad === undefined
            ? undefined
            : {
                verify: (r) => pad.verify({ ...r, slot }),
                changePin: (r) => pad.changePin({ ...r, slot }),
                unblock: (r) => pad.unblock({ ...r, slot }),
              },
        close: () => Promise.resolve(),
      });
    },
  };
}
