/**
 * The card session's way to the card through PC/SC: card client → {@link PcscHelper} (Debian's
 * python3 + pyscard, a child process) → pcscd → any reader driver (here vsmartcard's vpcd) →
 * the card. Every operation connects (shared, T=0 or T=1), warm resets the card (a new card
 * session), holds a PC/SC transaction so no other application interleaves, and disconnects
 * with `SCARD_RESET_CARD` so no verified PIN is left behind for other applications.
 *
 * PC/SC failures become the card client's documented errors: no such reader `NO_READER`, no
 * card `NO_CARD`, the card leaving (or being reset by another application) during the
 * operation `CARD_REMOVED`, pcscd / helper unreachable `PCSC_UNAVAILABLE`, anything else
 * `PCSC_ERROR` (with `details.scard`).
 *
 * @example
 * ```ts
 * const channel = pcscCardChannel({ helper: new PcscHelper(), readerName: 'Virtual PCD 00 00' });
 * const session = new CardSession({ reader, channel });
 * await session.readCertificate(); // SELECT, SELECT EF, READ BINARY … all through pcscd
 * ```
 */
import { CardRemoved, NoCard, NoReader, PcscError, PcscUnavailable } from '../errors.js';
import type { CardChannel, CardConnection } from '../reader/card-channel.js';
import { PcscHelperError, type PcscHelper } from './pcsc-helper-client.js';
import { isReaderCommand, pseudoApduPinPad, type PinPadDesk } from './secure-pin-entry.js';

/** Options of {@link pcscCardChannel}. */
export interface PcscChannelOptions {
  /** The helper process that makes the PC/SC calls. */
  helper: PcscHelper;
  /** The PC/SC reader name, e.g. `Virtual PCD 00 00` (a prefix works too). */
  readerName: string;
  /** The reader's PIN pad (reader side): secure PIN entry by pseudo-APDUs. Without it, no PIN pad. */
  pinPadDesk?: PinPadDesk;
  /** How long `connect` waits for pcscd to see a card (default 3000 ms). */
  cardWaitMs?: number;
  /** How long one APDU may take (default 15 s). */
  transmitTimeoutMs?: number;
  /** How long a secure PIN entry may take: the cardholder types meanwhile (default 10 min). */
  secureTimeoutMs?: number;
}

/** Turn a helper failure into the card client's error. */
export function pcscFailure(err: unknown, phase: 'connect' | 'card', readerName: string): unknown {
  if (!(err instanceof PcscHelperError)) return err;
  const details = { pcscReader: readerName, pcsc: err.code, ...(err.scard === undefined ? {} : { scard: err.scard }) };
  switch (err.code) {
    case 'HELPER_UNAVAILABLE':
      return new PcscUnavailable(`the PC/SC helper cannot run (${err.message}); install Debian's python3-pyscard, or run without --pcsc`, { details });
    case 'NO_SERVICE':
      return new PcscUnavailable(`pcscd cannot be reached (${err.message}); start it with the vsmartcard-vpcd driver (pcscd --foreground &), or run without --pcsc`, { details });
    case 'NO_READER':
      return new NoReader(`PC/SC has no reader "${readerName}" (${err.message}); connect the card reader (with --pcsc: pcscd needs the vsmartcard-vpcd driver) and try again`, { details });
    case 'NO_CARD':
    case 'REMOVED':
      return phase === 'connect'
        ? new NoCard(`no card in the PC/SC reader "${readerName}"; insert the eID card and try again`, { details })
        : new CardRemoved(`the card left the PC/SC reader "${readerName}" during the operation; insert it and start again`, { details });
    case 'RESET':
      return new CardRemoved(`another PC/SC application reset the card in "${readerName}" during the operation; start again`, { details });
    case 'BAD_HANDLE':
      return new PcscUnavailable(`the PC/SC connection to "${readerName}" is gone (was pcscd restarted?): ${err.message}; start again`, { details });
    default:
      return new PcscError(`PC/SC failed on "${readerName}": ${err.message}`, { details });
  }
}

/** A {@link CardChannel} through pcscd. */
export function pcscCardChannel(options: PcscChannelOptions): CardChannel {
  const { helper, readerName } = options;
  const cardWaitMs = options.cardWaitMs ?? 3_000;
  const transmitTimeoutMs = options.transmitTimeoutMs ?? 15_000;
  const secureTimeoutMs = options.secureTimeoutMs ?? 600_000;
  return {
    description: `PC/SC reader "${readerName}" (pcscd)`,
    async connect(): Promise<CardConnection> {
      let handle: number;
      try {
        ({ handle } = await helper.connect({ reader: readerName, protocol: 'any', reset: true, transaction: true, waitMs: cardWaitMs }));
      } catch (err) {
        throw pcscFailure(err, 'connect', readerName);
      }
      let closed = false;
      const transmit = async (apdu: Uint8Array): Promise<Uint8Array> => {
        if (closed) throw new CardRemoved('the PC/SC connection was closed');
        try {
          return await helper.transmit(handle, apdu, isReaderCommand(apdu) ? secureTimeoutMs : transmitTimeoutMs);
        } catch (err) {
          throw pcscFailure(err, 'card', readerName);
        }
      };
      return {
        transmit,
        pinPad: options.pinPadDesk === undefined ? undefined : pseudoApduPinPad(transmit, options.pinPadDesk),
        async close() {
          if (closed) return;
          closed = true;
          await helper.disconnect(handle, 'reset').catch(() => undefined);
        },
      };
    },
  };
}
