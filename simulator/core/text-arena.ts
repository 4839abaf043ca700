/**
 * Texts kept for a long time (the journal's request and response bodies), joined in large strings
 * so that V8's young-generation collector does not copy each of them on its way to the old
 * generation. A text added to the arena goes into its current chunk; once the chunk holds
 * {@link TEXT_ARENA_CHUNK_CHARS} characters its texts are joined into one string of that size,
 * which V8 allocates in its large-object space (objects over 128 KiB), where the collector never
 * copies it; the texts themselves die young, where they cost nothing. Without it, the bodies the
 * journal keeps (about 10 KB per STS token) were most of what each scavenge copied (twice: into the
 * survivor space, then into the old generation).
 *
 * Only ASCII texts go into a chunk (the caller says so: their UTF-8 length is their length): one
 * text with other characters would make the joined string two bytes per character, doubling the
 * memory of all the others. A joined chunk stays alive while any of its texts is referenced; the
 * journal drops its entries oldest first, so at most one chunk per journal is partly dead. The
 * memory stays in V8's heap, which it gives back when the chunk dies (a large object is unmapped
 * whole), unlike the off-heap slabs tried before (docs/hardening.md).
 *
 * @example
 * ```ts
 * const arena = createTextArena();
 * const slot = arena.add(body);          // body: an ASCII string
 * const again = slot.chunk.text(slot.index); // === body
 * ```
 */

/** Characters in a chunk before its texts are joined (one-byte: 256 KiB, well over V8's 128 KiB large-object threshold). */
export const TEXT_ARENA_CHUNK_CHARS = 256 * 1024;

/** A chunk of an arena: its texts by index, joined once full. */
export class TextChunk {
  /** The texts until the chunk is joined, then `undefined`. */
  private parts: string[] | undefined = [];
  /** End (character offset in the joined text) of each text. */
  private readonly ends: number[] = [];
  private joined = '';
  /** Characters held. */
  length = 0;

  /** Add a text; returns its index in this chunk. */
  add(text: string): number {
    (this.parts as string[]).push(text);
    this.length += text.length;
    this.ends.push(this.length);
    return this.ends.length - 1;
  }

  /** Join the texts into one string (the chunk is full: nothing is added any more). */
  seal(): void {
    if (this.parts === undefined) return;
    this.joined = this.parts.join('');
    this.parts = undefined;
  }

  /** The text at this index (a slice of the joined string once sealed). */
  text(index: number): string {
    if (this.parts !== undefined) return this.parts[index] as string;
    return this.joined.slice(index === 0 ? 0 : this.ends[index - 1], this.ends[index]);
  }
}

/** Where a text was put: its chunk and its index there. */
export interface TextSlot {
  chunk: TextChunk;
  index: number;
}

/** An arena of long-lived ASCII texts (see the module comment). */
export interface TextArena {
  /** Keep an ASCII text (the caller checked: `Buffer.byteLength(text) === text.length`). */
  add(text: string): TextSlot;
}

/** Create an arena whose chunks are joined at `chunkChars` characters. */
export function createTextArena(chunkChars: number = TEXT_ARENA_CHUNK_CHARS): TextArena {
  let current = new TextChunk();
  return {
    add(text) {
      const chunk = current;
      const index = chunk.add(text);
      if (chunk.length >= chunkChars) {
        chunk.seal();
        current = new TextChunk();
      }
      return { chunk, index };
    },
  };
}
