/**
 * The verdict cache of the token validator: a SAML token whose signature was verified is
 * remembered by its **exact bytes** in the message (kept, and compared in full with the bytes of
 * every call that may reuse it, under the same namespace declarations it inherits from the
 * envelope), so a HIS that reuses one token for many service calls (seed 003: „A SAML jegy
 * érvényességi ideje alatt tetszőleges számú kérelemben használható fel.”) pays for the signature
 * check once, as real gateways do. The entries are found by a short key (the inherited declarations
 * and the first characters of the token, which hold its start tag with its unique ID); comparing
 * the whole token then costs less than a digest of it (V8 compares flat strings with memcmp; a
 * SHA-256 of a 5 KB token cost about 4 µs a call).
 *
 * What is remembered is only what the bytes alone decide: that the signature verifies with the
 * STS certificate and which claims it signs. Everything that depends on the moment or the
 * environment (issuer, audience, the time window at the simulator clock, one assertion per
 * message, unique IDs in the whole message) is checked again on every call. A changed byte
 * makes the bytes differ from those remembered, so it never reaches a remembered verdict: it is
 * verified from scratch.
 *
 * One cache per environment (keyed by the environment's store), bounded (each entry keeps its
 * token's text, about 5 KB: some 10 MB at capacity), emptied when the
 * environment resets (its store's buckets are emptied: the cache keeps its epoch in one) or when
 * the STS certificate changes; entries are dropped once their token has expired.
 *
 * @example
 * ```ts
 * const t = tokenBytesKey(req.text, assertionEl);
 * const hit = t === undefined ? undefined : verdictCache(deps)?.get(t.key, deps, deps.clock.nowMs(), t.bytes);
 * ```
 */
import { hash, randomUUID } from 'node:crypto';
import { namespaceScopeOf } from '../soap/known-content.js';
import { exactElementRange } from '../soap/safe-xml.js';
import { detachedString, type Store } from '../state/store.js';

/** The store bucket holding the cache's epoch (emptied by a reset, which empties the cache). */
export const VERDICT_EPOCH_BUCKET = 'token.verdict-cache';

/** Most tokens one environment's cache remembers (the oldest are forgotten first). */
export const VERDICT_CACHE_CAPACITY = 2_000;

/** What the cache needs of the validator's dependencies. */
export interface VerdictCacheDeps {
  pki: { sts: { certPem: string } };
  store?: Store;
}

interface Entry<T> {
  value: T;
  /** Milliseconds (simulator clock) from which the token is expired; the entry is dropped then. */
  expiresAtMs: number;
  /** The exact bytes remembered under the key (see {@link TokenBytes}), when the key does not decide them alone. */
  bytes: string | undefined;
}

/** One environment's remembered verdicts. */
export class VerdictCache<T> {
  private readonly entries = new Map<string, Entry<T>>();
  private epoch = '';
  private certPem = '';

  constructor(
    private readonly store: Store,
    private readonly capacity = VERDICT_CACHE_CAPACITY,
  ) {}

  /** Number of remembered verdicts. */
  get size(): number {
    return this.entries.size;
  }

  /**
   * The verdict remembered for `key`, if any, still current and not expired at `nowMs`; for a key
   * set with exact bytes, only when `bytes` are exactly those.
   */
  get(key: string, deps: VerdictCacheDeps, nowMs: number, bytes?: string): T | undefined {
    if (!this.current(deps)) return undefined;
    const e = this.entries.get(key);
    if (e === undefined || e.bytes !== bytes) return undefined;
    if (nowMs >= e.expiresAtMs) {
      this.entries.delete(key);
      return undefined;
    }
    return e.value;
  }

  /**
   * Remember a verified token's verdict until `expiresAtMs`, under `key` and, when given, its exact
   * `bytes` (then {@link VerdictCache.get} answers it only for those bytes; another token under the
   * same key replaces it).
   */
  set(key: string, value: T, expiresAtMs: number, deps: VerdictCacheDeps, bytes?: string): void {
    this.current(deps);
    if (this.entries.size >= this.capacity && !this.entries.has(key)) {
      const oldest = this.entries.keys().next();
      if (oldest.done !== true) this.entries.delete(oldest.value);
    }
    // Own copies: a slice of the request would keep the whole request alive with the entry.
    this.entries.set(detachedString(key), { value, expiresAtMs, bytes: bytes === undefined ? undefined : detachedString(bytes) });
  }

  /** Forget everything. */
  clear(): void {
    this.entries.clear();
  }

  /** Empties the cache when the environment was reset or the STS certificate changed since it filled. */
  private current(deps: VerdictCacheDeps): boolean {
    const bucket = this.store.bucket<string>(VERDICT_EPOCH_BUCKET);
    const epoch = bucket.get('epoch');
    if (epoch !== undefined && epoch === this.epoch && deps.pki.sts.certPem === this.certPem) return true;
    this.entries.clear();
    this.epoch = randomUUID();
    this.certPem = deps.pki.sts.certPem;
    bucket.set('epoch', this.epoch);
    return false;
  }
}

const caches = new WeakMap<Store, VerdictCache<unknown>>();

/** The cache of the environment whose store `deps` carries; undefined without a store (no caching). */
export function verdictCache<T>(deps: VerdictCacheDeps): VerdictCache<T> | undefined {
  const store = deps.store;
  if (store === undefined) return undefined;
  let cache = caches.get(store);
  if (cache === undefined) {
    cache = new VerdictCache<unknown>(store);
    caches.set(store, cache);
  }
  return cache as VerdictCache<T>;
}

/**
 * How the cache knows a token of a message: its exact text in the message, from `<` of its start
 * tag to `>` of its end tag (`bytes`), under the namespace declarations of its ancestors (which
 * decide what its prefixes mean), found by `key`.
 */
export interface TokenBytes {
  /** The declarations and the token's first {@link KEY_PREFIX_LENGTH} characters (its start tag, with its ID). */
  key: string;
  /** The token's exact text, compared in full. */
  bytes: string;
}

/** Characters of a token's text in its key: its start tag with the assertion's unique ID (the rest is compared, not hashed). */
export const KEY_PREFIX_LENGTH = 256;

/**
 * The {@link TokenBytes} of an element of a message. Undefined when those bytes cannot be found
 * unambiguously (its start or end tag also appears elsewhere in the text, e.g. in a comment, or it
 * is self-closing; see `exactElementRange`): such a token is always verified from scratch.
 */
export function tokenBytesKey(text: string, element: Element): TokenBytes | undefined {
  const range = exactElementRange(text, element.nodeName);
  return range === undefined ? undefined : scopedBytesKey(namespaceScopeOf(element), text, range.start, range.end);
}

/**
 * The {@link TokenBytes} of an element whose exact text in the message is `text.slice(start, end)`
 * and whose ancestors make the namespace declarations `scope` (see `namespaceScopeOf`; the lean
 * reader hands its lookup the same text): the same for the same bytes under the same declarations,
 * as {@link tokenBytesKey} computes them.
 */
export function scopedBytesKey(scope: string, text: string, start: number, end: number): TokenBytes {
  return { key: `${scope}\u0002${text.slice(start, Math.min(end, start + KEY_PREFIX_LENGTH))}`, bytes: text.slice(start, end) };
}

/**
 * The cache key of a token sent as a document of its own (`validateAssertionXml`: the
 * `Authorization: SAML` header): SHA-256 over its whole exact text, in base64. Never equal to a key
 * of {@link scopedBytesKey} (which always holds U+0002), so a token remembered from one kind of
 * request is verified again when it comes in the other.
 */
export function documentBytesKey(text: string): string {
  return hash('sha256', `\u0003${text}`, 'base64');
}
