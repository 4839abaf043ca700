/**
 * Role checks: a user without the V-MÁTRIX role logs in, and the refused operation is reported
 * to the user, not retried.
 *
 * @example
 * ```ts
 * import { ROLE_CHECKS } from './checks-roles.js';
 * ```
 */
import { describeEntry, entriesOf, outcomeText, results, serviceCalls } from '../judge/journal-view.js';
import { expectIdentifiers, PERSONA } from '../scenario/common.js';
import { passwordLogin } from '../scenario/personas.js';
import { fail, pass, type CheckDefinition } from './check.js';
import { CALLS } from './requires.js';
import { REQ } from './requirements.js';

/** The role checks. */
export const ROLE_CHECKS: readonly CheckDefinition[] = [
  {
    id: 'ROLE-MISSING',
    title: 'Missing V-MÁTRIX role: the refusal is reported, not retried',
    area: 'roles',
    level: 'must',
    requirement: REQ.roles,
    scenario: 'Password login of a doctor without any V-MÁTRIX role (persona no-role), then an eRecept call: the service refuses ROLE_MISSING.',
    minimumEvidence: 'a successful login and one service call answered ROLE_MISSING, and the adapter answer to the call',
    fix: 'On ROLE_MISSING show the message (it names the role, unit and institution) and point the user to the institution\'s permission admin; do not repeat the call or log in again.',
    requires: CALLS,
    observable: false,
    run: async (ctx) => {
      const p = ctx.personas.get(PERSONA.noRole);
      expectIdentifiers(ctx, p);
      await ctx.setup();
      await ctx.login(passwordLogin(p));
      await ctx.call(ctx.standardCall());
    },
    judge: (ev) => {
      const login = results(ev.exchanges, 'login')[0];
      if (login?.ok !== true) return fail('the login of the user without roles failed; it must succeed (roles are checked per operation)', 'a successful login', outcomeText(login), []);
      const calls = serviceCalls(entriesOf(ev.entries, ev.exchanges, 'call'));
      const result = results(ev.exchanges, 'call')[0];
      if (calls.length === 0) return fail('the HIS made no service call', 'one eRecept call answered ROLE_MISSING', 'none', []);
      if (calls.length > 1) return fail(`the HIS repeated the refused call ${calls.length} times`, 'one call, then the refusal to the user', `${calls.length} calls: ${calls.map((e) => e.errorCode ?? e.response.status).join(', ')}`, calls.slice(0, 3));
      const call = calls[0];
      if (call?.errorCode !== 'ROLE_MISSING') return fail(`the call was answered ${call?.errorCode ?? call?.response.status} instead of ROLE_MISSING; the scenario could not be played`, 'ROLE_MISSING', call === undefined ? 'none' : describeEntry(call), call === undefined ? [] : [call]);
      if (result?.ok !== false || result.error?.code !== 'ROLE_MISSING') return fail('the HIS did not report ROLE_MISSING to its user', '{"ok":false,"error":{"code":"ROLE_MISSING",…}}', outcomeText(result), [call]);
      return pass('the call was sent once, refused with ROLE_MISSING, and reported', [call]);
    },
  },
];
