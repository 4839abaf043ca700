/**
 * Which checks to run: `--only` and `--skip` id lists (comma separated, `*` wildcards allowed,
 * e.g. `CARD-*`) and the expected-failures file (one id per line, `#` comments, or a JSON array).
 *
 * @example
 * ```ts
 * parseIdList('ID-*,TOKEN-REUSE', CATALOGUE); // ['ID-USERNAME', 'ID-INSTITUTION-PROVIDER', ..., 'TOKEN-REUSE']
 * ```
 */
import { readFileSync } from 'node:fs';
import type { CheckDefinition } from '../catalogue/check.js';

/** A selection problem (unknown id, unreadable file): a usage error. */
export class SelectionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SelectionError';
  }
}

function matcher(pattern: string): (id: string) => boolean {
  const re = new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`, 'i');
  return (id) => re.test(id);
}

/** Resolve patterns to check ids; every pattern must match at least one check. */
export function resolveIds(patterns: readonly string[], checks: readonly CheckDefinition[]): string[] {
  const out: string[] = [];
  for (const p of patterns) {
    const hits = checks.filter((c) => matcher(p)(c.id)).map((c) => c.id);
    if (hits.length === 0) throw new SelectionError(`no check matches \`${p}\`; \`eeszt-sim conform --list\` shows every check id`);
    for (const h of hits) if (!out.includes(h)) out.push(h);
  }
  return out;
}

/** Parse a comma-separated id list. */
export function parseIdList(value: string, checks: readonly CheckDefinition[]): string[] {
  return resolveIds(value.split(',').map((s) => s.trim()).filter((s) => s !== ''), checks);
}

/** Read an expected-failures file. */
export function readExpectedFailures(file: string, checks: readonly CheckDefinition[]): Set<string> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new SelectionError(`cannot read the expected-failures file ${file} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  let ids: string[];
  if (text.trim().startsWith('[')) {
    try {
      ids = (JSON.parse(text) as unknown[]).map(String);
    } catch {
      throw new SelectionError(`${file} starts like JSON but is not a JSON array of check ids`);
    }
  } else {
    ids = text.split(/\r?\n/).map((l) => l.replace(/#.*$/, '').trim()).filter((l) => l !== '');
  }
  return new Set(resolveIds(ids, checks));
}
