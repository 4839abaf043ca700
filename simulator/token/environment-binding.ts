/**
 * What binds a SAML token to the environment that issued it, so that it acts nowhere else:
 * - the **issuer**: each environment's STS has its own (`urn:eeszt-sim:sts` for the default
 *   environment, `urn:eeszt-sim:sts:run:<id>` for an isolated run), published in its discovery
 *   document; the signature covers it, so it cannot be changed;
 * - the **generation**: a random value the environment draws afresh after every reset (it lives
 *   in the store bucket {@link GENERATION_BUCKET}, which a reset empties), carried by every token
 *   as a signed attribute; a token from before the reset names an old generation and is refused.
 *
 * Per-run signing keys were measured and not chosen: see docs/hardening.md ("Tokens and
 * environments"); the issuer, under the one STS signature, is as binding and costs nothing.
 *
 * @example
 * ```ts
 * runIssuer('urn:eeszt-sim:sts', 'r0a1b2c3d4e5f'); // 'urn:eeszt-sim:sts:run:r0a1b2c3d4e5f'
 * tokenGeneration(deps.store);                      // '9f2c…' (16 hex digits), new after a reset
 * ```
 */
import { randomBytes } from 'node:crypto';
import type { Store } from '../state/store.js';

/** Store bucket holding the environment's current token generation (emptied by reset). */
export const GENERATION_BUCKET = 'sts.generation';

const RUN_SUFFIX = /^(.*):run:([A-Za-z0-9]+)$/;

/** The STS issuer of an isolated run, from the default environment's issuer. */
export function runIssuer(baseIssuer: string, runId: string): string {
  return `${baseIssuer}:run:${runId}`;
}

/** The environment an issuer names: `{ root, run }` (`run` undefined for the default environment). */
export function environmentOfIssuer(issuer: string): { root: string; run: string | undefined } {
  const m = RUN_SUFFIX.exec(issuer);
  return m === null ? { root: issuer, run: undefined } : { root: m[1] as string, run: m[2] as string };
}

/** Human name of the environment an issuer belongs to, for messages. */
export function describeEnvironment(issuer: string): string {
  const { run } = environmentOfIssuer(issuer);
  return run === undefined ? 'the default environment' : `isolated run \`${run}\``;
}

/** The environment's current token generation; drawn on first use after start or reset. */
export function tokenGeneration(store: Store): string {
  const bucket = store.bucket<string>(GENERATION_BUCKET);
  let g = bucket.get('current');
  if (g === undefined) {
    g = randomBytes(8).toString('hex');
    bucket.set('current', g);
  }
  return g;
}

/** Fix the generation (reproducible documentation examples only). */
export function setTokenGeneration(store: Store, generation: string): void {
  store.bucket<string>(GENERATION_BUCKET).set('current', generation);
}
