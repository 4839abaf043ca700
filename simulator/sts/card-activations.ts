/**
 * Which username an eID card (by its RID for the EESZT sector) is activated for:
 * 1. activations made at runtime through the Ágazati portál, in the store bucket
 *    `eid.activations` (RID base64 -> {@link CardActivation}); the portal writes there with
 *    {@link recordCardActivation}; a later activation of the same card replaces an earlier one;
 * 2. cards in the fixtures with `activatedFor`, their RIDs computed from `ridSecret` and the
 *    sector key of the PKI seed.
 *
 * @example
 * ```ts
 * recordCardActivation(deps.store, ridOfCard(card.ridSecret, deps.pki.seed), 'O123456', deps.clock.now());
 * activationOfRid(deps, rid); // { username: 'O123456', source: 'portal', activatedAt: '…' }
 * requireCardActivatedFor(deps, rid, 'O123456', 'log in with your own card'); // throws unless activated for O123456
 * ```
 */
import type { SimDeps } from '../core/deps.js';
import { FailedAuthentication } from '../core/errors.js';
import type { Store } from '../state/store.js';
import { ridOfCard } from '../eid/sector-key.js';

/** Bucket of runtime card activations: RID (base64) -> activation. */
export const EID_ACTIVATIONS_BUCKET = 'eid.activations';

/** A card activation made through the portal. */
export interface CardActivation {
  username: string;
  /** Simulator time of the activation (ISO 8601). */
  activatedAt: string;
}

/** Record that the card with this RID is activated for `username`. */
export function recordCardActivation(store: Store, ridBase64: string, username: string, at: Date): CardActivation {
  const rec: CardActivation = { username, activatedAt: at.toISOString() };
  store.bucket<CardActivation>(EID_ACTIVATIONS_BUCKET).set(ridBase64, rec);
  return rec;
}

/** Where an activation was found. */
export interface ActivationLookup {
  username: string;
  source: 'portal' | 'fixtures';
  activatedAt?: string;
}

/** The username the card with this RID is activated for, if any. */
export function activationOfRid(deps: SimDeps, ridBase64: string): ActivationLookup | undefined {
  const runtime = deps.store.bucket<CardActivation>(EID_ACTIVATIONS_BUCKET).get(ridBase64);
  if (runtime !== undefined) return { username: runtime.username, source: 'portal', activatedAt: runtime.activatedAt };
  for (const card of deps.store.state.cards) {
    if (card.activatedFor === undefined) continue;
    let rid: string;
    try {
      rid = ridOfCard(card.ridSecret, deps.pki.seed);
    } catch {
      continue; // a card record with an unusable secret cannot match any RID
    }
    if (rid === ridBase64) return { username: card.activatedFor, source: 'fixtures' };
  }
  return undefined;
}

/**
 * The card-login check shared by the STS and miniHIS: the card with this RID must be activated
 * for exactly `username`. Throws `CARD_NOT_ACTIVATED` or `CARD_ACTIVATED_FOR_OTHER_USER`
 * (`otherUserAdvice` ends the latter's message: what the caller should do instead).
 */
export function requireCardActivatedFor(deps: SimDeps, ridBase64: string, username: string, otherUserAdvice: string): ActivationLookup {
  const activation = activationOfRid(deps, ridBase64);
  if (activation === undefined) {
    // rule: STS-CARD-ACTIVATED (docs/rules.md)
    throw new FailedAuthentication(
      `the eID card presented is not activated for any EESZT user; \`${username}\` must activate it once at the Ágazati portál (Bejelentkezés -> Aktiválás, with the card and its PIN) before card logins succeed`,
      { details: { username } },
      'CARD_NOT_ACTIVATED',
    );
  }
  if (activation.username !== username) {
    throw new FailedAuthentication(
      `the eID card presented is activated for a different EESZT user, not for \`${username}\`; ${otherUserAdvice}`,
      { details: { username } },
      'CARD_ACTIVATED_FOR_OTHER_USER',
    );
  }
  return activation;
}
