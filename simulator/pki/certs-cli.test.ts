// Tests of cli/commands/certs.ts (kept here, in the PKI folder).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command, CommanderError } from 'commander';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { certsCommand } from '../../cli/commands/certs.js';
import { reportCliError } from '../../cli/cli-error.js';
import { sharedTestPki, TEST_CACHE_DIR } from './test-pki.js';

const pki = await sharedTestPki();
const dir = mkdtempSync(join(tmpdir(), 'eeszt-sim-certs-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const common = ['--seed', '5', '--cache', TEST_CACHE_DIR];

/** Run `eeszt-sim certs ...` the way cli/main.ts does, capturing output and the exit code. */
async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => ((out += s.toString()), true));
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => ((err += s.toString()), true));
  let code = 0;
  try {
    const program = new Command('eeszt-sim').exitOverride();
    program.addCommand(certsCommand());
    await program.parseAsync(['certs', ...args], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) code = error.exitCode === 0 ? 0 : 2;
    else code = reportCliError(error);
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
  return { code, out, err };
}

const openssl = (args: string[]): string => execFileSync('openssl', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

describe('eeszt-sim certs', () => {
  it('list prints every fixed credential with subject, serial and validity', async () => {
    const r = await run(['list', ...common]);
    expect(r.code).toBe(0);
    for (const c of pki.fixedCredentials()) {
      expect(r.out).toContain(c.label);
      expect(r.out).toContain(c.subject);
      expect(r.out).toContain(c.serialHex);
    }
    const j = await run(['list', '--json', ...common]);
    expect(JSON.parse(j.out).credentials).toHaveLength(8);
  });

  it('export-ca writes the CA bundle (stdout by default)', async () => {
    const r = await run(['export-ca', ...common]);
    expect(r.out).toBe(pki.caBundlePem());
    const f = join(dir, 'ca.pem');
    expect((await run(['export-ca', ...common, '--out', f])).code).toBe(0);
    expect(readFileSync(f, 'utf8')).toBe(pki.caBundlePem());
  });

  it('issue --kind waf writes a PKCS#12 that openssl opens with the password', async () => {
    const f = join(dir, 'waf.p12');
    const r = await run(['issue', '--kind', 'waf', '--institution', 'E01620K', '--password', 'titok', '--out', f, ...common]);
    expect(r.code).toBe(0);
    expect(r.err).toContain(`wrote ${f} (p12): ${pki.waf('E01620K').subject}`);
    expect(openssl(['pkcs12', '-in', f, '-passin', 'pass:titok', '-nokeys'])).toContain('CN = E01620K');
  });

  it('issue --format pem gives certificate, chain and key that verify against export-ca', async () => {
    const ca = join(dir, 'ca2.pem');
    await run(['export-ca', ...common, '--out', ca]);
    const f = join(dir, 'card.pem');
    expect((await run(['issue', '--kind', 'card', '--subject', '123456AB', '--cn', 'Kovacs Eva', '--out', f, ...common])).code).toBe(0);
    const text = readFileSync(f, 'utf8');
    expect(text.match(/BEGIN CERTIFICATE/g)).toHaveLength(3);
    expect(text).toContain('BEGIN PRIVATE KEY');
    expect(openssl(['verify', '-CAfile', ca, f])).toContain('OK');
    expect(openssl(['x509', '-in', f, '-noout', '-subject'])).toContain('serialNumber = 123456AB, CN = Kovacs Eva');
  });

  it('issue honours --not-before / --not-after', async () => {
    const f = join(dir, 'user.pem');
    const r = await run(['issue', '--kind', 'user', '--subject', 'O50123', '--not-before', '2024-01-01T00:00:00Z', '--not-after', '2025-06-01T00:00:00Z', '--out', f, ...common]);
    expect(r.code).toBe(0);
    expect(openssl(['x509', '-in', f, '-noout', '-dates'])).toBe('notBefore=Jan  1 00:00:00 2024 GMT\nnotAfter=Jun  1 00:00:00 2025 GMT\n');
    const server = join(dir, 'server.pem');
    expect((await run(['issue', '--kind', 'server', '--host', 'sim.local', '--host', '10.0.0.5', '--out', server, ...common])).code).toBe(0);
    expect(openssl(['x509', '-in', server, '-noout', '-ext', 'subjectAltName'])).toContain('DNS:sim.local, IP Address:10.0.0.5');
  });

  it('refuses usage errors with exit code 2 and a one-line message', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['issue', '--kind', 'waf', '--institution', 'E01620K', '--out', join(dir, 'x.p12')], /needs --password PW/],
      [['issue', '--kind', 'waf', '--institution', '01620K', '--password', 'x', '--out', join(dir, 'x.p12')], /lacks the `E` prefix; use `E01620K`/],
      [['issue', '--kind', 'waf', '--password', 'x', '--out', join(dir, 'x.p12')], /needs --institution ID/],
      [['issue', '--kind', 'card', '--subject', '123456AB', '--format', 'p12', '--password', 'x', '--out', join(dir, 'x.p12')], /use --format pem/],
      [['issue', '--kind', 'robot'], /Allowed choices are waf, institution, card, server, user/],
      [['issue', '--kind', 'user', '--subject', 'O50123', '--not-after', 'tomorrow'], /ISO 8601/],
      [['issue', '--kind', 'user', '--subject', 'O50123', '--seed', 'x'], /--seed takes a whole number/],
    ];
    for (const [args, message] of cases) {
      const r = await run([...args, '--cache', TEST_CACHE_DIR]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err, args.join(' ')).toMatch(message);
      expect(r.err).not.toMatch(/\n\s+at /);
    }
  });

  it('reports a write failure with exit code 1', async () => {
    const r = await run(['export-ca', ...common, '--out', join(dir, 'no', 'such', 'dir', 'ca.pem')]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/cannot write .* \(ENOENT\); choose a writable path with --out/);
  });

  it('has help texts with examples', async () => {
    for (const sub of [[], ['list'], ['issue'], ['export-ca']]) {
      const r = await run([...sub, '--help']);
      expect(r.code).toBe(0);
      expect(r.out).toContain('Examples:');
    }
  });
});

