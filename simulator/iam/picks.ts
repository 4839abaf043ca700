/**
 * Drop-down picks. The portal's IAM form offers, for each field, a drop-down of matches, and a
 * value must be picked from it. The simulator models this with opaque **pick ids**: every match a
 * look-up returns carries a `pick` id, bound to the admin who looked it up (username and login
 * institution) and to the field kind, valid for `config.pickMinutes` minutes (default 15, fixture setting `pickMinutes`) at the simulator
 * clock. Create requests take pick ids, never typed values. Picks live in the store bucket
 * `iam.picks` (reset clears them).
 *
 * @example
 * ```ts
 * const { pick } = issuePick(deps, owner, 'user', 'O50123');
 * resolvePick(deps, owner, 'user', pick, 'userPick'); // 'O50123'
 * ```
 */
import { randomBytes } from 'node:crypto';
import type { SimDeps } from '../core/deps.js';
import { BadRequest } from '../core/errors.js';


/** What picks need: the store, the clock and the pick lifetime in force. */
export type PickDeps = Pick<SimDeps, 'store' | 'clock'> & { config: Pick<SimDeps['config'], 'pickMinutes'> };

/** The drop-down a pick comes from. */
export type PickKind = 'user' | 'institution' | 'unit';

/** Who may redeem a pick: the admin's username and login institution. */
export interface PickOwner {
  username: string;
  institutionId: string;
}

interface StoredPick {
  id: string;
  kind: PickKind;
  value: string;
  owner: string;
  expiresAtMs: number;
}

const PICKS = 'iam.picks';
const INDEX = 'iam.pick-index';

/** Look-up path of each kind, for messages. */
export const LOOKUP_PATH: Readonly<Record<PickKind, string>> = {
  user: '/iam/api/lookup/users',
  institution: '/iam/api/lookup/institutions',
  unit: '/iam/api/lookup/units',
};

const ownerKey = (o: PickOwner): string => `${o.username}@${o.institutionId}`;

/**
 * Issue (or renew) the pick for a match. The same admin looking up the same value again gets the
 * same id with a renewed expiry.
 */
export function issuePick(deps: PickDeps, owner: PickOwner, kind: PickKind, value: string): { pick: string; expiresAt: string } {
  const picks = deps.store.bucket<StoredPick>(PICKS);
  const index = deps.store.bucket<string>(INDEX);
  const key = `${ownerKey(owner)}|${kind}|${value}`;
  const expiresAtMs = deps.clock.nowMs() + deps.config.pickMinutes * 60_000;
  const existing = picks.get(index.get(key) ?? '');
  const id = existing?.id ?? `pick-${randomBytes(12).toString('hex')}`;
  picks.set(id, { id, kind, value, owner: ownerKey(owner), expiresAtMs });
  index.set(key, id);
  return { pick: id, expiresAt: new Date(expiresAtMs).toISOString() };
}

/**
 * The value behind a pick id sent in field `field`. Throws `PICK_REQUIRED` when no pick was sent,
 * `PICK_INVALID` for an id this admin never received or one of another drop-down, and
 * `PICK_EXPIRED` for a pick older than `config.pickMinutes` minutes.
 */
export function resolvePick(deps: PickDeps, owner: PickOwner, kind: PickKind, pickId: unknown, field: string): string {
  const how = `look the value up with GET ${LOOKUP_PATH[kind]}?q=<prefix> and send the chosen match's \`pick\` as \`${field}\``;
  if (typeof pickId !== 'string' || pickId === '') {
    // rule: PORTAL-PICK (docs/rules.md)
    throw new BadRequest(`\`${field}\` is missing; the portal demands a pick from the drop-down: ${how}`, { details: { field } }, 'PICK_REQUIRED');
  }
  const stored = deps.store.bucket<StoredPick>(PICKS).get(pickId);
  if (stored === undefined || stored.owner !== ownerKey(owner)) {
    throw new BadRequest(
      `\`${field}\` \`${pickId}\` is not a pick this admin received from a look-up (picks are bound to the admin's login and cleared by a reset); ${how}`,
      { details: { field } },
      'PICK_INVALID',
    );
  }
  if (stored.kind !== kind) {
    throw new BadRequest(`\`${field}\` \`${pickId}\` is a pick from the ${stored.kind} drop-down, not the ${kind} drop-down; ${how}`, { details: { field } }, 'PICK_INVALID');
  }
  if (deps.clock.nowMs() >= stored.expiresAtMs) {
    throw new BadRequest(
      `\`${field}\` \`${pickId}\` expired at ${new Date(stored.expiresAtMs).toISOString()} (picks are valid for ${deps.config.pickMinutes} minutes at the simulator clock); ${how}`,
      { details: { field } },
      'PICK_EXPIRED',
    );
  }
  return stored.value;
}
