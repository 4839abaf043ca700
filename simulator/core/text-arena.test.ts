/** The text arena gives back every text exactly, before and after its chunk is joined. */
import { describe, expect, it } from 'vitest';
import { createTextArena, TEXT_ARENA_CHUNK_CHARS } from './text-arena.js';

describe('text arena', () => {
  it('gives back each text as it was, from the parts and from the joined chunk', () => {
    const arena = createTextArena(100);
    const texts = Array.from({ length: 12 }, (_, i) => `<m n="${i}">${'x'.repeat(i * 3)}</m>`);
    const slots = texts.map((t) => {
      const slot = arena.add(t);
      expect(slot.chunk.text(slot.index)).toBe(t);
      return slot;
    });
    // chunks of at least 100 characters each: more than one, and all but the last joined
    const chunks = new Set(slots.map((s) => s.chunk));
    expect(chunks.size).toBeGreaterThan(1);
    slots.forEach((s, i) => expect(s.chunk.text(s.index)).toBe(texts[i]));
  });

  it('joins a chunk once it holds the chunk size, and starts a new one', () => {
    const arena = createTextArena();
    const big = 'a'.repeat(TEXT_ARENA_CHUNK_CHARS - 10);
    const first = arena.add(big);
    const second = arena.add('0123456789');
    expect(second.chunk).toBe(first.chunk);
    const third = arena.add('next');
    expect(third.chunk).not.toBe(first.chunk);
    expect(first.chunk.length).toBe(TEXT_ARENA_CHUNK_CHARS);
    expect(first.chunk.text(0)).toBe(big);
    expect(first.chunk.text(1)).toBe('0123456789');
    expect(third.chunk.text(third.index)).toBe('next');
  });

  it('keeps an empty text', () => {
    const arena = createTextArena(4);
    const a = arena.add('');
    const b = arena.add('abcd');
    const c = arena.add('');
    expect([a.chunk.text(a.index), b.chunk.text(b.index), c.chunk.text(c.index)]).toEqual(['', 'abcd', '']);
  });
});
