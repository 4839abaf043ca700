/**
 * Persona sets the scenario switcher offers: the embedded default set and sets generated from a
 * seed. The UI only hands a set to the browser, which loads it with the control API
 * (`POST /_sim/fixtures`), so validation and loading stay in one place.
 *
 * @example
 * ```ts
 * await fixtureSetNamed('generated', '7'); // the same set as `eeszt-sim fixtures generate --seed 7`
 * ```
 */
import { loadDefaultFixtures } from '../../../fixtures/default-set.js';
import type { FixtureSet } from '../../../fixtures/schema.js';
import { BadRequest, NotFound } from '../../core/errors.js';

/** The names of the offered sets. */
export const FIXTURE_SET_NAMES = ['default', 'generated'] as const;

/**
 * Build a named set; `generated` needs a seed (0 … 2^32-1). The generator (and faker with it,
 * ~180 ms to load) is imported only when a set is generated, so it does not slow `serve` down.
 */
export async function fixtureSetNamed(name: string, seed: string | undefined): Promise<FixtureSet> {
  if (name === 'default') return loadDefaultFixtures();
  if (name === 'generated') {
    if (seed === undefined || !/^\d{1,10}$/.test(seed) || Number(seed) > 0xffffffff) {
      throw new BadRequest(`\`seed\` must be a whole number from 0 to ${0xffffffff}, e.g. ?seed=7`, { details: { field: 'seed' } }, 'SEED_INVALID');
    }
    const { generateFixtureSet } = await import('../../../fixtures/generate.js');
    return generateFixtureSet({ seed: Number(seed) });
  }
  throw new NotFound(`no persona set \`${name}\`; the UI offers ${FIXTURE_SET_NAMES.map((n) => `\`${n}\``).join(' and ')}`, {}, 'FIXTURE_SET_UNKNOWN');
}
