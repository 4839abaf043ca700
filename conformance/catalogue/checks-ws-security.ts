/**
 * WS-Security timestamp checks: every STS request carries a wsu:Timestamp, and its times agree
 * with the EESZT clock within the allowed skew.
 *
 * @example
 * ```ts
 * import { WS_SECURITY_CHECKS } from './checks-ws-security.js';
 * ```
 */
import { describeEntry, stsRequests } from '../judge/journal-view.js';
import { requestFacts } from '../judge/request-facts.js';
import { loginDoctor } from '../scenario/common.js';
import { fail, notObserved, pass, type CheckDefinition } from './check.js';
import { REQ } from './requirements.js';

/** The skew the simulator allows by default (docs/protocol.md). */
const DEFAULT_SKEW_SECONDS = 300;

/** The WS-Security checks. */
export const WS_SECURITY_CHECKS: readonly CheckDefinition[] = [
  {
    id: 'WSS-TIMESTAMP',
    title: 'Every STS request carries a wsu:Timestamp with Created and Expires',
    area: 'ws-security',
    level: 'should',
    requirement: REQ.timestamp,
    scenario: 'Password login of the doctor.',
    minimumEvidence: 'one STS request with a SOAP envelope',
    fix: 'Add <wsu:Timestamp wsu:Id="…"><wsu:Created>now</wsu:Created><wsu:Expires>now + 5 min</wsu:Expires></wsu:Timestamp> as the first child of wsse:Security in every STS request, whatever the login method.',
    observable: true,
    run: async (ctx) => {
      await loginDoctor(ctx);
    },
    judge: (ev) => {
      const sent = stsRequests(ev.entries).filter((e) => requestFacts(e).soap);
      if (sent.length === 0) return ev.mode === 'observe' ? notObserved('no STS request was seen') : fail('no request reached the STS', 'an STS request with a wsu:Timestamp', 'none', []);
      for (const e of sent) {
        const ts = requestFacts(e).timestamp;
        if (ts === undefined) return fail('an STS request has no wsu:Timestamp in its wsse:Security header', 'wsu:Timestamp with Created and Expires', `no Timestamp in ${describeEntry(e)}`, [e]);
        if (ts.created === undefined || ts.expires === undefined) return fail('a wsu:Timestamp lacks Created or Expires', 'both Created and Expires', `${ts.created === undefined ? 'no Created' : 'no Expires'} in ${describeEntry(e)}`, [e]);
        if (!(Date.parse(ts.expires) > Date.parse(ts.created))) return fail('a wsu:Timestamp expires before it was created', 'Expires after Created', `Created ${ts.created}, Expires ${ts.expires}`, [e]);
      }
      return pass(`${sent.length} STS request(s), each with a complete wsu:Timestamp`, sent.slice(0, 1));
    },
  },
  {
    id: 'WSS-TIMESTAMP-FRESH',
    title: 'Timestamps agree with the EESZT clock (within ±300 s)',
    area: 'ws-security',
    level: 'must',
    requirement: REQ.timestampSkew,
    scenario: 'Password login of the doctor, the EESZT clock running at real time; the suite compares wsu:Created / Expires (and the UsernameToken Created) with the time each request arrived.',
    minimumEvidence: 'one STS request (its timestamps, if any, are compared with its arrival time)',
    fix: 'Take the timestamps from a correct clock (NTP) in UTC, written as xs:dateTime with a zone (…Z); Expires a few minutes after Created. Under the suite, follow `context.simulatorTime` (docs/adapter.md, "Time").',
    observable: true,
    run: async (ctx) => {
      await loginDoctor(ctx);
    },
    judge: (ev) => {
      const skewMs = ((ev.facts.skewSeconds as number | undefined) ?? DEFAULT_SKEW_SECONDS) * 1000;
      const stamped = stsRequests(ev.entries).filter((e) => requestFacts(e).timestamp !== undefined || requestFacts(e).usernameCreated !== undefined);
      if (stamped.length === 0) return ev.mode === 'observe' ? notObserved('no timestamp was seen') : pass('the HIS sent no timestamps (whether it should is judged by WSS-TIMESTAMP)');
      for (const e of stamped) {
        const arrived = Date.parse(e.time);
        const f = requestFacts(e);
        const times: Array<[string, string | undefined]> = [['wsu:Timestamp/Created', f.timestamp?.created], ['UsernameToken/Created', f.usernameCreated]];
        for (const [what, value] of times) {
          if (value === undefined) continue;
          const t = Date.parse(value);
          if (!Number.isFinite(t) || !/(Z|[+-]\d{2}:\d{2})$/.test(value)) return fail(`${what} \`${value}\` is not an xs:dateTime with a time zone`, 'e.g. 2026-03-02T08:00:00Z', value, [e]);
          if (Math.abs(t - arrived) > skewMs) {
            const off = Math.round((t - arrived) / 1000);
            return fail(`${what} is ${off} s off the EESZT clock: the HIS's clock runs ${Math.abs(off)} s ${off > 0 ? 'ahead' : 'behind'} (the root cause of every login the STS refuses with ${off > 0 ? 'TIMESTAMP_IN_FUTURE' : 'MESSAGE_EXPIRED'}; the checks that need a login are blocked until it is fixed)`, `within ±${skewMs / 1000} s of ${e.time}`, value, [e]);
          }
        }
        const expires = f.timestamp?.expires;
        if (expires !== undefined && Date.parse(expires) <= arrived) return fail('the request arrived after its wsu:Expires', `Expires after ${e.time}`, expires, [e]);
      }
      return pass(`every timestamp of ${stamped.length} request(s) was within ±${skewMs / 1000} s of the EESZT clock`, stamped.slice(0, 1));
    },
  },
];
