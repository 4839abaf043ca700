import { sign, verify, createPublicKey } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { deterministicRsaKey } from './deterministic-rsa.js';
import { deterministicEcKey } from './deterministic-ec.js';

const pem = (k: ReturnType<typeof deterministicRsaKey>): string => k.export({ type: 'pkcs8', format: 'pem' }).toString();

describe('deterministicRsaKey', () => {
  const key = deterministicRsaKey(7, 'test/a');

  it('makes a 2048-bit RSA key with e = 65537 that signs and verifies (RSA-SHA256)', () => {
    expect(key.asymmetricKeyType).toBe('rsa');
    expect(key.asymmetricKeyDetails).toMatchObject({ modulusLength: 2048, publicExponent: 65537n });
    const data = Buffer.from('hello EESZT');
    const sig = sign('sha256', data, key);
    expect(verify('sha256', data, createPublicKey(key), sig)).toBe(true);
    expect(verify('sha256', Buffer.from('hello EESZT!'), createPublicKey(key), sig)).toBe(false);
  });

  it('gives the same key for the same (seed, label) and another one otherwise', () => {
    expect(pem(deterministicRsaKey(7, 'test/a'))).toBe(pem(key));
    expect(pem(deterministicRsaKey(7, 'test/b'))).not.toBe(pem(key));
    expect(pem(deterministicRsaKey(8, 'test/a'))).not.toBe(pem(key));
  });
});

describe('deterministicEcKey', () => {
  it('makes a P-256 key that signs and verifies, deterministically', () => {
    const key = deterministicEcKey(7, 'card/123456AB');
    expect(key.asymmetricKeyDetails).toMatchObject({ namedCurve: 'prime256v1' });
    const data = Buffer.from('challenge');
    const sig = sign('sha256', data, key);
    expect(verify('sha256', data, createPublicKey(key), sig)).toBe(true);
    expect(pem(deterministicEcKey(7, 'card/123456AB'))).toBe(pem(key));
    expect(pem(deterministicEcKey(8, 'card/123456AB'))).not.toBe(pem(key));
  });
});
