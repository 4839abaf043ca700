/**
 * The test PKI: builds (or loads from the disk cache) the fixed credentials and makes the
 * per-institution and per-card ones on demand. See docs/pki.md.
 *
 * @example
 * ```ts
 * const pki = await loadPki({ seed: 1, cacheDir: defaultCacheDir() });
 * const waf = pki.waf('E01620K'); // RSA-2048, CN=E01620K, issued by the WAF-SSL CA
 * ```
 */
import { createPrivateKey, randomBytes, type KeyObject } from 'node:crypto';
import { realTimeMs } from '../core/clock.js';
import { closeSync, existsSync, mkdirSync, openSync, rmSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { BadRequest } from '../core/errors.js';
import { headerMatches, pkiCacheDir, PKI_CACHE_FORMAT, PKI_CACHE_VERSION, readJsonFile, writeJsonFileAtomic } from './cache.js';
import { checkStoredCredential, makeCredential, type StoredCredential } from './credential.js';
import { deterministicEcKey } from './deterministic-ec.js';
import { deterministicRsaKey } from './deterministic-rsa.js';
import { deterministicSerial } from './drbg.js';
import { issueCertificate, type CertProfile } from './issue-cert.js';
import { dnToString, type Dn } from './names.js';
import {
  CA_NOT_AFTER,
  CA_SUBJECTS,
  cardSubject,
  DEFAULT_HOLDER_NAME,
  EE_LIFETIME_YEARS,
  EE_NOT_AFTER,
  EID_SERVER_SUBJECT,
  institutionSubject,
  KIND_RULES,
  PKI_NOT_BEFORE,
  requireDocumentId,
  requireInstitutionId,
  requireUsername,
  serverSubject,
  STS_SUBJECT,
  TLS_SERVER_HOSTS,
  TLS_SERVER_SUBJECT,
  userSubject,
  wafSubject,
  type CaName,
} from './profiles.js';
import type { Credential, CredentialKind, IssueOptions, TestPki } from './types.js';

/** Options of {@link loadPki}. */
export interface LoadPkiOptions {
  /** Non-negative integer; the same seed gives the same keys and certificates. */
  seed: number;
  /** Cache folder (e.g. {@link defaultCacheDir}); omit for a purely in-memory PKI. */
  cacheDir?: string;
}

/** How the fixed set was obtained. */
export interface PkiLoadInfo {
  /** `cache`: read from disk; `generated`: made now (no cache, or the cache was missing or refused). */
  source: 'cache' | 'generated';
  /** Milliseconds spent obtaining the fixed set. */
  ms: number;
  /** Folder of this seed's cache files, if a cache dir was given. */
  cacheDir?: string;
  /** Why the cache was not used or not written, if that happened. */
  note?: string;
}

/** The PKI as returned by this module: {@link TestPki} plus a few conveniences. */
export interface LoadedPki extends TestPki {
  readonly loadInfo: PkiLoadInfo;
  /** The fixed credentials in order: root, CAs (tls, waf, institution, card), sts, eid-server, tls-server. */
  fixedCredentials(): Credential[];
}

interface FixedSpec {
  label: string;
  kind: CredentialKind | 'ca';
  subject: Dn;
  profile: CertProfile;
  issuer: 'self' | 'root' | CaName;
  notAfter: Date;
  hosts?: readonly string[];
}

const FIXED: readonly FixedSpec[] = [
  { label: 'ca/root', kind: 'ca', subject: CA_SUBJECTS.root, profile: 'root-ca', issuer: 'self', notAfter: CA_NOT_AFTER },
  { label: 'ca/tls', kind: 'ca', subject: CA_SUBJECTS.tls, profile: 'issuing-ca', issuer: 'root', notAfter: CA_NOT_AFTER },
  { label: 'ca/waf', kind: 'ca', subject: CA_SUBJECTS.waf, profile: 'issuing-ca', issuer: 'root', notAfter: CA_NOT_AFTER },
  { label: 'ca/institution', kind: 'ca', subject: CA_SUBJECTS.institution, profile: 'issuing-ca', issuer: 'root', notAfter: CA_NOT_AFTER },
  { label: 'ca/card', kind: 'ca', subject: CA_SUBJECTS.card, profile: 'issuing-ca', issuer: 'root', notAfter: CA_NOT_AFTER },
  { label: 'sts', kind: 'sts', subject: STS_SUBJECT, profile: 'signing', issuer: KIND_RULES.sts.ca, notAfter: EE_NOT_AFTER },
  { label: 'eid-server', kind: 'eid-server', subject: EID_SERVER_SUBJECT, profile: 'signing', issuer: KIND_RULES['eid-server'].ca, notAfter: EE_NOT_AFTER },
  {
    label: 'tls-server',
    kind: 'tls-server',
    subject: TLS_SERVER_SUBJECT,
    profile: 'tls-server',
    issuer: KIND_RULES['tls-server'].ca,
    notAfter: EE_NOT_AFTER,
    hosts: TLS_SERVER_HOSTS,
  },
];

/**
 * The default cache folder: `$EESZT_SIM_CACHE` if set, else `~/.cache/eeszt-sim`.
 *
 * @example
 * ```ts
 * await loadPki({ seed: 1, cacheDir: defaultCacheDir() });
 * ```
 */
export function defaultCacheDir(): string {
  const env = process.env['EESZT_SIM_CACHE'];
  return env !== undefined && env !== '' ? env : join(homedir(), '.cache', 'eeszt-sim');
}

function serialFor(seed: number, label: string, subject: Dn): Buffer {
  return deterministicSerial(seed, `${label}|${dnToString(subject)}`);
}

function pemOf(key: KeyObject): string {
  return key.export({ type: 'pkcs8', format: 'pem' }).toString();
}

interface GenerateArgs {
  seed: number;
  label: string;
  kind: CredentialKind | 'ca';
  subject: Dn;
  profile: CertProfile;
  issuer: Credential | 'self';
  keyType: 'rsa' | 'ec';
  notBefore: Date;
  notAfter: Date;
  hosts?: readonly string[];
  /** Fixed serial; default: derived from (seed, label, subject). */
  serial?: Buffer;
  /** Use this key instead of deriving one from (seed, label). */
  key?: KeyObject;
}

function deriveKey(seed: number, label: string, keyType: 'rsa' | 'ec'): KeyObject {
  return keyType === 'rsa' ? deterministicRsaKey(seed, label) : deterministicEcKey(seed, label);
}

function generate(a: GenerateArgs): Credential {
  const key = a.key ?? deriveKey(a.seed, a.label, a.keyType);
  const issued = issueCertificate({
    profile: a.profile,
    subject: a.subject,
    publicKey: key,
    issuer: a.issuer === 'self' ? 'self' : { certPem: a.issuer.certPem, privateKey: createPrivateKey(a.issuer.keyPem) },
    serial: a.serial ?? serialFor(a.seed, a.label, a.subject),
    notBefore: a.notBefore,
    notAfter: a.notAfter,
    ...(a.hosts ? { hosts: a.hosts } : {}),
  });
  const chain = a.issuer === 'self' ? [] : [a.issuer.certPem, ...a.issuer.chainPem];
  return makeCredential(a.label, a.kind, issued.certPem, pemOf(key), chain);
}

function toStored(c: Credential): StoredCredential {
  return { label: c.label, kind: c.kind, certPem: c.certPem, keyPem: c.keyPem };
}

type FixedSet = Map<string, Credential>;

function issuerOf(set: FixedSet, spec: FixedSpec): Credential | 'self' {
  if (spec.issuer === 'self') return 'self';
  const got = set.get(spec.issuer === 'root' ? 'ca/root' : `ca/${spec.issuer}`);
  if (!got) throw new Error(`issuer of ${spec.label} missing`);
  return got;
}

function generateFixed(seed: number): FixedSet {
  const set: FixedSet = new Map();
  for (const spec of FIXED) {
    set.set(
      spec.label,
      generate({
        seed,
        label: spec.label,
        kind: spec.kind,
        subject: spec.subject,
        profile: spec.profile,
        issuer: issuerOf(set, spec),
        keyType: 'rsa',
        notBefore: PKI_NOT_BEFORE,
        notAfter: spec.notAfter,
        ...(spec.hosts ? { hosts: spec.hosts } : {}),
      }),
    );
  }
  return set;
}

function loadFixed(seed: number, data: unknown): FixedSet | undefined {
  if (!headerMatches(data, seed)) return undefined;
  const list = (data as { credentials?: unknown }).credentials;
  if (!Array.isArray(list)) return undefined;
  const byLabel = new Map<string, unknown>(list.map((c) => [String((c as { label?: unknown })?.label), c]));
  const set: FixedSet = new Map();
  for (const spec of FIXED) {
    const cred = checkStoredCredential(byLabel.get(spec.label), {
      label: spec.label,
      kind: spec.kind,
      subject: dnToString(spec.subject),
      serialHex: serialFor(seed, spec.label, spec.subject).toString('hex').replace(/^0+(?=.)/, ''),
      issuer: issuerOf(set, spec),
    });
    if (!cred) return undefined;
    set.set(spec.label, cred);
  }
  return set;
}

function checkSeed(seed: unknown): number {
  if (typeof seed !== 'number' || !Number.isSafeInteger(seed) || seed < 0) {
    throw new BadRequest(`seed must be a non-negative integer, got \`${String(seed)}\`; use e.g. --seed 1`);
  }
  return seed;
}

function addYears(d: Date, years: number): Date {
  const r = new Date(d.getTime());
  r.setUTCFullYear(r.getUTCFullYear() + years);
  return r;
}

function toDate(value: Date | undefined, field: string): Date | undefined {
  if (value === undefined) return undefined;
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) {
    throw new BadRequest(`${field} is not a valid date; use an ISO 8601 time such as 2025-01-01T00:00:00Z`);
  }
  return value;
}

class Pki implements LoadedPki {
  readonly root: Credential;
  readonly cas: TestPki['cas'];
  readonly sts: Credential;
  readonly eidServer: Credential;
  readonly tlsServer: Credential;
  private readonly memo = new Map<string, Credential>();
  private readonly issuedKeys = new Map<string, KeyObject>();

  constructor(
    readonly seed: number,
    private readonly fixed: FixedSet,
    readonly loadInfo: PkiLoadInfo,
    private readonly dir: string | undefined,
  ) {
    const get = (label: string): Credential => {
      const c = fixed.get(label);
      if (!c) throw new Error(`fixed credential ${label} missing`);
      return c;
    };
    this.root = get('ca/root');
    this.cas = { tls: get('ca/tls'), waf: get('ca/waf'), institution: get('ca/institution'), card: get('ca/card') };
    this.sts = get('sts');
    this.eidServer = get('eid-server');
    this.tlsServer = get('tls-server');
  }

  fixedCredentials(): Credential[] {
    return FIXED.map((s) => this.fixed.get(s.label)!);
  }

  caBundlePem(): string {
    return [this.root, this.cas.tls, this.cas.waf, this.cas.institution, this.cas.card].map((c) => c.certPem).join('');
  }

  waf(institutionId: string): Credential {
    const id = requireInstitutionId(institutionId);
    return this.lazy(`waf/${id}`, 'waf', wafSubject(id));
  }

  institution(institutionId: string): Credential {
    const id = requireInstitutionId(institutionId);
    return this.lazy(`institution/${id}`, 'institution', institutionSubject(id));
  }

  card(documentId: string, holderName: string = DEFAULT_HOLDER_NAME): Credential {
    const id = requireDocumentId(documentId);
    if (holderName.trim() === '') throw new BadRequest('card holder name is empty; pass the name printed on the card');
    return this.lazy(`card/${id}`, 'card', cardSubject(id, holderName));
  }

  /** Memoised, disk-cached credential for (label, subject) issued by the kind's CA. */
  private lazy(label: string, kind: Exclude<CredentialKind, 'ca'>, subject: Dn): Credential {
    const subjectStr = dnToString(subject);
    const memoKey = `${label}\n${subjectStr}`;
    const hit = this.memo.get(memoKey);
    if (hit) return hit;
    const rule = KIND_RULES[kind];
    const issuer = this.cas[rule.ca];
    const file = this.dir === undefined ? undefined : join(this.dir, `${label}.json`);
    let cred: Credential | undefined;
    if (file !== undefined) {
      const data = readJsonFile(file);
      if (headerMatches(data, this.seed)) {
        cred = checkStoredCredential((data as { credential?: unknown }).credential, {
          label,
          kind,
          subject: subjectStr,
          serialHex: serialFor(this.seed, label, subject).toString('hex').replace(/^0+(?=.)/, ''),
          issuer,
        });
      }
    }
    if (!cred) {
      cred = generate({
        seed: this.seed,
        label,
        kind,
        subject,
        profile: rule.profile,
        issuer,
        keyType: rule.keyType,
        notBefore: PKI_NOT_BEFORE,
        notAfter: EE_NOT_AFTER,
      });
      if (file !== undefined) {
        try {
          writeJsonFileAtomic(file, { format: PKI_CACHE_FORMAT, version: PKI_CACHE_VERSION, seed: this.seed, credential: toStored(cred) });
        } catch {
          // An unwritable cache only costs time on the next start.
        }
      }
    }
    this.memo.set(memoKey, cred);
    return cred;
  }

  issue(options: IssueOptions): Credential {
    const kind = options.kind;
    const rule = KIND_RULES[kind];
    if (rule === undefined) throw new BadRequest(`unknown certificate kind \`${String(kind)}\`; use waf, institution, card, tls-server or user`);
    let subject: Dn;
    let hosts: readonly string[] | undefined;
    switch (kind) {
      case 'waf':
      case 'institution': {
        if (options.institutionId === undefined) throw new BadRequest(`a ${kind} certificate needs the EESZT institution id (e.g. E01620K)`);
        const id = requireInstitutionId(options.institutionId);
        subject = kind === 'waf' ? wafSubject(id, options.commonName) : institutionSubject(id, options.commonName);
        break;
      }
      case 'card': {
        if (options.subjectId === undefined) throw new BadRequest('a card certificate needs the card document id (e.g. 123456AB) as subjectId');
        subject = cardSubject(requireDocumentId(options.subjectId), options.commonName ?? DEFAULT_HOLDER_NAME);
        break;
      }
      case 'user': {
        if (options.subjectId === undefined) throw new BadRequest('a user certificate needs the EESZT username (e.g. O50123) as subjectId');
        subject = userSubject(requireUsername(options.subjectId), options.commonName);
        break;
      }
      case 'tls-server': {
        hosts = options.hosts && options.hosts.length > 0 ? options.hosts : options.subjectId !== undefined ? [options.subjectId] : TLS_SERVER_HOSTS;
        for (const h of hosts) {
          if (!/^[A-Za-z0-9.:*-]+$/.test(h)) throw new BadRequest(`host \`${h}\` is not a DNS name or IP address; use e.g. localhost or 127.0.0.1`);
        }
        subject = serverSubject(options.commonName ?? hosts[0]!);
        break;
      }
    }
    const notBefore = toDate(options.notBefore, 'notBefore') ?? PKI_NOT_BEFORE;
    const notAfter = toDate(options.notAfter, 'notAfter') ?? addYears(notBefore, EE_LIFETIME_YEARS);
    if (notAfter.getTime() <= notBefore.getTime()) {
      throw new BadRequest(`notAfter (${notAfter.toISOString()}) must be later than notBefore (${notBefore.toISOString()})`);
    }
    const fixedLabel = options.label;
    let label: string;
    let serial: Buffer;
    let key: KeyObject | undefined;
    if (fixedLabel !== undefined) {
      label = `issued/${fixedLabel}`;
      serial = serialFor(this.seed, label, subject);
    } else {
      // Random serial; the key is derived from (seed, kind, subject) and memoised, so repeated
      // ad-hoc certificates for one subject are cheap and share a key (like a renewal).
      serial = randomBytes(16);
      serial[0] = (serial[0]! & 0x7f) | 0x01;
      label = `issued/${kind}/${serial.toString('hex')}`;
      const keyLabel = `issued/${kind}|${dnToString(subject)}`;
      key = this.issuedKeys.get(keyLabel);
      if (key === undefined) {
        key = deriveKey(this.seed, keyLabel, rule.keyType);
        this.issuedKeys.set(keyLabel, key);
      }
    }
    return generate({
      seed: this.seed,
      label,
      kind,
      subject,
      profile: rule.profile,
      issuer: this.cas[rule.ca],
      keyType: rule.keyType,
      notBefore,
      notAfter,
      serial,
      ...(key ? { key } : {}),
      ...(hosts ? { hosts } : {}),
    });
  }
}

/**
 * Build the PKI in memory (no disk cache): the fixed set is generated now (about half a second).
 *
 * @example
 * ```ts
 * const pki = createPkiInMemory(7);
 * pki.sts.keyPem; // same PEM on every run with seed 7
 * ```
 */
export function createPkiInMemory(seed = 1): LoadedPki {
  const s = checkSeed(seed);
  const t0 = performance.now();
  const fixed = generateFixed(s);
  return new Pki(s, fixed, { source: 'generated', ms: performance.now() - t0 }, undefined);
}

function fixedFileOf(dir: string): string {
  return join(dir, 'fixed.json');
}

/** The fixed set from the cache folder, or undefined if it is missing or refused. */
function tryLoadFixed(seed: number, dir: string): FixedSet | undefined {
  const file = fixedFileOf(dir);
  if (!existsSync(file)) return undefined;
  const data = readJsonFile(file);
  return data === undefined ? undefined : loadFixed(seed, data);
}

/** Generate the fixed set and write it to the cache folder (best effort). */
function generateAndStore(seed: number, dir: string, t0: number): { fixed: FixedSet; info: PkiLoadInfo } {
  const file = fixedFileOf(dir);
  const existed = existsSync(file);
  const fixed = generateFixed(seed);
  const info: PkiLoadInfo = { source: 'generated', ms: 0, cacheDir: dir };
  if (existed) info.note = `cache file ${file} was refused (foreign, corrupt or outdated) and regenerated`;
  try {
    writeJsonFileAtomic(file, {
      format: PKI_CACHE_FORMAT,
      version: PKI_CACHE_VERSION,
      seed,
      credentials: FIXED.map((s) => toStored(fixed.get(s.label)!)),
    });
  } catch (err) {
    info.note = `cache ${dir} could not be written (${(err as Error).message}); the next start will generate again`;
  }
  info.ms = performance.now() - t0;
  return { fixed, info };
}

/**
 * The fixed credentials stored in a cache folder, if they pass every check (format, version,
 * seed, key matches certificate, issuer signature, subject and serial); otherwise `undefined`.
 * Does not generate anything.
 *
 * @example
 * ```ts
 * readCachedFixed(1, defaultCacheDir())?.map((c) => c.label); // ['ca/root', 'ca/tls', ...]
 * ```
 */
export function readCachedFixed(seed: number, cacheDir: string): Credential[] | undefined {
  const set = tryLoadFixed(checkSeed(seed), pkiCacheDir(cacheDir, seed));
  return set === undefined ? undefined : FIXED.map((s) => set.get(s.label)!);
}

/**
 * Synchronous {@link loadPki} (without the cross-process generation lock).
 *
 * @example
 * ```ts
 * const pki = loadPkiSync({ seed: 1, cacheDir: '/tmp/eeszt-sim-cache' });
 * ```
 */
export function loadPkiSync(options: LoadPkiOptions): LoadedPki {
  const seed = checkSeed(options.seed);
  if (options.cacheDir === undefined) return createPkiInMemory(seed);
  const dir = pkiCacheDir(options.cacheDir, seed);
  const t0 = performance.now();
  const cached = tryLoadFixed(seed, dir);
  if (cached) return new Pki(seed, cached, { source: 'cache', ms: performance.now() - t0, cacheDir: dir }, dir);
  const { fixed, info } = generateAndStore(seed, dir, t0);
  return new Pki(seed, fixed, info, dir);
}

const LOCK_STALE_MS = 60_000;
const LOCK_POLL_MS = 50;

/**
 * Load the test PKI for a seed: from `<cacheDir>/pki-v1/seed-<seed>/` if a valid cache is there,
 * else generate it and write the cache. Without `cacheDir` the PKI lives in memory only.
 * Processes starting at the same time (parallel test workers) do not all generate: the first
 * takes a lock file (`fixed.json.lock`) and the others wait for its result (up to a minute).
 *
 * @example
 * ```ts
 * const pki = await loadPki({ seed: 1, cacheDir: defaultCacheDir() });
 * console.log(pki.loadInfo); // { source: 'cache', ms: 12.3, ... }
 * ```
 */
export async function loadPki(options: LoadPkiOptions): Promise<LoadedPki> {
  const seed = checkSeed(options.seed);
  if (options.cacheDir === undefined) return createPkiInMemory(seed);
  const dir = pkiCacheDir(options.cacheDir, seed);
  const t0 = performance.now();
  const fromCache = (): LoadedPki | undefined => {
    const set = tryLoadFixed(seed, dir);
    return set && new Pki(seed, set, { source: 'cache', ms: performance.now() - t0, cacheDir: dir }, dir);
  };
  const first = fromCache();
  if (first) return first;
  const lock = `${fixedFileOf(dir)}.lock`;
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  } catch {
    // unwritable: generateAndStore reports it
  }
  const deadline = realTimeMs() + LOCK_STALE_MS;
  while (realTimeMs() < deadline) {
    let fd: number | undefined;
    try {
      fd = openSync(lock, 'wx');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') break; // cannot lock here: just generate
      try {
        if (realTimeMs() - statSync(lock).mtimeMs > LOCK_STALE_MS) rmSync(lock, { force: true });
      } catch {
        // lock vanished meanwhile
      }
      await new Promise((r) => setTimeout(r, LOCK_POLL_MS));
      const loaded = fromCache();
      if (loaded) return loaded;
      continue;
    }
    try {
      const loaded = fromCache();
      if (loaded) return loaded;
      const { fixed, info } = generateAndStore(seed, dir, t0);
      return new Pki(seed, fixed, info, dir);
    } finally {
      closeSync(fd);
      rmSync(lock, { force: true });
    }
  }
  const { fixed, info } = generateAndStore(seed, dir, t0);
  return new Pki(seed, fixed, info, dir);
}
