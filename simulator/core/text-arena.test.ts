/**
 * The journal's text arena: every text comes back as it was; a released text's bytes are reused,
 * never a live one's; what does not fit is refused (the caller keeps it as a string); the buffer is
 * let go once nothing is in it.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createTextArena, type TextSlot } from './text-arena.js';

const text = (i: number, length: number): string => `${i}:`.padEnd(length, String.fromCharCode(97 + (i % 26)));

describe('text arena', () => {
  it('gives back each text as it was, and (kept 0 ms when empty) lets the buffer go when every text is released', () => {
    const arena = createTextArena(1000, { keepEmptyMs: 0 });
    const texts = [text(1, 100), text(2, 200), text(3, 50)];
    const slots = texts.map((t) => arena.add(t, Buffer.byteLength(t)) as TextSlot);
    expect(slots.every((s) => s !== undefined)).toBe(true);
    slots.forEach((s, i) => expect(s.text()).toBe(texts[i]));
    expect(arena.liveBytes()).toBe(350);
    slots[1]?.release();
    slots[1]?.release(); // idempotent
    expect(arena.liveBytes()).toBe(150);
    expect(slots[0]?.text()).toBe(texts[0]);
    expect(() => slots[1]?.text()).toThrow(/released/);
    slots[0]?.release();
    expect(arena.allocated()).toBe(true);
    slots[2]?.release();
    expect(arena.liveBytes()).toBe(0);
    expect(arena.allocated()).toBe(false);
  });

  it('wraps around into released space and never overwrites a live text', () => {
    // at most 8 live texts of at most 250 bytes: they always fit in 4000 bytes, wherever the head is
    const arena = createTextArena(4000);
    const live = new Map<TextSlot, string>();
    let refused = 0;
    // A FIFO of texts of varying sizes, released oldest first (as the journal drops its entries),
    // with the oldest sometimes kept longer: every live text must read back intact.
    const order: TextSlot[] = [];
    for (let i = 0; i < 2000; i++) {
      const t = text(i, 20 + ((i * 37) % 230));
      const slot = arena.add(t, Buffer.byteLength(t));
      if (slot === undefined) refused++;
      else {
        live.set(slot, t);
        order.push(slot);
      }
      while (order.length > 5 + (i % 4)) {
        const oldest = order.shift() as TextSlot;
        expect(oldest.text()).toBe(live.get(oldest));
        oldest.release();
        live.delete(oldest);
      }
      for (const [s, t2] of live) expect(s.text()).toBe(t2);
    }
    expect(refused).toBe(0);
    expect(arena.allocated()).toBe(true);
  });

  it('keeps other texts as UTF-8 (counted in bytes), but not one with a lone surrogate', () => {
    const arena = createTextArena(1000);
    const hungarian = 'Árvíztűrő tükörfúrógép — ☃ 𝄞 '.repeat(3);
    const slot = arena.add(hungarian, Buffer.byteLength(hungarian));
    expect(slot?.text()).toBe(hungarian);
    expect(arena.liveBytes()).toBe(Buffer.byteLength(hungarian));
    expect(arena.add('lone \ud800 surrogate', 22)).toBeUndefined();
    const after = arena.add('ascii after', 11);
    expect(after?.text()).toBe('ascii after');
    expect(slot?.text()).toBe(hungarian);
  });

  it('refuses a text when live texts fill the buffer, and one larger than a quarter of it', () => {
    const arena = createTextArena(1000);
    expect(arena.add(text(0, 251), 251)).toBeUndefined();
    const slots = [0, 1, 2, 3].map((i) => arena.add(text(i, 250), 250) as TextSlot);
    expect(slots.every((s) => s !== undefined)).toBe(true);
    expect(arena.add(text(9, 10), 10)).toBeUndefined();
    slots[0]?.release();
    const again = arena.add(text(5, 250), 250);
    expect(again?.text()).toBe(text(5, 250));
    expect(slots[1]?.text()).toBe(text(1, 250));
    // a released text in the middle does not make room while an older one is live
    slots[2]?.release();
    expect(arena.add(text(6, 200), 200)).toBeUndefined();
  });

  it('keeps bytes as they are, decoded by their decoder when read, in the same ring as texts', () => {
    const arena = createTextArena(1000, { keepEmptyMs: 0 });
    const decoder = new TextDecoder();
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('Árvíztűrő '.repeat(5)), Buffer.from([0xc3, 0x28])]);
    const source = new Uint8Array(bytes);
    const slot = arena.addBytes(source, decoder);
    const t = text(1, 100);
    const after = arena.add(t, 100);
    source.fill(0); // a copy: the caller's bytes may change (or go) afterwards
    expect(slot?.text()).toBe(decoder.decode(bytes));
    expect(after?.text()).toBe(t);
    expect(arena.liveBytes()).toBe(bytes.length + 100);
    expect(arena.addBytes(new Uint8Array(251), decoder)).toBeUndefined();
    slot?.release();
    after?.release();
    expect(arena.allocated()).toBe(false);
  });

  describe('an emptied buffer', () => {
    afterEach(() => {
      vi.useRealTimers();
    });

    it('is kept for the next text while texts keep coming, and let go once it has stayed empty for the keep time', () => {
      vi.useFakeTimers();
      const arena = createTextArena(1000, { keepEmptyMs: 2000 });
      // each text released as soon as it is kept (a journal subscriber reads every entry as it completes)
      for (let i = 0; i < 30; i++) {
        const t = text(i, 100 + i);
        const slot = arena.add(t, t.length);
        expect(slot?.text()).toBe(t);
        slot?.release();
        expect(arena.allocated()).toBe(true);
        expect(arena.liveBytes()).toBe(0);
        vi.advanceTimersByTime(500);
      }
      // quiet: let go after the keep time (it may look twice: once for texts added while armed)
      vi.advanceTimersByTime(1999);
      expect(arena.allocated()).toBe(true);
      vi.advanceTimersByTime(2001);
      expect(arena.allocated()).toBe(false);
      // a live text keeps it however long: the timer lets go only an empty buffer
      const kept = arena.add(text(1, 50), 50);
      const second = arena.add(text(2, 50), 50);
      second?.release();
      vi.advanceTimersByTime(10_000);
      expect(arena.allocated()).toBe(true);
      expect(kept?.text()).toBe(text(1, 50));
      kept?.release();
      vi.advanceTimersByTime(2000);
      expect(arena.allocated()).toBe(false);
    });
  });
});
