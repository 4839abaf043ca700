import { afterEach, describe, expect, it, vi } from 'vitest';
import { createBodyArena, FIRST_SLAB_BYTES, keptBodyBytes, keptBodyText, LARGE_TEXT_CHARS, SLAB_BYTES } from './journal-body-arena.js';

describe('journal body arena', () => {
  it('gives a kept text back exactly, a leading U+FEFF and non-Latin-1 characters included, and counts its UTF-8 bytes', () => {
    const arena = createBodyArena();
    for (const text of ['<a>x</a>', 'Dr. Kovács Ödön – őrző', '\uFEFF<BOM/>', '😀 emoji', 'x']) {
      const kept = arena.keepText(text);
      expect(typeof kept).toBe('object');
      expect(keptBodyText(kept)).toBe(text);
      expect(keptBodyBytes(kept)).toBe(Buffer.byteLength(text));
    }
  });

  it('decodes received bytes as the journal always did (TextDecoder: invalid bytes as U+FFFD, a leading BOM dropped) and counts the bytes kept', () => {
    const arena = createBodyArena();
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('ő<'), Buffer.from([0xff, 0xc3]), Buffer.from('>')]);
    const kept = arena.keepBytes(new Uint8Array(bytes));
    expect(keptBodyText(kept)).toBe(new TextDecoder().decode(bytes));
    expect(keptBodyText(kept)).toBe('ő<\uFFFD\uFFFD>');
    expect(keptBodyBytes(kept)).toBe(bytes.length);
  });

  it('keeps a string with a lone surrogate (no UTF-8 form) as it is', () => {
    const text = 'bad \uD800 half';
    const kept = createBodyArena().keepText(text);
    expect(kept).toBe(text);
    expect(keptBodyText(kept)).toBe(text);
    expect(keptBodyBytes(kept)).toBe(Buffer.byteLength(text));
  });

  it('fills a small first slab, then large ones; a body larger than a slab gets its own; nothing written twice over', () => {
    const arena = createBodyArena();
    const body = 'é'.repeat(50_000); // 100 000 bytes, below the large-text length
    const kept = Array.from({ length: 5 }, () => arena.keepText(body));
    const slabs = new Set(kept.map((k) => (typeof k === 'string' ? undefined : k.slab)));
    expect(slabs.size).toBe(2);
    const [first, second] = [...slabs];
    expect(first?.length).toBe(FIRST_SLAB_BYTES);
    expect(second?.length).toBe(SLAB_BYTES);
    const huge = arena.keepBytes(new Uint8Array(SLAB_BYTES + 10).fill(0x61));
    expect(typeof huge !== 'string' && huge.slab.length).toBe(SLAB_BYTES + 10);
    for (const k of kept) expect(keptBodyText(k)).toBe(body);
    expect(keptBodyBytes(huge)).toBe(SLAB_BYTES + 10);
  });

  it('keeps a large text (V8 never moves it; often a shared constant) as it is', () => {
    const text = 'ű'.repeat(LARGE_TEXT_CHARS);
    const kept = createBodyArena().keepText(text);
    expect(kept).toBe(text);
    expect(keptBodyBytes(kept)).toBe(2 * LARGE_TEXT_CHARS);
    expect(typeof createBodyArena().keepText(text.slice(1))).toBe('object');
  });

  it('keeps empty bodies as the empty string', () => {
    const arena = createBodyArena();
    expect(arena.keepText('')).toBe('');
    expect(arena.keepBytes(new Uint8Array(0))).toBe('');
  });
});

describe('journal body arena when quiet', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('lets go of its current slab after the quiet time (not while bodies come), and starts a small one again', () => {
    vi.useFakeTimers();
    const arena = createBodyArena(20);
    const first = arena.keepBytes(new Uint8Array(FIRST_SLAB_BYTES - 10).fill(0x78)); // 'x' × …
    const second = arena.keepText('y'.repeat(100)); // does not fit: a large slab
    expect(typeof second !== 'string' && second.slab.length).toBe(SLAB_BYTES);
    vi.advanceTimersByTime(15);
    const same = arena.keepText('w'); // a body within the quiet time: the large slab stays
    expect(typeof same !== 'string' && typeof second !== 'string' && same.slab === second.slab).toBe(true);
    vi.advanceTimersByTime(100);
    const third = arena.keepText('z');
    expect(typeof third !== 'string' && typeof second !== 'string' && third.slab !== second.slab).toBe(true);
    expect(typeof third !== 'string' && third.slab.length).toBe(FIRST_SLAB_BYTES);
    expect([first, second, third].map(keptBodyText)).toEqual(['x'.repeat(FIRST_SLAB_BYTES - 10), 'y'.repeat(100), 'z']);
  });
});
