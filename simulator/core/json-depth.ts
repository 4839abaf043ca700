/**
 * The nesting depth of a JSON text, measured without parsing it: deeply nested JSON parses, but
 * slowly (about 0.5 s per MiB of brackets) and it breaks every recursive walk over the value
 * afterwards (JSON.stringify, copies, messages that quote it). `readJson` refuses such bodies and
 * the journal does not parse them.
 *
 * @example
 * ```ts
 * jsonDepth('{"a":[1,{"b":2}]}'); // 3
 * ```
 */

/** Deepest nesting of arrays and objects accepted in a JSON body (no request needs more than a few). */
export const MAX_JSON_DEPTH = 64;

/** The deepest array/object nesting of a JSON text (string contents skipped); linear, no recursion. */
export function jsonDepth(text: string): number {
  let depth = 0;
  let max = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      for (i++; i < text.length; i++) {
        const d = text.charCodeAt(i);
        if (d === 0x5c /* \ */) i++;
        else if (d === 0x22) break;
      }
    } else if (c === 0x5b /* [ */ || c === 0x7b /* { */) {
      if (++depth > max) max = depth;
    } else if (c === 0x5d /* ] */ || c === 0x7d /* } */) {
      depth--;
    }
  }
  return max;
}
