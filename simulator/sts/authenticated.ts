/**
 * The outcome of authenticating an Issue request, whichever method was used.
 */
import type { TokenContext } from './context.js';

import type { AuthMethod } from '../token/auth-factors.js';

export type { AuthMethod } from '../token/auth-factors.js';

/** Who was authenticated, for which context. */
export interface Authenticated {
  method: AuthMethod;
  /** Subject NameID of the token: the username, or the institution id for institutional users. */
  nameId: string;
  /** The acting EESZT username (for institutional users: the institution's system user, if it has one). */
  username: string | undefined;
  context: TokenContext;
}

/** Journal summary fields an authenticator fills in (never a secret). */
export interface StsSummary {
  operation: 'Issue' | 'Validate' | 'wsdl';
  method?: AuthMethod;
  username?: string;
  institutionId?: string;
  unitCode?: string;
  tokenId?: string;
  outcome?: 'issued' | 'refused' | 'valid' | 'invalid';
  [key: string]: unknown;
}
