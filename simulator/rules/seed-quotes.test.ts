import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { packageRoot } from '../package-root.js';
import { RULES, SEED_DOCS, type SeedDoc } from './registry.js';

/**
 * The seed quotes against the seeds themselves. The seeds are not part of the repository: they
 * are read from `$EESZT_SEEDS_DIR`, else from `../shared/seeds` next to the repository. A clone
 * without them (CI) skips this test and says so in its name; the structural tests of
 * registry.test.ts always run.
 */
function seedsDir(): string | undefined {
  const candidates = [process.env['EESZT_SEEDS_DIR'], join(packageRoot(), '..', 'shared', 'seeds')];
  return candidates.find((d): d is string => d !== undefined && d !== '' && existsSync(d));
}

/** White space collapsed, markdown emphasis (`*`) removed. */
const normalise = (text: string): string => text.replace(/\*/g, '').replace(/\s+/g, ' ').trim();

/** Whether every part of `quote` (split at `…`) occurs in `seed`, in order. */
function quoteOccurs(seed: string, quote: string): boolean {
  const text = normalise(seed);
  let from = 0;
  for (const part of quote.split('…').map(normalise).filter((p) => p !== '')) {
    const at = text.indexOf(part, from);
    if (at < 0) return false;
    from = at + part.length;
  }
  return true;
}

const dir = seedsDir();

describe('seed quotes', () => {
  it('are matched with white space collapsed, markdown emphasis ignored and … for omitted text', () => {
    expect(quoteOccurs('A **SAML jegy**\n\nérvényes. Más szöveg. Vége.', 'A SAML jegy érvényes. … Vége.')).toBe(true);
    expect(quoteOccurs('Vége. A SAML jegy érvényes.', 'Vége. … Vége.')).toBe(false);
    expect(quoteOccurs('A SAML jegy érvényes.', 'A SAML-jegy érvényes.')).toBe(false);
  });

  it.skipIf(dir === undefined)(
    dir === undefined
      ? 'occur verbatim in their seeds — SKIPPED: no seeds at $EESZT_SEEDS_DIR or ../shared/seeds (a clone without the seeds, e.g. CI)'
      : `occur verbatim in their seeds (${resolve(dir)})`,
    () => {
      const files = readdirSync(dir as string);
      const texts = new Map<SeedDoc, string>();
      for (const doc of Object.keys(SEED_DOCS) as SeedDoc[]) {
        const file = files.find((f) => f.startsWith(`${doc}_`) && f.endsWith('.txt'));
        expect(file, `seed ${doc} in ${dir}`).toBeDefined();
        texts.set(doc, readFileSync(join(dir as string, file as string), 'utf8'));
      }
      const missing: string[] = [];
      for (const r of RULES) {
        for (const s of r.sources) {
          if (s.kind === 'seed' && !quoteOccurs(texts.get(s.doc) ?? '', s.quote)) missing.push(`${r.id}: seed ${s.doc} lacks „${s.quote}”`);
        }
      }
      expect(missing).toEqual([]);
    },
  );
});
