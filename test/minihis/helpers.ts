/**
 * Helpers of the miniHIS scenario tests: a simulator over the default fixtures (clock frozen at
 * 2026-03-02T08:00:00Z), the drop-down picks, the current mobilToken code, a full login, and
 * requests with the session's bearer token.
 */
import { expect } from 'vitest';
import { currentMobilToken } from '../../simulator/mobiltoken/current.js';
import type { Simulator } from '../../simulator/simulator.js';
import { json, postJson, testSimulator } from '../helpers/sim.js';

export { json, postJson, testSimulator };

/** The configuration a test user saves unless a test says otherwise. */
export const GOOD_CONFIGURATION = {
  institutionId: '01620K',
  providerCode: '016200101',
  contact: { phone: '+36 1 234 5678', email: 'belgyogyaszat@szentmargit.example', address: '1021 Budapest, Margit utca 1.', visible: true },
  careType: 'jarobeteg-szakellatas',
  referralInstitutionType: 'nem-finanszirozott',
  prescriptionCategory: 'jarobeteg-szakrendeles',
} as const;

/** The pick id of the first institution match of `q`. */
export async function pickInstitution(sim: Simulator, q: string): Promise<string> {
  const res = await sim.app.request(`/minihis/api/lookup/institutions?q=${encodeURIComponent(q)}`);
  expect(res.status).toBe(200);
  const body = await json(res);
  expect(body.matches.length).toBeGreaterThan(0);
  return body.matches[0].pick as string;
}

/** The pick id of the unit `code` under an institution pick. */
export async function pickUnit(sim: Simulator, institutionPick: string, code: string): Promise<string> {
  const res = await sim.app.request(`/minihis/api/lookup/units?institution=${institutionPick}&q=${code}`);
  expect(res.status).toBe(200);
  const body = await json(res);
  const match = (body.matches as Array<{ unitCode: string; pick: string }>).find((m) => m.unitCode === code);
  expect(match, `unit ${code}`).toBeDefined();
  return match?.pick as string;
}

/** The code the user's mobilToken app shows now. */
export function codeOf(sim: Simulator, username: string): string {
  return currentMobilToken(sim.deps, username).mobilTokenCode;
}

/** The login form of a user at a unit of the main hospital (E01620K), with the current code. */
export async function loginForm(sim: Simulator, username: string, unitCode = '016200101', institutionQuery = 'Szent Margit'): Promise<Record<string, string>> {
  const institutionPick = await pickInstitution(sim, institutionQuery);
  const unitPick = await pickUnit(sim, institutionPick, unitCode);
  return { institutionPick, unitPick, username, mobilTokenCode: codeOf(sim, username) };
}

/** Log in with the mobilToken; returns the session token and the login answer. */
export async function logIn(sim: Simulator, username: string, unitCode = '016200101'): Promise<{ token: string; body: any }> {
  const res = await postJson(sim, '/minihis/api/login', await loginForm(sim, username, unitCode));
  const body = await json(res);
  expect(res.status, JSON.stringify(body)).toBe(201);
  return { token: body.sessionToken as string, body };
}

/** Bearer header. */
export function bearer(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}

/** GET with the session token. */
export function getAs(sim: Simulator, token: string, path: string): Promise<Response> {
  return Promise.resolve(sim.app.request(path, { headers: bearer(token) }));
}

/** POST JSON with the session token. */
export function postAs(sim: Simulator, token: string, path: string, body: unknown): Promise<Response> {
  return postJson(sim, path, body, bearer(token));
}

/** Expect a problem answer with this status and code; returns the problem. */
export async function expectProblem(res: Response, status: number, code: string): Promise<any> {
  const body = await json(res);
  expect({ status: res.status, code: body.code }, JSON.stringify(body)).toEqual({ status, code });
  return body;
}

/** Expect a VALIDATION_FAILED answer; returns its field errors as `path -> [code, message]`. */
export async function fieldErrors(res: Response): Promise<Record<string, [string, string]>> {
  const body = await expectProblem(res, 422, 'VALIDATION_FAILED');
  const out: Record<string, [string, string]> = {};
  for (const e of body.details.errors as Array<{ path: string; code: string; message: string }>) out[e.path] = [e.code, e.message];
  return out;
}
