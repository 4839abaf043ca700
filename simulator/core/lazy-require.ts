/**
 * A CommonJS dependency loaded on its first use, synchronously (through `createRequire`), so that
 * start-up does not pay for libraries the first answers do not need (issue 16 goal 4: start-up to
 * the first discovery answer). For CommonJS packages (xml-crypto, node-forge) and for ES modules
 * without top-level await (pkijs, asn1js), which Node.js 20.19 and later (package.json `engines`)
 * also require synchronously.
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
