/**
 * The bundled CLI (`dist/bundle/`, made by `npm run build` with esbuild; see cli/bundle/) run as a
 * user runs it: the package's `eeszt-sim` bin executed directly (its shebang), from a folder outside
 * the package, so every file it reads (package.json, the default fixture set, the UI's assets) must
 * be found from the bundle's own chunks. Fails when the bundle is older than `dist/` or misses a file.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { IncomingMessage } from 'node:http';
import * as http2 from 'node:http2';
import { Socket } from 'node:net';
import { packageRoot } from '../../simulator/package-root.js';
import { BUNDLE_BIN, BUNDLE_MANIFEST, bundleProblems, type BundleManifest } from '../../cli/bundle/bundle-manifest.js';
import { LAZY_HTTP2_SOURCE, packageNameOf, renamedClasses } from '../../cli/bundle/build-bundle.js';
import { extractAssertion, passwordIssueRequest, SOAP12_ISSUE } from '../../simulator/sts/sts-client.js';
import { TEST_CACHE, stop } from '../helpers/cli.js';

const ROOT = packageRoot();
const BIN = join(ROOT, BUNDLE_BIN);
const PKG = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  version: string;
  bin: Record<string, string>;
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
  optionalDependencies?: Record<string, string>;
};
const DOCTOR = { username: 'O50123', password: 'Aktiv-Orvos-1', institutionId: 'E01620K', unitCode: '016200101' };

/** Run the bundled bin itself (not through `node`), from a folder outside the package. */
function runBin(args: string[], cwd: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(BIN, args, { cwd, env: { ...process.env, EESZT_SIM_CACHE: TEST_CACHE } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdin.end();
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('the bundled eeszt-sim (dist/bundle)', () => {
  let work = '';
  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'eeszt-sim-bundle-'));
  });
  afterAll(() => {
    if (work !== '') rmSync(work, { recursive: true, force: true });
  });

  it('is current: made from the dist/ files as they are now, with every chunk it lists', () => {
    expect(bundleProblems(ROOT)).toEqual([]);
    const manifest = JSON.parse(readFileSync(join(ROOT, BUNDLE_MANIFEST), 'utf8')) as BundleManifest;
    expect(manifest.outputs).toContain(BUNDLE_BIN);
    // the lazily imported parts stay chunks of their own
    for (const lazy of ['ui-app', 'card-client-mount', 'portal-app', 'conform', 'sqlite-store', 'generate']) {
      expect(manifest.outputs.some((o) => o.startsWith(`dist/bundle/chunks/${lazy}-`)), lazy).toBe(true);
    }
  });

  it('the build refuses to rename one of the simulator\'s own classes (error classes name themselves from new.target.name)', () => {
    const own = ['export class BadRequest extends SimError {}', 'class Sha256Digest {}', 'class Node {}'];
    expect(renamedClasses(own, ['var BadRequest2 = class BadRequest2 extends SimError {}; class Sha256Digest {}'])).toEqual([['BadRequest', 'BadRequest2']]);
    expect(renamedClasses(own, ['class BadRequest extends SimError {} class Sha256Digest {} class Node {}'])).toEqual([]);
    expect(renamedClasses(['class Other {}'], ['var Hono2 = class Hono3 {}'])).toEqual([]);
  });

  it('gives @hono/node-server the same answers from its lazy node:http2 as from the real one', async () => {
    const file = join(work, 'lazy-http2.mjs');
    writeFileSync(file, LAZY_HTTP2_SOURCE);
    const lazy = (await import(pathToFileURL(file).href)) as { Http2ServerRequest: new () => unknown; constants: Record<string, unknown> };
    const h1 = new IncomingMessage(new Socket());
    expect(h1 instanceof lazy.Http2ServerRequest).toBe(false);
    const h2 = Object.create(http2.Http2ServerRequest.prototype) as object;
    expect(h2 instanceof lazy.Http2ServerRequest).toBe(true);
    expect({} instanceof lazy.Http2ServerRequest).toBe(false);
    expect(lazy.constants['NGHTTP2_NO_ERROR']).toBe(http2.constants.NGHTTP2_NO_ERROR);
  });

  it('is what `npm start` and the package bin run, and imports only built-ins and production dependencies', () => {
    expect(PKG.bin['eeszt-sim']).toBe(BUNDLE_BIN);
    expect(PKG.scripts['start']).toBe(`node ${BUNDLE_BIN} serve`);
    const manifest = JSON.parse(readFileSync(join(ROOT, BUNDLE_MANIFEST), 'utf8')) as BundleManifest;
    const production = new Set([...Object.keys(PKG.dependencies), ...Object.keys(PKG.optionalDependencies ?? {})]);
    const builtins = new Set(builtinModules);
    const foreign = manifest.externals.filter((x) => !(x.startsWith('node:') ? builtins.has(x.slice(5)) : builtins.has(x) || production.has(packageNameOf(x))));
    expect(foreign).toEqual([]);
    for (const p of manifest.bundledPackages) expect(manifest.externals.map(packageNameOf)).not.toContain(p);
  });

  it('prints its version and help, and runs other commands (certs list, conform --help)', async () => {
    const v = await runBin(['--version'], work);
    expect(v).toMatchObject({ code: 0, stderr: '' });
    expect(v.stdout.trim()).toBe(PKG.version);
    const h = await runBin(['--help'], work);
    expect(h.code).toBe(0);
    for (const cmd of ['serve', 'certs', 'fixtures', 'reader', 'conform', 'check', 'token']) expect(h.stdout).toContain(`  ${cmd}`);
    const certs = await runBin(['certs', 'list'], work);
    expect(certs.code).toBe(0);
    expect(certs.stdout).toContain('CN=EESZT-SIM Test Root CA');
    const conform = await runBin(['conform', '--help'], work);
    expect(conform.code).toBe(0);
    expect(conform.stdout).toContain('--his-cmd');
    const bad = await runBin(['serve', '--port', 'eighty'], work);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('eeszt-sim: --port takes a whole number; got `eighty`\n');
  }, 60_000);

  describe('serve', () => {
    let child: ChildProcessWithoutNullStreams | undefined;
    let origin = '';
    let output = '';
    beforeAll(async () => {
      const started = spawn(BIN, ['serve', '--port', '0', '--log-level', 'silent'], { cwd: work, env: { ...process.env, EESZT_SIM_CACHE: TEST_CACHE } });
      child = started;
      origin = await new Promise<string>((resolve, reject) => {
        started.stdout.on('data', (d: Buffer) => {
          output += d.toString();
          const m = /discovery\s+(http:\/\/[^/\s]+)\/\.well-known/.exec(output);
          if (m) resolve(m[1] as string);
        });
        started.stderr.on('data', (d: Buffer) => (output += d.toString()));
        started.on('exit', (code) => reject(new Error(`serve exited with ${code}: ${output}`)));
      });
    }, 60_000);
    afterAll(async () => {
      if (child !== undefined) expect(await stop(child, 'SIGTERM')).toBe(0);
    });

    it('answers discovery on the embedded default fixture set', async () => {
      expect(output).toContain(`eeszt-sim ${PKG.version} ready (embedded default set`);
      const res = await fetch(`${origin}/.well-known/eeszt-sim`);
      expect(res.status).toBe(200);
      const doc = (await res.json()) as { endpoints: Record<string, string> };
      expect(doc.endpoints['discovery']).toBe(`${origin}/.well-known/eeszt-sim`);
    });

    it('issues a password token that xmlsec1 verifies, and refuses a wrong password by code and message', async () => {
      const clock = (await (await fetch(`${origin}/_sim/clock`)).json()) as { now: string };
      const now = new Date(clock.now);
      const res = await fetch(`${origin}/sts`, { method: 'POST', headers: { 'content-type': SOAP12_ISSUE }, body: passwordIssueRequest({ ...DOCTOR, now }) });
      expect(res.status).toBe(200);
      const assertion = extractAssertion(await res.text());
      const discovery = (await (await fetch(`${origin}/.well-known/eeszt-sim`)).json()) as { certificates: { stsSigning: string } };
      writeFileSync(join(work, 'assertion.xml'), assertion);
      writeFileSync(join(work, 'sts.pem'), discovery.certificates.stsSigning);
      const verified = execFileSync(
        'xmlsec1',
        ['--verify', '--pubkey-cert-pem', join(work, 'sts.pem'), '--id-attr:ID', 'urn:oasis:names:tc:SAML:2.0:assertion:Assertion', join(work, 'assertion.xml')],
        { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
      );
      expect(verified).toBe('');
      const wrong = await fetch(`${origin}/sts`, { method: 'POST', headers: { 'content-type': SOAP12_ISSUE }, body: passwordIssueRequest({ ...DOCTOR, password: 'Rossz-Jelszo-9', now }) });
      expect(wrong.status).toBe(400);
      const fault = await wrong.text();
      expect(fault).toContain('PASSWORD_WRONG');
      expect(fault).toContain('the password for `O50123` is wrong; check the password');
      expect(fault).not.toContain('Rossz-Jelszo-9');
    });

    it('serves the WSDLs', async () => {
      for (const path of ['/sts?wsdl', '/services/erecept?wsdl']) {
        const res = await fetch(`${origin}${path}`);
        expect(res.status, path).toBe(200);
        expect(await res.text(), path).toMatch(/<(wsdl:)?definitions[\s>]/);
      }
    });

    it('mounts the lazily loaded modules: the trainer UI with its static assets, and the card client', async () => {
      const ui = await fetch(`${origin}/ui`);
      expect(ui.status).toBe(200);
      const page = await ui.text();
      const script = /src="(\/ui\/assets\/[^"]+\.js)"/.exec(page)?.[1];
      expect(script).toBeDefined();
      const asset = await fetch(`${origin}${script}`);
      expect(asset.status).toBe(200);
      expect(asset.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
      expect(await asset.text()).toBe(readFileSync(join(ROOT, (script as string).replace(/^\/ui\/assets\//, 'simulator/ui/assets/')), 'utf8'));
      const css = await fetch(`${origin}/ui/assets/ui.css`);
      expect(css.status).toBe(200);
      const readers = await fetch(`${origin}/card-client/readers`);
      expect(readers.status).toBe(200);
      const body = (await readers.json()) as { readers: Array<{ id: number; name: string }> };
      expect(body.readers[0]?.name).toBe('eeszt-sim Virtual Reader');
    });
  });
});
