/**
 * A server impostor for TLS-SERVER-CERT: an HTTPS "STS" whose certificate is valid-looking
 * (signed by the test PKI) but issued for another host name, and a copy of the run's discovery
 * document that points the TLS endpoints at it. A HIS that verifies the server certificate
 * refuses the handshake; one that does not sends its login (password and all) to the impostor,
 * which counts the requests and answers 503.
 *
 * @example
 * ```ts
 * const impostor = await startImpostor(ctx.env.discovery, ctx.pki);
 * // give the HIS impostor.discovery, log in, then read impostor.seen()
 * await impostor.close();
 * ```
 */
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Credential, TestPki } from '../../simulator/pki/types.js';

/** What the impostor saw. */
export interface ImpostorSeen {
  /** TLS handshakes the client completed (it accepted the wrong certificate). */
  accepted: number;
  /** TLS handshakes the client broke off (it refused the certificate). */
  refused: number;
  /** HTTP requests that came through an accepted connection. */
  requests: number;
}

/** A running impostor. */
export interface Impostor {
  /** Discovery URL to give the HIS. */
  readonly discovery: string;
  /** The host name its certificate was issued for. */
  readonly certificateHost: string;
  seen(): ImpostorSeen;
  close(): Promise<void>;
}

/** The wrong certificate's host name (reserved `.invalid` TLD: never a real server). */
export const IMPOSTOR_HOST = 'sts.eeszt-impostor.invalid';

const credentials = new WeakMap<TestPki, Credential>();

/** The impostor's certificate: issued once per PKI (about a second of key work). */
function impostorCredential(pki: TestPki): Credential {
  let c = credentials.get(pki);
  if (c === undefined) {
    c = pki.issue({ kind: 'tls-server', hosts: [IMPOSTOR_HOST], label: 'conformance-impostor-sts' });
    credentials.set(pki, c);
  }
  return c;
}

const listenOn = (server: Server): Promise<number> =>
  new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });

/** Start an impostor in front of the run whose discovery URL is `discovery`. */
export async function startImpostor(discovery: string, pki: TestPki): Promise<Impostor> {
  const credential = impostorCredential(pki);
  const seen: ImpostorSeen = { accepted: 0, refused: 0, requests: 0 };
  const tls = createHttpsServer({ cert: credential.certPem, key: credential.keyPem }, (req, res) => {
    seen.requests++;
    req.resume();
    res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' }).end('503 impostor: this server is not EESZT\n');
  });
  tls.on('secureConnection', () => seen.accepted++);
  tls.on('tlsClientError', () => seen.refused++);
  const tlsPort = await listenOn(tls);
  const origin = `https://127.0.0.1:${tlsPort}`;
  const plain = createHttpServer((_req, res) => {
    fetch(discovery)
      .then(async (r) => {
        const doc = (await r.json()) as { tls: Record<string, string> | null };
        if (doc.tls !== null) doc.tls = { ...doc.tls, sts: origin, services: origin };
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(doc));
      })
      .catch((err: Error) => res.writeHead(502, { 'content-type': 'text/plain' }).end(`discovery not available: ${err.message}`));
  });
  const plainPort = await listenOn(plain);
  return {
    discovery: `http://127.0.0.1:${plainPort}/.well-known/eeszt-sim`,
    certificateHost: IMPOSTOR_HOST,
    seen: () => ({ ...seen }),
    async close() {
      tls.closeAllConnections();
      plain.closeAllConnections();
      await Promise.all([new Promise((r) => tls.close(r)), new Promise((r) => plain.close(r))]);
    },
  };
}
