/**
 * Prerequisite groups: a check whose scenario cannot work while an earlier rule is broken names
 * those checks in `requires`, and is reported as blocked (not failed) when one of them fails.
 *
 * @example
 * ```ts
 * const check = { requires: CALLS, ... };
 * ```
 */

/** The identifiers a password or card login sends. */
export const IDS: readonly string[] = ['ID-USERNAME', 'ID-INSTITUTION-PROVIDER', 'ID-UNIT'];
/** The HIS's clock agrees with EESZT's (else every timestamped login is refused). */
export const CLOCK: readonly string[] = ['WSS-TIMESTAMP-FRESH'];
/** What any login needs: the identifiers and a clock in agreement. */
export const LOGIN_BASICS: readonly string[] = [...IDS, ...CLOCK];
/** A password login works. */
export const PASSWORD_LOGIN: readonly string[] = [...LOGIN_BASICS, 'STS-PASSWORD-LOGIN'];
/** Service calls work with the token (a two-factor login: patients' data need it). */
export const CALLS: readonly string[] = [...PASSWORD_LOGIN, 'AUTH-TWO-FACTOR', 'TOKEN-UNCHANGED'];
/** A card login reaches and passes the STS. */
export const CARD_LOGIN: readonly string[] = [...LOGIN_BASICS, 'STS-CARD-LOGIN'];
