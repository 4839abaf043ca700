/**
 * Issue an eID authentication request package and remember it (`eid.requests`): the one
 * function behind `POST /eid/request-package` and the Ágazati portál's activation.
 *
 * @example
 * ```ts
 * const pkg = issueRequestPackage(deps, { requester: 'E01620K' });
 * pkg.base64; // hand this to the card client
 * ```
 */
import type { SimDeps } from '../core/deps.js';
import { recordRequest } from './eid-state.js';
import { createRequestPackage, type CreatedRequestPackage, type RequestPurpose } from './request-package.js';

/** What to issue. */
export interface IssueRequestOptions {
  /** Institution id of the sector user, or `portal`. */
  requester: string;
  /** Default: the EESZT sector (the STS). */
  audience?: string;
  /** Default `login`. */
  purpose?: RequestPurpose;
}

/** Build, sign (eID server key) and record a request package at the simulator clock. */
export function issueRequestPackage(deps: Pick<SimDeps, 'clock' | 'pki' | 'store' | 'config'>, options: IssueRequestOptions): CreatedRequestPackage {
  const pkg = createRequestPackage(
    {
      requester: options.requester,
      issueInstant: deps.clock.now(),
      validitySeconds: deps.config.eidPackageSeconds,
      ...(options.audience === undefined ? {} : { audience: options.audience }),
      ...(options.purpose === undefined ? {} : { purpose: options.purpose }),
    },
    deps.pki.eidServer,
  );
  recordRequest(deps.store, {
    id: pkg.id,
    nonce: pkg.nonce,
    audience: pkg.audience,
    purpose: pkg.purpose,
    requester: pkg.requester,
    issueInstant: pkg.issueInstant.toISOString(),
    notOnOrAfter: pkg.notOnOrAfter.toISOString(),
    status: 'issued',
  });
  return pkg;
}
