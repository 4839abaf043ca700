/**
 * The steps of the connection check (the eesztConnect stand-in), each a function that passes or
 * fails with a message and, on failure, the fix. They run in order; a step whose prerequisite
 * failed is skipped.
 *
 * @example
 * ```ts
 * const outcome = await STEPS[0].run(ctx); // { status: 'pass', message: '...' }
 * ```
 */
import { connect as tcpConnect } from 'node:net';
import { describeCertificate, verifyChain } from '../../simulator/pki/verify-chain.js';
import { send, TransportError } from '../reference-his/http-transport.js';
import { readSoapAnswer } from '../reference-his/soap.js';
import { passwordLoginRequest, readIssuedToken } from '../reference-his/sts.js';
import type { Discovery } from '../reference-his/discovery.js';
import { openWafPkcs12, type WafCredential } from './waf-credential.js';

/** What the steps share. */
export interface CheckContext {
  p12: Buffer;
  password: string;
  /** Discovery URL of the EESZT. */
  discoveryUrl: string;
  timeoutMs: number;
  user?: { username: string; password: string; unit?: string };
  controlToken?: string;
  /** Filled in by the steps. */
  credential?: WafCredential;
  discovery?: Discovery & { certificates: { root: string; issuing: { waf: string }; caBundle: string }; clock: { now: string } };
  institutionId?: string;
  certificateSubject?: string;
  certificateSerial?: string;
}

/** A step's result. */
export interface StepOutcome {
  status: 'pass' | 'fail';
  message: string;
  fix?: string;
}

/** One step. */
export interface CheckStep {
  id: string;
  title: string;
  /** Steps that must have passed. */
  needs: readonly string[];
  run(ctx: CheckContext): Promise<StepOutcome>;
}

const ok = (message: string): StepOutcome => ({ status: 'pass', message });
const bad = (message: string, fix: string): StepOutcome => ({ status: 'fail', message, fix });

function organisationOf(subject: string): string | undefined {
  return /(?:^|,)\s*(?:organizationIdentifier|2\.5\.4\.97)=([^,]+)/.exec(subject)?.[1] ?? /(?:^|,)\s*CN=([^,]+)/.exec(subject)?.[1];
}

function tcpOpen(origin: string, timeoutMs: number): Promise<string | undefined> {
  const u = new URL(origin);
  return new Promise((resolve) => {
    const socket = tcpConnect({ host: u.hostname, port: Number(u.port || 443) });
    const done = (err?: string): void => {
      socket.destroy();
      resolve(err);
    };
    socket.setTimeout(timeoutMs, () => done('no answer (filtered?)'));
    socket.once('connect', () => done());
    socket.once('error', (e) => done(e.message));
  });
}

function tlsOf(ctx: CheckContext): { ca: string; pfx: Buffer; passphrase: string } {
  return { ca: ctx.discovery?.certificates.caBundle ?? '', pfx: ctx.p12, passphrase: ctx.password };
}

/** The login the token step uses: the given user, or (simulator convenience) a member of the institution from the fixtures. */
async function loginUser(ctx: CheckContext, base: string): Promise<{ username: string; password: string; unit: string } | string> {
  const given = ctx.user;
  const res = await fetch(`${base}/_sim/fixtures`, { headers: ctx.controlToken === undefined ? {} : { authorization: `Bearer ${ctx.controlToken}` } }).catch(() => undefined);
  const fixtures = res?.ok === true ? ((await res.json()) as { users: Array<{ username: string; password: string; memberships: Array<{ institutionId: string; units: string[] }> }> }) : undefined;
  if (given !== undefined) {
    const unit = given.unit ?? fixtures?.users.find((u) => u.username === given.username)?.memberships.find((m) => m.institutionId === ctx.institutionId)?.units[0];
    return unit === undefined ? 'give the organisational unit with --unit' : { username: given.username, password: given.password, unit };
  }
  if (fixtures === undefined) return 'give a user of your institution with --user, --user-password and --unit (the simulator\'s fixtures could not be read to pick one)';
  const member = fixtures.users.find((u) => u.memberships.some((m) => m.institutionId === ctx.institutionId && m.units.length > 0));
  const unit = member?.memberships.find((m) => m.institutionId === ctx.institutionId)?.units[0];
  if (member === undefined || unit === undefined) return `no user of ${ctx.institutionId ?? 'the institution'} exists in the simulator's fixtures; give one with --user, --user-password and --unit`;
  return { username: member.username, password: member.password, unit };
}

const WAF_FIX = 'Configure the WAF-SSL certificate (this .p12 and its password) as the TLS client certificate; it must be valid and not revoked (download a new one at the Ágazati portál).';

/** `CODE: detail` of a problem document, or the HTTP status. */
function problemText(status: number, body: string): string {
  try {
    const p = JSON.parse(body) as { code?: string; detail?: string };
    return `${p.code ?? status}: ${p.detail ?? ''}`;
  } catch {
    return `HTTP ${status}`;
  }
}

/** Why the portal listener (which explains instead of refusing the handshake) refuses this certificate; undefined when it accepts it or cannot be asked. */
async function portalExplanation(ctx: CheckContext, path: string): Promise<string | undefined> {
  const portal = ctx.discovery?.tls?.portal;
  if (portal === undefined) return undefined;
  try {
    const res = await send({ url: `${portal}${path}`, method: 'GET', headers: {}, timeoutMs: ctx.timeoutMs, tls: tlsOf(ctx) });
    return res.status === 200 ? undefined : problemText(res.status, res.body);
  } catch {
    return undefined;
  }
}

/** The steps, in order. */
export const STEPS: readonly CheckStep[] = [
  {
    id: 'pkcs12',
    title: 'Open the WAF-SSL PKCS#12 file with its password',
    needs: [],
    async run(ctx) {
      try {
        ctx.credential = openWafPkcs12(ctx.p12, ctx.password);
      } catch (err) {
        return bad((err as Error).message, 'Use the .p12 file of your organisation\'s WAF-SSL certificate and the password that came with it (by SMS); issue a test one with `eeszt-sim certs issue --kind waf --institution <E-id> --password <pw> --out org.p12`.');
      }
      const d = describeCertificate(ctx.credential.certPem);
      ctx.certificateSubject = d.subject;
      ctx.certificateSerial = d.serialHex;
      ctx.institutionId = organisationOf(d.subject);
      return ok(`opened: \`${d.subject}\` (serial ${d.serialHex})`);
    },
  },
  {
    id: 'discovery',
    title: 'Reach the EESZT (discovery document)',
    needs: [],
    async run(ctx) {
      try {
        const res = await fetch(ctx.discoveryUrl, { signal: AbortSignal.timeout(ctx.timeoutMs) });
        if (!res.ok) return bad(`${ctx.discoveryUrl} answered HTTP ${res.status}`, 'Check the --target URL: it is the EESZT address (the discovery document is /.well-known/eeszt-sim).');
        ctx.discovery = (await res.json()) as CheckContext['discovery'];
        return ok(`EESZT at ${new URL(ctx.discoveryUrl).origin}, clock ${ctx.discovery?.clock.now ?? '?'}`);
      } catch (err) {
        return bad(`${ctx.discoveryUrl} cannot be reached: ${(err as Error & { cause?: Error }).cause?.message ?? (err as Error).message}`, 'Check the network, the proxy, and that the EESZT (the simulator: `eeszt-sim serve --tls`) runs at --target.');
      }
    },
  },
  {
    id: 'certificate-validity',
    title: 'The certificate is valid now',
    needs: ['pkcs12', 'discovery'],
    async run(ctx) {
      const d = describeCertificate(ctx.credential?.certPem ?? '');
      const now = new Date(ctx.discovery?.clock.now ?? Date.now());
      if (now < d.notBefore) return bad(`the certificate is valid only from ${d.notBefore.toISOString()} (EESZT clock ${now.toISOString()})`, 'Wait until it becomes valid, or check the clock.');
      if (now >= d.notAfter) return bad(`the certificate expired at ${d.notAfter.toISOString()} (EESZT clock ${now.toISOString()})`, 'Request a new WAF-SSL certificate from the operator and configure it in the HIS.');
      const days = Math.floor((d.notAfter.getTime() - now.getTime()) / 86_400_000);
      return ok(`valid until ${d.notAfter.toISOString()} (${days} days left${days < 30 ? ': request a renewal soon' : ''})`);
    },
  },
  {
    id: 'certificate-chain',
    title: 'The certificate is a WAF-SSL certificate of this EESZT',
    needs: ['certificate-validity'],
    async run(ctx) {
      const certs = ctx.discovery?.certificates;
      const result = verifyChain(ctx.credential?.certPem ?? '', [certs?.root ?? '', certs?.issuing.waf ?? ''], new Date(ctx.discovery?.clock.now ?? Date.now()), { purpose: 'clientAuth' });
      if (!result.ok) return bad(`the chain does not verify: ${result.message}`, 'Use the WAF-SSL certificate issued for this EESZT (test and production certificates differ; the simulator\'s come from its seed).');
      const wafSubject = describeCertificate(certs?.issuing.waf ?? '').subject;
      if (result.chain[1] !== wafSubject) return bad(`issued by \`${result.chain[1] ?? '?'}\`, not by the WAF-SSL CA`, 'Use the WAF-SSL certificate (an institutional or personal certificate does not open the channel).');
      if (ctx.institutionId === undefined || !/^[EP][0-9A-Z]{6}$/.test(ctx.institutionId)) return bad('the certificate names no EESZT institution id', 'Use the WAF-SSL certificate issued to your organisation.');
      return ok(`${result.chain.join(' ← ')}; organisation ${ctx.institutionId}`);
    },
  },
  {
    id: 'ports',
    title: 'Ports 443, 4443 and 5443 are open (the three TLS listeners)',
    needs: ['discovery'],
    async run(ctx) {
      const tls = ctx.discovery?.tls;
      if (tls === null || tls === undefined) return bad('this EESZT has no TLS listeners', 'Run the simulator with `eeszt-sim serve --tls` (production listens on 443, 4443 and 5443).');
      const results = await Promise.all((['portal', 'sts', 'services'] as const).map(async (l) => [l, tls[l], await tcpOpen(tls[l], ctx.timeoutMs)] as const));
      const closed = results.filter(([, , err]) => err !== undefined);
      if (closed.length > 0) return bad(`closed: ${closed.map(([l, o, err]) => `${l} ${o} (${err ?? ''})`).join('; ')}`, 'Open outgoing TCP to ports 443, 4443 and 5443 of the EESZT in the firewall (ask the system administrator).');
      return ok(results.map(([l, o]) => `${l} ${new URL(o).port}`).join(', '));
    },
  },
  {
    id: 'tls-handshake',
    title: 'TLS handshake with the WAF-SSL client certificate is accepted',
    needs: ['certificate-chain', 'ports'],
    async run(ctx) {
      const sts = ctx.discovery?.tls?.sts ?? '';
      const wsdlPath = `${new URL(ctx.discovery?.endpoints.sts ?? '/sts').pathname}?wsdl`;
      try {
        const res = await send({ url: `${sts}${wsdlPath}`, method: 'GET', headers: {}, timeoutMs: ctx.timeoutMs, tls: tlsOf(ctx) });
        if (res.status === 200) return ok(`${sts}: the server certificate is trusted and the client certificate was accepted`);
        return bad(`the EESZT refused the client certificate: ${problemText(res.status, res.body)}`, WAF_FIX);
      } catch (err) {
        const m = err instanceof TransportError ? err.message : (err as Error).message;
        if (/certificate|self.signed|verify/i.test(m) && /server|self.signed|unable to verify|issuer/i.test(m)) {
          return bad(`the TLS handshake failed: ${m}`, 'Trust the EESZT CA bundle (discovery `certificates.caBundle`) for the server certificate.');
        }
        // The STS listener refuses the handshake itself when the client certificate is not
        // accepted, so it cannot say why; the portal listener (443) answers the same check in-band.
        const why = await portalExplanation(ctx, wsdlPath);
        if (why !== undefined) return bad(`the EESZT refused the TLS handshake (${m}): ${why}`, WAF_FIX);
        return bad(`the TLS handshake failed: ${m}`, 'Check the firewall and any TLS-intercepting proxy between the HIS and EESZT.');
      }
    },
  },
  {
    id: 'token',
    title: 'A SAML token from the STS over TLS',
    needs: ['tls-handshake'],
    async run(ctx) {
      const base = ctx.discoveryUrl.replace(/\/\.well-known\/eeszt-sim\/?$/, '');
      const user = await loginUser(ctx, base);
      if (typeof user === 'string') return bad(`no user to log in with: ${user}`, 'Give --user, --user-password and --unit of a user of your institution.');
      const sts = `${ctx.discovery?.tls?.sts ?? ''}${new URL(ctx.discovery?.endpoints.sts ?? '/sts').pathname}`;
      const xml = passwordLoginRequest({ username: user.username, password: user.password, institutionId: ctx.institutionId ?? '', unitCode: user.unit, now: new Date(ctx.discovery?.clock.now ?? Date.now()), timestamp: true });
      try {
        const res = await send({ url: sts, method: 'POST', headers: { 'content-type': 'application/soap+xml; charset=utf-8' }, body: xml, timeoutMs: ctx.timeoutMs, tls: tlsOf(ctx) });
        const answer = readSoapAnswer(res.body);
        if (answer.kind === 'fault') return bad(`the STS refused the login of ${user.username}: ${answer.code}: ${answer.message}`, 'Check the user\'s credentials and that the user is a member of the institution and the unit.');
        if (answer.kind === 'malformed') return bad(`the STS answered HTTP ${res.status} without a SOAP envelope`, 'Check that nothing between the HIS and EESZT rewrites the traffic.');
        const token = readIssuedToken(res.body);
        return ok(`token ${token.tokenId} for ${user.username} at ${ctx.institutionId ?? ''} / ${user.unit}, valid until ${token.notOnOrAfter}`);
      } catch (err) {
        return bad(`the STS cannot be reached: ${(err as Error).message}`, 'Check port 4443 and the client certificate.');
      }
    },
  },
  {
    id: 'card-client',
    title: 'The card client (eSzemélyi Kliens) answers',
    needs: ['discovery'],
    async run(ctx) {
      const url = ctx.discovery?.endpoints.cardClient;
      if (url === undefined) return bad('the discovery document names no card client', 'Install and start the card client on the workstation.');
      try {
        const res = await fetch(url, { signal: AbortSignal.timeout(ctx.timeoutMs) });
        const body = (await res.json()) as { service?: string; readers?: unknown[] };
        if (!res.ok) return bad(`the card client answered HTTP ${res.status}`, 'Restart the card client.');
        return ok(`${body.service ?? 'card client'} at ${url}, ${body.readers?.length ?? 0} reader(s)`);
      } catch (err) {
        return bad(`the card client at ${url} does not answer: ${(err as Error).message}`, 'Install the card client (eSzemélyi Kliens) and make sure it runs (the simulator mounts one; `eeszt-sim reader` runs it standalone).');
      }
    },
  },
  {
    id: 'eid-server',
    title: 'The eID server answers',
    needs: ['discovery'],
    async run(ctx) {
      const url = ctx.discovery?.endpoints.eidServer;
      if (url === undefined) return bad('the discovery document names no eID server', 'Check the EESZT address.');
      try {
        const res = await fetch(url, { signal: AbortSignal.timeout(ctx.timeoutMs) });
        if (res.status >= 500) return bad(`the eID server answered HTTP ${res.status}`, 'The eID server has a problem: try later.');
        return ok(`eID server at ${url} answered HTTP ${res.status}`);
      } catch (err) {
        return bad(`the eID server at ${url} cannot be reached: ${(err as Error).message}`, 'Allow the workstation to reach the eID server (internet access, firewall).');
      }
    },
  },
];
