/**
 * Test helper: one seed-5 PKI shared by the PKI test files through a disk cache in the OS temp
 * folder (the first file to need it generates it, the others read it in milliseconds).
 *
 * @example
 * ```ts
 * const pki = await sharedTestPki();
 * ```
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadPki, type LoadedPki } from './create-pki.js';

/** Cache folder used by the PKI tests. */
export const TEST_CACHE_DIR = join(tmpdir(), 'eeszt-sim-pki-test-cache');

/** The seed-5 test PKI (disk-cached under {@link TEST_CACHE_DIR}). */
export function sharedTestPki(): Promise<LoadedPki> {
  return loadPki({ seed: 5, cacheDir: TEST_CACHE_DIR });
}
