import { describe, expect, it } from 'vitest';
import { HmacDrbg, deterministicSerial, drbgFor } from './drbg.js';

describe('HmacDrbg', () => {
  it('matches the NIST CAVP HMAC_DRBG SHA-256 vector (no reseed, no personalization, count 0)', () => {
    const drbg = new HmacDrbg(
      Buffer.from('ca851911349384bffe89de1cbdc46e6831e44d34a4fb935ee285dd14b71a7488', 'hex'),
      Buffer.from('659ba96c601dc69fc902940805ec0ca8', 'hex'),
    );
    drbg.generate(128);
    expect(drbg.generate(128).toString('hex')).toBe(
      'e528e9abf2dece54d47c7e75e5fe302149f817ea9fb4bee6f4199697d04d5b89d54fbb978a15b5c443c9ec21036d2460b6f73ebad0dc2aba6e624abf07745bc107694bb7547bb0995f70de25d6b29e2d3011bb19d27676c07162c8b5ccde0668961df86803482cb37ed6d5c0bb8d50cf1f50d476aa0458bdaba806f48be9dcb8',
    );
  });

  it('is deterministic per (seed, label) and differs across seeds and labels', () => {
    expect(drbgFor(1, 'a').generate(40)).toEqual(drbgFor(1, 'a').generate(40));
    expect(drbgFor(1, 'a').generate(40)).not.toEqual(drbgFor(2, 'a').generate(40));
    expect(drbgFor(1, 'a').generate(40)).not.toEqual(drbgFor(1, 'b').generate(40));
  });

  it('derives positive 16-byte serial numbers', () => {
    const s = deterministicSerial(1, 'ca/root');
    expect(s.length).toBe(16);
    expect(s[0]! & 0x80).toBe(0);
    expect(s[0]).not.toBe(0);
    expect(deterministicSerial(1, 'ca/root')).toEqual(s);
  });
});
