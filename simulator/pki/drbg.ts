/**
 * HMAC_DRBG (NIST SP 800-90A rev. 1, section 10.1.2) with SHA-256, without prediction resistance
 * and without reseeding. It is the only source of randomness for the deterministic test PKI:
 * every key and serial number is drawn from a DRBG instantiated from (seed, label), so the same
 * seed always gives the same material. This is a test fixture generator, not a production RNG.
 *
 * @example
 * ```ts
 * const bytes = drbgFor(1, 'ca/root').generate(32); // always the same 32 bytes
 * ```
 */
import { createHmac } from 'node:crypto';

const OUTLEN = 32;
/** SP 800-90A limit for one HMAC_DRBG request: 2^19 bits. */
const MAX_REQUEST_BYTES = 65_536;

/** Version tag mixed into every derivation; bump it (and the cache format) to change all material. */
export const DRBG_DOMAIN = 'eeszt-sim test PKI v1';

function hmac(key: Buffer, ...parts: Buffer[]): Buffer {
  const h = createHmac('sha256', key);
  for (const p of parts) h.update(p);
  return h.digest();
}

/** An HMAC_DRBG (SHA-256) instance. */
export class HmacDrbg {
  private key: Buffer = Buffer.alloc(OUTLEN, 0x00);
  private v: Buffer = Buffer.alloc(OUTLEN, 0x01);

  /**
   * Instantiate: seed_material = entropyInput || nonce || personalization.
   *
   * @example
   * ```ts
   * const drbg = new HmacDrbg(Buffer.from('entropy'), Buffer.alloc(0), Buffer.from('label'));
   * ```
   */
  constructor(entropyInput: Uint8Array, nonce: Uint8Array = new Uint8Array(0), personalization: Uint8Array = new Uint8Array(0)) {
    this.update(Buffer.concat([entropyInput, nonce, personalization]));
  }

  private update(provided: Buffer | undefined): void {
    const data = provided ?? Buffer.alloc(0);
    this.key = hmac(this.key, this.v, Buffer.from([0x00]), data);
    this.v = hmac(this.key, this.v);
    if (data.length === 0) return;
    this.key = hmac(this.key, this.v, Buffer.from([0x01]), data);
    this.v = hmac(this.key, this.v);
  }

  /**
   * Generate `length` pseudo-random bytes (one SP 800-90A generate call, no additional input).
   *
   * @example
   * ```ts
   * const candidate = drbg.generate(128);
   * ```
   */
  generate(length: number): Buffer {
    if (!Number.isInteger(length) || length < 0 || length > MAX_REQUEST_BYTES) {
      throw new RangeError(`HMAC_DRBG request of ${length} bytes; ask for 0..${MAX_REQUEST_BYTES} bytes per call`);
    }
    const out: Buffer[] = [];
    let have = 0;
    while (have < length) {
      this.v = hmac(this.key, this.v);
      out.push(this.v);
      have += this.v.length;
    }
    this.update(undefined);
    return Buffer.concat(out).subarray(0, length);
  }
}

/**
 * The DRBG for one piece of material: entropy input = `"eeszt-sim test PKI v1|seed=<seed>"`,
 * empty nonce, personalization string = the label (UTF-8).
 *
 * @example
 * ```ts
 * const a = drbgFor(7, 'sts').generate(16);
 * const b = drbgFor(7, 'sts').generate(16); // a.equals(b) === true
 * ```
 */
export function drbgFor(seed: number, label: string): HmacDrbg {
  if (!Number.isSafeInteger(seed) || seed < 0) throw new RangeError(`seed must be a non-negative integer, got ${seed}`);
  return new HmacDrbg(Buffer.from(`${DRBG_DOMAIN}|seed=${seed}`, 'utf8'), Buffer.alloc(0), Buffer.from(label, 'utf8'));
}

/**
 * A deterministic, positive, 16-byte certificate serial number for (seed, label): the first
 * 16 DRBG bytes for label `serial|<label>`, top bit cleared and first byte made non-zero.
 *
 * @example
 * ```ts
 * deterministicSerial(1, 'ca/root').length; // 16
 * ```
 */
export function deterministicSerial(seed: number, label: string): Buffer {
  const bytes = drbgFor(seed, `serial|${label}`).generate(16);
  bytes[0] = (bytes[0]! & 0x7f) | 0x01;
  return bytes;
}
