/**
 * Who calls a business service, as the services need it: the user the request acts as, the
 * institution and organisational unit of the token, and how the token was obtained. Built from
 * the principal of the shared token validator (`simulator/token/validate-token.ts`) in exactly
 * one place, {@link callerFromPrincipal}.
 *
 * Roles are **not** taken from the token: every check reads the V-MÁTRIX at the time of the call
 * (`store.state.vmatrix`), so a grant or revoke by the permission admin takes effect at once,
 * also for tokens issued before it.
 *
 * @example
 * ```ts
 * const caller = callerFromSoap(deps, parseSoapRequest(body, contentType));
 * caller.username; // 'O50123'
 * ```
 */
import type { SimDeps } from '../core/deps.js';
import type { KnownSoapRequest, SoapRequest } from '../soap/envelope.js';
import type { AuthMethod } from '../token/auth-factors.js';
import { validateRequestToken, type Principal } from '../token/validate-token.js';

/** The caller of a service operation. */
export interface Caller {
  /**
   * The EESZT user the request acts as; for an institutional-certificate token, the institution's
   * system user, or the institution id when it has none (such a token holds no role).
   */
  username: string;
  /** The institution of the token. */
  institutionId: string;
  /** The organisational unit of the token (9 digits). */
  unitCode: string;
  /** How the token was obtained. */
  authMethod: AuthMethod;
  /** The authentication factors the token states (`password`, `mobiltoken`, `eid-card`, `eid-pin`, `institutional-certificate`). */
  factors: readonly string[];
}

/** The caller a validated principal stands for. */
export function callerFromPrincipal(p: Principal): Caller {
  return { username: p.username === '' ? p.nameId : p.username, institutionId: p.institutionId, unitCode: p.unitCode, authMethod: p.authMethod, factors: p.factors };
}

/** Validate the token in the request's WS-Security header and return its caller. */
export function callerFromSoap(deps: SimDeps, request: SoapRequest | KnownSoapRequest): Caller {
  return callerFromPrincipal(validateRequestToken(deps, request));
}
