/**
 * HTTP for the reference HIS, on node's own `http`/`https` modules: a timeout per request, and
 * on TLS connections the organisation's WAF-SSL certificate (the PKCS#12 file and its password,
 * exactly as the operator delivers them) plus the CA bundle that signs the EESZT servers.
 * Failures that never produced an answer are {@link TransportError}s, so callers can tell a
 * timeout or a dropped connection from an answer.
 *
 * @example
 * ```ts
 * const res = await send({ url: 'https://127.0.0.1:4443/sts', method: 'POST', headers: {}, body: xml, timeoutMs: 5000,
 *   tls: { pfx: readFileSync('org.p12'), passphrase: 'pw', ca: caBundlePem } });
 * ```
 */
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

/** TLS settings of a request. */
export interface TlsOptions {
  /** The WAF-SSL PKCS#12 file; leave out to connect without a client certificate. */
  pfx?: Buffer;
  passphrase?: string;
  /** PEM bundle of the CAs that sign the EESZT servers (discovery `certificates.caBundle`). */
  ca: string;
  /** Refuse a server whose certificate the CA bundle did not sign (default: true, always in production). */
  rejectUnauthorized?: boolean;
}

/** One request. */
export interface HttpRequest {
  url: string;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
  timeoutMs: number;
  tls?: TlsOptions;
}

/** One answer. */
export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** No answer: the request timed out or the connection failed / was dropped. */
export class TransportError extends Error {
  constructor(
    readonly kind: 'timeout' | 'connection',
    message: string,
  ) {
    super(message);
    this.name = 'TransportError';
  }
}

/** Send a request and read the whole answer. */
export function send(req: HttpRequest): Promise<HttpResponse> {
  return new Promise((resolve, reject) => {
    const url = new URL(req.url);
    const body = req.body === undefined ? undefined : Buffer.from(req.body, 'utf8');
    const headers = { ...req.headers, ...(body === undefined ? {} : { 'content-length': String(body.length) }) };
    const options = { method: req.method, headers, agent: false as const };
    const onResponse = (res: import('node:http').IncomingMessage): void => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', (err) => fail(new TransportError('connection', `the connection broke while reading the answer: ${err.message}`)));
      res.on('aborted', () => fail(new TransportError('connection', 'the connection broke while reading the answer')));
      res.on('end', () => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        const h: Record<string, string> = {};
        for (const [k, v] of Object.entries(res.headers)) if (typeof v === 'string') h[k] = v;
        resolve({ status: res.statusCode ?? 0, headers: h, body: Buffer.concat(chunks).toString('utf8') });
      });
    };
    const client =
      url.protocol === 'https:'
        ? httpsRequest(url, { ...options, ca: req.tls?.ca, rejectUnauthorized: req.tls?.rejectUnauthorized !== false, ...(req.tls?.pfx === undefined ? {} : { pfx: req.tls.pfx, passphrase: req.tls.passphrase }) }, onResponse)
        : httpRequest(url, options, onResponse);
    let settled = false;
    const fail = (err: TransportError): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      client.destroy();
      reject(err);
    };
    const timer = setTimeout(() => fail(new TransportError('timeout', `no answer from ${url.origin}${url.pathname} within ${req.timeoutMs} ms`)), req.timeoutMs);
    client.on('error', (err) => fail(new TransportError('connection', `${url.origin}${url.pathname}: ${err.message}`)));
    client.end(body);
  });
}
