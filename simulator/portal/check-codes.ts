/**
 * The on-screen check code (ellenőrző kód) of the Ágazati portál's activation page: a short
 * code the page shows as a picture and the user types back, proving a person is at the screen.
 * The API hands it out as text, as the page would show it. A code is good for one attempt
 * (right or wrong) and for 10 minutes.
 *
 * @example
 * ```ts
 * const shown = issueCheckCode(deps); // { checkCodeId: 'c1f…', checkCode: 'K7M2QX', expiresAt: '…' }
 * spendCheckCode(deps, shown.checkCodeId, 'k7m2qx'); // ok (case-insensitive); a second call fails
 * ```
 */
import { randomBytes, randomInt } from 'node:crypto';
import type { SimDeps } from '../core/deps.js';
import { BadRequest, SimError } from '../core/errors.js';

/** Bucket of shown check codes: id -> {@link CheckCodeRecord}. */
export const CHECK_CODES_BUCKET = 'portal.check-codes';
/** How long a shown code is good for. */
export const CHECK_CODE_MINUTES = 10;
/** Letters and digits that cannot be mistaken for one another (no I, O, 0, 1). */
const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const LENGTH = 6;

/** A shown code. */
export interface CheckCodeRecord {
  id: string;
  code: string;
  expiresAt: string;
}

/** What the page shows. */
export interface ShownCheckCode {
  checkCodeId: string;
  checkCode: string;
  expiresAt: string;
}

/** Make a new check code, as the activation page shows it. */
export function issueCheckCode(deps: Pick<SimDeps, 'store' | 'clock'>): ShownCheckCode {
  const code = Array.from({ length: LENGTH }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
  const rec: CheckCodeRecord = { id: randomBytes(12).toString('hex'), code, expiresAt: new Date(deps.clock.nowMs() + CHECK_CODE_MINUTES * 60_000).toISOString() };
  deps.store.bucket<CheckCodeRecord>(CHECK_CODES_BUCKET).set(rec.id, rec);
  return { checkCodeId: rec.id, checkCode: rec.code, expiresAt: rec.expiresAt };
}

/**
 * Check a typed code against the shown one and use the shown one up. Throws
 * `CHECK_CODE_MISSING` (400), `CHECK_CODE_UNKNOWN` (400), `CHECK_CODE_EXPIRED` (400),
 * `CHECK_CODE_WRONG` (400).
 */
export function spendCheckCode(deps: Pick<SimDeps, 'store' | 'clock'>, id: unknown, typed: unknown): void {
  if (typeof id !== 'string' || id === '' || typeof typed !== 'string' || typed.trim() === '') {
    // rule: PORTAL-ACTIVATION (docs/rules.md)
    throw new BadRequest(
      'send the check code the page shows: {"username":"O50123","checkCodeId":"…","checkCode":"K7M2QX"}; GET /portal/activation/check-code shows one',
      { details: { field: typeof id !== 'string' || id === '' ? 'checkCodeId' : 'checkCode' } },
      'CHECK_CODE_MISSING',
    );
  }
  const bucket = deps.store.bucket<CheckCodeRecord>(CHECK_CODES_BUCKET);
  const rec = bucket.get(id);
  if (rec === undefined) {
    throw new SimError('CHECK_CODE_UNKNOWN', 'this check code was not shown by the page, or was already used; get a new one with GET /portal/activation/check-code', { status: 400 });
  }
  bucket.delete(id);
  if (deps.clock.nowMs() >= Date.parse(rec.expiresAt)) {
    throw new SimError('CHECK_CODE_EXPIRED', `the check code expired at ${rec.expiresAt}; get a new one with GET /portal/activation/check-code`, { status: 400 });
  }
  if (typed.trim().toUpperCase() !== rec.code) {
    throw new SimError('CHECK_CODE_WRONG', 'the check code typed is not the one shown; each code is good for one try: get a new one with GET /portal/activation/check-code and type it as shown', { status: 400 });
  }
}
