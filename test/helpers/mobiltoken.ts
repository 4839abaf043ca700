/**
 * The mobilToken code a test user would type for a two-factor STS login (password + code,
 * „SAML jegy kérése kétfaktoros azonosítással”): the code the user's app shows at the simulator
 * clock. Each code works once; when this user's code of the current minute was used already,
 * the simulator clock moves on to the next minute first (a real user waits for the next code).
 */
import type { Simulator } from '../../simulator/simulator.js';
import { MOBILTOKEN_USED_BUCKET, type MobilTokenUse } from '../../simulator/mobiltoken/verify.js';
import { mobilTokenAt, mobilTokenStep, stepStartMs } from '../../simulator/mobiltoken/totp.js';

/** A fresh, unused mobilToken code of `username` at the simulator clock. */
export function freshMobilTokenCode(sim: Pick<Simulator, 'deps'>, username: string): string {
  const user = sim.deps.store.state.users.find((u) => u.username === username);
  if (user === undefined) throw new Error(`no fixture user ${username}`);
  const used = sim.deps.store.bucket<MobilTokenUse>(MOBILTOKEN_USED_BUCKET).get(username);
  const now = sim.deps.clock.nowMs();
  if (used !== undefined && used.step >= mobilTokenStep(now)) sim.deps.clock.advance(stepStartMs(used.step + 1) - now);
  return mobilTokenAt(user.mobilTokenSecret, sim.deps.clock.nowMs());
}
