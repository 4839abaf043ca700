/**
 * The card client's readers: virtual readers with a stable id each, which card (by document
 * id) is in which, and whether an operation is running on it. Cards come from a
 * {@link CardSource}, which also makes the card that goes into the reader (one card state: the
 * simulator's record). Before every operation the card's record is reloaded, so a store reset or
 * a change made elsewhere is seen.
 *
 * @example
 * ```ts
 * const bench = new ReaderBench(source, { timer });
 * const r = bench.add({ pinPad: true });
 * await bench.insert(r.id, '123456AB');
 * ```
 */
import { Conflict } from '../../simulator/core/errors.js';
import { NoCard, NoReader } from '../errors.js';
import type { Timer } from '../reader/timer.js';
import { VirtualReader, type VirtualReaderOptions } from '../reader/virtual-reader.js';
import type { CardMaterial, CardSource, EidCard } from './card-source.js';
import { ReaderBusy, ReaderUnknown } from './errors.js';

/** One reader and what is in it. */
export interface ReaderEntry {
  readonly id: number;
  readonly reader: VirtualReader;
  /** The card in the reader, if any. */
  material: CardMaterial | undefined;
  virtualCard: EidCard | undefined;
  busy: boolean;
}

/** Hooks called when a card goes into or out of a reader (the CLI's PC/SC bridge uses them). */
export interface ReaderHooks {
  /** A reader is being attached; throwing refuses it (e.g. no vpcd port left). */
  attached?(entry: ReaderEntry): void;
  /** A reader was detached (its card is out). */
  detached?(entry: ReaderEntry): Promise<void> | void;
  inserted?(entry: ReaderEntry, card: EidCard): Promise<void> | void;
  removed?(entry: ReaderEntry, card: EidCard): Promise<void> | void;
}

/** Options of {@link ReaderBench}. */
export interface ReaderBenchOptions {
  /** Builds each reader (default: a {@link VirtualReader}); `id` is the reader's id. */
  createReader?: (options: VirtualReaderOptions, id: number) => VirtualReader;
  timer?: Timer;
  promptTimeoutMs?: number;
  hooks?: ReaderHooks;
}

/** The set of readers of one card client. */
export class ReaderBench {
  private readonly entries = new Map<number, ReaderEntry>();
  private nextId = 0;
  private swapping = false;

  constructor(
    private readonly source: CardSource,
    private readonly options: ReaderBenchOptions = {},
  ) {}

  /** Every reader, by id. */
  list(): ReaderEntry[] {
    return [...this.entries.values()];
  }

  /** Attach a new reader. */
  add(options: { pinPad?: boolean; name?: string } = {}): ReaderEntry {
    const id = this.nextId;
    const readerOptions: VirtualReaderOptions = {
      pinPad: options.pinPad ?? false,
      ...(options.name === undefined ? {} : { name: options.name }),
      ...(this.options.timer === undefined ? {} : { timer: this.options.timer }),
      ...(this.options.promptTimeoutMs === undefined ? {} : { promptTimeoutMs: this.options.promptTimeoutMs }),
    };
    const reader = this.options.createReader?.(readerOptions, id) ?? new VirtualReader(readerOptions);
    const entry: ReaderEntry = { id, reader, material: undefined, virtualCard: undefined, busy: false };
    this.options.hooks?.attached?.(entry);
    this.nextId++;
    // A card can also leave through the cardholder (a `removeCard` step or prompt action).
    reader.on('removed', () => {
      const card = entry.virtualCard;
      if (card === undefined || this.swapping) return;
      entry.material = undefined;
      entry.virtualCard = undefined;
      void Promise.resolve(this.options.hooks?.removed?.(entry, card)).catch(() => undefined);
    });
    this.entries.set(id, entry);
    return entry;
  }

  /** Detach a reader (its card is taken out first). */
  async detach(id: number): Promise<void> {
    const entry = this.get(id);
    await this.remove(id);
    this.entries.delete(entry.id);
    await this.options.hooks?.detached?.(entry);
  }

  /** The reader with this id; throws `READER_UNKNOWN`. */
  get(id: number): ReaderEntry {
    const entry = this.entries.get(id);
    if (entry === undefined) throw new ReaderUnknown(id, [...this.entries.keys()]);
    return entry;
  }

  /**
   * The reader an operation should use: the one asked for, else the first holding a card, else
   * the first. Throws `NO_READER` when there is none, `NO_CARD` when it is empty.
   */
  pick(id: number | undefined): ReaderEntry {
    if (this.entries.size === 0) throw new NoReader();
    const entry = id !== undefined ? this.get(id) : (this.list().find((e) => e.material !== undefined) ?? this.list()[0]!);
    if (entry.material === undefined) throw new NoCard(`no card in ${entry.reader.name} (reader ${entry.id}); insert the eID card and try again`);
    return entry;
  }

  /** Put the card with this document id into a reader. Throws `SLOT_OCCUPIED`, `CARD_NOT_FOUND`. */
  async insert(id: number, documentId: string): Promise<ReaderEntry> {
    const entry = this.get(id);
    if (entry.material !== undefined) {
      throw new Conflict(
        `${entry.reader.name} (reader ${entry.id}) already holds card ${entry.material.card.documentId}; remove it first (DELETE /card-client/readers/${entry.id}/card)`,
        { details: { reader: entry.id } },
        'SLOT_OCCUPIED',
      );
    }
    const material = await this.source.load(documentId);
    const virtualCard = this.virtualCardOf(material);
    entry.reader.insert(virtualCard);
    entry.material = material;
    entry.virtualCard = virtualCard;
    try {
      await this.options.hooks?.inserted?.(entry, virtualCard);
    } catch (err) {
      entry.reader.remove(); // undo: the card is not usable where the hook wanted it
      throw err;
    }
    return entry;
  }

  /** Take the card out of a reader (also while an operation runs: it then fails with `CARD_REMOVED`). */
  async remove(id: number): Promise<CardMaterial | undefined> {
    const entry = this.get(id);
    const { material } = entry;
    entry.reader.remove(); // the 'removed' listener clears the entry and calls the hook
    return material;
  }

  /**
   * Run `op` on a reader: busy while it runs, the card's record reloaded first. The card itself
   * works on the simulator's card state, so there is nothing to save afterwards.
   */
  async run<T>(id: number | undefined, op: (entry: ReaderEntry, material: CardMaterial) => Promise<T>): Promise<T> {
    const entry = this.pick(id);
    if (entry.busy) throw new ReaderBusy(entry.id);
    entry.busy = true;
    try {
      return await op(entry, await this.reload(entry));
    } finally {
      entry.busy = false;
    }
  }

  /** Reload the record of the card in `entry`, keeping the virtual card in step with it. */
  private async reload(entry: ReaderEntry): Promise<CardMaterial> {
    const current = entry.material;
    if (current === undefined || entry.virtualCard === undefined) throw new NoCard();
    const fresh = await this.source.load(current.card.documentId);
    if (fresh.card === current.card) return current;
    if (this.source.live) {
      // The store was reset or reloaded: the card is now another record object.
      const virtualCard = this.virtualCardOf(fresh);
      this.swapping = true;
      try {
        entry.reader.swap(virtualCard);
      } finally {
        this.swapping = false;
      }
      entry.material = fresh;
      entry.virtualCard = virtualCard;
      return fresh;
    }
    // A read copy from a remote simulator (the card itself answers there): refresh it.
    Object.assign(current.card, fresh.card);
    return current;
  }

  private virtualCardOf(material: CardMaterial): EidCard {
    return this.source.open(material);
  }
}
