/**
 * Deterministic RSA-2048 key generation from (seed, label), for the test PKI only.
 *
 * Node cannot seed `generateKeyPairSync`, and node-forge's seeded pure-JS generator takes
 * seconds per key, so the primes are searched here: candidates are drawn from the
 * {@link drbgFor} HMAC_DRBG (128 bytes each, top two bits and the low bit set, so p*q has
 * exactly 2048 bits), cheap trial division by small primes throws most composites away, and
 * the rest is tested with OpenSSL's `crypto.checkPrimeSync`. A prime p is kept only if
 * gcd(65537, p-1) = 1. The key is assembled as a JWK and imported with `createPrivateKey`.
 *
 * @example
 * ```ts
 * const key = deterministicRsaKey(1, 'sts');
 * const pem = key.export({ type: 'pkcs8', format: 'pem' }); // same PEM on every run
 * ```
 */
import { checkPrimeSync, createPrivateKey, type KeyObject } from 'node:crypto';
import { drbgFor, type HmacDrbg } from './drbg.js';

/** The public exponent of every generated key. */
export const RSA_PUBLIC_EXPONENT = 65537n;
const PRIME_BYTES = 128;

/** The first 400 odd primes and their product, computed on the first key generated (a PKI read from the disk cache never needs them). */
let smallPrimes: { primes: bigint[]; product: bigint } | undefined;

function smallPrimeTable(): { primes: bigint[]; product: bigint } {
  if (smallPrimes === undefined) {
    const out: number[] = [];
    for (let i = 3; out.length < 400; i += 2) {
      if (out.every((p) => p * p > i || i % p !== 0)) out.push(i);
    }
    const primes = out.map(BigInt);
    smallPrimes = { primes, product: primes.reduce((a, b) => a * b, 1n) };
  }
  return smallPrimes;
}

function toBigInt(bytes: Buffer): bigint {
  return BigInt(`0x${bytes.toString('hex')}`);
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

function modInverse(a: bigint, m: bigint): bigint {
  let [oldR, r] = [((a % m) + m) % m, m];
  let [oldS, s] = [1n, 0n];
  while (r !== 0n) {
    const q = oldR / r;
    [oldR, r] = [r, oldR - q * r];
    [oldS, s] = [s, oldS - q * s];
  }
  if (oldR !== 1n) throw new Error('value is not invertible');
  return ((oldS % m) + m) % m;
}

function passesTrialDivision(candidate: bigint): boolean {
  const { primes, product } = smallPrimeTable();
  const r = candidate % product;
  for (const p of primes) if (r % p === 0n) return false;
  return true;
}

function nextPrime(drbg: HmacDrbg): bigint {
  for (;;) {
    const bytes = drbg.generate(PRIME_BYTES);
    bytes[0] = bytes[0]! | 0xc0;
    bytes[PRIME_BYTES - 1] = bytes[PRIME_BYTES - 1]! | 0x01;
    const candidate = toBigInt(bytes);
    if (!passesTrialDivision(candidate)) continue;
    if (gcd(RSA_PUBLIC_EXPONENT, candidate - 1n) !== 1n) continue;
    if (checkPrimeSync(candidate)) return candidate;
  }
}

function b64u(n: bigint): string {
  let hex = n.toString(16);
  if (hex.length % 2 === 1) hex = `0${hex}`;
  return Buffer.from(hex, 'hex').toString('base64url');
}

/**
 * The RSA-2048 private key for (seed, label); the same inputs always give the same key.
 * Takes some tens of milliseconds (prime search).
 *
 * @example
 * ```ts
 * const key = deterministicRsaKey(7, 'ca/root');
 * const sig = crypto.sign('sha256', Buffer.from('x'), key);
 * ```
 */
export function deterministicRsaKey(seed: number, label: string): KeyObject {
  const drbg = drbgFor(seed, `rsa|${label}`);
  let p = nextPrime(drbg);
  let q = nextPrime(drbg);
  while (p === q) q = nextPrime(drbg);
  if (p < q) [p, q] = [q, p];
  const e = RSA_PUBLIC_EXPONENT;
  const n = p * q;
  const lambda = ((p - 1n) * (q - 1n)) / gcd(p - 1n, q - 1n);
  const d = modInverse(e, lambda);
  return createPrivateKey({
    key: {
      kty: 'RSA',
      n: b64u(n),
      e: b64u(e),
      d: b64u(d),
      p: b64u(p),
      q: b64u(q),
      dp: b64u(d % (p - 1n)),
      dq: b64u(d % (q - 1n)),
      qi: b64u(modInverse(q, p)),
    },
    format: 'jwk',
  });
}
