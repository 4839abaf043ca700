/**
 * How a token's holder authenticated, as factors: what the STS writes into every token (the
 * SAML `AuthnContextClassRef` and the attribute `urn:eeszt-sim:attribute:auth-factors`) and what
 * the services read back to apply the authentication rules of seed 003 („HIS alkalmazások –
 * multifaktoros bejelentkezés”; „Intézményi felhasználók … csak tanúsítvány használatával”).
 *
 * | method | factors | AuthnContextClassRef |
 * |---|---|---|
 * | `password` | `password` | `…:ac:classes:PasswordProtectedTransport` |
 * | `password-mobiltoken` | `password`, `mobiltoken` | `…:ac:classes:TimeSyncToken` |
 * | `card` | `eid-card`, `eid-pin` | `…:ac:classes:SmartcardPKI` |
 * | `certificate` | `institutional-certificate` | `…:ac:classes:X509` |
 *
 * @example
 * ```ts
 * AUTH_FACTORS['password-mobiltoken']; // ['password', 'mobiltoken']
 * isMultiFactor(['password']);         // false
 * ```
 */

/** The ways to authenticate at the STS. */
export const AUTH_METHODS = ['password', 'password-mobiltoken', 'card', 'certificate'] as const;
export type AuthMethod = (typeof AUTH_METHODS)[number];

/** One authentication factor. */
export type AuthFactor = 'password' | 'mobiltoken' | 'eid-card' | 'eid-pin' | 'institutional-certificate';

/** The factors each method proves. */
export const AUTH_FACTORS: Readonly<Record<AuthMethod, readonly AuthFactor[]>> = Object.freeze({
  password: ['password'],
  'password-mobiltoken': ['password', 'mobiltoken'],
  card: ['eid-card', 'eid-pin'],
  certificate: ['institutional-certificate'],
});

/** Words for each method, for messages. */
export const AUTH_METHOD_WORDS: Readonly<Record<AuthMethod, string>> = Object.freeze({
  password: 'username and password only (one factor)',
  'password-mobiltoken': 'password and mobilToken code (two factors)',
  card: 'eSzemélyi card and its PIN (two factors)',
  certificate: 'institutional certificate (X.509)',
});

/** True when the factors are at least two (a natural person's multi-factor login). */
export function isMultiFactor(factors: readonly string[]): boolean {
  return new Set(factors).size >= 2;
}
