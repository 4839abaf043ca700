/**
 * A virtual card reader with one or more slots. Cards are inserted, removed and swapped by the
 * test or the trainer UI; every change is an event. Two models: without PIN pad (the host
 * prompts the cardholder and sends VERIFY itself) and with PIN pad (`reader.pinPad`: the
 * reader asks the cardholder, builds the VERIFY APDU itself and tells the host only the status
 * word; the host API never sees the PIN).
 *
 * @example
 * ```ts
 * const reader = new VirtualReader({ pinPad: true });
 * reader.on('inserted', ({ slot }) => console.log('card in slot', slot));
 * reader.insert(new VirtualCard({ card, authKey, certificateDer, clock }));
 * await reader.transmit(selectEid()); // 90 00
 * const sw = await reader.pinPad!.verify({ kind: 'pin', cardholder }); // 0x9000
 * reader.remove(); // the card session ends
 * ```
 */
import { EventEmitter } from 'node:events';
import { Conflict } from '../../simulator/core/errors.js';
import { parseResponseApdu } from '../card/apdu.js';
import type { SmartCard } from '../card/virtual-card.js';
import { NoCard } from '../errors.js';
import { PinPad } from './pin-pad.js';
import { realTimer, type Timer } from './timer.js';

/** Default time the cardholder has for one prompt. */
export const DEFAULT_PROMPT_TIMEOUT_MS = 60_000;

/** Options of {@link VirtualReader}. */
export interface VirtualReaderOptions {
  /** Reader name (default: `eeszt-sim Virtual Reader` / `eeszt-sim Virtual PIN Pad Reader`). */
  name?: string;
  /** Whether the reader has a PIN pad and display (secure PIN entry). Default false. */
  pinPad?: boolean;
  /** Number of slots (default 1). */
  slots?: number;
  /** Timer for prompt timeouts (default: real time). */
  timer?: Timer;
  /** How long the PIN pad waits for the cardholder per prompt (default 60 s). */
  promptTimeoutMs?: number;
}

/** Payload of `inserted` / `removed`. */
export interface SlotEvent {
  slot: number;
  /** Counts insertions into this slot, so a swapped card is noticed. */
  insertion: number;
  /** ATR of the card (on `inserted`). */
  atr?: Uint8Array;
}

/** One exchange as the host sees it. Secure (PIN-pad) exchanges carry only the command header. */
export interface ApduTrace {
  slot: number;
  command: Uint8Array;
  response: Uint8Array;
  /** True for APDUs the PIN pad built: `command` is CLA INS P1 P2 only, the PIN is not shown. */
  secure: boolean;
}

/** Events of a {@link VirtualReader}. */
export interface VirtualReaderEvents {
  inserted: [SlotEvent];
  removed: [SlotEvent];
  apdu: [ApduTrace];
}

interface Slot {
  card: SmartCard | undefined;
  insertion: number;
  removal: AbortController;
}

/** A virtual reader. */
export class VirtualReader extends EventEmitter<VirtualReaderEvents> {
  readonly name: string;
  readonly hasPinPad: boolean;
  /** Secure PIN entry; undefined when the reader has no PIN pad. */
  readonly pinPad: PinPad | undefined;
  private readonly slots: Slot[];

  constructor(options: VirtualReaderOptions = {}) {
    super();
    this.hasPinPad = options.pinPad ?? false;
    this.name = options.name ?? (this.hasPinPad ? 'eeszt-sim Virtual PIN Pad Reader' : 'eeszt-sim Virtual Reader');
    const count = options.slots ?? 1;
    if (!Number.isInteger(count) || count < 1) throw new RangeError('a reader has at least one slot');
    this.slots = Array.from({ length: count }, () => {
      const removal = new AbortController();
      removal.abort(new NoCard()); // empty slot: nothing to wait for
      return { card: undefined, insertion: 0, removal };
    });
    this.pinPad = this.hasPinPad
      ? new PinPad({
          readerName: this.name,
          timer: options.timer ?? realTimer,
          timeoutMs: options.promptTimeoutMs ?? DEFAULT_PROMPT_TIMEOUT_MS,
          transmitSecure: (apdu, slot) => this.transmitSecure(apdu, slot),
          removalSignal: (slot) => this.removalSignal(slot),
          removeCard: (slot) => {
            this.remove(slot);
          },
        })
      : undefined;
  }

  /** Number of slots. */
  get slotCount(): number {
    return this.slots.length;
  }

  /** Put a card into an empty slot (it is powered up: a new card session). */
  insert(card: SmartCard, slot = 0): void {
    const s = this.slot(slot);
    if (s.card !== undefined) throw new Conflict(`slot ${slot} of ${this.name} already holds a card; remove it or use swap()`, {}, 'SLOT_OCCUPIED');
    card.powerOn();
    s.card = card;
    s.insertion += 1;
    s.removal = new AbortController();
    this.emit('inserted', { slot, insertion: s.insertion, atr: card.atr } satisfies SlotEvent);
  }

  /** Take the card out (it powers down: its session ends). Returns it, or undefined if the slot was empty. */
  remove(slot = 0): SmartCard | undefined {
    const s = this.slot(slot);
    const card = s.card;
    if (card === undefined) return undefined;
    s.card = undefined;
    card.powerOff();
    s.removal.abort(new NoCard(`the card was removed from slot ${slot} of ${this.name}`));
    this.emit('removed', { slot, insertion: s.insertion } satisfies SlotEvent);
    return card;
  }

  /** Replace the card in a slot (remove, then insert); returns the card taken out. */
  swap(card: SmartCard, slot = 0): SmartCard | undefined {
    const old = this.remove(slot);
    this.insert(card, slot);
    return old;
  }

  /** The card in a slot, if any. */
  cardIn(slot = 0): SmartCard | undefined {
    return this.slot(slot).card;
  }

  /** Whether a slot holds a card. */
  isPresent(slot = 0): boolean {
    return this.slot(slot).card !== undefined;
  }

  /** The insertion counter of a slot (changes with every insert). */
  insertion(slot = 0): number {
    return this.slot(slot).insertion;
  }

  /** A signal aborted when the card now in the slot leaves it. */
  removalSignal(slot = 0): AbortSignal {
    return this.slot(slot).removal.signal;
  }

  /** Warm-reset the card: a new card session (nothing verified). */
  reset(slot = 0): void {
    this.requireCard(slot).reset();
  }

  /** Send a command APDU to the card in `slot`; rejects with {@link NoCard} when the slot is empty. */
  async transmit(apdu: Uint8Array, slot = 0): Promise<Uint8Array> {
    const response = await this.requireCard(slot).transmit(apdu);
    this.emit('apdu', { slot, command: Uint8Array.from(apdu), response, secure: false } satisfies ApduTrace);
    return response;
  }

  /** The PIN pad's own channel: the host trace gets the header and the status word only. */
  private async transmitSecure(apdu: Uint8Array, slot: number): Promise<number> {
    const response = await this.requireCard(slot).transmit(apdu);
    const { sw } = parseResponseApdu(response);
    this.emit('apdu', { slot, command: apdu.slice(0, 4), response: Uint8Array.of(sw >> 8, sw & 0xff), secure: true } satisfies ApduTrace);
    return sw;
  }

  private requireCard(slot: number): SmartCard {
    const card = this.slot(slot).card;
    if (card === undefined) throw new NoCard(`no card in slot ${slot} of ${this.name}; insert the eID card`);
    return card;
  }

  private slot(slot: number): Slot {
    const s = this.slots[slot];
    if (s === undefined) throw new RangeError(`${this.name} has no slot ${slot} (it has ${this.slots.length})`);
    return s;
  }
}
