/**
 * Secure PIN entry of a PIN-pad reader through PC/SC, as faithfully as vpcd permits.
 *
 * On a real PIN-pad reader the host asks for secure PIN entry with `SCardControl` and the
 * CCID / PC/SC part 10 features `FEATURE_VERIFY_PIN_DIRECT` / `FEATURE_MODIFY_PIN_DIRECT`: the
 * host hands the reader an APDU template, the reader collects the digits on its keypad, puts
 * them into the template, sends the APDU to the card and answers the host only SW1SW2 (or its
 * own `6400` timeout, `6401` cancelled, `6402` new PINs differ, `6403` PIN length wrong).
 * vsmartcard's vpcd driver forwards APDUs and power commands only (`IFDHControl` is not
 * supported), so the request travels as a *reader pseudo-APDU* instead, in the class PC/SC
 * part 3 reserves for commands the reader (not the card) interprets, `CLA FF`:
 *
 * | pseudo-APDU | reader does | data (optional TLV) |
 * |---|---|---|
 * | `FF 20 00 P2` | ask the PIN (P2 `03`), CAN (`02`) or PUK (`04`) on the pad, send VERIFY | `80 01 tries-left`, `81 L message (UTF-8)` |
 * | `FF 24 00 03` | ask the current PIN, the new PIN twice, send CHANGE REFERENCE DATA | `82 01 00` current is the eID PIN / `82 01 01` the activation PIN; `80 01 tries-left` |
 * | `FF 2C P1 03` | ask the PUK (P1 `00`: and a new PIN twice), send RESET RETRY COUNTER | `80 01 tries-left` |
 *
 * The host (card client) sends the pseudo-APDU through PC/SC; the vpcd bridge, which plays the
 * reader's firmware here, hands it to {@link PinPadDesk.answer}, which runs the reader's
 * {@link PinPad}. The PIN never crosses PC/SC: pcscd and the host see the pseudo-APDU (no
 * digits) and the status word. The simulated cardholder standing at the reader during a card
 * client operation is registered with {@link PinPadDesk.attend}.
 *
 * @example
 * ```ts
 * const desk = new PinPadDesk(reader);                      // reader side (the vpcd bridge)
 * await connectToVpcd({ card, readerCommand: (apdu) => desk.answer(apdu) });
 * const pad = pseudoApduPinPad((apdu) => helper.transmit(handle, apdu), desk); // host side
 * const sw = await pad.verify({ cardholder, kind: 'pin', triesLeft: 3 });
 * ```
 */
import { encodeCommandApdu, encodeResponseApdu, parseCommandApdu, parseResponseApdu } from '../card/apdu.js';
import { INS, PASSWORD_REF } from '../card/eid-application.js';
import { SW } from '../card/status-words.js';
import { decodeTlv, findTlv, tlv } from '../card/tlv.js';
import { NewPinInvalid, PinCancelled, PinMismatch, PromptTimeout } from '../errors.js';
import type { SecurePinEntry } from '../reader/card-channel.js';
import type { Cardholder } from '../reader/cardholder.js';
import type { VirtualReader } from '../reader/virtual-reader.js';

/** Class byte of reader pseudo-APDUs (PC/SC part 3: interpreted by the reader, not the card). */
export const READER_CLA = 0xff;

/** The reader's own status words for secure PIN entry (PC/SC part 10, as CCID PIN-pad readers answer). */
export const PIN_PAD_SW = Object.freeze({
  /** The cardholder did not type in time. */
  TIMEOUT: 0x6400,
  /** The cardholder pressed Cancel. */
  CANCELLED: 0x6401,
  /** The two entries of the new PIN differ. */
  NEW_PINS_DIFFER: 0x6402,
  /** A PIN of the wrong length was typed (the new PIN is not 6 digits). */
  PIN_LENGTH: 0x6403,
} as const);

const TAG = { TRIES: 0x80, MESSAGE: 0x81, CURRENT: 0x82 } as const;
const KIND_OF_REF = new Map<number, 'pin' | 'can' | 'puk'>([
  [PASSWORD_REF.PIN, 'pin'],
  [PASSWORD_REF.CAN, 'can'],
  [PASSWORD_REF.PUK, 'puk'],
]);
const REF_OF_KIND = { pin: PASSWORD_REF.PIN, can: PASSWORD_REF.CAN, puk: PASSWORD_REF.PUK } as const;

function extrasTlv(triesLeft: number | undefined, message?: string): Uint8Array[] {
  return [
    ...(triesLeft === undefined ? [] : [tlv(TAG.TRIES, Uint8Array.of(triesLeft & 0xff))]),
    ...(message === undefined ? [] : [tlv(TAG.MESSAGE, new Uint8Array(Buffer.from(message, 'utf8')))]),
  ];
}

function withData(header: { ins: number; p1: number; p2: number }, parts: Uint8Array[]): Uint8Array {
  const data = Buffer.concat(parts);
  return encodeCommandApdu({ cla: READER_CLA, ...header, ...(data.length === 0 ? {} : { data: new Uint8Array(data) }) });
}

/** The pseudo-APDUs the host sends (no PIN in any of them). */
export const securePinApdu = {
  verify(kind: 'pin' | 'can' | 'puk', extras: { triesLeft?: number; message?: string } = {}): Uint8Array {
    return withData({ ins: INS.VERIFY, p1: 0x00, p2: REF_OF_KIND[kind] }, extrasTlv(extras.triesLeft, extras.message));
  },
  changePin(current: 'activation-pin' | 'pin', triesLeft?: number): Uint8Array {
    return withData({ ins: INS.CHANGE_REFERENCE_DATA, p1: 0x00, p2: PASSWORD_REF.PIN }, [tlv(TAG.CURRENT, Uint8Array.of(current === 'activation-pin' ? 1 : 0)), ...extrasTlv(triesLeft)]);
  },
  unblock(newPin: boolean, triesLeft?: number): Uint8Array {
    return withData({ ins: INS.RESET_RETRY_COUNTER, p1: newPin ? 0x00 : 0x01, p2: PASSWORD_REF.PIN }, extrasTlv(triesLeft));
  },
};

/** Whether a command APDU is a reader pseudo-APDU (`CLA FF`). */
export function isReaderCommand(apdu: Uint8Array): boolean {
  return apdu.length >= 4 && apdu[0] === READER_CLA;
}

/**
 * The reader side: answers secure-PIN-entry pseudo-APDUs with the reader's PIN pad, asking the
 * cardholder who stands at the reader. One desk per reader slot.
 */
export class PinPadDesk {
  private attendant: Cardholder | undefined;
  private lastError: Error | undefined;
  /** Pseudo-APDUs answered (tests, status). */
  answered = 0;

  constructor(
    private readonly reader: VirtualReader,
    private readonly slot = 0,
  ) {}

  /** The cardholder `who` stands at the reader until the returned function is called. */
  attend(who: Cardholder): () => void {
    this.attendant = who;
    this.lastError = undefined;
    return () => {
      if (this.attendant === who) this.attendant = undefined;
    };
  }

  /** The error behind the last `6F00` answer (a simulation error of the cardholder script), once. */
  takeError(): Error | undefined {
    const e = this.lastError;
    this.lastError = undefined;
    return e;
  }

  /** Answer one pseudo-APDU: SW1SW2 of the card, or the reader's own {@link PIN_PAD_SW}. */
  async answer(apdu: Uint8Array): Promise<Uint8Array> {
    this.answered += 1;
    return encodeResponseApdu(await this.run(apdu));
  }

  private async run(apdu: Uint8Array): Promise<number> {
    const pad = this.reader.pinPad;
    if (pad === undefined) return SW.CLA_NOT_SUPPORTED; // a reader without PIN pad passes nothing for CLA FF
    let command;
    let fields;
    try {
      command = parseCommandApdu(apdu);
      fields = decodeTlv(command.data);
    } catch {
      return SW.WRONG_LENGTH;
    }
    const cardholder = this.attendant;
    if (cardholder === undefined) {
      this.lastError = new Error('nobody stands at the PIN pad: secure PIN entry works during a card client operation only');
      return SW.NO_PRECISE_DIAGNOSIS;
    }
    const tries = findTlv(fields, TAG.TRIES)?.value[0];
    const messageBytes = findTlv(fields, TAG.MESSAGE)?.value;
    const extras = {
      ...(tries === undefined ? {} : { triesLeft: tries }),
      ...(messageBytes === undefined ? {} : { message: Buffer.from(messageBytes).toString('utf8') }),
    };
    try {
      switch (command.ins) {
        case INS.VERIFY: {
          const kind = KIND_OF_REF.get(command.p2);
          if (kind === undefined || command.p1 !== 0) return SW.REFERENCE_NOT_FOUND;
          return await pad.verify({ cardholder, kind, slot: this.slot, ...extras });
        }
        case INS.CHANGE_REFERENCE_DATA: {
          if (command.p1 !== 0 || command.p2 !== PASSWORD_REF.PIN) return SW.WRONG_P1P2;
          const current = findTlv(fields, TAG.CURRENT)?.value[0] === 1 ? 'activation-pin' : 'pin';
          return await pad.changePin({ cardholder, current, slot: this.slot, ...extras });
        }
        case INS.RESET_RETRY_COUNTER: {
          if (command.p1 > 1 || command.p2 !== PASSWORD_REF.PIN) return SW.WRONG_P1P2;
          return await pad.unblock({ cardholder, newPin: command.p1 === 0, slot: this.slot, ...extras });
        }
        default:
          return SW.INS_NOT_SUPPORTED;
      }
    } catch (err) {
      if (err instanceof PromptTimeout) return PIN_PAD_SW.TIMEOUT;
      if (err instanceof PinCancelled) return PIN_PAD_SW.CANCELLED;
      if (err instanceof PinMismatch) return PIN_PAD_SW.NEW_PINS_DIFFER;
      if (err instanceof NewPinInvalid) return PIN_PAD_SW.PIN_LENGTH;
      this.lastError = err instanceof Error ? err : new Error(String(err));
      return SW.NO_PRECISE_DIAGNOSIS;
    }
  }
}

/**
 * The host side: {@link SecurePinEntry} by pseudo-APDUs over `transmit` (PC/SC). The reader's
 * own status words become the card client's errors: `6400` TIMEOUT, `6401` PIN_CANCELLED,
 * `6402` PIN_MISMATCH, `6403` NEW_PIN_INVALID; a `6F00` with a simulation error behind it
 * (e.g. CARDHOLDER_SCRIPT_EXHAUSTED) rethrows that error.
 */
export function pseudoApduPinPad(transmit: (apdu: Uint8Array) => Promise<Uint8Array>, desk: PinPadDesk): SecurePinEntry {
  const send = async (cardholder: Cardholder, apdu: Uint8Array): Promise<number> => {
    const release = desk.attend(cardholder);
    let sw: number;
    try {
      sw = parseResponseApdu(await transmit(apdu)).sw;
    } finally {
      release();
    }
    switch (sw) {
      case PIN_PAD_SW.TIMEOUT:
        throw new PromptTimeout('the cardholder did not type on the PIN pad in time');
      case PIN_PAD_SW.CANCELLED:
        throw new PinCancelled('the cardholder pressed Cancel on the PIN pad');
      case PIN_PAD_SW.NEW_PINS_DIFFER:
        throw new PinMismatch();
      case PIN_PAD_SW.PIN_LENGTH:
        throw new NewPinInvalid();
      case SW.NO_PRECISE_DIAGNOSIS: {
        const behind = desk.takeError();
        if (behind !== undefined) throw behind;
        return sw;
      }
      default:
        return sw;
    }
  };
  return {
    verify: (r) => send(r.cardholder, securePinApdu.verify(r.kind, { ...(r.triesLeft === undefined ? {} : { triesLeft: r.triesLeft }), ...(r.message === undefined ? {} : { message: r.message }) })),
    changePin: (r) => send(r.cardholder, securePinApdu.changePin(r.current, r.triesLeft)),
    unblock: (r) => send(r.cardholder, securePinApdu.unblock(r.newPin ?? true, r.triesLeft)),
  };
}
