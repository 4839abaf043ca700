/**
 * `eeszt-sim reader --pcsc`: the card client's readers through pcscd, both ways.
 *
 * - Card side: each attached reader holds a vpcd slot *n* (the lowest free one; Debian's vpcd
 *   has two, ports 35963 and 35964, and a detached reader frees its slot; one more reader is
 *   refused with `PCSC_READER_LIMIT`). While a card is in the reader, a vpcd bridge connects it
 *   to pcscd (vsmartcard's vpcd driver, port `vpcdPort + n`), so PC/SC sees it in
 *   `Virtual PCD 00 0n` (with the
 *   default port). The bridge plays
 *   the reader's firmware: on a PIN-pad reader it answers the secure-PIN-entry pseudo-APDUs
 *   with the reader's PIN pad ({@link PinPadDesk}).
 * - Host side: the card client's card sessions use {@link pcscCardChannel}: every APDU goes
 *   through a PC/SC helper process (pyscard) to pcscd, then vpcd, then back into this process
 *   through the bridge. The helper runs outside the event loop, so the bridge keeps answering.
 *
 * Every APDU the bridge received from pcscd is an `apdu` event (tests prove the routing with
 * it; the reader's own `apdu` trace gets them too).
 *
 * @example
 * ```ts
 * const link = new PcscLink({ vpcdHost: '127.0.0.1', vpcdPort: 35963 });
 * await link.check();
 * const client = createCardClient({ source, eidServer, hooks: link.hooks, channel: (e) => link.channel(e) });
 * link.on('apdu', (t) => console.log(t.reader, toHex(t.command)));
 * ```
 */
import { EventEmitter } from 'node:events';
import { setTimeout as delay } from 'node:timers/promises';
import type { SmartCard } from '../card/virtual-card.js';
import { PcscError, PcscUnavailable } from '../errors.js';
import { pcscCardChannel, pcscFailure } from '../pcsc/pcsc-channel.js';
import { PcscHelper, type PcscHelperOptions } from '../pcsc/pcsc-helper-client.js';
import { isReaderCommand, PinPadDesk } from '../pcsc/secure-pin-entry.js';
import { connectToVpcd, type VpcdBridge } from '../pcsc/vpcd-bridge.js';
import { VPCD_DEFAULT_PORT } from '../pcsc/vpcd-protocol.js';
import type { CardChannel } from '../reader/card-channel.js';
import type { VirtualReader } from '../reader/virtual-reader.js';
import type { EidCard } from './card-source.js';
import { PcscReaderLimit } from './errors.js';
import type { ReaderEntry, ReaderHooks } from './reader-bench.js';

/**
 * The PC/SC name of the vpcd reader whose port is `port` (Debian's vpcd: 35963 is
 * "Virtual PCD 00 00", 35964 "Virtual PCD 00 01").
 */
export function vpcdReaderName(port: number): string {
  const slot = port >= VPCD_DEFAULT_PORT ? port - VPCD_DEFAULT_PORT : 0;
  return `Virtual PCD 00 ${String(slot).padStart(2, '0')}`;
}

/** The last port of Debian's vpcd (`/etc/reader.conf.d/vpcd`: two readers, 35963 and 35964). */
export const VPCD_LAST_DEBIAN_PORT = VPCD_DEFAULT_PORT + 1;

/** How many vpcd reader ports start at `port`: Debian's vpcd offers 35963 and 35964. */
export function vpcdPortCount(port: number): number {
  return port >= VPCD_DEFAULT_PORT && port <= VPCD_LAST_DEBIAN_PORT ? VPCD_LAST_DEBIAN_PORT - port + 1 : 1;
}

/** Options of {@link PcscLink}. */
export interface PcscLinkOptions {
  /** Where vpcd listens (default 127.0.0.1). */
  vpcdHost?: string;
  /** First vpcd port (default 35963); the readers take the free ports from here on. */
  vpcdPort?: number;
  /** How many vpcd ports there are from `vpcdPort` on (default {@link vpcdPortCount}: 2 from 35963, 1 from 35964). */
  vpcdPorts?: number;
  /** The PC/SC reader name of vpcd slot `slot` (default: {@link vpcdReaderName} of its port). */
  readerName?: (slot: number) => string;
  /** How the PC/SC helper is started (python, timeouts). */
  helper?: PcscHelperOptions;
  /** How long an inserted card may take to show up in pcscd (default 5000 ms). */
  presenceTimeoutMs?: number;
  /** How long one secure PIN entry may take through PC/SC (default 10 min). */
  secureTimeoutMs?: number;
  /** Progress lines (default: none). */
  say?: (line: string) => void;
}

/** One APDU that reached the card through pcscd. */
export interface PcscApduTrace {
  /** The card client's reader id. */
  reader: number;
  command: Uint8Array;
  response: Uint8Array;
  /** True for a reader pseudo-APDU (`CLA FF`, secure PIN entry): answered by the PIN pad. */
  readerCommand: boolean;
}

interface Linked {
  /** The vpcd slot the reader holds while attached: port `vpcdPort + slot`. */
  slot: number;
  helper: PcscHelper;
  channel: CardChannel;
  desk: PinPadDesk | undefined;
  bridge: VpcdBridge | undefined;
  /** pcscd's card event count of the reader when it last saw this card arrive. */
  eventsIn: number | undefined;
  /** While the card is being put back into a restarted pcscd. */
  reconnecting: Promise<void> | undefined;
}

/** The card presented to vpcd: whatever card is in the reader's slot (follows a swap). */
function slotCard(reader: VirtualReader, first: SmartCard, slot = 0): SmartCard {
  const current = (): SmartCard => reader.cardIn(slot) ?? first;
  return {
    get atr() {
      return current().atr;
    },
    get powered() {
      return current().powered;
    },
    transmit: (apdu) => current().transmit(apdu),
    powerOn: () => current().powerOn(),
    reset: () => current().reset(),
    powerOff: () => current().powerOff(),
  };
}

/** The card client's readers, linked to pcscd. */
export class PcscLink extends EventEmitter<{ apdu: [PcscApduTrace] }> {
  readonly host: string;
  readonly port: number;
  private readonly slotName: (slot: number) => string;
  /** How many vpcd ports (slots) there are. */
  readonly slots: number;
  private readonly helperOptions: PcscHelperOptions;
  private readonly presenceTimeoutMs: number;
  private readonly secureTimeoutMs: number | undefined;
  private readonly say: (line: string) => void;
  private readonly linked = new Map<number, Linked>();
  private closing = false;
  /** Per reader: the last card change (in or out) to pcscd, so the next one waits for it. */
  private readonly changes = new Map<number, Promise<void>>();
  private readonly probe: PcscHelper;

  /** Hooks for the card client's readers: a card going in is connected to vpcd, taken out is disconnected. */
  readonly hooks: ReaderHooks;

  constructor(options: PcscLinkOptions = {}) {
    super();
    this.host = options.vpcdHost ?? '127.0.0.1';
    this.port = options.vpcdPort ?? 35963;
    this.slots = options.vpcdPorts ?? vpcdPortCount(this.port);
    this.slotName = options.readerName ?? ((slot) => vpcdReaderName(this.port + slot));
    this.helperOptions = options.helper ?? {};
    this.presenceTimeoutMs = options.presenceTimeoutMs ?? 5_000;
    this.secureTimeoutMs = options.secureTimeoutMs;
    this.say = options.say ?? (() => undefined);
    this.probe = new PcscHelper(this.helperOptions);
    this.hooks = {
      attached: (entry) => {
        this.link(entry);
      },
      detached: (entry) => this.inOrder(entry.id, () => this.release(entry.id)),
      inserted: (entry, card) => this.inOrder(entry.id, () => this.connectCard(entry, card)),
      removed: (entry) => this.inOrder(entry.id, () => this.disconnect(entry.id)),
    };
  }

  /** The PC/SC reader name of card client reader `id` (by the vpcd slot it holds; slot 0 before any). */
  readerName(id: number): string {
    return this.nameOf(id);
  }

  private nameOf(id: number): string {
    return this.slotName(this.linked.get(id)?.slot ?? 0);
  }

  /** The channel the card sessions of `entry` use: through pcscd. */
  channel(entry: ReaderEntry): CardChannel {
    const linked = this.link(entry);
    return {
      description: linked.channel.description,
      connect: async () => {
        // After a pcscd restart the card is on its way back into pcscd: wait for it (bounded).
        const back = linked.reconnecting;
        if (back !== undefined) await Promise.race([back, delay(this.presenceTimeoutMs + 1_000)]);
        return linked.channel.connect();
      },
    };
  }

  /** The vpcd bridge of reader `id` while its card is connected to pcscd. */
  bridge(id: number): VpcdBridge | undefined {
    return this.linked.get(id)?.bridge;
  }

  /**
   * Check that PC/SC works: the helper starts, pcscd answers and has the reader of card client
   * reader 0. Answers pcscd's reader names; throws `PCSC_UNAVAILABLE` / `NO_READER`.
   */
  async check(): Promise<string[]> {
    let readers: string[];
    try {
      readers = await this.probe.readers();
    } catch (err) {
      throw pcscFailure(err, 'connect', this.nameOf(0));
    }
    const wanted = this.nameOf(0);
    if (!readers.some((r) => r.startsWith(wanted))) {
      throw new PcscUnavailable(
        `pcscd has no reader "${wanted}" (it has ${readers.length === 0 ? 'none' : readers.map((r) => `"${r}"`).join(', ')}); install the vsmartcard-vpcd driver and restart pcscd, or run without --pcsc`,
        { details: { pcscReader: wanted, readers } },
      );
    }
    return readers;
  }

  /**
   * Wait until pcscd sees a card in reader `id` (`present`), or none. Throws `PCSC_UNAVAILABLE`
   * when pcscd cannot be asked, `PCSC_ERROR` when pcscd answers but does not see the change in
   * time (pcscd is running then; the message says so and what to do).
   */
  async waitForCard(id: number, present: boolean, timeoutMs = this.presenceTimeoutMs, since?: number): Promise<number> {
    const name = this.nameOf(id);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      let seen: { present: boolean; events: number };
      try {
        seen = await this.probe.status(name);
      } catch (err) {
        throw pcscFailure(err, 'connect', name);
      }
      // With `since`: pcscd's event handler must have counted the change too (its reader state
      // alone can say "no card" after a failed reset while the handler still thinks it is in).
      if (seen.present === present && (since === undefined || seen.events !== since)) return seen.events;
      if (Date.now() > deadline) {
        throw new PcscError(
          `pcscd is running but did not report the card ${present ? 'in' : 'out of'} "${name}" within ${timeoutMs} ms after its vpcd connection ${present ? 'opened' : 'closed'}; take the card out and insert it again, and if that does not help restart pcscd`,
          { details: { pcscReader: name, pcscdRunning: true } },
        );
      }
      await delay(50);
    }
  }

  /** Run card changes of one reader one after the other (a re-insert waits for the removal). */
  private inOrder(id: number, change: () => Promise<void>): Promise<void> {
    const next = (this.changes.get(id) ?? Promise.resolve()).catch(() => undefined).then(change);
    this.changes.set(id, next);
    return next;
  }

  /**
   * Take the card of reader `id` out of pcscd only (close its vpcd bridge); the card client's
   * reader keeps it. What a card pulled out of a real PC/SC reader looks like to the card
   * client; the hooks call it when a card leaves the reader.
   */
  async disconnect(id: number): Promise<void> {
    const linked = this.linked.get(id);
    const bridge = linked?.bridge;
    if (linked === undefined || bridge === undefined) return;
    linked.bridge = undefined;
    await bridge.close();
    // pcscd must notice the card leave before a card can arrive in the same vpcd slot: a card
    // connected sooner (a re-insert right after CARD_REMOVED) is never reported by pcscd.
    const since = linked.eventsIn;
    linked.eventsIn = undefined;
    await this.waitForCard(id, false, this.presenceTimeoutMs, since).catch(() => undefined);
  }

  /** Close every bridge and helper. */
  async close(): Promise<void> {
    this.closing = true;
    for (const id of [...this.linked.keys()]) await this.disconnect(id);
    await Promise.all([...this.linked.values()].map((l) => l.helper.close()));
    await this.probe.close();
    this.linked.clear();
  }

  /** Reconnect `card` to vpcd after pcscd went away, while it is still in the reader (every 0.5 s). */
  private async reconnect(entry: ReaderEntry, card: EidCard, linked: Linked): Promise<void> {
    const stillIn = (): boolean => !this.closing && entry.virtualCard === card && this.linked.get(entry.id) === linked && linked.bridge === undefined;
    while (stillIn()) {
      await delay(500);
      if (!stillIn()) return;
      try {
        await this.inOrder(entry.id, async () => {
          if (stillIn()) await this.connectCard(entry, card);
        });
        return;
      } catch {
        // vpcd does not listen yet (pcscd still down): try again.
      }
    }
  }

  /** A detached reader gives its vpcd slot back. */
  private async release(id: number): Promise<void> {
    const linked = this.linked.get(id);
    if (linked === undefined) return;
    await this.disconnect(id);
    this.linked.delete(id);
    await linked.helper.close();
  }

  private link(entry: ReaderEntry): Linked {
    let linked = this.linked.get(entry.id);
    if (linked === undefined) {
      // The lowest vpcd slot no attached reader holds (freed ones are reused).
      const taken = new Set([...this.linked.values()].map((l) => l.slot));
      let slot = 0;
      while (taken.has(slot)) slot++;
      if (slot >= this.slots) {
        throw new PcscReaderLimit(
          Array.from({ length: this.slots }, (_, i) => this.port + i),
          [...this.linked.keys()],
        );
      }
      const helper = new PcscHelper(this.helperOptions);
      const desk = entry.reader.hasPinPad ? new PinPadDesk(entry.reader) : undefined;
      const channel = pcscCardChannel({
        helper,
        readerName: this.slotName(slot),
        ...(desk === undefined ? {} : { pinPadDesk: desk }),
        ...(this.secureTimeoutMs === undefined ? {} : { secureTimeoutMs: this.secureTimeoutMs }),
      });
      linked = { slot, helper, channel, desk, bridge: undefined, eventsIn: undefined, reconnecting: undefined };
      this.linked.set(entry.id, linked);
    }
    return linked;
  }

  private async connectCard(entry: ReaderEntry, card: EidCard): Promise<void> {
    const linked = this.link(entry);
    const port = this.port + linked.slot;
    const name = this.nameOf(entry.id);
    const desk = linked.desk;
    let bridge: VpcdBridge;
    try {
      bridge = await connectToVpcd({
        host: this.host,
        port,
        card: slotCard(entry.reader, card),
        ...(desk === undefined ? {} : { readerCommand: (apdu: Uint8Array) => desk.answer(apdu) }),
        onMessage: ({ request, response }) => {
          if (response === undefined || request.length < 4) return; // power commands and ATR polls
          const readerCommand = isReaderCommand(request) && desk !== undefined;
          this.emit('apdu', { reader: entry.id, command: request, response, readerCommand });
          // The reader's trace: what went to the card (the PIN pad traces its own secure APDUs).
          if (!readerCommand) entry.reader.emit('apdu', { slot: 0, command: request, response, secure: false });
        },
      });
    } catch (err) {
      throw new PcscUnavailable(`${(err as Error).message}; install and start pcscd with the vsmartcard-vpcd driver (apt-get install pcscd vsmartcard-vpcd; pcscd --foreground &), or run without --pcsc`);
    }
    linked.bridge = bridge;
    void bridge.closed.then(() => {
      if (linked.bridge !== bridge) return; // taken out by the card client
      // pcscd went away (stopped or restarted) with the card still in the card client's reader:
      // put it back into pcscd as soon as vpcd listens again.
      linked.bridge = undefined;
      linked.eventsIn = undefined;
      this.say(`the vpcd connection of "${name}" closed (pcscd stopped or restarted); card ${card.documentId} goes back into pcscd as soon as vpcd listens again`);
      linked.reconnecting ??= this.reconnect(entry, card, linked).finally(() => {
        linked.reconnecting = undefined;
      });
    });
    try {
      linked.eventsIn = await this.waitForCard(entry.id, true);
    } catch (err) {
      await this.disconnect(entry.id);
      throw err;
    }
    this.say(`card ${card.documentId} is in the PC/SC reader "${name}" (vpcd ${this.host}:${port}); the card client reaches it through pcscd`);
  }
}
