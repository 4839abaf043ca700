import { beforeAll, describe, expect, it } from 'vitest';
import { loadDefaultFixtures } from '../../fixtures/default-set.js';
import { createLogger, createSimulator, type Simulator } from '../simulator.js';
import { defaultCacheDir, loadPki } from '../pki/create-pki.js';
import { revoke, unrevoke } from '../state/revocations.js';
import { checkInstitutionalCertificate } from './authenticate-certificate.js';

let sim: Simulator;
let certPem: string;

beforeAll(async () => {
  const pki = await loadPki({ seed: 1, cacheDir: defaultCacheDir() });
  sim = createSimulator({ fixtures: loadDefaultFixtures(), pki, log: createLogger('silent') });
  certPem = pki.institution('E30217B').certPem;
});

const codeOf = (f: () => unknown): string | undefined => {
  try {
    f();
    return undefined;
  } catch (err) {
    return (err as { code?: string }).code;
  }
};

describe('checkInstitutionalCertificate', () => {
  it('checks the revocation and the validity at the simulator clock on every request, not only the first (the parse is kept, not the verdict)', () => {
    const { deps } = sim;
    const first = checkInstitutionalCertificate(deps, certPem);
    expect(first.subject).toMatch(/E30217B/);
    expect(checkInstitutionalCertificate(deps, certPem)).toEqual(first);
    revoke(deps.store, first.serialHex, 'keyCompromise', deps.clock.now());
    try {
      expect(codeOf(() => checkInstitutionalCertificate(deps, certPem))).toBe('CERTIFICATE_REVOKED');
    } finally {
      unrevoke(deps.store, first.serialHex);
    }
    expect(checkInstitutionalCertificate(deps, certPem)).toEqual(first);
    const now = deps.clock.now();
    deps.clock.set('2099-01-01T00:00:00Z');
    try {
      expect(codeOf(() => checkInstitutionalCertificate(deps, certPem))).toBe('CERTIFICATE_EXPIRED');
    } finally {
      deps.clock.set(now);
    }
  });

  it('refuses a changed byte as a certificate of its own, every time', () => {
    const changed = certPem.replace(/\n(.)(.)/, (_m, a: string, b: string) => `\n${a}${b === 'A' ? 'B' : 'A'}`);
    expect(changed).not.toBe(certPem);
    const codes = [0, 1].map(() => codeOf(() => checkInstitutionalCertificate(sim.deps, changed)));
    expect(codes[0]).toMatch(/^CERTIFICATE_(MALFORMED|UNKNOWN_CA|INVALID)$/);
    expect(codes[1]).toBe(codes[0]);
    expect(codeOf(() => checkInstitutionalCertificate(sim.deps, 'not a certificate'))).toBe('CERTIFICATE_MALFORMED');
  });
});
