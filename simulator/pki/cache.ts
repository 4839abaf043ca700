/**
 * The on-disk cache of the test PKI: JSON files under `<cacheDir>/pki-v<version>/seed-<seed>/`.
 * `fixed.json` holds the fixed set (root, CAs, sts, eid-server, tls-server); lazily made
 * credentials go to `<label>.json` (e.g. `waf/E01620K.json`). Files are written atomically
 * (temporary file + rename). Reading never trusts a file: callers check every credential with
 * `checkStoredCredential` and regenerate on any mismatch.
 *
 * @example
 * ```ts
 * const dir = pkiCacheDir('/home/me/.cache/eeszt-sim', 1); // .../pki-v1/seed-1
 * ```
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';

/** Bump when the generated material or the file layout changes; old caches are then ignored. */
export const PKI_CACHE_VERSION = 1;
/** Format tag written into every cache file. */
export const PKI_CACHE_FORMAT = 'eeszt-sim-pki';

/** Header of every cache file. */
export interface CacheHeader {
  format: string;
  version: number;
  seed: number;
}

/**
 * The cache folder for a seed.
 *
 * @example
 * ```ts
 * pkiCacheDir('/tmp/c', 7); // '/tmp/c/pki-v1/seed-7'
 * ```
 */
export function pkiCacheDir(cacheDir: string, seed: number): string {
  return join(cacheDir, `pki-v${PKI_CACHE_VERSION}`, `seed-${seed}`);
}

/** True if the parsed JSON carries this format, version and seed. */
export function headerMatches(data: unknown, seed: number): boolean {
  const h = data as Partial<CacheHeader> | null;
  return !!h && h.format === PKI_CACHE_FORMAT && h.version === PKI_CACHE_VERSION && h.seed === seed;
}

/**
 * Read and parse a JSON file; `undefined` if it is missing or not JSON.
 *
 * @example
 * ```ts
 * const data = readJsonFile(join(dir, 'fixed.json'));
 * ```
 */
export function readJsonFile(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * Write JSON atomically (mode 0600: the files hold private keys). Throws on I/O errors.
 *
 * @example
 * ```ts
 * writeJsonFileAtomic(join(dir, 'fixed.json'), { format, version, seed, credentials });
 * ```
 */
export function writeJsonFileAtomic(file: string, data: unknown): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(data, null, 1)}\n`, { mode: 0o600 });
  renameSync(tmp, file);
}
