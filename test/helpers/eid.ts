/**
 * The sector user a HIS has configured (seed 003: „a HIS rendszerben beállított ágazati
 * felhasználóval … kérést küld az EESZT Back-end felé az eld azonosítás kérés csomag
 * összeállítására”): tests log it in at the STS with its password and send its token to
 * `POST /eid/request-package` as `Authorization: SAML <base64>`.
 */
import type { Simulator } from '../../simulator/simulator.js';
import { extractAssertion, passwordIssueRequest, SOAP12_ISSUE } from '../../simulator/sts/sts-client.js';
import type { FixtureSet } from '../../fixtures/schema.js';

/** The sector user the tests' HIS has configured for the main hospital (the data-entry persona). */
export const HIS_SECTOR_USER = 'X12345';

/** Username, password and seat of the configured sector user of `institutionId` in a fixture set. */
export function sectorUserOfInstitution(
  state: Pick<FixtureSet, 'users' | 'institutions'>,
  institutionId: string,
): { username: string; password: string; institutionId: string; unitCode: string } {
  const system = state.institutions.find((i) => i.id === institutionId)?.systemUsername;
  const members = state.users.filter((u) => u.username !== system && u.memberships.some((m) => m.institutionId === institutionId && m.units.length > 0));
  const user = members.find((u) => u.username === HIS_SECTOR_USER) ?? members[0];
  if (user === undefined) throw new Error(`no natural-person user of ${institutionId} in the fixtures`);
  const unitCode = user.memberships.find((m) => m.institutionId === institutionId)?.units[0] ?? '';
  return { username: user.username, password: user.password, institutionId, unitCode };
}

/** The STS Issue request (password) of the configured sector user. */
export function sectorUserIssueRequest(state: Pick<FixtureSet, 'users' | 'institutions'>, institutionId: string, now: Date): string {
  const u = sectorUserOfInstitution(state, institutionId);
  return passwordIssueRequest({ username: u.username, password: u.password, institutionId, unitCode: u.unitCode, now });
}

/** The `Authorization` header value for a SAML assertion. */
export function samlAuthorizationValue(assertion: string): string {
  return `SAML ${Buffer.from(assertion, 'utf8').toString('base64')}`;
}

/**
 * `{ authorization: 'SAML …' }` with a fresh token of the configured sector user, from the STS of
 * the environment at `basePath` (`''` the default one, `/run/<id>` an isolated run).
 */
export async function sectorUserHeaders(sim: Simulator, institutionId = 'E01620K', basePath = ''): Promise<Record<string, string>> {
  const env = basePath === '' ? sim : sim.runs.get(basePath.replace(/^\/run\//, ''));
  if (env === undefined) throw new Error(`no isolated run at ${basePath}`);
  const res = await sim.app.request(`${basePath}/sts`, { method: 'POST', headers: { 'content-type': SOAP12_ISSUE }, body: sectorUserIssueRequest(env.deps.store.state, institutionId, env.deps.clock.now()) });
  const text = await res.text();
  if (!text.includes('<saml:Assertion')) throw new Error(`the STS issued the sector user no token (${res.status}): ${text.slice(0, 600)}`);
  return { authorization: samlAuthorizationValue(extractAssertion(text)) };
}

/** `POST /eid/request-package` as the HIS's configured sector user of the body's institution (default `E01620K`). */
export async function postRequestPackage(sim: Simulator, body: Record<string, unknown> = {}, basePath = ''): Promise<Response> {
  const institutionId = typeof body.institutionId === 'string' ? body.institutionId : 'E01620K';
  const headers = await sectorUserHeaders(sim, institutionId, basePath);
  return Promise.resolve(sim.app.request(`${basePath}/eid/request-package`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) }));
}
