/**
 * The look-ups behind the IAM form's drop-downs: `?q=` prefix search over users, institutions
 * and units of the working fixture set. Identifiers match by exact prefix (usernames are
 * case-sensitive); names match by the prefix of any word, ignoring case and accents.
 *
 * @example
 * ```ts
 * searchUsers(store.state, 'O501');          // [{ username: 'O50123', ... }]
 * searchUnits(store.state, 'E01620K', 'Kard'); // [{ code: '016200102', name: 'Kardiológiai Osztály', ... }]
 * ```
 */
import type { FixtureSet } from '../../fixtures/schema.js';
import { BadRequest } from '../core/errors.js';
import { userKindOf, type UserKind } from '../identifiers/identifiers.js';

/** Most matches a look-up returns. */
export const LOOKUP_LIMIT = 20;

/** A user match. */
export interface UserMatch {
  username: string;
  name: string;
  kind: UserKind;
}

/** An institution match. */
export interface InstitutionMatch {
  institutionId: string;
  name: string;
  city: string;
}

/** A unit match. */
export interface UnitMatch {
  code: string;
  name: string;
  institutionId: string;
}

/** Fold case and accents for name matching. */
function fold(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
}

/** Does any word of the name (or the whole name) start with the query, ignoring case and accents? */
function nameMatches(name: string, q: string): boolean {
  const n = fold(name);
  const f = fold(q);
  return n.startsWith(f) || n.split(/[\s.,-]+/).some((w) => w.length > 0 && w.startsWith(f));
}

/** Check the `q` parameter: present, non-empty after trimming, at most 64 characters. */
export function checkQuery(q: string | undefined): string {
  const t = (q ?? '').trim();
  if (t === '') throw new BadRequest('query parameter `q` is missing; send the first characters of what you look for, e.g. `?q=O501`', {}, 'LOOKUP_QUERY_MISSING');
  if (t.length > 64) throw new BadRequest(`query \`q\` has ${t.length} characters; send at most 64`, {}, 'LOOKUP_QUERY_INVALID');
  return t;
}

/** Users whose username starts with `q` (case-sensitive) or whose name has a word starting with it. */
export function searchUsers(state: FixtureSet, q: string): UserMatch[] {
  return state.users
    .filter((u) => u.username.startsWith(q) || nameMatches(`${u.familyName} ${u.givenName}`, q))
    .sort((a, b) => a.username.localeCompare(b.username))
    .map((u) => ({ username: u.username, name: [u.title, u.familyName, u.givenName].filter(Boolean).join(' '), kind: userKindOf(u.username) }));
}

/** Institutions whose id, registry id (without the prefix letter) or a name word starts with `q`. */
export function searchInstitutions(state: FixtureSet, q: string): InstitutionMatch[] {
  return state.institutions
    .filter((i) => i.id.startsWith(q) || i.id.slice(1).startsWith(q) || nameMatches(i.name, q))
    .sort((a, b) => a.id.localeCompare(b.id))
    .map((i) => ({ institutionId: i.id, name: i.name, city: i.city }));
}

/** Units of one institution whose code or a name word starts with `q`. */
export function searchUnits(state: FixtureSet, institutionId: string, q: string): UnitMatch[] {
  return state.units
    .filter((u) => u.institutionId === institutionId && (u.code.startsWith(q) || nameMatches(u.name, q)))
    .sort((a, b) => a.code.localeCompare(b.code))
    .map((u) => ({ code: u.code, name: u.name, institutionId: u.institutionId }));
}
