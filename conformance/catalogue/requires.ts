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
/** A password login works. */
export const PASSWORD_LOGIN: readonly string[] = [...IDS, 'STS-PASSWORD-LOGIN'];
/** Service calls work with the token. */
export const CALLS: readonly string[] = [...PASSWORD_LOGIN, 'TOKEN-UNCHANGED'];
/** A card login reaches and passes the STS. */
export const CARD_LOGIN: readonly string[] = [...IDS, 'STS-CARD-LOGIN'];
