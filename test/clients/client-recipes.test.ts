/**
 * docs/clients.md's recipes, run as they stand: every ```<lang> file=NAME block is written to a
 * folder and run against a live simulator (`eeszt-sim serve` on a free port), in the order of
 * the page (the certificate login writes token.xml, the service call reads it). Python zeep with
 * python-xmlsec must be installed in CI (.ci/run: python3-zeep python3-xmlsec); elsewhere the
 * zeep recipes are skipped when it is missing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile, execFileSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packageRoot } from '../../simulator/package-root.js';
import { runningInCi } from '../helpers/ci.js';
import { runCli, startServe, stop } from '../helpers/cli.js';

const ROOT = packageRoot();

/** The `file=` blocks of docs/clients.md, by file name. */
function recipeBlocks(markdown: string): Map<string, string> {
  const blocks = new Map<string, string>();
  for (const m of markdown.matchAll(/^```\w+ file=(\S+)\n([\s\S]*?)^```$/gm)) blocks.set(m[1] as string, m[2] as string);
  return blocks;
}

function pythonWithZeep(): string | undefined {
  for (const py of ['/usr/bin/python3', 'python3']) {
    try {
      execFileSync(py, ['-c', 'import zeep, xmlsec'], { stdio: 'ignore' });
      return py;
    } catch {
      // try the next one
    }
  }
  return undefined;
}

function runIn(dir: string, cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(cmd, args, { cwd: dir, env, timeout: 60_000 }, (error, stdout, stderr) =>
      resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : 1, stdout, stderr }),
    );
  });
}

describe('docs/clients.md recipes against a live simulator', () => {
  const blocks = recipeBlocks(readFileSync(join(ROOT, 'docs', 'clients.md'), 'utf8'));
  let serve: ChildProcessWithoutNullStreams | undefined;
  let env: NodeJS.ProcessEnv;
  let work = '';

  beforeAll(async () => {
    const started = await startServe();
    serve = started.child;
    env = { ...process.env, EESZT_SIM: started.origin };
    work = mkdtempSync(join(tmpdir(), 'eeszt-sim-recipes-'));
    // The certificate the page tells the reader to issue (its `certs issue` line), into each folder.
    const pem = await runCli(['certs', 'issue', '--kind', 'institution', '--institution', 'E30217B', '--format', 'pem', '--out', join(work, 'inst.pem')]);
    expect(pem.code, pem.stderr).toBe(0);
    for (const lang of ['python', 'node']) {
      const dir = join(work, lang);
      execFileSync('mkdir', ['-p', dir]);
      execFileSync('cp', [join(work, 'inst.pem'), dir]);
      for (const [name, code] of blocks) writeFileSync(join(dir, name), code);
    }
    // The npm `soap` recipes import 'soap' as an installed package would be.
    symlinkSync(join(ROOT, 'node_modules'), join(work, 'node', 'node_modules'), 'dir');
  }, 60_000);

  afterAll(async () => {
    if (serve !== undefined) await stop(serve);
    if (work !== '') rmSync(work, { recursive: true, force: true });
  });

  it('the page has the six recipes and tells how to issue the certificate they use', () => {
    expect([...blocks.keys()]).toEqual(['zeep_password.py', 'zeep_x509.py', 'zeep_service.py', 'soap_password.mjs', 'soap_x509.mjs', 'soap_service.mjs']);
    expect(readFileSync(join(ROOT, 'docs', 'clients.md'), 'utf8')).toContain(
      'npm run eeszt-sim -- certs issue --kind institution --institution E30217B --format pem --out inst.pem',
    );
  });

  describe('Python zeep', () => {
    const py = pythonWithZeep();
    const skip = py === undefined && !runningInCi();
    const python = (file: string): Promise<{ code: number; stdout: string; stderr: string }> => {
      if (py === undefined) throw new Error('Python zeep with xmlsec is not installed; apt-get install python3-zeep python3-xmlsec (.ci/run does)');
      return runIn(join(work, 'python'), py, [file], env);
    };

    it.skipIf(skip)('password login, then Validate reads the Status (not None)', async () => {
      const out = await python('zeep_password.py');
      expect(out.stderr).toBe('');
      expect(out.stdout).toMatch(/^token _[0-9a-f]{32}\nstatus valid - token _[0-9a-f]{32} is valid: `S12345` at E01620K \/ 016200101/);
    });

    it.skipIf(skip)('certificate login with a signed Timestamp, RSA-SHA256, no answer verification', async () => {
      const out = await python('zeep_x509.py');
      expect(out.stderr).toBe('');
      expect(out.stdout).toMatch(/^token _[0-9a-f]{32}\n$/);
      expect(readFileSync(join(work, 'python', 'token.xml'), 'utf8')).toMatch(/^<saml:Assertion [\s\S]*<saml:NameID[^>]*>E30217B</);
    });

    it.skipIf(skip)('calls the Eseménykatalógus with the token in wsse:Security and reads a fault code', async () => {
      const out = await python('zeep_service.py');
      expect(out.stderr).toBe('');
      expect(out.stdout).toMatch(/^care event EK-\d{6} by X90001\nrefused IDENTIFIER_INVALID\n$/);
    });
  });

  describe('npm soap', () => {
    const node = (file: string): Promise<{ code: number; stdout: string; stderr: string }> =>
      runIn(join(work, 'node'), process.execPath, ['--no-deprecation', file], env);

    it('password login, then Validate', async () => {
      const out = await node('soap_password.mjs');
      expect(out.stderr).toBe('');
      expect(out.stdout).toMatch(/^token _[0-9a-f]{32}\nstatus valid - token _[0-9a-f]{32} is valid: `S12345`/);
    });

    it('certificate login', async () => {
      const out = await node('soap_x509.mjs');
      expect(out.stderr).toBe('');
      expect(out.stdout).toMatch(/^token _[0-9a-f]{32}\n$/);
    });

    it('calls the Eseménykatalógus with the token and reads a fault code', async () => {
      const out = await node('soap_service.mjs');
      expect(out.stderr).toBe('');
      expect(out.stdout).toMatch(/^care event EK-\d{6} by X90001\nrefused IDENTIFIER_INVALID\n$/);
    });
  });
});
