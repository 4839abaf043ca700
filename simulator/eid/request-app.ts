/**
 * The eID request service (leg 1 of the card login): `POST /eid/request-package`. The HIS, as
 * the sector user, gets a signed eID authentication request package (nonce, audience = the
 * EESZT sector, 5-minute validity) to hand to the card client.
 *
 * How the sector user authenticates (docs/card-login.md, "Leg 1"): with its organisation's
 * WAF-SSL client certificate. The module is on the `sts` listener, so in TLS mode the request
 * must come with the WAF-SSL certificate and the institution is the one it names (a different
 * `institutionId` in the body is refused). On the plain-HTTP quick-start listener no certificate
 * exists, and the HIS names its institution with `institutionId`.
 *
 * @example
 * ```ts
 * const res = await app.request('/eid/request-package', { method: 'POST', body: '{"institutionId":"E01620K"}', headers: { 'content-type': 'application/json' } });
 * (await res.json()).requestPackage; // base64 of the signed XML
 * ```
 */
import { Hono } from 'hono';
import type { SimDeps, SimHonoEnv } from '../core/deps.js';
import { BadRequest, Forbidden, NotFound } from '../core/errors.js';
import { readJson } from '../control/control-app.js';
import { checkInstitutionId, must } from '../identifiers/identifiers.js';
import { issueRequestPackage } from './issue-request.js';
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

/** Which institution is asking: the WAF-SSL certificate's, else the body's `institutionId`. */
function requesterOf(deps: SimDeps, organisation: string | undefined, body: Record<string, unknown>): string {
  const named = body.institutionId;
  if (organisation !== undefined) {
    if (named !== undefined && named !== organisation) {
      // rule: EID-REQUEST-BY-SECTOR-USER (docs/rules.md)
      throw new Forbidden(
        `the WAF-SSL client certificate is that of \`${organisation}\`, but the body names \`${String(named)}\`; a sector user asks for itself: leave \`institutionId\` out or send \`${organisation}\``,
        { details: { certificate: organisation, institutionId: named } },
        'REQUESTER_MISMATCH',
      );
    }
  } else if (named === undefined) {
    throw new BadRequest(
      'say which institution (sector user) asks: send {"institutionId":"E01620K"}; over TLS the WAF-SSL client certificate says it instead',
      { details: { field: 'institutionId' } },
      'REQUESTER_MISSING',
    );
  }
  const { institutionId } = must(checkInstitutionId(organisation ?? named), 'institutionId');
  if (!deps.store.state.institutions.some((i) => i.id === institutionId)) {
    throw new NotFound(`institution \`${institutionId}\` is not known to this EESZT; use one from the fixtures (GET /_sim/fixtures), e.g. E01620K`, { details: { institutionId } }, 'INSTITUTION_UNKNOWN');
  }
  return institutionId;
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
  app.post('/request-package', async (c) => {
    const body = await readJson(c);
    if (body === null || typeof body !== 'object' || Array.isArray(body)) {
      throw new BadRequest('send a JSON object such as {"institutionId":"E01620K"}', {}, 'JSON_OBJECT_EXPECTED');
    }
    const requester = requesterOf(deps, c.get('client')?.organisation, body as Record<string, unknown>);
    const purpose = purposeOf(body as Record<string, unknown>);
    const pkg = issueRequestPackage(deps, { requester, purpose });
    c.set('summary', { operation: 'eid-request-package', requester, requestId: pkg.id, ...(purpose === 'login' ? {} : { purpose }) });
    return c.json(requestPackageAnswer(pkg), 201);
  });
  return app;
}
