/**
 * miniHIS card login (eSzemélyi), over the card login of docs/card-login.md:
 *
 * 1. `POST /minihis/api/login/card-request` `{ institutionPick }`: miniHIS, as the sector user of
 *    the picked institution, gets an eID authentication request package (leg 1) and remembers
 *    its nonce (bucket `minihis.card-requests`).
 * 2. The workstation's card client runs the package with the card and PIN against the eID
 *    server (leg 2; `POST /card-client/authenticate`) and returns the rID package.
 * 3. `POST /minihis/api/login` with `ridPackage` (and the same institution, the unit and the
 *    username): miniHIS verifies the package (eID server signature, time window, EESZT sector),
 *    that it answers a request miniHIS issued for this institution, uses it once
 *    (`minihis.rid-packages`), and that the card is activated for exactly that username.
 *
 * @example
 * ```ts
 * const req = startCardLogin(deps, institution);          // hand req.requestPackage to the card client
 * verifyCardLogin(deps, ridPackageBase64, institution, 'O50123'); // throws on any mismatch
 * ```
 */
import type { Institution } from '../../fixtures/schema.js';
import type { SimDeps } from '../core/deps.js';
import { FailedAuthentication, InvalidSecurityToken } from '../core/errors.js';
import { issueRequestPackage } from '../eid/issue-request.js';
import { requestPackageAnswer, type RequestPackageAnswer } from '../eid/request-app.js';
import { verifyRidPackage } from '../eid/rid-package.js';
import { decodeUtf8 } from '../soap/safe-xml.js';
import { requireCardActivatedFor } from '../sts/card-activations.js';
import { useOnce } from '../sts/replay-cache.js';

/** Store bucket of request packages miniHIS issued: request nonce -> {@link CardLoginRequest}. */
export const MINIHIS_CARD_REQUESTS_BUCKET = 'minihis.card-requests';
/** Store bucket of rID packages used for a miniHIS login (by request nonce). */
export const MINIHIS_RID_PACKAGES_BUCKET = 'minihis.rid-packages';

/** A request package issued for a miniHIS card login. */
export interface CardLoginRequest {
  requestId: string;
  institutionId: string;
  notOnOrAfter: string;
}

/** The answer of `POST /minihis/api/login/card-request`. */
export interface CardLoginStart extends RequestPackageAnswer {
  /** Where the card client runs the package (the simulator's own card client). */
  cardClient: string;
  /** What to do next, in words. */
  next: string;
}

/** Leg 1: issue a request package on behalf of the institution and remember it. */
export function startCardLogin(deps: SimDeps, institution: Institution): CardLoginStart {
  const pkg = issueRequestPackage(deps, { requester: institution.id });
  deps.store.bucket<CardLoginRequest>(MINIHIS_CARD_REQUESTS_BUCKET).set(pkg.nonce, {
    requestId: pkg.id,
    institutionId: institution.id,
    notOnOrAfter: pkg.notOnOrAfter.toISOString(),
  });
  return {
    ...requestPackageAnswer(pkg),
    cardClient: `${deps.basePath}/card-client/authenticate`,
    next: 'hand `requestPackage` to the card client (POST /card-client/authenticate {"requestPackage":"…"}), then send the `ridPackage` it returns to POST /minihis/api/login with the same institutionPick, the unitPick and the username',
  };
}

/**
 * Leg 3: check an rID package for a login of `username` at `institution`. Throws
 * `RID_PACKAGE_MALFORMED`, the rID package verification errors, `RID_PACKAGE_NOT_FOR_MINIHIS`,
 * `RID_PACKAGE_INSTITUTION_MISMATCH`, `REPLAYED`, `CARD_NOT_ACTIVATED` and
 * `CARD_ACTIVATED_FOR_OTHER_USER`.
 */
export function verifyCardLogin(deps: SimDeps, ridPackage: unknown, institution: Institution, username: string): void {
  if (typeof ridPackage !== 'string' || !/^[A-Za-z0-9+/]+={0,2}$/.test(ridPackage)) {
    throw new InvalidSecurityToken('`ridPackage` must be the base64 text the card client returned as `ridPackage`; send it unchanged', { details: { field: 'ridPackage' } }, 'RID_PACKAGE_MALFORMED');
  }
  const now = deps.clock.now();
  const pkg = verifyRidPackage(decodeUtf8(Buffer.from(ridPackage, 'base64')), { eidServerCertPem: deps.pki.eidServer.certPem, now, skewSeconds: deps.config.clockSkewSeconds });
  const start = 'start the card login with POST /minihis/api/login/card-request and run that request package with the card client';
  const request = deps.store.bucket<CardLoginRequest>(MINIHIS_CARD_REQUESTS_BUCKET).get(pkg.requestNonce);
  if (request === undefined) {
    throw new FailedAuthentication(
      `the rID package answers an eID request package miniHIS did not issue (e.g. one from POST /eid/request-package, or one issued before a reset); ${start}`,
      { details: { field: 'ridPackage' } },
      'RID_PACKAGE_NOT_FOR_MINIHIS',
    );
  }
  if (request.institutionId !== institution.id) {
    throw new FailedAuthentication(
      `the rID package answers a card login started for \`${request.institutionId}\`, but this login is for \`${institution.id}\` (${institution.name}); ${start} for this institution`,
      { details: { field: 'ridPackage' } },
      'RID_PACKAGE_INSTITUTION_MISMATCH',
    );
  }
  useOnce(deps, MINIHIS_RID_PACKAGES_BUCKET, pkg.requestNonce, pkg.notOnOrAfter.getTime() + deps.config.clockSkewSeconds * 1000, 'rID package');
  requireCardActivatedFor(deps, pkg.rid, username, 'log in with your own card (every user activates their own card at the Ágazati portál)');
}
