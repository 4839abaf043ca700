/**
 * A CommonJS dependency loaded on its first use, synchronously (through `createRequire`), so that
 * start-up does not pay for libraries the first answers do not need (issue 16 goal 4: start-up to
 * the first discovery answer). Only for CommonJS packages (xml-crypto, node-forge); an ES module
 * cannot be required synchronously on Node.js 20.
 *
 * @example
 * ```ts
 * const xmlCrypto = lazyRequire<typeof import('xml-crypto')>('xml-crypto');
 * new (xmlCrypto().SignedXml)({ publicCert });
 * ```
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** A function that loads the CommonJS module `id` on its first call and returns it (the same object every time). */
export function lazyRequire<T>(id: string): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= require(id) as T);
}
