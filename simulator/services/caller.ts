/**
 * Who calls a business service, as the services need it: the user the request acts as, the
 * institution and organisational unit of the token, and how the token was obtained. Built from
 * the principal of the shared token validator in exactly one place, {@link callerFromSoap}.
 */
import type { SimDeps } from '../core/deps.js';
import type { SoapRequest } from '../soap/envelope.js';

/** The caller of a service operation. */
export interface Caller {
  /** The EESZT user the request acts as; for an institutional-certificate token, the institution's system user. */
  username: string;
  /** The institution of the token. */
  institutionId: string;
  /** The organisational unit of the token (9 digits). */
  unitCode: string;
  /** How the token was obtained. */
  authMethod: 'password' | 'certificate' | 'card';
}

/** Validate the token of a SOAP request and return its caller. */
export function callerFromSoap(deps: SimDeps, request: SoapRequest): Caller {
  void deps;
  void request;
  throw new Error('token validator not wired yet');
}
