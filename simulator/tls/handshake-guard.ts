/**
 * The TLS handshake refusal of the STS and services listeners (seed 003: „csak a kulcs
 * ellenőrzését követően kerül a kommunikációs csatorna felépítésre”): under the strict policy no
 * channel exists without a valid WAF-SSL client certificate.
 *
 * - **No certificate**: the listener is created with `requestCert` and `rejectUnauthorized`, so
 *   OpenSSL itself ends the handshake with an alert (`certificate_required` in TLS 1.3,
 *   `handshake_failure` in TLS 1.2).
 * - **A certificate OpenSSL cannot chain** to the EESZT test root (another PKI, self-signed):
 *   Node closes the connection as the handshake completes, before any application byte.
 * - **A certificate that chains but is not a valid WAF-SSL one** (issued by another EESZT CA,
 *   expired or not yet valid at the simulator clock, revoked): {@link checkWafCertificate} runs as
 *   the handshake completes, and the connection is closed before any HTTP byte is read.
 *
 * Each refusal is logged (warn) and journaled (service `tls`, the WAF error code, the reason and
 * what to do), since the refused client gets no HTTP answer to read. The portal listener does
 * not refuse: it answers the same check in-band (`WAF_CERTIFICATE_*` problem JSON), which is
 * what the connection check points users to.
 *
 * @example
 * ```ts
 * guardHandshakes(server, 'sts', sim.deps);
 * ```
 */
import { randomUUID } from 'node:crypto';
import type { Server as TlsServer, TLSSocket } from 'node:tls';
import type { SimDeps, TlsListener } from '../core/deps.js';
import { checkWafCertificate } from './waf-client-certificate.js';

/** What a refused handshake is journaled with. */
export interface HandshakeRefusal {
  listener: TlsListener;
  code: 'WAF_CERTIFICATE_MISSING' | 'WAF_CERTIFICATE_REFUSED' | 'WAF_CERTIFICATE_REVOKED';
  message: string;
  address: string | undefined;
  certificateSubject?: string;
  certificateSerial?: string;
}

/** The OpenSSL error of a client that sent no certificate to a listener that requires one. */
const NO_CERTIFICATE = /PEER_DID_NOT_RETURN_A_CERTIFICATE|peer did not return a certificate/i;

const WAF_HINT = 'present the WAF-SSL client certificate of your organisation (`eeszt-sim certs issue --kind waf --institution <E-id> --password <pw> --out org.p12`, or download it at the Ágazati portál); `eeszt-sim check --p12 org.p12 --password <pw>` says what is wrong with one';

/** Journal and log one refused handshake. */
export function recordRefusal(deps: SimDeps, refusal: HandshakeRefusal): void {
  const now = deps.clock.now().toISOString();
  const detail = { code: refusal.code, detail: refusal.message, stage: 'tls-handshake' };
  const body = JSON.stringify(detail);
  deps.log.warn(`TLS handshake on the ${refusal.listener} listener${refusal.address === undefined ? '' : ` from ${refusal.address}`} refused: ${refusal.code}: ${refusal.message}`);
  deps.journal.append({
    time: now,
    service: 'tls',
    correlationId: randomUUID(),
    request: { method: 'TLS', path: `/${refusal.listener}`, query: '', headers: {}, body: '', bytes: 0, truncated: false },
    response: { status: 0, headers: {}, body, bytes: body.length, truncated: false },
    summary: {
      operation: 'TLS handshake',
      outcome: 'refused',
      listener: refusal.listener,
      ...(refusal.certificateSerial === undefined ? {} : { certificateSerial: refusal.certificateSerial }),
    },
    errorCode: refusal.code,
    client: {
      ...(refusal.address === undefined ? {} : { address: refusal.address }),
      ...(refusal.certificateSubject === undefined ? {} : { certificateSubject: refusal.certificateSubject }),
    },
    durationMs: 0,
  });
}

/**
 * Refuse handshakes without a valid WAF-SSL client certificate on one TLS server. The server
 * must have been created with `requestCert: true, rejectUnauthorized: true` (see `listen.ts`);
 * `enforce()` is read per connection, so that the lenient policy lets connections through to the
 * in-band check.
 */
export function guardHandshakes(server: TlsServer, listener: TlsListener, deps: SimDeps, enforce: () => boolean = () => true): void {
  // rule: TLS-HANDSHAKE (docs/rules.md)
  server.on('tlsClientError', (err: Error & { code?: string }, socket: TLSSocket) => {
    if (!NO_CERTIFICATE.test(`${err.code ?? ''} ${err.message}`)) return; // not a certificate matter (protocol, cipher, aborted)
    recordRefusal(deps, {
      listener,
      code: 'WAF_CERTIFICATE_MISSING',
      message: `the TLS handshake was refused: the ${listener} listener requires the WAF-SSL client certificate of your organisation (issued by \`${deps.pki.cas.waf.subject}\`), and the client presented none; ${WAF_HINT}`,
      address: socket.remoteAddress,
    });
  });
  const judged = new WeakSet<TLSSocket>();
  const refusedByUs = new WeakSet<TLSSocket>();
  /**
   * Run the WAF check once per connection and record a refusal. The socket is closed in the
   * `secureConnection` listener below (closing it inside a `secure` listener would pull the
   * handle from under Node's own listener).
   */
  const judge = (socket: TLSSocket): void => {
    if (judged.has(socket) || socket.destroyed) return;
    judged.add(socket);
    if (!enforce()) return;
    const verdict = checkWafCertificate(deps, socket.getPeerX509Certificate());
    if (verdict.ok) return;
    recordRefusal(deps, {
      listener,
      code: verdict.error.code as HandshakeRefusal['code'],
      message: `the TLS handshake was refused: ${verdict.error.message}`,
      address: socket.remoteAddress,
      ...(verdict.subject === undefined ? {} : { certificateSubject: verdict.subject }),
      ...(verdict.serialHex === undefined ? {} : { certificateSerial: verdict.serialHex }),
    });
    refusedByUs.add(socket);
  };
  // The key-log event is the one documented event that hands over the socket during the
  // handshake (its key material line is ignored, never stored). It lets the check run as the
  // handshake completes, before Node's own verdict: Node closes a socket whose certificate
  // OpenSSL could not chain without any event, so the reason would otherwise be lost.
  const hooked = new WeakSet<TLSSocket>();
  server.on('keylog', (_line: Buffer, socket: TLSSocket) => {
    if (hooked.has(socket)) return;
    hooked.add(socket);
    socket.prependOnceListener('secure', () => judge(socket));
    socket.once('secure', () => {
      // Refused by OpenSSL's chain check although the simulator's own check passed (the real
      // clock and the simulator clock disagree about the validity period).
      if (!socket.destroyed || refusedByUs.has(socket) || socket.authorizationError === undefined || socket.authorizationError === null) return;
      recordRefusal(deps, {
        listener,
        code: 'WAF_CERTIFICATE_REFUSED',
        message: `the TLS handshake was refused by the TLS library's own certificate check (${String(socket.authorizationError)}, judged by the real-time clock); use a WAF-SSL certificate of this EESZT valid today; ${WAF_HINT}`,
        address: socket.remoteAddress,
      });
    });
  });
  // Runs before the HTTP server's own listener, so a refused socket never gets an HTTP parser
  // (and judges sockets the key-log hook did not see).
  server.prependListener('secureConnection', (socket: TLSSocket) => {
    judge(socket);
    if (refusedByUs.has(socket)) socket.destroy();
  });
}
