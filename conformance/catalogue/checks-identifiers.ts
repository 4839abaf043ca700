/**
 * Identifier checks: what the HIS puts into its requests must follow the EESZT identifier rules
 * (judged with `simulator/identifiers`, the project's one implementation of them) and, in a
 * scripted scenario, be exactly the EESZT form of what the HIS was given.
 *
 * @example
 * ```ts
 * import { IDENTIFIER_CHECKS } from './checks-identifiers.js';
 * ```
 */
import type { JournalEntry } from '../../simulator/core/journal.js';
import { checkInstitutionId, checkUnitCode, checkUsername, type CheckResult } from '../../simulator/identifiers/identifiers.js';
import { jsonBody } from '../judge/answers.js';
import { describeEntry, stsIssues } from '../judge/journal-view.js';
import { requestFacts } from '../judge/request-facts.js';
import { expectIdentifiers, loginDoctor, PERSONA } from '../scenario/common.js';
import { passwordLogin } from '../scenario/personas.js';
import { fail, notEnoughEvidence, notObserved, pass, type CheckDefinition, type Evidence, type Judgement } from './check.js';
import { REQ } from './requirements.js';

/** One identifier value found in a request. */
interface Sent {
  value: string;
  entry: JournalEntry;
  where: string;
}

/** Judge every value sent against the rule and, when given, the expected value. */
function judgeValues(ev: Evidence, what: string, sent: readonly Sent[], rule: (v: string) => CheckResult<unknown>, expected: string | undefined): Judgement {
  if (sent.length === 0) {
    return ev.mode === 'observe' ? notObserved(`no ${what} was seen in the traffic`) : notEnoughEvidence(ev, `an STS Issue request carrying the ${what}${expected === undefined ? '' : ` \`${expected}\``}`, 'none: the login did not reach the STS');
  }
  for (const s of sent) {
    const r = rule(s.value);
    if (!r.ok) return fail(`the ${what} \`${s.value}\` (${s.where}) breaks the EESZT rule: ${r.message}`, expected === undefined ? `a valid ${what}` : `\`${expected}\``, `\`${s.value}\` in ${describeEntry(s.entry)}`, [s.entry]);
    if (expected !== undefined && s.value !== expected) {
      return fail(`the HIS sent the ${what} \`${s.value}\` (${s.where}) where it was given \`${expected}\``, `\`${expected}\``, `\`${s.value}\` in ${describeEntry(s.entry)}`, [s.entry]);
    }
  }
  const values = [...new Set(sent.map((s) => s.value))].map((v) => `\`${v}\``).join(', ');
  return pass(`every ${what} sent (${values}) follows the rule${expected === undefined ? '' : ' and is the one given'}`, sent.slice(0, 2).map((s) => s.entry));
}

const usernames = (ev: Evidence): Sent[] =>
  stsIssues(ev.entries).flatMap((e) => {
    const u = requestFacts(e).username;
    return u === undefined ? [] : [{ value: u, entry: e, where: 'STS UsernameToken' }];
  });

const institutionIds = (ev: Evidence): Sent[] => [
  ...stsIssues(ev.entries).flatMap((e) => {
    const v = requestFacts(e).institutionId;
    return v === undefined ? [] : [{ value: v, entry: e, where: 'STS claims sim:InstitutionId' }];
  }),
  ...ev.entries
    .filter((e) => e.service === 'eid' && e.request.method === 'POST')
    .flatMap((e) => {
      const v = jsonBody(e.request.body)?.institutionId;
      return typeof v === 'string' ? [{ value: v, entry: e, where: 'eID request package `institutionId`' }] : [];
    }),
];

const unitCodes = (ev: Evidence): Sent[] =>
  stsIssues(ev.entries).flatMap((e) => {
    const v = requestFacts(e).unitCode;
    return v === undefined ? [] : [{ value: v, entry: e, where: 'STS claims sim:UnitCode' }];
  });

/** The identifier checks. */
export const IDENTIFIER_CHECKS: readonly CheckDefinition[] = [
  {
    id: 'ID-USERNAME',
    title: 'Username sent exactly as registered (upper-case prefix, case-sensitive)',
    area: 'identifiers',
    level: 'must',
    requirement: REQ.username,
    scenario: 'Password login as the doctor `O50123` (given exactly so); the suite reads the UsernameToken the HIS sent to the STS.',
    minimumEvidence: 'one STS Issue request with a wsse:UsernameToken/Username',
    fix: 'Send the EESZT username unchanged: prefix (O, S, G, C, X) in upper case followed by the registry number (`O50123`). Never lower-case, trim digits from or re-case it: `o50123` is another, unknown user.',
    observable: true,
    run: async (ctx) => {
      await loginDoctor(ctx);
    },
    judge: (ev) => judgeValues(ev, 'username', usernames(ev), checkUsername, ev.facts.expected?.username),
  },
  {
    id: 'ID-INSTITUTION-PROVIDER',
    title: 'Health provider institution id is `E` + the OTH/NNK id',
    area: 'identifiers',
    level: 'must',
    requirement: REQ.institutionProvider,
    scenario: 'Password login of the doctor, the HIS configured with the OTH id `01620K`; the suite expects `E01620K` in every request.',
    minimumEvidence: 'one STS Issue request with sim:InstitutionId (or an eID request package with institutionId)',
    fix: 'Form the EESZT institution id by putting `E` before the 6-character OTH/NNK id (`01620K` → `E01620K`); a bare `01620K` is refused and the data rejected.',
    observable: true,
    run: async (ctx) => {
      await loginDoctor(ctx);
    },
    judge: (ev) => judgeValues(ev, 'institution id', institutionIds(ev), checkInstitutionId, ev.facts.expected?.institutionId),
  },
  {
    id: 'ID-INSTITUTION-PHARMACY',
    title: 'Pharmacy institution id is `P` + the OGYEI id padded to 6 characters',
    area: 'identifiers',
    level: 'must',
    requirement: REQ.institutionPharmacy,
    scenario: 'Password login of the pharmacist `G12345`, the HIS configured with the 5-character OGYEI id `12345`; the suite expects `P012345`.',
    minimumEvidence: 'one STS Issue request of the pharmacist with sim:InstitutionId',
    fix: 'For pharmacies put `P` before the OGYEI id, left-padding a 5-character id with one `0` (`12345` → `P012345`).',
    observable: false,
    run: async (ctx) => {
      const p = ctx.personas.get(PERSONA.pharmacist);
      expectIdentifiers(ctx, p);
      await ctx.setup();
      await ctx.login(passwordLogin(p));
    },
    judge: (ev) => judgeValues(ev, 'institution id', institutionIds(ev), checkInstitutionId, ev.facts.expected?.institutionId),
  },
  {
    id: 'ID-UNIT',
    title: 'Organisational unit sent as its 9-digit permit code',
    area: 'identifiers',
    level: 'must',
    requirement: REQ.unit,
    scenario: 'Password login of the doctor at unit `016200101` (leading zero); the suite reads the unit in the STS claims.',
    minimumEvidence: 'one STS Issue request with sim:UnitCode',
    fix: 'Keep the unit code as text of exactly 9 digits, leading zeros included (`016200101`); never store or send it as a number.',
    observable: true,
    run: async (ctx) => {
      await loginDoctor(ctx);
    },
    judge: (ev) => judgeValues(ev, 'organisational unit code', unitCodes(ev), checkUnitCode, ev.facts.expected?.unitCode),
  },
];
