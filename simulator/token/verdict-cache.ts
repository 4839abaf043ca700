/**
 * The verdict cache of the token validator: a SAML token whose signature was verified is
 * remembered by a SHA-256 digest of its **exact bytes** in the message (plus the namespace
 * declarations it inherits from the envelope), so a HIS that reuses one token for many service
 * calls (seed 003: „A SAML jegy érvényességi ideje alatt tetszőleges számú kérelemben
 * használható fel.”) pays for the signature check once, as real gateways do.
 *
 * What is remembered is only what the bytes alone decide: that the signature verifies with the
 * STS certificate and which claims it signs. Everything that depends on the moment or the
 * environment (issuer, audience, the time window at the simulator clock, one assertion per
 * message, unique IDs in the whole message) is checked again on every call. A changed byte
 * changes the digest, so it never reaches a remembered verdict: it is verified from scratch.
 *
 * One cache per environment (keyed by the environment's store), bounded, emptied when the
 * environment resets (its store's buckets are emptied: the cache keeps its epoch in one) or when
 * the STS certificate changes; entries are dropped once their token has expired.
 *
 * @example
 * ```ts
 * const key = tokenBytesKey(req.text, assertionEl);
 * const hit = key === undefined ? undefined : verdictCache(deps)?.get(key, deps);
 * ```
 */
import { hash, randomUUID } from 'node:crypto';
import { namespaceScopeOf } from '../soap/known-content.js';
import { exactElementRange } from '../soap/safe-xml.js';
import type { Store } from '../state/store.js';

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

  /** The verdict remembered for `key`, if any, still current and not expired at `nowMs`. */
  get(key: string, deps: VerdictCacheDeps, nowMs: number): T | undefined {
    if (!this.current(deps)) return undefined;
    const e = this.entries.get(key);
    if (e === undefined) return undefined;
    if (nowMs >= e.expiresAtMs) {
      this.entries.delete(key);
      return undefined;
    }
    return e.value;
  }

  /** Remember a verified token's verdict until `expiresAtMs`. */
  set(key: string, value: T, expiresAtMs: number, deps: VerdictCacheDeps): void {
    this.current(deps);
    if (this.entries.size >= this.capacity) {
      const oldest = this.entries.keys().next();
      if (oldest.done !== true) this.entries.delete(oldest.value);
    }
    this.entries.set(key, { value, expiresAtMs });
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
 * The cache key of an element of a message: SHA-256 over the namespace declarations of its
 * ancestors (which decide what its prefixes mean) and its exact text in the message, from `<` of
 * its start tag to `>` of its end tag. Undefined when those bytes cannot be found unambiguously
 * (its start or end tag also appears elsewhere in the text, e.g. in a comment, or it is
 * self-closing; see `exactElementRange`): such a token is always verified from scratch.
 */
export function tokenBytesKey(text: string, element: Element): string | undefined {
  const range = exactElementRange(text, element.nodeName);
  return range === undefined ? undefined : scopedBytesKey(namespaceScopeOf(element), text, range.start, range.end);
}

/**
 * The cache key of an element whose exact text in the message is `text.slice(start, end)` and
 * whose ancestors make the namespace declarations `scope` (see `namespaceScopeOf`; the parser that
 * skips a known token hands its lookup the same text): the same key for the same bytes under the
 * same declarations, as {@link tokenBytesKey} computes it.
 */
export function scopedBytesKey(scope: string, text: string, start: number, end: number): string {
  // One-shot `crypto.hash` (Node 20.12+): about half the time of createHash().update().digest() for a token of a few KB.
  return hash('sha256', `${scope}\u0002${text.slice(start, end)}`, 'base64');
}

/**
 * The cache key of a token sent as a document of its own (`validateAssertionXml`: the
 * `Authorization: SAML` header): SHA-256 over its whole exact text. Never equal to a key of
 * {@link scopedBytesKey} (whose hashed text never starts with U+0003), so a token remembered from
 * one kind of request is verified again when it comes in the other.
 */
export function documentBytesKey(text: string): string {
  return hash('sha256', `\u0003${text}`, 'base64');
}
