/**
 * Reading a JSON request body: an empty body is `{}`, a body of another media type, a body
 * nested deeper than {@link MAX_JSON_DEPTH} or one that does not parse is refused with a precise
 * error. Every JSON endpoint reads its body through here (most through the body validator,
 * simulator/core/body-schema.ts).
 *
 * @example
 * ```ts
 * const parsed = await readJson(c); // unknown: check it against a schema next
 * ```
 */
import { BadRequest } from './errors.js';
import { jsonDepth, MAX_JSON_DEPTH } from './json-depth.js';

/** What {@link readJson} needs of a request context. */
export interface JsonRequestContext {
  req: { header(name: string): string | undefined; text(): Promise<string> };
}

/** Read a JSON request body, refusing anything else with a precise error. */
export async function readJson(c: JsonRequestContext): Promise<unknown> {
  const type = c.req.header('content-type') ?? '';
  const text = await c.req.text();
  if (text.trim() === '') return {};
  if (type !== '' && !/json/i.test(type)) {
    // rule: LIMIT-JSON (docs/rules.md)
    throw new BadRequest(`content type \`${type}\` is not JSON; send \`application/json\``, {}, 'JSON_EXPECTED');
  }
  // Deep nesting parses, but breaks every recursive walk over the value afterwards (a message
  // that quotes it, a copy, JSON.stringify): refuse it here, once, for every JSON endpoint.
  if (jsonDepth(text) > MAX_JSON_DEPTH) {
    throw new BadRequest(`the JSON body is nested more than ${MAX_JSON_DEPTH} levels deep; no request of this API needs that, send a flatter body`, { details: { maxDepth: MAX_JSON_DEPTH } }, 'JSON_TOO_DEEP');
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new BadRequest(`the body is not valid JSON: ${(err as Error).message}`, {}, 'JSON_MALFORMED');
  }
}
