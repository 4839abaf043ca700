/**
 * The eID request service (leg 1 of the card login): `POST /eid/request-package`. The HIS, as
 * the sector user, gets a signed eID authentication request package (nonce, audience = the
 * EESZT sector, 5-minute validity) to hand to the card client.
 *
 * Who asks (docs/card-login.md, "Leg 1"): the sector user configured in the HIS (seed 003), with
 * its SAML token in `Authorization: SAML <base64>` (sector-user.ts); the package is for the
 * token's institution. The module is on the `sts` listener, so in TLS mode the request also comes
 * with the organisation's WAF-SSL certificate, which must name the same institution (as must an
 * `institutionId` in the body). Under `lenient` a request without the token is let through
 * (flagged) and names its institution by the certificate or `institutionId`.
 *
 * @example
 * ```ts
 * const res = await app.request('/eid/request-package', { method: 'POST', body: '{}', headers: { 'content-type': 'application/json', authorization: `SAML ${base64Assertion}` } });
 * (await res.json()).requestPackage; // base64 of the signed XML
 * ```
 */
import { Hono } from 'hono';
import type { SimDeps, SimHonoEnv } from '../core/deps.js';
import { BadRequest, Forbidden, NotFound } from '../core/errors.js';
import { BODY_INVALID, jsonBody, s } from '../core/body-schema.js';
import { checkInstitutionId, must } from '../identifiers/identifiers.js';
import { policyScope } from '../policy/policy.js';
import { issueRequestPackage } from './issue-request.js';
import { sectorUserOf, type RequestingUser } from './sector-user.js';
import type { CreatedRequestPackage } from './request-package.js';

/** The JSON answer of `POST /eid/request-package`. */
export interface RequestPackageAnswer {
  /** Base64 of the signed package XML: pass it unchanged to the card client. */
  requestPackage: string;
  id: string;
  nonce: string;
  audience: string;
  purpose: string;
  requester: string;
  issueInstant: string;
  notOnOrAfter: string;
}

/** The JSON form of a created package. */
export function requestPackageAnswer(pkg: CreatedRequestPackage): RequestPackageAnswer {
  return {
    requestPackage: pkg.base64,
    id: pkg.id,
    nonce: pkg.nonce,
    audience: pkg.audience,
    purpose: pkg.purpose,
    requester: pkg.requester,
    issueInstant: pkg.issueInstant.toISOString(),
    notOnOrAfter: pkg.notOnOrAfter.toISOString(),
  };
}

/** A valid, known EESZT institution id (`IDENTIFIER_INVALID`, `INSTITUTION_UNKNOWN`). */
function knownInstitution(deps: SimDeps, value: unknown): string {
  const { institutionId } = must(checkInstitutionId(value), 'institutionId');
  if (!deps.store.state.institutions.some((i) => i.id === institutionId)) {
    throw new NotFound(`institution \`${institutionId}\` is not known to this EESZT; use one from the fixtures (GET /_sim/fixtures), e.g. E01620K`, { details: { institutionId } }, 'INSTITUTION_UNKNOWN');
  }
  return institutionId;
}

/**
 * Which institution is asking: the sector user's token names it; the WAF-SSL certificate (TLS
 * mode) and the body's `institutionId` may name it too and must agree. Without a token (only under
 * lenient) the certificate's, else the body's.
 */
function requesterOf(deps: SimDeps, organisation: string | undefined, body: Record<string, unknown>, user: RequestingUser | undefined): string {
  const named = body.institutionId === undefined ? undefined : knownInstitution(deps, body.institutionId);
  if (user !== undefined) {
    if (organisation !== undefined && organisation !== user.institutionId) {
      // rule: EID-REQUEST-BY-SECTOR-USER (docs/rules.md)
      throw new Forbidden(
        `the WAF-SSL client certificate is that of \`${organisation}\`, but the sector user's token (\`${user.username}\`) is for \`${user.institutionId}\`; the HIS asks with its own institution's configured sector user: send the token of a sector user of \`${organisation}\``,
        { details: { certificate: organisation, tokenInstitution: user.institutionId } },
        'REQUESTER_MISMATCH',
      );
    }
    if (named !== undefined && named !== user.institutionId) {
      throw new Forbidden(
        `the sector user's token (\`${user.username}\`) is for \`${user.institutionId}\`, but the body names \`${named}\`; a sector user asks for its own institution: leave \`institutionId\` out or send \`${user.institutionId}\``,
        { details: { tokenInstitution: user.institutionId, institutionId: named } },
        'REQUESTER_MISMATCH',
      );
    }
    return user.institutionId;
  }
  if (organisation !== undefined) {
    if (named !== undefined && named !== organisation) {
      throw new Forbidden(
        `the WAF-SSL client certificate is that of \`${organisation}\`, but the body names \`${named}\`; a sector user asks for itself: leave \`institutionId\` out or send \`${organisation}\``,
        { details: { certificate: organisation, institutionId: named } },
        'REQUESTER_MISMATCH',
      );
    }
    return knownInstitution(deps, organisation);
  }
  if (named === undefined) {
    throw new BadRequest(
      'say which institution (sector user) asks: send the configured sector user\'s token as `Authorization: SAML <base64 of the saml:Assertion XML>`; without it (lenient policy only) over TLS the WAF-SSL client certificate names the institution, on plain HTTP {"institutionId":"E01620K"}',
      { details: { field: 'institutionId' } },
      'REQUESTER_MISSING',
    );
  }
  return named;
}

/** `purpose` of the body: `login` (default) or `readout` (authentic readout of TAJ and tax id); activation packages come from the Ágazati portál. */
function purposeOf(body: Record<string, unknown>): 'login' | 'readout' {
  const purpose = body.purpose ?? 'login';
  if (purpose === 'login' || purpose === 'readout') return purpose;
  throw new BadRequest(
    `\`purpose\` \`${String(purpose)}\` is not offered here: send \`login\` (card login, the default) or \`readout\` (authentic readout of the TAJ and tax id from an eSzemélyi); activation packages come from the Ágazati portál`,
    { details: { field: 'purpose', value: purpose } },
    'REQUEST_PURPOSE_INVALID',
  );
}

/** `POST /request-package`: who asks (over TLS the client certificate says it) and for what. */
export const REQUEST_PACKAGE_BODY = jsonBody(s.object({ institutionId: s.string(32), purpose: s.string(32) }).required(), BODY_INVALID, '{"institutionId":"E01620K"} or {"purpose":"readout"}');

/**
 * Build the eID request service sub-app (mounted at `/eid`).
 *
 * @example
 * ```ts
 * app.route('/eid', createEidApp(deps));
 * ```
 */
export function createEidApp(deps: SimDeps): Hono<SimHonoEnv> {
  const app = new Hono<SimHonoEnv>();
  app.post('/request-package', REQUEST_PACKAGE_BODY.declare, async (c) => {
    const body = await REQUEST_PACKAGE_BODY.read(c);
    const user = sectorUserOf(deps, c.req.header('authorization'), policyScope(c, deps));
    const requester = requesterOf(deps, c.get('client')?.organisation, body, user);
    const purpose = purposeOf(body);
    const pkg = issueRequestPackage(deps, { requester, purpose });
    c.set('summary', { operation: 'eid-request-package', requester, ...(user === undefined ? {} : { sectorUser: user.username }), requestId: pkg.id, ...(purpose === 'login' ? {} : { purpose }) });
    return c.json(requestPackageAnswer(pkg), 201);
  });
  return app;
}
