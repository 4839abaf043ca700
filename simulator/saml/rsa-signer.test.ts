import { execFile } from 'node:child_process';
import { createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, sign, verify, type KeyObject } from 'node:crypto';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { directSigns, rsaSha256Now, signingThreads, signRsaSha256, type SignerStrategy } from './rsa-signer.js';

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const other = createPrivateKey(generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }));

describe('signing threads', () => {
  it('none is started before the first signature that needs one (start-up stays cheap)', () => {
    // Nothing in this file has signed yet: importing the module starts no thread, whatever EESZT_SIM_SIGNER says.
    expect(signingThreads()).toEqual([]);
  });
});

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

describe('signing threads that stop or fail', () => {
  const expected = (t: string, key: KeyObject = privateKey): string => sign('sha256', Buffer.from(t, 'utf8'), key).toString('base64');
  const texts = (n: number, tag: string): string[] => Array.from({ length: n }, (_, i) => `<ds:SignedInfo>${tag}${i}${randomBytes(200).toString('base64')}</ds:SignedInfo>`);

  it.each(['worker', 'ring'] as const)('%s: a thread killed with signatures waiting fails them with a clear error, and the next ones get a new thread', async (strategy) => {
    await signRsaSha256('before', privateKey, strategy);
    const before = signingThreads();
    const batch = texts(60, strategy);
    const settling = Promise.allSettled(batch.map((t) => signRsaSha256(t, privateKey, strategy)));
    // The worker's batch leaves at the end of this turn of the event loop; the ring's slots are filled at once.
    await new Promise((resolve) => setImmediate(resolve));
    await Promise.all(before.map((t) => t.terminate()));
    const results = await settling;
    const failed = results.filter((r) => r.status === 'rejected');
    // 60 signatures take far longer than terminating: some (the worker: all, it answers a batch at once) fail.
    expect(failed.length).toBeGreaterThan(0);
    for (const r of failed) expect(String(r.reason)).toMatch(/the signing (worker|thread) stopped \(exit code 1\); the next signature starts a new one/);
    // Whatever was signed before the thread stopped is right.
    results.forEach((r, i) => {
      if (r.status === 'fulfilled') expect(r.value).toBe(expected(batch[i] ?? ''));
    });
    // The next signatures (the same key: sent again to the new thread) are made by a new thread.
    const again = texts(5, `${strategy}-again`);
    expect(await Promise.all(again.map((t) => signRsaSha256(t, privateKey, strategy)))).toEqual(again.map((t) => expected(t)));
    const after = signingThreads();
    for (const t of before) expect(after).not.toContain(t);
    expect(after.length).toBeGreaterThan(0);
  });

  it('worker: a thread that throws fails the signatures it had with its error, and the next ones get a new thread', async () => {
    await signRsaSha256('before', privateKey, 'worker');
    const [thread] = signingThreads();
    // A message the signing code does not expect makes it throw outside its per-signature try.
    thread?.postMessage(null);
    const results = await Promise.allSettled(texts(3, 'thrown').map((t) => signRsaSha256(t, privateKey, 'worker')));
    for (const r of results) {
      expect(r.status).toBe('rejected');
      if (r.status === 'rejected') expect(String(r.reason)).toMatch(/the signing worker failed: .*null/);
    }
    await expect(signRsaSha256('after', privateKey, 'worker')).resolves.toBe(expected('after'));
    expect(signingThreads()).not.toContain(thread);
  });

  it.each(['worker', 'ring'] as const)('%s: many keys, each sent once per thread, every signature with its own key', async (strategy) => {
    const keys = Array.from({ length: 12 }, () => generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey);
    const batch = texts(48, `keys-${strategy}`);
    const values = await Promise.all(batch.map((t, i) => signRsaSha256(t, keys[i % keys.length] ?? privateKey, strategy)));
    expect(values).toEqual(batch.map((t, i) => expected(t, keys[i % keys.length])));
  });

  it.each(['worker', 'ring'] as const)('%s: an idle signing thread does not keep the process alive', async (strategy) => {
    // The built module (npx tsc -p tsconfig.json) in a process of its own, which must end by itself once signed.
    const built = fileURLToPath(new URL('../../dist/simulator/saml/rsa-signer.js', import.meta.url));
    expect(existsSync(built)).toBe(true);
    const script = `const { generateKeyPairSync } = await import('node:crypto');
const { signRsaSha256, signingThreads } = await import(${JSON.stringify(built)});
const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
const values = await Promise.all(['a', 'b', 'c'].map((t) => signRsaSha256(t, privateKey, '${strategy}')));
console.log(values.length, signingThreads().length);`;
    const out = await new Promise<{ code: number | null; stdout: string }>((resolve) => {
      const child = execFile(process.execPath, ['--input-type=module', '-e', script], { timeout: 30_000 }, (_err, stdout) => resolve({ code: child.exitCode, stdout }));
    });
    expect(out).toEqual({ code: 0, stdout: '3 1\n' });
  });
});
