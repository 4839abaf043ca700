/**
 * Node listeners for a composed simulator: plain HTTP (default 127.0.0.1:8080) and, in TLS
 * mode, three HTTPS listeners mirroring production's 443, 4443 and 5443 (default 8443, 4443,
 * 5443) with server certificates from the test PKI and client-certificate requests. Under the
 * strict policy the STS and services listeners refuse the TLS handshake without a valid WAF-SSL
 * client certificate (see `../tls/handshake-guard.ts`). Every listener is behind admission control
 * (`./admission.ts`): a saturated simulator queues requests for a bounded time, first come first
 * served, and answers `OVERLOADED` (503, Retry-After) to those it cannot serve in that time.
 *
 * @example
 * ```ts
 * const listeners = await listen(sim, { host: '127.0.0.1', port: 8080 });
 * await listeners.close();
 * ```
 */
import type { Server } from 'node:net';
import type { Server as TlsServer } from 'node:tls';
import { serve, type ServerType } from '@hono/node-server';
import type { Simulator } from '../simulator.js';
import type { SimHonoEnv, TlsListener } from '../core/deps.js';
import { guardHandshakes } from '../tls/handshake-guard.js';
import { admittingFetch, createAdmission, type AdmissionOptions } from './admission.js';

/** Options for {@link listen}. */
export interface ListenOptions {
  host: string;
  /** Plain HTTP port; 0 picks a free one; null turns plain HTTP off. */
  port: number | null;
  /** HTTPS ports; omit for no TLS. */
  tls?: { portal: number; sts: number; services: number };
  /** Overload bounds (admission.ts); every listener shares them. Default: the documented defaults. */
  admission?: AdmissionOptions;
}

/** Running listeners. */
export interface Listeners {
  /** Origin of the plain HTTP listener, e.g. `http://127.0.0.1:8080`. */
  httpOrigin: string | undefined;
  tlsOrigins: Record<TlsListener, string> | undefined;
  close(): Promise<void>;
}

function hostForUrl(host: string): string {
  return host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host;
}

function start(options: Parameters<typeof serve>[0]): Promise<ServerType> {
  return new Promise((resolve, reject) => {
    const server = serve(options, () => resolve(server));
    server.once('error', reject);
  });
}

function portOf(server: ServerType): number {
  const addr = (server as Server).address();
  return typeof addr === 'object' && addr !== null ? addr.port : 0;
}

/** Start the listeners. Rejects (with the OS error) when a port cannot be bound. */
export async function listen(sim: Simulator, options: ListenOptions): Promise<Listeners> {
  const servers: ServerType[] = [];
  const admission = createAdmission(options.admission);
  const front = admittingFetch(sim, admission);
  const urlHost = hostForUrl(options.host);
  let httpOrigin: string | undefined;
  try {
    if (options.port !== null) {
      const server = await start({ fetch: (req, env) => front(req, { ...(env as SimHonoEnv['Bindings']), listener: 'http' }), hostname: options.host, port: options.port });
      servers.push(server);
      httpOrigin = `http://${urlHost}:${portOf(server)}`;
    }
    let tlsOrigins: Record<TlsListener, string> | undefined;
    if (options.tls !== undefined) {
      // Loaded only for the TLS listeners: node:https costs several ms of start-up CPU (issue 16 goal 4).
      const { createServer: createHttpsServer } = await import('node:https');
      const { pki } = sim.deps;
      const strict = (): boolean => sim.deps.config.policy === 'strict';
      const baseOptions = {
        key: pki.tlsServer.keyPem,
        cert: [pki.tlsServer.certPem, ...pki.tlsServer.chainPem.slice(0, -1)].join(''),
        requestCert: true,
        ca: [pki.cas.waf.certPem, pki.root.certPem],
      };
      const origins = {} as Record<TlsListener, string>;
      for (const listener of ['portal', 'sts', 'services'] as const) {
        // The portal listener asks for a certificate but never refuses the handshake: what needs
        // one there is refused in-band with a message. The STS and services listeners refuse the
        // handshake itself under the strict policy (handshake-guard.ts).
        const refuse = listener !== 'portal' && strict();
        const server = await start({
          fetch: (req, env) => front(req, { ...(env as SimHonoEnv['Bindings']), listener }),
          hostname: options.host,
          port: options.tls[listener],
          createServer: createHttpsServer,
          serverOptions: { ...baseOptions, rejectUnauthorized: refuse },
        });
        if (refuse) guardHandshakes(server as unknown as TlsServer, listener, sim.deps, strict);
        servers.push(server);
        origins[listener] = `https://${urlHost}:${portOf(server)}`;
      }
      tlsOrigins = origins;
      sim.deps.config.tls = origins;
    }
    return {
      httpOrigin,
      tlsOrigins,
      close: async () => {
        admission.close();
        await closeAll(servers);
      },
    };
  } catch (err) {
    admission.close();
    await closeAll(servers);
    throw err;
  }
}

async function closeAll(servers: ServerType[]): Promise<void> {
  await Promise.all(
    servers.map(
      (s) =>
        new Promise<void>((resolve) => {
          const srv = s as Server & { closeAllConnections?: () => void };
          srv.close(() => resolve());
          srv.closeAllConnections?.();
        }),
    ),
  );
}
