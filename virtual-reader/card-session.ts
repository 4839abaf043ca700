/**
 * The high-level card session the card client builds on: authenticate with the eID card,
 * change the activation PIN, unblock with the PUK, read the printed data. Each operation runs
 * the APDU dialogue of docs/card-apdus.md on a {@link VirtualReader}, asks the cardholder for
 * the PIN / CAN / PUK (on the reader's PIN pad when it has one, else in a host prompt), and
 * either succeeds or throws one typed error from `errors.ts` (NO_READER, NO_CARD,
 * CARD_REMOVED, ACTIVATION_PIN_NOT_CHANGED, PIN_CANCELLED, PIN_WRONG, CAN_REQUIRED,
 * PIN_BLOCKED, CARD_EXPIRED, CARD_DEAD, TIMEOUT, ...).
 *
 * Every operation starts with a warm reset of the card: a new card session, so the PIN is
 * always asked again. The APDUs go through a {@link CardChannel}: in-process to the reader by
 * default, or through PC/SC (`eeszt-sim reader --pcsc`); every exchange is awaited.
 *
 * @example
 * ```ts
 * const session = new CardSession({ reader });
 * const { certificateDer, signature, rid } = await session.authenticate({
 *   serviceRidPublicKey,            // the service's P-256 public key (KeyObject or 04||X||Y)
 *   challenge,                      // bytes from the eID server
 *   cardholder: createScriptedCardholder([{ enter: '123456' }]),
 * });
 * ```
 */
import type { KeyObject } from 'node:crypto';
import { parseResponseApdu } from './card/apdu.js';
import { ecPublicPoint, P256_POINT_LENGTH } from './card/card-crypto.js';
import * as cmd from './card/commands.js';
import { decodeDocumentData, type DocumentData } from './card/document-data.js';
import { EF, RI_TAG } from './card/eid-application.js';
import { isValidNewPin } from './card/pin-policy.js';
import { decodePinStatus, type PinStatus } from './card/pin-status.js';
import { SW, triesLeftOf } from './card/status-words.js';
import { decodeTlv, findTlv } from './card/tlv.js';
import {
  ActivationPinNotChanged,
  CanRequired,
  CardDead,
  CardError,
  CardExpired,
  CardRemoved,
  NewPinInvalid,
  NoCard,
  NoReader,
  PinAlreadyChanged,
  PinBlocked,
  PinMismatch,
  PinWrong,
  PukWrong,
  SimError,
} from './errors.js';
import { askCardholder } from './reader/ask-cardholder.js';
import { inProcessChannel, type CardChannel, type SecurePinEntry } from './reader/card-channel.js';
import { createPrompt, type Cardholder, type PromptKind } from './reader/cardholder.js';
import { realTimer, type Timer } from './reader/timer.js';
import { DEFAULT_PROMPT_TIMEOUT_MS, type VirtualReader } from './reader/virtual-reader.js';

/** Options of {@link CardSession}. */
export interface CardSessionOptions {
  /** The reader; undefined / null means none is attached (operations throw NO_READER). */
  reader: VirtualReader | undefined | null;
  /** Reader slot (default 0). */
  slot?: number;
  /** Timer for host-side prompt timeouts (default: real time). */
  timer?: Timer;
  /** How long a host-side prompt waits for the cardholder (default 60 s). PIN-pad readers use their own. */
  promptTimeoutMs?: number;
  /**
   * How the APDUs reach the card (default: {@link inProcessChannel} of `reader` and `slot`). The
   * reader still models the physical reader: its name, its PIN pad, and the card being pulled
   * out (`removalSignal`), which ends an operation with `CARD_REMOVED` at once.
   */
  channel?: CardChannel;
}

/** What {@link CardSession.authenticate} needs. */
export interface AuthenticateRequest {
  /** The service's (sector) P-256 public key for restricted identification. */
  serviceRidPublicKey: KeyObject | Uint8Array;
  /** The challenge to sign (from the eID server). */
  challenge: Uint8Array;
  /** Who types the PIN (and the CAN when the PIN is suspended). */
  cardholder: Cardholder;
}

/** The result of a card authentication. */
export interface AuthenticationResult {
  /** The card's authentication certificate (DER). */
  certificateDer: Uint8Array;
  /** ECDSA P-256 / SHA-256 signature of the challenge, `r || s` (64 bytes). */
  signature: Uint8Array;
  /** The restricted identifier for the service (32 bytes). */
  rid: Uint8Array;
}

/** One running operation: its reader, slot and the card it started with. */
interface Operation {
  transmit(apdu: Uint8Array): Promise<{ data: Uint8Array; sw: number }>;
  ask(cardholder: Cardholder, kind: PromptKind, extras?: { triesLeft?: number; message?: string }): Promise<string>;
  /** Verify a password on the PIN pad if there is one, else through a host prompt. */
  enter(cardholder: Cardholder, kind: 'pin' | 'can' | 'puk', extras?: { triesLeft?: number; message?: string }): Promise<number>;
  /** Secure PIN entry of the reader (through the channel); undefined without PIN pad. */
  readonly pinPad: SecurePinEntry | undefined;
  readonly reader: VirtualReader;
  readonly slot: number;
  /** End the connection to the card. */
  end(): Promise<void>;
}

/** High-level eID card operations on one reader slot. */
export class CardSession {
  private readonly reader: VirtualReader | undefined | null;
  private readonly slot: number;
  private readonly timer: Timer;
  private readonly promptTimeoutMs: number;
  private readonly channel: CardChannel | undefined;

  constructor(options: CardSessionOptions) {
    this.reader = options.reader;
    this.slot = options.slot ?? 0;
    this.timer = options.timer ?? realTimer;
    this.promptTimeoutMs = options.promptTimeoutMs ?? DEFAULT_PROMPT_TIMEOUT_MS;
    this.channel = options.channel;
  }

  /** Run `body` on a new connection to the card, closing it afterwards. */
  private async withOperation<T>(body: (op: Operation) => Promise<T>): Promise<T> {
    const op = await this.begin();
    try {
      return await body(op);
    } finally {
      await op.end();
    }
  }

  /**
   * Authenticate: SELECT → PIN status → (CAN if the PIN is suspended) → PIN → sign the
   * challenge → restricted identification → certificate.
   *
   * @throws NO_READER, NO_CARD, CARD_REMOVED, CARD_EXPIRED, CARD_DEAD, PIN_BLOCKED,
   *   ACTIVATION_PIN_NOT_CHANGED, CAN_REQUIRED (wrong CAN), PIN_WRONG (`triesLeft`),
   *   PIN_CANCELLED, TIMEOUT, CARD_ERROR.
   */
  async authenticate(request: AuthenticateRequest): Promise<AuthenticationResult> {
    const servicePoint = request.serviceRidPublicKey instanceof Uint8Array ? request.serviceRidPublicKey : ecPublicPoint(request.serviceRidPublicKey);
    if (servicePoint.length !== P256_POINT_LENGTH) throw new RangeError('serviceRidPublicKey must be a P-256 key or a 65-byte uncompressed point');
    if (request.challenge.length === 0) throw new RangeError('challenge must not be empty');
    return this.withOperation(async (op) => {
      const certificateDer = await this.openWithPin(op, request.cardholder);
      const signed = await op.transmit(cmd.internalAuthenticate(request.challenge));
      this.checkAuthAnswer(signed.sw, 'INTERNAL AUTHENTICATE');
      const ri = await op.transmit(cmd.restrictedIdentification(servicePoint));
      this.checkAuthAnswer(ri.sw, 'GENERAL AUTHENTICATE (restricted identification)');
      const rid = findTlv(decodeTlv(findTlv(decodeTlv(ri.data), RI_TAG.DYNAMIC_AUTH_DATA)?.value ?? new Uint8Array(0)), RI_TAG.RID)?.value;
      if (rid === undefined) throw new CardError(ri.sw, 'GENERAL AUTHENTICATE (no RID in the answer)');
      return { certificateDer, signature: signed.data, rid };
    });
  }

  /**
   * Authentic readout („hiteles adatkiolvasás”, seed 003): SELECT → PIN status → (CAN) → PIN
   * (the holder consents) → READ EF.PersonalData → INTERNAL AUTHENTICATE over that EF with the
   * eID server's challenge (the card signs challenge ‖ the file it read itself).
   *
   * @throws as {@link authenticate}.
   */
  async readPersonalData(request: { challenge: Uint8Array; cardholder: Cardholder }): Promise<{ certificateDer: Uint8Array; personalData: Uint8Array; signature: Uint8Array }> {
    if (request.challenge.length === 0) throw new RangeError('challenge must not be empty');
    return this.withOperation(async (op) => {
      const certificateDer = await this.openWithPin(op, request.cardholder);
      const personalData = await this.readFile(op, EF.PERSONAL_DATA.fid);
      const signed = await op.transmit(cmd.internalAuthenticateOver(request.challenge, EF.PERSONAL_DATA.sfi));
      this.checkAuthAnswer(signed.sw, 'INTERNAL AUTHENTICATE (authenticated read of EF.PersonalData)');
      return { certificateDer, personalData, signature: signed.data };
    });
  }

  /** SELECT, the PIN status checks, the certificate, then the PIN (with the CAN when suspended); answers the certificate. */
  private async openWithPin(op: Operation, cardholder: Cardholder): Promise<Uint8Array> {
    const expired = await this.selectApplication(op);
    if (expired) throw new CardExpired();
    const status = await this.pinStatus(op);
    if (status.expired) throw new CardExpired();
    if (status.state === 'dead') throw new CardDead();
    if (status.state === 'blocked') throw pinBlocked(status);
    // rule: CARD-ACTIVATION-PIN (docs/rules.md)
    if (status.activationPin) throw new ActivationPinNotChanged();
    const certificateDer = await this.readFile(op, EF.AUTH_CERTIFICATE.fid);
    if (status.state === 'suspended') await this.enterCan(op, cardholder);
    let sw = await op.enter(cardholder, 'pin', { triesLeft: status.pinTriesLeft });
    if (sw === SW.CONDITIONS_NOT_SATISFIED) {
      await this.enterCan(op, cardholder);
      sw = await op.enter(cardholder, 'pin', { triesLeft: 1 });
    }
    this.checkPinAnswer(sw, 'VERIFY PIN');
    return certificateDer;
  }

  /**
   * Change the 5-digit activation PIN to a 6-digit eID PIN: asks the activation PIN, the new PIN
   * and the new PIN again (refusing a mismatch), then CHANGE REFERENCE DATA. On a PIN-pad reader
   * all three are typed on the pad.
   *
   * @throws PIN_ALREADY_CHANGED, PIN_MISMATCH, NEW_PIN_INVALID, PIN_WRONG, CAN_REQUIRED,
   *   PIN_BLOCKED, CARD_DEAD, PIN_CANCELLED, TIMEOUT, NO_READER, NO_CARD, CARD_REMOVED.
   */
  async changeActivationPin(request: { cardholder: Cardholder }): Promise<void> {
    return this.withOperation(async (op) => {
      await this.selectApplication(op);
      const status = await this.pinStatus(op);
      if (status.state === 'dead') throw new CardDead();
      if (status.state === 'blocked') throw pinBlocked(status);
      if (!status.activationPin) throw new PinAlreadyChanged();
      if (status.state === 'suspended') await this.enterCan(op, request.cardholder);
      let sw: number;
      if (op.pinPad !== undefined) {
        sw = await op.pinPad.changePin({ cardholder: request.cardholder, current: 'activation-pin', triesLeft: status.pinTriesLeft });
      } else {
        const current = await op.ask(request.cardholder, 'activation-pin', { triesLeft: status.pinTriesLeft });
        const next = await this.askNewPin(op, request.cardholder);
        sw = (await op.transmit(cmd.changePin(next, current))).sw;
      }
      if (sw === SW.WRONG_DATA) throw new NewPinInvalid();
      if (sw === SW.CONDITIONS_NOT_SATISFIED) throw new CanRequired();
      this.checkPinAnswer(sw, 'CHANGE REFERENCE DATA');
    });
  }

  /**
   * Unblock the PIN with the PUK (RESET RETRY COUNTER), by default setting a new 6-digit PIN
   * entered twice; with `newPin: false` the old PIN stays.
   *
   * @throws PUK_WRONG (`triesLeft`), CARD_DEAD, PIN_MISMATCH, NEW_PIN_INVALID, PIN_CANCELLED,
   *   TIMEOUT, NO_READER, NO_CARD, CARD_REMOVED.
   */
  async unblockWithPuk(request: { cardholder: Cardholder; newPin?: boolean }): Promise<void> {
    return this.withOperation(async (op) => {
      await this.selectApplication(op);
      const status = await this.pinStatus(op);
      if (status.state === 'dead') throw new CardDead();
      const withNewPin = request.newPin ?? true;
      let sw: number;
      if (op.pinPad !== undefined) {
        sw = await op.pinPad.unblock({ cardholder: request.cardholder, newPin: withNewPin, triesLeft: status.pukTriesLeft });
      } else {
        const puk = await op.ask(request.cardholder, 'puk', { triesLeft: status.pukTriesLeft });
        const next = withNewPin ? await this.askNewPin(op, request.cardholder) : undefined;
        sw = (await op.transmit(cmd.resetRetryCounter(puk, next))).sw;
      }
      if (sw === SW.OK) return;
      if (sw === SW.WRONG_DATA) throw new NewPinInvalid();
      if (sw === SW.AUTH_METHOD_BLOCKED) throw new CardDead();
      const left = triesLeftOf(sw);
      if (left === 0) throw new CardDead();
      if (left !== undefined) throw new PukWrong(left);
      throw new CardError(sw, 'RESET RETRY COUNTER');
    });
  }

  /** Read the printed data (EF.DocumentData); no PIN needed. */
  async readDocumentData(): Promise<DocumentData> {
    return this.withOperation(async (op) => {
      await this.selectApplication(op);
      return decodeDocumentData(await this.readFile(op, EF.DOCUMENT_DATA.fid));
    });
  }

  /** Read the authentication certificate (DER); no PIN needed. */
  async readCertificate(): Promise<Uint8Array> {
    return this.withOperation(async (op) => {
      await this.selectApplication(op);
      return this.readFile(op, EF.AUTH_CERTIFICATE.fid);
    });
  }

  /** The card's PIN status (state, tries left), without asking anything. */
  async readPinStatus(): Promise<PinStatus> {
    return this.withOperation(async (op) => {
      await this.selectApplication(op);
      return this.pinStatus(op);
    });
  }

  private async begin(): Promise<Operation> {
    const reader = this.reader;
    if (reader === undefined || reader === null) throw new NoReader();
    const slot = this.slot;
    if (!reader.isPresent(slot)) throw new NoCard();
    const removal = reader.removalSignal(slot);
    const connection = await (this.channel ?? inProcessChannel(reader, slot)).connect();
    if (removal.aborted) {
      await connection.close();
      throw new CardRemoved();
    }
    /** A card that left (NO_CARD from the channel) is CARD_REMOVED in the middle of an operation. */
    const removedIfGone = (err: unknown): unknown => (err instanceof NoCard ? new CardRemoved() : err);
    const transmit: Operation['transmit'] = async (apdu) => {
      if (removal.aborted) throw new CardRemoved();
      let response: Uint8Array;
      try {
        response = await connection.transmit(apdu);
      } catch (err) {
        throw removal.aborted ? new CardRemoved() : removedIfGone(err);
      }
      if (removal.aborted) throw new CardRemoved();
      return parseResponseApdu(response);
    };
    const ask: Operation['ask'] = (cardholder, kind, extras = {}) => {
      if (removal.aborted) return Promise.reject(new CardRemoved());
      return askCardholder({
        cardholder,
        prompt: createPrompt(kind, {
          where: 'host',
          reader: reader.name,
          ...(extras.triesLeft === undefined ? {} : { triesLeft: extras.triesLeft }),
          ...(extras.message === undefined ? {} : { message: extras.message }),
        }),
        timer: this.timer,
        timeoutMs: this.promptTimeoutMs,
        removal,
        removeCard: () => {
          reader.remove(slot);
        },
      });
    };
    const guard = <A>(run: (a: A) => Promise<number>) => async (a: A): Promise<number> => {
      if (removal.aborted) throw new CardRemoved();
      try {
        return await run(a);
      } catch (err) {
        throw removedIfGone(err);
      }
    };
    const pad = connection.pinPad;
    const pinPad: SecurePinEntry | undefined =
      pad === undefined
        ? undefined
        : {
            verify: guard((r: Parameters<SecurePinEntry['verify']>[0]) => pad.verify(r)),
            changePin: guard((r: Parameters<SecurePinEntry['changePin']>[0]) => pad.changePin(r)),
            unblock: guard((r: Parameters<SecurePinEntry['unblock']>[0]) => pad.unblock(r)),
          };
    const enter: Operation['enter'] = async (cardholder, kind, extras = {}) => {
      if (removal.aborted) throw new CardRemoved();
      if (pinPad === undefined) {
        const value = await ask(cardholder, kind, extras);
        return (await transmit(cmd.verify(kind, value))).sw;
      }
      return pinPad.verify({ cardholder, kind, ...extras });
    };
    return { transmit, ask, enter, pinPad, reader, slot, end: () => connection.close() };
  }

  /** SELECT the eID application; answers true when the card reports it expired (`6283`). */
  private async selectApplication(op: Operation): Promise<boolean> {
    const { sw } = await op.transmit(cmd.selectEid());
    if (sw === SW.SELECTED_FILE_DEACTIVATED) return true;
    if (sw !== SW.OK) throw new CardError(sw, 'SELECT of the eID application (is this an eID card?)');
    return false;
  }

  private async pinStatus(op: Operation): Promise<PinStatus> {
    const { data, sw } = await op.transmit(cmd.getPinStatus());
    if (sw !== SW.OK) throw new CardError(sw, 'GET DATA (PIN status)');
    return decodePinStatus(data);
  }

  private async readFile(op: Operation, fid: number): Promise<Uint8Array> {
    const selected = await op.transmit(cmd.selectEf(fid));
    if (selected.sw !== SW.OK) throw new CardError(selected.sw, `SELECT EF ${fid.toString(16).padStart(4, '0')}`);
    const chunks: Uint8Array[] = [];
    let offset = 0;
    for (;;) {
      const { data, sw } = await op.transmit(cmd.readBinary(offset));
      if (sw !== SW.OK && sw !== SW.END_OF_FILE) throw new CardError(sw, `READ BINARY at offset ${offset}`);
      chunks.push(data);
      offset += data.length;
      if (sw === SW.END_OF_FILE || data.length === 0) break;
    }
    return Uint8Array.from(Buffer.concat(chunks));
  }

  private async enterCan(op: Operation, cardholder: Cardholder): Promise<void> {
    const sw = await op.enter(cardholder, 'can', { message: 'A PIN fel van függesztve: adja meg a kártya előlapján, a fénykép mellett látható CAN számot.' });
    if (sw === SW.OK) return;
    if (sw === SW.VERIFICATION_FAILED) throw new CanRequired('the CAN entered is wrong; the PIN stays suspended until the CAN printed on the front of the card is entered correctly');
    if (sw === SW.AUTH_METHOD_BLOCKED) throw new CardDead();
    throw new CardError(sw, 'VERIFY CAN');
  }

  private async askNewPin(op: Operation, cardholder: Cardholder): Promise<string> {
    const first = await op.ask(cardholder, 'new-pin');
    const second = await op.ask(cardholder, 'new-pin-repeat');
    if (first !== second) throw new PinMismatch();
    if (!isValidNewPin(first)) throw new NewPinInvalid();
    return first;
  }

  /** Map the answer of VERIFY PIN / CHANGE REFERENCE DATA; returns on `9000`. */
  private checkPinAnswer(sw: number, during: string): void {
    // rule: CARD-PIN-TRIES (docs/rules.md)
    if (sw === SW.OK) return;
    if (sw === SW.AUTH_METHOD_BLOCKED) throw new PinBlocked('the PIN is blocked; unblock it with the PUK from the green code card');
    if (sw === SW.CONDITIONS_NOT_SATISFIED) throw new CanRequired();
    const left = triesLeftOf(sw);
    if (left === 0) throw new PinBlocked('the third wrong PIN blocked the PIN; unblock it with the PUK from the green code card', { details: { triesLeft: 0 } });
    if (left !== undefined) throw new PinWrong(left);
    throw new CardError(sw, during);
  }

  /** Map the answer of INTERNAL / GENERAL AUTHENTICATE; returns on `9000`. */
  private checkAuthAnswer(sw: number, during: string): void {
    if (sw === SW.OK) return;
    if (sw === SW.FUNCTION_NOT_SUPPORTED) throw new CardExpired();
    if (sw === SW.REFERENCE_DATA_NOT_USABLE) throw new ActivationPinNotChanged();
    if (sw === SW.AUTH_METHOD_BLOCKED) throw new PinBlocked('the PIN is blocked; unblock it with the PUK from the green code card');
    throw new CardError(sw, during);
  }
}

function pinBlocked(status: PinStatus): SimError {
  return new PinBlocked('the PIN is blocked after three wrong tries; unblock it with the PUK from the green code card', {
    details: { pukTriesLeft: status.pukTriesLeft },
  });
}
