/**
 * Building blocks shared by scenarios: the personas by role, logging in the default doctor,
 * preparing the card client (card in reader 0, the cardholder's script).
 *
 * @example
 * ```ts
 * const doctor = await loginDoctor(ctx); // setup + password login; facts.expected filled in
 * ```
 */
import type { AdapterResult } from '../adapter/protocol.js';
import type { Persona } from './personas.js';
import { passwordLogin } from './personas.js';
import type { ScenarioContext } from './scenario-context.js';

/** Persona names of the default fixture set (docs/fixtures.md). */
export const PERSONA = {
  doctor: 'doctor-activated',
  notActivated: 'doctor-not-activated',
  activationPin: 'doctor-activation-pin',
  pinBlocked: 'doctor-pin-blocked',
  expiredCard: 'doctor-expired-card',
  noRole: 'no-role',
  pharmacist: 'pharmacist',
  institution: 'institution-with-certificate',
  /** The sector user the HIS has configured (seed 003), who asks for eID request packages: the main hospital's data-entry staff member. */
  sectorUser: 'data-entry',
} as const;

/** Record the EESZT forms of a persona's identifiers for the judge. */
export function expectIdentifiers(ctx: ScenarioContext, p: Persona, username: boolean = true): void {
  ctx.facts.expected = { ...(username ? { username: p.username } : {}), institutionId: p.institutionId, unitCode: p.unit };
}

/** Setup, then log the default doctor in with the password. */
export async function loginDoctor(ctx: ScenarioContext, options: { tlsInstitutionId?: string } = {}): Promise<{ persona: Persona; login: AdapterResult }> {
  const persona = ctx.personas.get(PERSONA.doctor);
  expectIdentifiers(ctx, persona);
  await ctx.setup(options);
  const login = await ctx.login(passwordLogin(persona));
  return { persona, login };
}

/** Put the persona's card into reader 0 and script the cardholder. */
export async function prepareCard(ctx: ScenarioContext, p: Persona, steps: readonly Record<string, unknown>[]): Promise<void> {
  if (p.card === undefined) throw new Error(`persona ${p.name} has no card`);
  await ctx.env.insertCard(p.card.documentId);
  await ctx.env.scriptCardholder(steps);
}
