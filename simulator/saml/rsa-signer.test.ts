import { createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, sign, verify, type KeyObject } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { directSigns, rsaSha256Now, signRsaSha256, type SignerStrategy } from './rsa-signer.js';

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const other = createPrivateKey(generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }));

describe('signRsaSha256', () => {
  const strategies: SignerStrategy[] = ['pool', 'sync', 'worker', 'ring', 'balanced'];
  it.each(strategies)('%s gives the bytes of the synchronous crypto.sign, many in flight and with two keys', async (strategy) => {
    // Non-ASCII text: the signature covers its UTF-8 bytes on every path.
    const texts = Array.from({ length: 40 }, (_, i) => `<ds:SignedInfo>ő${i}${randomBytes(300).toString('base64')}</ds:SignedInfo>`);
    const keys = texts.map((_, i) => (i % 3 === 0 ? other : privateKey));
    const values = await Promise.all(texts.map((t, i) => signRsaSha256(t, keys[i] ?? privateKey, strategy)));
    expect(values).toEqual(texts.map((t, i) => sign('sha256', Buffer.from(t, 'utf8'), keys[i] ?? privateKey).toString('base64')));
  });

  it.each(strategies)('%s rejects (never throws) when the key cannot sign, and signs again after', async (strategy) => {
    const again = createPrivateKey(privateKey.export({ type: 'pkcs8', format: 'pem' }));
    const ec = generateKeyPairSync('ed25519').privateKey;
    // Ed25519 takes no digest: crypto.sign('sha256', ..., ed25519) fails on every path.
    await expect(signRsaSha256('x', ec, strategy)).rejects.toThrow();
    // The path still works after a failure.
    await expect(signRsaSha256('x', again, strategy)).resolves.toBe(sign('sha256', Buffer.from('x'), again).toString('base64'));
  });
});

describe('rsaSha256Now', () => {
  it('gives the bytes of crypto.sign for RSA keys of every size, on texts of every length', () => {
    for (const modulusLength of [1024, 2048, 3072]) {
      const key = modulusLength === 2048 ? privateKey : generateKeyPairSync('rsa', { modulusLength }).privateKey;
      for (const n of [0, 1, 55, 56, 64, 700, 5000]) {
        const bytes = randomBytes(n);
        expect(rsaSha256Now(bytes, key).equals(sign('sha256', bytes, key))).toBe(true);
      }
      // ... by the direct path (the probe gave crypto.sign's bytes), not by falling back to crypto.sign.
      expect(directSigns(key)).toBe(true);
    }
  });

  it('signs with crypto.sign what is not a plain RSA private key (RSA-PSS), and fails as it does (Ed25519, a public key)', () => {
    const pss = generateKeyPairSync('rsa-pss', { modulusLength: 2048 });
    const bytes = Buffer.from('<ds:SignedInfo>x</ds:SignedInfo>');
    // RSA-PSS signatures are randomised: verified, not compared.
    expect(verify('sha256', bytes, pss.publicKey, rsaSha256Now(bytes, pss.privateKey))).toBe(true);
    expect(() => rsaSha256Now(bytes, generateKeyPairSync('ed25519').privateKey)).toThrow();
    expect(() => rsaSha256Now(bytes, createPublicKey(privateKey))).toThrow();
    expect(directSigns(pss.privateKey)).toBe(false);
    // A PEM text (JavaScript callers) is read by crypto.sign, as before.
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }) as unknown as KeyObject;
    expect(rsaSha256Now(bytes, pem).equals(sign('sha256', bytes, privateKey))).toBe(true);
  });
});

describe('signRsaSha256 on the ring', () => {
  it('balanced: with more in flight than the backlog, some are signed on the event loop, every one right', async () => {
    const texts = Array.from({ length: 30 }, (_, i) => `<ds:SignedInfo>${i}${randomBytes(200).toString('base64')}</ds:SignedInfo>`);
    // Settled in the same turn only when signed here (the ring's answers come in a later message).
    let settledNow = 0;
    const promises = texts.map((t) => {
      const p = signRsaSha256(t, privateKey, 'balanced');
      void p.then(() => settledNow++);
      return p;
    });
    await Promise.resolve();
    expect(settledNow).toBeGreaterThan(0);
    expect(settledNow).toBeLessThan(texts.length);
    expect(await Promise.all(promises)).toEqual(texts.map((t) => sign('sha256', Buffer.from(t, 'utf8'), privateKey).toString('base64')));
  });

  it('signs more texts than the ring has slots, in flight at once, each with its own bytes', async () => {
    const texts = Array.from({ length: 200 }, (_, i) => `<ds:SignedInfo>${i}${randomBytes(200).toString('base64')}</ds:SignedInfo>`);
    const values = await Promise.all(texts.map((t) => signRsaSha256(t, privateKey, 'ring')));
    expect(values).toEqual(texts.map((t) => sign('sha256', Buffer.from(t, 'utf8'), privateKey).toString('base64')));
  });

  it('signs a text longer than a slot (on the pool), and texts of every length around a slot', async () => {
    const texts = [4095, 4096, 4097, 20_000].map((n) => 'é'.repeat(Math.floor(n / 2)) + 'x'.repeat(n % 2));
    const values = await Promise.all(texts.map((t) => signRsaSha256(t, privateKey, 'ring')));
    expect(values).toEqual(texts.map((t) => sign('sha256', Buffer.from(t, 'utf8'), privateKey).toString('base64')));
  });
});
