/**
 * The ÁSZF (Általános Szerződési Feltételek, terms of use) of miniHIS. The first login on behalf
 * of a provider (institution) must accept them before anything else; later users of the same
 * provider skip them. Refusing ends the session: miniHIS cannot be used without them.
 * Acceptances live in the bucket `minihis.terms` (institution id -> {@link TermsAcceptance});
 * a reset forgets them.
 *
 * @example
 * ```ts
 * termsAcceptance(deps.store, 'E01620K'); // undefined: the next login must accept
 * acceptTerms(deps, session);              // { institutionId: 'E01620K', acceptedBy: 'O50123', ... }
 * ```
 */
import type { SimDeps } from '../core/deps.js';
import type { Store } from '../state/store.js';
import type { MiniHisSession } from './sessions.js';

/** Store bucket of acceptances. */
export const MINIHIS_TERMS_BUCKET = 'minihis.terms';

/** The version of the terms the simulator shows. */
export const TERMS_VERSION = '2022-08-31';

/** The terms as `GET /minihis/api/terms` shows them. */
export const TERMS_DOCUMENT = Object.freeze({
  title: 'Általános Szerződési Feltételek (ÁSZF)',
  version: TERMS_VERSION,
  summary:
    'A miniHIS az EESZT üzemeltetőjének ingyenes webes alkalmazása. Az egészségügyi szolgáltató nevében történő első bejelentkezéskor az ÁSZF elfogadása kötelező; elfogadás nélkül a szolgáltatás nem vehető igénybe. (A szimulátor szövege: a valódi ÁSZF-et az EESZT üzemeltetője teszi közzé.)',
});

/** A provider's acceptance of the terms. */
export interface TermsAcceptance {
  institutionId: string;
  version: string;
  acceptedBy: string;
  acceptedAt: string;
}

/** The acceptance of a provider, if any. */
export function termsAcceptance(store: Store, institutionId: string): TermsAcceptance | undefined {
  return store.bucket<TermsAcceptance>(MINIHIS_TERMS_BUCKET).get(institutionId);
}

/** Record that the session's user accepted the terms on behalf of the provider (idempotent: the first acceptance stays). */
export function acceptTerms(deps: Pick<SimDeps, 'store' | 'clock'>, session: MiniHisSession): TermsAcceptance {
  const existing = termsAcceptance(deps.store, session.institutionId);
  if (existing !== undefined) return existing;
  const rec: TermsAcceptance = { institutionId: session.institutionId, version: TERMS_VERSION, acceptedBy: session.username, acceptedAt: deps.clock.now().toISOString() };
  deps.store.bucket<TermsAcceptance>(MINIHIS_TERMS_BUCKET).set(session.institutionId, rec);
  return rec;
}
