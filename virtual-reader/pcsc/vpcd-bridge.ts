/**
 * Connect a virtual card to pcscd through vsmartcard's vpcd driver, so that any PC/SC
 * application (pcsc_scan, pyscard, OpenSC, a HIS's own card code) sees the card in the
 * "Virtual PCD 00 00" reader. The open connection is the card being in the reader; `close()`
 * takes it out. The bridge never reconnects: when pcscd goes away the bridge ends (`closed`).
 * See docs/card-apdus.md, "PC/SC bridge".
 *
 * @example
 * ```ts
 * const bridge = await connectToVpcd({ card: new VirtualCard({ card, authKey, certificateDer, clock }) });
 * // ... `pcsc_scan` now shows the card ...
 * await bridge.close();
 * ```
 */
import { connect, type Socket } from 'node:net';
import type { SmartCard } from '../card/virtual-card.js';
import { answerVpcdMessage, encodeVpcdFrame, VPCD_DEFAULT_PORT, VpcdFrameReader } from './vpcd-protocol.js';

/** Options of {@link connectToVpcd}. */
export interface VpcdBridgeOptions {
  /** vpcd host (default 127.0.0.1). */
  host?: string;
  /** vpcd port (default 35963: reader "Virtual PCD 00 00"; 35964 is "Virtual PCD 00 01"). */
  port?: number;
  /** The card to present. */
  card: SmartCard;
  /** Give up connecting after this many ms (default 5000). */
  connectTimeoutMs?: number;
  /** Observe each exchange (payloads as vpcd sent them; `response` undefined for power commands). */
  onMessage?: (message: { request: Uint8Array; response: Uint8Array | undefined }) => void;
}

/** A running bridge. */
export interface VpcdBridge {
  /** Take the card out: power it down and close the connection. Idempotent. */
  close(): Promise<void>;
  /** Resolves when the connection has ended, by `close()` or by pcscd. */
  readonly closed: Promise<void>;
}

/**
 * Connect to vpcd and serve `card` until closed. Rejects when the connection cannot be made
 * (pcscd not running, vpcd not configured) or does not open in time.
 */
export function connectToVpcd(options: VpcdBridgeOptions): Promise<VpcdBridge> {
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? VPCD_DEFAULT_PORT;
  const card = options.card;
  const timeoutMs = options.connectTimeoutMs ?? 5_000;
  return new Promise<VpcdBridge>((resolve, reject) => {
    const socket: Socket = connect({ host, port });
    socket.setNoDelay(true);
    const frames = new VpcdFrameReader();
    let opened = false;
    const closed = new Promise<void>((done) => socket.once('close', () => done()));
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`vpcd at ${host}:${port} did not accept the connection within ${timeoutMs} ms`));
    }, timeoutMs);

    socket.on('error', (err) => {
      if (!opened) {
        clearTimeout(timer);
        reject(new Error(`cannot connect to vpcd at ${host}:${port} (is pcscd running with the vsmartcard-vpcd driver?): ${err.message}`, { cause: err }));
      }
      // After opening, an error is followed by 'close'; the bridge then simply ends.
    });
    socket.on('data', (chunk: Buffer) => {
      for (const request of frames.push(chunk)) {
        const response = answerVpcdMessage(card, request);
        options.onMessage?.({ request, response });
        if (response !== undefined && !socket.destroyed) socket.write(encodeVpcdFrame(response));
      }
    });
    socket.once('close', () => {
      if (card.powered) card.powerOff();
    });
    socket.once('connect', () => {
      opened = true;
      clearTimeout(timer);
      let closing: Promise<void> | undefined;
      resolve({
        closed,
        close(): Promise<void> {
          closing ??= (async () => {
            if (card.powered) card.powerOff();
            if (!socket.destroyed) {
              socket.end();
              const force = setTimeout(() => socket.destroy(), 2_000);
              await closed;
              clearTimeout(force);
            }
          })();
          return closing;
        },
      });
    });
  });
}
