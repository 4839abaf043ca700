/**
 * Channel checks: in TLS mode the HIS uses the HTTPS endpoints and presents its organisation's
 * WAF-SSL client certificate on every connection to the STS and the services.
 *
 * @example
 * ```ts
 * import { TLS_CHECKS } from './checks-tls.js';
 * ```
 */
import { describeEntry, outcomeText, results, serviceCalls, stsRequests } from '../judge/journal-view.js';
import { expectIdentifiers, loginDoctor, PERSONA } from '../scenario/common.js';
import { IMPOSTOR_HOST, startImpostor, type ImpostorSeen } from '../scenario/impostor.js';
import { passwordLogin } from '../scenario/personas.js';
import { fail, notEnoughEvidence, notObserved, pass, type CheckDefinition } from './check.js';
import { CALLS } from './requires.js';
import { REQ } from './requirements.js';

/** The TLS checks. */
export const TLS_CHECKS: readonly CheckDefinition[] = [
  {
    id: 'TLS-CLIENT-CERT',
    title: 'TLS with the WAF-SSL client certificate on every STS and service connection',
    area: 'tls',
    level: 'must',
    requirement: REQ.channel,
    scenario: 'The HIS is given the TLS endpoints (discovery `tls`) and the WAF-SSL PKCS#12 of E01620K; password login and one eRecept call.',
    minimumEvidence: 'STS and service requests over the TLS listeners, and the adapter answer to the call',
    fix: 'Configure the WAF-SSL PKCS#12 file and its password as the TLS client certificate of every connection to EESZT (STS port 4443, services 5443), and trust the EESZT CA bundle; use the HTTPS endpoints.',
    requires: CALLS,
    needs: { tls: true },
    observable: true,
    run: async (ctx) => {
      const doctor = ctx.personas.get(PERSONA.doctor);
      await loginDoctor(ctx, { tlsInstitutionId: doctor.institutionId });
      await ctx.call(ctx.standardCall());
    },
    judge: (ev) => {
      // Under the strict policy a missing or wrong certificate ends the TLS handshake: no request
      // reaches the STS, only the refusal entry (service `tls`) is journaled.
      const refusedHandshake = ev.entries.find((e) => e.service === 'tls' && (e.errorCode ?? '').startsWith('WAF_CERTIFICATE'));
      if (refusedHandshake !== undefined) return fail(`a TLS handshake was refused: ${refusedHandshake.errorCode} (no or a wrong WAF-SSL client certificate)`, 'the WAF-SSL client certificate on every connection', describeEntry(refusedHandshake), [refusedHandshake]);
      const traffic = [...stsRequests(ev.entries), ...serviceCalls(ev.entries)];
      if (traffic.length === 0) return ev.mode === 'observe' ? notObserved('no STS or service request was seen') : fail('no request reached the STS or a service', 'STS and eRecept requests over TLS', `none (adapter: ${outcomeText(results(ev.exchanges, 'login')[0])})`, []);
      const missing = traffic.find((e) => (e.errorCode ?? '').startsWith('WAF_CERTIFICATE'));
      if (missing !== undefined) return fail(`a TLS connection was refused: ${missing.errorCode} (no or a wrong WAF-SSL client certificate)`, 'the WAF-SSL client certificate on every connection', describeEntry(missing), [missing]);
      if (ev.mode === 'observe') {
        const tls = traffic.filter((e) => e.client.organisation !== undefined);
        return tls.length === 0 ? notObserved('no TLS traffic was seen (plain-HTTP requests are not judged here)') : pass(`${tls.length} request(s) over TLS, each with the WAF-SSL certificate`, tls.slice(0, 1));
      }
      const plain = traffic.find((e) => e.client.organisation === undefined);
      if (plain !== undefined) return fail('a request came over plain HTTP instead of the TLS endpoint', 'the HTTPS origins of discovery `tls`', describeEntry(plain), [plain]);
      const expected = ev.facts.expected?.institutionId;
      const other = traffic.find((e) => expected !== undefined && e.client.organisation !== expected);
      if (other !== undefined) return fail(`a connection presented the certificate of \`${other.client.organisation ?? ''}\``, `the WAF-SSL certificate of \`${expected ?? ''}\``, describeEntry(other), [other]);
      const call = results(ev.exchanges, 'call')[0];
      if (call?.ok !== true) return fail('the call over TLS failed', 'a successful eRecept call', outcomeText(call), traffic.slice(-1));
      return pass(`${traffic.length} request(s) over TLS, each presenting the WAF-SSL certificate of ${expected ?? 'the organisation'}`, traffic.slice(0, 2));
    },
  },
  {
    id: 'TLS-SERVER-CERT',
    title: 'The HIS verifies the server\'s TLS certificate and refuses a wrong one',
    area: 'tls',
    level: 'must',
    requirement: REQ.channel,
    scenario: `After a TLS setup, the HIS is given a discovery document whose STS endpoint is an impostor presenting a certificate for \`${IMPOSTOR_HOST}\` (not the EESZT server's name); password login: the HIS must refuse the TLS connection.`,
    minimumEvidence: 'a TLS connection attempt to the STS endpoint of the discovery document, and the adapter answer to the login',
    fix: 'Verify the server certificate on every TLS connection to EESZT: the chain against the EESZT CA bundle (discovery `certificates.caBundle`) and the host name against the certificate; never turn verification off (rejectUnauthorized: false, a ServerCertificateValidationCallback returning true, verify=False).',
    requires: ['TLS-CLIENT-CERT'],
    needs: { tls: true },
    observable: false,
    run: async (ctx) => {
      const doctor = ctx.personas.get(PERSONA.doctor);
      expectIdentifiers(ctx, doctor);
      await ctx.setup({ tlsInstitutionId: doctor.institutionId });
      const impostor = await startImpostor(ctx.env.discovery, ctx.pki);
      try {
        ctx.useDiscovery(impostor.discovery);
        await ctx.login(passwordLogin(doctor));
      } finally {
        ctx.useDiscovery(undefined);
        ctx.facts.impostor = impostor.seen();
        await impostor.close();
      }
    },
    judge: (ev) => {
      const seen = ev.facts.impostor as ImpostorSeen | undefined;
      const login = results(ev.exchanges, 'login')[0];
      if (seen === undefined || seen.accepted + seen.refused === 0) return notEnoughEvidence(ev, 'a TLS connection attempt to the STS endpoint of the discovery document', `none (adapter: ${outcomeText(login)})`);
      if (seen.requests > 0 || seen.accepted > 0) {
        return fail(`the HIS accepted a server certificate issued for \`${IMPOSTOR_HOST}\` and sent ${seen.requests} request(s) through it: it does not verify the server's certificate (its login, password included, went to an impostor)`, 'the TLS handshake refused: wrong server certificate', `${seen.accepted} connection(s) accepted, ${seen.requests} request(s) sent`, []);
      }
      if (login?.ok !== false) return fail('the login reported success although the STS could not be reached', '{"ok":false,…}: the connection was refused', outcomeText(login), []);
      return pass(`the HIS refused the wrong server certificate (${seen.refused} handshake(s) broken off) and reported the failure (${outcomeText(login)})`);
    },
  },
];
