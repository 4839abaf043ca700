/**
 * The virtual eID card: an ISO/IEC 7816-4 application answering command APDUs with response
 * data + SW1SW2 (docs/card-apdus.md). It works on a `Card` record, mutating its PIN fields in
 * place so the simulator store sees the state, plus the card's authentication key (EC P-256)
 * and certificate (DER), and reads the simulator clock for expiry.
 *
 * @example
 * ```ts
 * const vc = new VirtualCard({ card, authKey: privateKey, certificateDer, clock });
 * vc.transmit(fromHex('00 A4 04 0C 09 F0 45 45 53 5A 54 53 49 4D')); // 90 00
 * vc.transmit(fromHex('00 20 00 03')); // 63 C3: three PIN tries left
 * vc.reset(); // ends the session: nothing verified any more
 * ```
 */
import type { KeyObject } from 'node:crypto';
import type { Card } from '../../fixtures/schema.js';
import type { Clock } from '../../simulator/core/clock.js';
import { ApduFormatError, encodeResponseApdu, parseCommandApdu } from './apdu.js';
import { CARD_ATR } from './atr.js';
import { generalAuthenticate, internalAuthenticate } from './auth-commands.js';
import { assertP256 } from './card-crypto.js';
import type { CardContext, CardResponse, ElementaryFile } from './card-context.js';
import { encodeDocumentData } from './document-data.js';
import { encodePersonalData } from './personal-data.js';
import { EF, INS } from './eid-application.js';
import { readBinary, select } from './file-commands.js';
import { newSecurityState, type SecurityState } from './pin-policy.js';
import { changeReferenceData, getData, resetRetryCounter, verify } from './security-commands.js';
import { SW } from './status-words.js';

/** What a reader (virtual or PC/SC bridge) needs from a card. */
export interface SmartCard {
  /** Answer To Reset. */
  readonly atr: Uint8Array;
  /** Whether the card is powered (a session is running). */
  readonly powered: boolean;
  /**
   * Answer one command APDU with response data + SW1SW2 (a card in another process answers
   * asynchronously). Throws {@link CardNotPowered} when unpowered.
   */
  transmit(apdu: Uint8Array): Uint8Array | Promise<Uint8Array>;
  /** Cold reset: power up with a fresh session. */
  powerOn(): void;
  /** Warm reset: a fresh session (nothing verified, no EF selected). */
  reset(): void;
  /** Power down: the session ends. */
  powerOff(): void;
}

/** A command was sent to a card that is not powered. */
export class CardNotPowered extends Error {
  constructor() {
    super('the card is not powered; power it on (insert it into a reader) first');
    this.name = 'CardNotPowered';
  }
}

/** Options of {@link VirtualCard}. */
export interface VirtualCardOptions {
  /** The card record; its `pinState`, `pinTriesLeft`, `pukTriesLeft` and `pin` are updated in place. */
  card: Card;
  /** Private authentication key, EC P-256. */
  authKey: KeyObject;
  /** The authentication certificate, DER. */
  certificateDer: Uint8Array;
  /** The simulator clock (card expiry). */
  clock: Clock;
  /** Start powered (default true, as if just inserted). */
  powered?: boolean;
  /**
   * The session state to work on (updated in place): what is verified and the current EF. Given
   * when the session outlives this object (the simulator answers each APDU of a standalone
   * reader's card with a new `VirtualCard` over the session kept in its store). Default: fresh.
   */
  session?: CardSessionState;
}

/** The card's session state (its RAM): cleared by power-up, reset, power-down. JSON-serialisable. */
export interface CardSessionState {
  security: SecurityState;
  /** File id of the current EF, if one is selected. */
  ef?: number;
}

/** A fresh session: nothing verified, no EF selected. */
export function newCardSession(): CardSessionState {
  return { security: newSecurityState() };
}

type Handler = (ctx: CardContext, cmd: ReturnType<typeof parseCommandApdu>) => CardResponse;

const HANDLERS: ReadonlyMap<number, Handler> = new Map<number, Handler>([
  [INS.SELECT, select],
  [INS.READ_BINARY, readBinary],
  [INS.VERIFY, verify],
  [INS.CHANGE_REFERENCE_DATA, changeReferenceData],
  [INS.RESET_RETRY_COUNTER, resetRetryCounter],
  [INS.INTERNAL_AUTHENTICATE, internalAuthenticate],
  [INS.GENERAL_AUTHENTICATE, generalAuthenticate],
  [INS.GET_DATA, getData],
]);

/** A virtual eSzemélyi eID application. One instance per physical card. */
export class VirtualCard implements SmartCard {
  readonly atr: Uint8Array = CARD_ATR;
  /** The card record this card works on. */
  readonly card: Card;
  private readonly files: readonly ElementaryFile[];
  private readonly authKey: KeyObject;
  private readonly clock: Clock;
  private session: CardSessionState;
  private isPowered: boolean;

  constructor(options: VirtualCardOptions) {
    if (options.authKey.type !== 'private') throw new TypeError('authKey must be a private key');
    assertP256(options.authKey, 'authKey');
    this.card = options.card;
    this.authKey = options.authKey;
    this.clock = options.clock;
    this.isPowered = options.powered ?? true;
    this.session = options.session ?? newCardSession();
    const cert = Uint8Array.from(options.certificateDer);
    const card = options.card;
    this.files = [
      { ...EF.DOCUMENT_DATA, content: () => encodeDocumentData(card) },
      { ...EF.AUTH_CERTIFICATE, content: () => cert },
      { ...EF.PERSONAL_DATA, pinProtected: true, content: () => encodePersonalData(card) },
    ];
  }

  get powered(): boolean {
    return this.isPowered;
  }

  /** The document id of the card record (handy for logs). */
  get documentId(): string {
    return this.card.documentId;
  }

  powerOn(): void {
    this.endSession();
    this.isPowered = true;
  }

  reset(): void {
    this.endSession();
    this.isPowered = true;
  }

  powerOff(): void {
    this.endSession();
    this.isPowered = false;
  }

  transmit(apdu: Uint8Array): Uint8Array {
    if (!this.isPowered) throw new CardNotPowered();
    const { sw, data } = this.process(apdu);
    return encodeResponseApdu(sw, data);
  }

  private process(apdu: Uint8Array): CardResponse {
    let cmd;
    try {
      cmd = parseCommandApdu(apdu);
    } catch (err) {
      if (err instanceof ApduFormatError) return { sw: SW.WRONG_LENGTH };
      throw err;
    }
    if (cmd.cla !== 0x00) return { sw: SW.CLA_NOT_SUPPORTED };
    const handler = HANDLERS.get(cmd.ins);
    if (handler === undefined) return { sw: SW.INS_NOT_SUPPORTED };
    const ctx: CardContext = {
      card: this.card,
      clock: this.clock,
      authKey: this.authKey,
      files: this.files,
      security: this.session.security,
      currentEf: this.files.find((f) => f.fid === this.session.ef),
    };
    try {
      return handler(ctx, cmd);
    } catch {
      return { sw: SW.NO_PRECISE_DIAGNOSIS };
    } finally {
      if (ctx.currentEf === undefined) delete this.session.ef;
      else this.session.ef = ctx.currentEf.fid;
    }
  }

  private endSession(): void {
    this.session.security = newSecurityState();
    delete this.session.ef;
  }
}
