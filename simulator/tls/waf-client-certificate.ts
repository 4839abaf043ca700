/**
 * WAF-SSL client-certificate enforcement for the TLS listeners, as production's web
 * application firewall does: on the STS and service listeners every request must come over a
 * TLS connection that presented a client certificate issued by the WAF-SSL CA, valid at the
 * simulator clock and not revoked. The organisation it names is recorded for the journal.
 * Plain-HTTP requests (the default quick-start listener) are not checked.
 */
import type { TLSSocket } from 'node:tls';
import type { MiddlewareHandler } from 'hono';
import type { SimDeps, SimHonoEnv } from '../core/deps.js';
import { Forbidden } from '../core/errors.js';
import { verifyChain } from '../pki/verify-chain.js';
import { revocationOf } from '../state/revocations.js';

const HOW_TO_GET_ONE = 'issue one with `eeszt-sim certs issue --kind waf --institution <E-id> --password <pw> --out org.p12` and configure it as the TLS client certificate';

/** CN (or organizationIdentifier) of a subject DN string. */
function organisationOf(subject: string): string | undefined {
  const org = /(?:^|,)\s*(?:organizationIdentifier|2\.5\.4\.97)=([^,]+)/.exec(subject)?.[1];
  return org ?? /(?:^|,)\s*CN=([^,]+)/.exec(subject)?.[1];
}

/** Middleware requiring the WAF-SSL client certificate on TLS listeners. */
export function requireWafCertificate(deps: SimDeps): MiddlewareHandler<SimHonoEnv> {
  return async (c, next) => {
    const listener = c.env?.listener;
    if (listener === undefined || listener === 'http') return next();
    const socket = c.env?.incoming?.socket as TLSSocket | undefined;
    const peer = socket?.getPeerX509Certificate?.();
    const wafCa = deps.pki.cas.waf;
    if (peer === undefined) {
      throw new Forbidden(`this endpoint requires the WAF-SSL client certificate of your organisation (issued by \`${wafCa.subject}\`), and the TLS connection presented none; ${HOW_TO_GET_ONE}`, {}, 'WAF_CERTIFICATE_MISSING');
    }
    const result = verifyChain(peer.toString(), [deps.pki.root.certPem, wafCa.certPem], deps.clock.now(), { purpose: 'clientAuth' });
    if (!result.ok) {
      const why =
        result.reason === 'unknown-issuer' || result.reason === 'bad-signature'
          ? `it is not a WAF-SSL certificate of this EESZT: its issuer \`${result.issuer ?? result.subject}\` is not \`${wafCa.subject}\``
          : result.message;
      throw new Forbidden(`the TLS client certificate was refused: ${why}; ${HOW_TO_GET_ONE}`, { details: { reason: result.reason } }, 'WAF_CERTIFICATE_REFUSED');
    }
    const issuedByWaf = result.chain[1] === wafCa.subject;
    if (!issuedByWaf) {
      throw new Forbidden(`the TLS client certificate \`${result.subject}\` was not issued by the WAF-SSL CA \`${wafCa.subject}\`; ${HOW_TO_GET_ONE}`, {}, 'WAF_CERTIFICATE_REFUSED');
    }
    const serial = peer.serialNumber;
    const revoked = revocationOf(deps.store, serial);
    if (revoked !== undefined) {
      throw new Forbidden(
        `the TLS client certificate \`${result.subject}\` (serial ${revoked.serialHex}) was revoked at ${revoked.revokedAt} (${revoked.reason}); request a new WAF-SSL certificate`,
        {},
        'WAF_CERTIFICATE_REVOKED',
      );
    }
    const organisation = organisationOf(result.subject);
    c.set('client', { ...(c.get('client') ?? {}), ...(organisation === undefined ? {} : { organisation }), certificateSubject: result.subject });
    return next();
  };
}
