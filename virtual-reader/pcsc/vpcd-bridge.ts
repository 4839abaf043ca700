/**
 * Connect a virtual card to pcscd through vsmartcard's vpcd driver, so that any PC/SC
 * application (pcsc_scan, pyscard, OpenSC, a HIS's own card code) sees the card in the
 * "Virtual PCD 00 00" reader. The open connection is the card being in the reader; `close()`
 * takes it out. The bridge never reconnects: when pcscd goes away the bridge ends (`closed`).
 * Messages are answered one at a time, in order; a reader pseudo-APDU (`CLA FF`, secure PIN
 * entry on a PIN-pad reader, see `secure-pin-entry.ts`) may take as long as the cardholder
 * needs, so it is answered asynchronously by `readerCommand`. See docs/card-apdus.md,
 * "The PC/SC bridge".
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
import { encodeResponseApdu } from '../card/apdu.js';
import { SW } from '../card/status-words.js';
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
  /**
   * The reader's own handling of pseudo-APDUs (`CLA FF`), e.g. a PIN pad's secure PIN entry.
   * Without it they go to the card like any APDU (which refuses the class).
   */
  readerCommand?: (apdu: Uint8Array) => Promise<Uint8Array>;
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
    const readerCommand = options.readerCommand;
    const answer = async (request: Uint8Array): Promise<Uint8Array | undefined> => {
      if (readerCommand === undefined || request.length < 4 || request[0] !== 0xff) return answerVpcdMessage(card, request);
      try {
        return await readerCommand(request);
      } catch {
        return encodeResponseApdu(SW.NO_PRECISE_DIAGNOSIS);
      }
    };
    // One message at a time, in order: vpcd waits for each answer before it sends the next.
    let queue: Promise<void> = Promise.resolve();
    socket.on('data', (chunk: Buffer) => {
      for (const request of frames.push(chunk)) {
        queue = queue
          .then(async () => {
            if (socket.destroyed) return;
            const response = await answer(request);
            if (response !== undefined && !socket.destroyed) socket.write(encodeVpcdFrame(response));
            options.onMessage?.({ request, response });
          })
          .catch(() => undefined); // an observer's error must not stop the bridge
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
