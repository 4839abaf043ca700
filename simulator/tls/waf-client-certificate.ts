/**
 * WAF-SSL client-certificate enforcement for the TLS listeners, as production's web
 * application firewall does: on the STS and service listeners every request must come over a
 * TLS connection that presented a client certificate issued by the WAF-SSL CA, valid at the
 * simulator clock and not revoked. The organisation it names is recorded for the journal.
 * Plain-HTTP requests (the default quick-start listener) are not checked. Under the strict policy
 * the STS and services listeners already refuse the TLS handshake itself
 * (`handshake-guard.ts`); this middleware explains the refusal in-band on the portal listener and
 * under the lenient policy.
 */
import { X509Certificate } from 'node:crypto';
import type { TLSSocket } from 'node:tls';
import type { MiddlewareHandler } from 'hono';
import type { SimDeps, SimHonoEnv } from '../core/deps.js';
import { Forbidden } from '../core/errors.js';
import { serialHexOf, verifyChain } from '../pki/verify-chain.js';
import { revocationOf } from '../state/revocations.js';

const HOW_TO_GET_ONE = 'issue one with `eeszt-sim certs issue --kind waf --institution <E-id> --password <pw> --out org.p12` and configure it as the TLS client certificate';

/** CN (or organizationIdentifier) of a subject DN string. */
function organisationOf(subject: string): string | undefined {
  const org = /(?:^|,)\s*(?:organizationIdentifier|2\.5\.4\.97)=([^,]+)/.exec(subject)?.[1];
  return org ?? /(?:^|,)\s*CN=([^,]+)/.exec(subject)?.[1];
}

/** What {@link checkWafCertificate} decided. */
export type WafVerdict = { ok: true; subject: string; serialHex: string; organisation: string | undefined } | { ok: false; error: Forbidden; subject?: string; serialHex?: string };

/**
 * Check a TLS client certificate the way production's WAF does: present, issued by the WAF-SSL
 * CA (chain to the test root), valid at the simulator clock, and not revoked. Used both at the
 * TLS handshake (`handshake-guard.ts`) and, for connections that got through it, per request.
 */
export function checkWafCertificate(deps: SimDeps, peer: X509Certificate | undefined): WafVerdict {
  const wafCa = deps.pki.cas.waf;
  if (peer === undefined) {
    return { ok: false, error: new Forbidden(`this endpoint requires the WAF-SSL client certificate of your organisation (issued by \`${wafCa.subject}\`), and the TLS connection presented none; ${HOW_TO_GET_ONE}`, {}, 'WAF_CERTIFICATE_MISSING') };
  }
  const serialHex = serialHexOf(peer);
  const result = verifyChain(peer.toString(), [deps.pki.root.certPem, wafCa.certPem], deps.clock.now(), { purpose: 'clientAuth' });
  if (!result.ok) {
    const why =
      result.reason === 'unknown-issuer' || result.reason === 'bad-signature'
        ? `it is not a WAF-SSL certificate of this EESZT: its issuer \`${result.issuer ?? result.subject}\` is not \`${wafCa.subject}\``
        : result.message;
    return { ok: false, subject: peer.subject.replace(/\n/g, ', '), serialHex, error: new Forbidden(`the TLS client certificate was refused: ${why}; ${HOW_TO_GET_ONE}`, { details: { reason: result.reason } }, 'WAF_CERTIFICATE_REFUSED') };
  }
  if (result.chain[1] !== wafCa.subject) {
    return { ok: false, subject: result.subject, serialHex, error: new Forbidden(`the TLS client certificate \`${result.subject}\` was not issued by the WAF-SSL CA \`${wafCa.subject}\`; ${HOW_TO_GET_ONE}`, {}, 'WAF_CERTIFICATE_REFUSED') };
  }
  const revoked = revocationOf(deps.store, peer.serialNumber);
  if (revoked !== undefined) {
    return {
      ok: false,
      subject: result.subject,
      serialHex,
      error: new Forbidden(`the TLS client certificate \`${result.subject}\` (serial ${revoked.serialHex}) was revoked at ${revoked.revokedAt} (${revoked.reason}); request a new WAF-SSL certificate`, {}, 'WAF_CERTIFICATE_REVOKED'),
    };
  }
  return { ok: true, subject: result.subject, serialHex, organisation: organisationOf(result.subject) };
}

/** A chain verdict of one TLS connection's certificate, kept while the clock stays inside every validity period of the chain. */
interface KnownChain {
  raw: Buffer;
  /** The trust anchors it was verified against (the same strings while the PKI is the same). */
  rootPem: string;
  wafCaPem: string;
  subject: string;
  organisation: string | undefined;
  /** The latest notBefore and the earliest notAfter of the certificate and the CAs it was checked against (ms). */
  fromMs: number;
  untilMs: number;
}

/**
 * Middleware requiring the WAF-SSL client certificate on TLS listeners. The chain of a
 * connection's certificate is verified on its first request and remembered for that connection
 * (keyed by the certificate's exact bytes) while the simulator clock stays within the validity of
 * the certificate and of the CAs; revocation is checked on every request. Outside that window, or
 * for other bytes, the whole check runs again, so the verdicts are exactly those of
 * {@link checkWafCertificate}.
 */
export function requireWafCertificate(deps: SimDeps): MiddlewareHandler<SimHonoEnv> {
  const known = new WeakMap<TLSSocket, KnownChain>();
  let caWindow: { pems: readonly string[]; fromMs: number; untilMs: number } | undefined;
  const caValidity = (): { fromMs: number; untilMs: number } => {
    const pems = [deps.pki.root.certPem, deps.pki.cas.waf.certPem];
    if (caWindow === undefined || caWindow.pems.some((p, i) => p !== pems[i])) {
      const cas = pems.map((p) => new X509Certificate(p));
      caWindow = { pems, fromMs: Math.max(...cas.map((c) => Date.parse(c.validFrom))), untilMs: Math.min(...cas.map((c) => Date.parse(c.validTo))) };
    }
    return caWindow;
  };
  // Not an async function: on the plain-HTTP listener (and in process) it hands the request on at
  // once, with no promise of its own (it runs for every service request).
  return (c, next) => {
    const listener = c.env?.listener;
    if (listener === undefined || listener === 'http') return next();
    const socket = c.env?.incoming?.socket as TLSSocket | undefined;
    const peer = socket?.getPeerX509Certificate?.();
    const nowMs = deps.clock.now().getTime();
    const chain = socket === undefined || peer === undefined ? undefined : known.get(socket);
    let subject: string;
    let organisation: string | undefined;
    // the remembered chain, unless revoked since (then the whole check says so, in its words)
    if (chain !== undefined && peer !== undefined && nowMs >= chain.fromMs && nowMs <= chain.untilMs && chain.raw.equals(peer.raw) && chain.rootPem === deps.pki.root.certPem && chain.wafCaPem === deps.pki.cas.waf.certPem && revocationOf(deps.store, peer.serialNumber) === undefined) {
      ({ subject, organisation } = chain);
    } else {
      const verdict = checkWafCertificate(deps, peer);
      if (!verdict.ok) throw verdict.error;
      ({ subject, organisation } = verdict);
      if (socket !== undefined && peer !== undefined) {
        const ca = caValidity();
        known.set(socket, {
          raw: peer.raw,
          rootPem: deps.pki.root.certPem,
          wafCaPem: deps.pki.cas.waf.certPem,
          subject,
          organisation,
          fromMs: Math.max(ca.fromMs, Date.parse(peer.validFrom)),
          untilMs: Math.min(ca.untilMs, Date.parse(peer.validTo)),
        });
      }
    }
    c.set('client', { ...(c.get('client') ?? {}), ...(organisation === undefined ? {} : { organisation }), certificateSubject: subject });
    return next();
  };
}
