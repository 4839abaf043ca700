import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadPki, readCachedFixed } from './create-pki.js';
import { sharedTestPki, TEST_CACHE_DIR } from './test-pki.js';
import { checkStoredCredential } from './credential.js';

const root = mkdtempSync(join(tmpdir(), 'eeszt-sim-pki-cache-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const fixedFile = join(root, 'pki-v1', 'seed-3', 'fixed.json');

describe('disk cache', () => {
  it('generates on the first load and reads the same material on the next (fast)', async () => {
    const cold = await loadPki({ seed: 3, cacheDir: root });
    expect(cold.loadInfo.source).toBe('generated');
    expect(existsSync(fixedFile)).toBe(true);
    const warm = await loadPki({ seed: 3, cacheDir: root });
    expect(warm.loadInfo.source).toBe('cache');
    expect(warm.fixedCredentials()).toEqual(cold.fixedCredentials());
    expect(warm.loadInfo.ms).toBeLessThan(100);
    console.log(`seed 3: cold ${cold.loadInfo.ms.toFixed(0)} ms, warm ${warm.loadInfo.ms.toFixed(1)} ms`);

    // lazy credentials are written next to it and read back
    const waf = warm.waf('E01620K');
    expect(existsSync(join(root, 'pki-v1', 'seed-3', 'waf', 'E01620K.json'))).toBe(true);
    expect((await loadPki({ seed: 3, cacheDir: root })).waf('E01620K')).toEqual(waf);
  });

  it('regenerates a corrupt cache', async () => {
    const good = readFileSync(fixedFile, 'utf8');
    writeFileSync(fixedFile, good.slice(0, 500));
    expect(readCachedFixed(3, root)).toBeUndefined();
    const fromCorrupt = await loadPki({ seed: 3, cacheDir: root });
    expect(fromCorrupt.loadInfo.source).toBe('generated');
    expect(fromCorrupt.loadInfo.note).toMatch(/refused/);
    expect(readFileSync(fixedFile, 'utf8')).toBe(good);
  });

  it('refuses a cache carrying another seed\'s or version\'s material', async () => {
    const good = readFileSync(fixedFile, 'utf8');
    expect(readCachedFixed(3, root)).toHaveLength(8);
    // seed-5 material relabelled as seed 3: the tag matches but the serials and issuers do not
    await sharedTestPki();
    const foreign = JSON.parse(readFileSync(join(TEST_CACHE_DIR, 'pki-v1', 'seed-5', 'fixed.json'), 'utf8'));
    foreign.seed = 3;
    writeFileSync(fixedFile, JSON.stringify(foreign));
    expect(readCachedFixed(3, root)).toBeUndefined();
    // right material, wrong tag
    writeFileSync(fixedFile, JSON.stringify({ ...JSON.parse(good), version: 0 }));
    expect(readCachedFixed(3, root)).toBeUndefined();
    // the STS key swapped for the eID server's
    const swapped = JSON.parse(good);
    swapped.credentials[5].keyPem = swapped.credentials[6].keyPem;
    writeFileSync(fixedFile, JSON.stringify(swapped));
    expect(readCachedFixed(3, root)).toBeUndefined();
    writeFileSync(fixedFile, good);
    expect(readCachedFixed(3, root)).toHaveLength(8);
  });

  it('waits for another process that holds the generation lock instead of generating too', async () => {
    const other = join(root, 'other', 'pki-v1', 'seed-3');
    mkdirSync(other, { recursive: true });
    const lock = join(other, 'fixed.json.lock');
    writeFileSync(lock, '');
    setTimeout(() => {
      copyFileSync(fixedFile, join(other, 'fixed.json'));
      rmSync(lock);
    }, 150);
    const t0 = performance.now();
    const pki = await loadPki({ seed: 3, cacheDir: join(root, 'other') });
    expect(pki.loadInfo.source).toBe('cache');
    expect(performance.now() - t0).toBeGreaterThanOrEqual(140);
  });

  it('regenerates a lazily cached credential whose key was swapped', async () => {
    const pki = await loadPki({ seed: 3, cacheDir: root });
    const file = join(root, 'pki-v1', 'seed-3', 'waf', 'E01620K.json');
    const data = JSON.parse(readFileSync(file, 'utf8'));
    const original = data.credential.keyPem;
    data.credential.keyPem = pki.sts.keyPem;
    writeFileSync(file, JSON.stringify(data));
    const again = await loadPki({ seed: 3, cacheDir: root });
    expect(again.waf('E01620K').keyPem).toBe(original);
  });

  it('refuses stored credentials whose key, issuer, subject or serial do not match', async () => {
    const pki = await loadPki({ seed: 3, cacheDir: root });
    const sts = { label: 'sts', kind: 'sts' as const, certPem: pki.sts.certPem, keyPem: pki.sts.keyPem };
    const expect0 = { label: 'sts', kind: 'sts' as const, subject: pki.sts.subject, serialHex: pki.sts.serialHex, issuer: pki.cas.institution };
    expect(checkStoredCredential(sts, expect0)).toEqual(pki.sts);
    expect(checkStoredCredential({ ...sts, keyPem: pki.eidServer.keyPem }, expect0)).toBeUndefined();
    expect(checkStoredCredential(sts, { ...expect0, issuer: pki.cas.waf })).toBeUndefined();
    expect(checkStoredCredential(sts, { ...expect0, subject: 'CN=x' })).toBeUndefined();
    expect(checkStoredCredential(sts, { ...expect0, serialHex: '1' })).toBeUndefined();
    expect(checkStoredCredential({ ...sts, certPem: 'garbage' }, expect0)).toBeUndefined();
    expect(checkStoredCredential(null, expect0)).toBeUndefined();
  });
});
