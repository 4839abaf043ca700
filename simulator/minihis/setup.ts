/**
 * Where a logged-in user stands in miniHIS's first use, and the gates that keep the order of the
 * setup guide: ÁSZF (per provider) → first-use configuration (per user and unit) → user data
 * (per user) → NEAK OJOTE credentials (optional; the eligibility check needs them).
 *
 * @example
 * ```ts
 * setupStatus(deps.store, session).next; // 'terms' | 'configuration' | 'user-data' | 'ojote' | 'ready'
 * requireTermsAccepted(deps.store, session); // throws TERMS_NOT_ACCEPTED (403) while the ÁSZF is pending
 * ```
 */
import { Conflict, Forbidden } from '../core/errors.js';
import type { Store } from '../state/store.js';
import { savedConfiguration } from './configuration.js';
import { ojoteCredentials } from './ojote.js';
import type { MiniHisSession } from './sessions.js';
import { termsAcceptance } from './terms.js';
import { savedUserData } from './user-data.js';

/** The next thing the user has to do. */
export type SetupStep = 'terms' | 'configuration' | 'user-data' | 'ojote' | 'ready';

/** The setup state of a session. */
export interface SetupStatus {
  terms: { accepted: boolean; acceptedBy?: string; acceptedAt?: string };
  configuration: boolean;
  userData: boolean;
  ojote: boolean;
  /** Terms, configuration and user data done: miniHIS is ready to use. */
  ready: boolean;
  next: SetupStep;
}

/** Compute the setup status of a session. */
export function setupStatus(store: Store, session: MiniHisSession): SetupStatus {
  const t = termsAcceptance(store, session.institutionId);
  const configuration = savedConfiguration(store, session) !== undefined;
  const userData = savedUserData(store, session.username) !== undefined;
  const ojote = ojoteCredentials(store, session) !== undefined;
  const terms = t === undefined ? { accepted: false } : { accepted: true, acceptedBy: t.acceptedBy, acceptedAt: t.acceptedAt };
  const next: SetupStep = !terms.accepted ? 'terms' : !configuration ? 'configuration' : !userData ? 'user-data' : !ojote ? 'ojote' : 'ready';
  return { terms, configuration, userData, ojote, ready: terms.accepted && configuration && userData, next };
}

/** `TERMS_NOT_ACCEPTED` (403) until the provider's ÁSZF is accepted. */
export function requireTermsAccepted(store: Store, session: MiniHisSession): void {
  if (termsAcceptance(store, session.institutionId) !== undefined) return;
  // rule: MINIHIS-TERMS (docs/rules.md)
  throw new Forbidden(
    `the ÁSZF (terms of use) of miniHIS must be accepted on behalf of \`${session.institutionId}\` before anything else: read them with GET /minihis/api/terms and accept with POST /minihis/api/terms {"accept":true}`,
    { details: { institutionId: session.institutionId } },
    'TERMS_NOT_ACCEPTED',
  );
}

/** `CONFIGURATION_REQUIRED` (409) until the first-use configuration of the unit is saved. */
export function requireConfiguration(store: Store, session: MiniHisSession): void {
  requireTermsAccepted(store, session);
  if (savedConfiguration(store, session) !== undefined) return;
  throw new Conflict(
    `finish the first-use configuration of unit \`${session.unitCode}\` first ("Befejezés"): POST /minihis/api/configuration`,
    { details: { unitCode: session.unitCode } },
    'CONFIGURATION_REQUIRED',
  );
}

/** `USER_DATA_REQUIRED` (409) until configuration and user data are saved. */
export function requireUserData(store: Store, session: MiniHisSession): void {
  requireConfiguration(store, session);
  if (savedUserData(store, session.username) !== undefined) return;
  throw new Conflict('enter your user data first (e-mail, name used in care, and for doctors the specialties): POST /minihis/api/user-data', {}, 'USER_DATA_REQUIRED');
}
