/**
 * The Docker image builds and runs (docs/docker.md): podman builds docker/Dockerfile from a base
 * given as a build argument, the container answers discovery, passes its HEALTHCHECK, issues a
 * token to a standard SOAP client, runs as a non-root user with production dependencies only,
 * and the compose file does the same through podman-compose.
 *
 * Slow (an image build) and it needs root, podman, runc and a base image, so it runs only when
 * `EESZT_SIM_DOCKER_TEST=1` (`.ci/run` sets it in a step of its own, after `npm test`). The base
 * is `$EESZT_SIM_DOCKER_BASE`, or the one `docker/make-base.sh` makes offline.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as soap from 'soap';
import { packageRoot } from '../../simulator/package-root.js';

const ENABLED = process.env.EESZT_SIM_DOCKER_TEST === '1';
const ROOT = packageRoot();
const IMAGE = 'localhost/eeszt-sim:ci-test';
const PROJECT = `eesztsimci${process.pid}`;
const CONTAINER = `eeszt-sim-ci-${process.pid}`;
const CONTROL_TOKEN = 'ci-control-token-1';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

let env: NodeJS.ProcessEnv = process.env;

/** Run a command to completion (never throws; the caller checks the code). */
function run(cmd: string, args: string[], timeoutMs = 120_000): Promise<Run> {
  return new Promise((resolve) => {
    execFile(cmd, args, { cwd: ROOT, env, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
      resolve({ code, stdout, stderr });
    });
  });
}

async function mustRun(cmd: string, args: string[], timeoutMs?: number): Promise<string> {
  const r = await run(cmd, args, timeoutMs);
  if (r.code !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.code}:\n${r.stdout.slice(-3000)}\n${r.stderr.slice(-3000)}`);
  return r.stdout;
}

/** A TCP port that is free on loopback right now. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/** Poll discovery until it answers 200 (or fail after `ms`). */
async function waitForDiscovery(origin: string, ms = 180_000): Promise<Record<string, unknown>> {
  const until = Date.now() + ms;
  let last = '';
  while (Date.now() < until) {
    try {
      const res = await fetch(`${origin}/.well-known/eeszt-sim`, { signal: AbortSignal.timeout(2000) });
      if (res.ok) return (await res.json()) as Record<string, unknown>;
      last = `HTTP ${res.status}`;
    } catch (err) {
      last = String(err);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`no discovery answer from ${origin} within ${ms} ms (last: ${last})`);
}

/** Password login through the WSDL with node `soap`; returns the raw answer. */
async function passwordToken(origin: string): Promise<string> {
  const client = await soap.createClientAsync(`${origin}/sts?wsdl`);
  client.setSecurity(new soap.WSSecurity('S12345', 'Szakdolgozo-1', { passwordType: 'PasswordText', hasTimeStamp: true, hasNonce: true }));
  const [, raw] = (await client.IssueAsync({
    TokenType: 'http://docs.oasis-open.org/wss/oasis-wss-saml-token-profile-1.1#SAMLV2.0',
    RequestType: 'http://docs.oasis-open.org/ws-sx/ws-trust/200512/Issue',
    KeyType: 'http://docs.oasis-open.org/ws-sx/ws-trust/200512/Bearer',
    Claims: { attributes: { Dialect: 'urn:eeszt-sim:claims' }, InstitutionId: 'E01620K', UnitCode: '016200101' },
  })) as [unknown, string];
  return raw;
}

/** What every check below asks of a running container at `origin`. */
async function expectServing(origin: string, containerName: string): Promise<void> {
  const discovery = await waitForDiscovery(origin);
  expect(discovery).toMatchObject({ name: 'eeszt-sim' });
  expect((discovery.endpoints as Record<string, string>).sts).toBe(`${origin}/sts`);
  // The image's HEALTHCHECK passes (podman runs it on demand: no systemd timers here). Like the
  // engine, allow its retries (3): on a loaded machine one run may exceed its timeout.
  let health = await run('podman', ['healthcheck', 'run', containerName]);
  for (let retry = 0; retry < 2 && health.code !== 0; retry++) health = await run('podman', ['healthcheck', 'run', containerName]);
  expect(health.stdout.trim() + health.stderr.replace(/time=.*level=error.*systemd.*\n?/g, '').trim()).toBe('');
  expect(health.code).toBe(0);
  // A token from the STS, as a HIS would get it.
  const raw = await passwordToken(origin);
  expect(raw).toMatch(/<saml:Assertion [^>]*ID="_[0-9a-f]{32}"/);
  expect(raw).toContain('<ds:SignatureValue>');
  // The control API refuses outsiders without the bearer token, and accepts it.
  const anonymous = await fetch(`${origin}/_sim/reset`, { method: 'POST' });
  expect(anonymous.status).toBe(401);
  expect(((await anonymous.json()) as { code: string }).code).toBe('CONTROL_TOKEN_REQUIRED');
  const reset = await fetch(`${origin}/_sim/reset`, { method: 'POST', headers: { authorization: `Bearer ${CONTROL_TOKEN}` } });
  expect(reset.status).toBe(200);
  expect(await reset.json()).toMatchObject({ reset: true });
}

describe.skipIf(!ENABLED)('the Docker image, built and run with podman', () => {
  let tmp = '';
  let base = '';

  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'eeszt-sim-docker-'));
    // What was found to work on a machine without a Docker engine: Debian's runc (crun cannot
    // create containers there), limits no higher than the host allows, chroot isolation and the
    // Docker image format for builds (the OCI format drops HEALTHCHECK).
    const conf = join(tmp, 'containers.conf');
    writeFileSync(conf, '[containers]\ndefault_ulimits = ["nofile=20000:20000", "nproc=4096:4096"]\n[engine]\nruntime = "runc"\n');
    env = { ...process.env, CONTAINERS_CONF: conf, BUILDAH_ISOLATION: 'chroot', BUILDAH_FORMAT: 'docker' };
    base = process.env.EESZT_SIM_DOCKER_BASE ?? (await mustRun('bash', ['docker/make-base.sh'], 900_000)).trim();
    await mustRun('podman', ['build', '--isolation', 'chroot', '--format', 'docker', '--build-arg', `BASE=${base}`, '-f', 'docker/Dockerfile', '-t', IMAGE, '.'], 1_200_000);
  }, 2_200_000);

  afterAll(async () => {
    await run('podman', ['rm', '-f', CONTAINER]);
    await run('podman-compose', ['-p', PROJECT, '-f', 'docker/compose.yaml', 'down']);
    await run('podman', ['network', 'rm', `${PROJECT}_default`]);
    // Intermediate images of earlier builds: keep the last hour's (the build cache), drop the rest.
    await run('podman', ['image', 'prune', '-f', '--filter', 'until=1h']);
    if (tmp !== '') rmSync(tmp, { recursive: true, force: true });
  }, 120_000);

  it('is small: a non-root user, production dependencies only, no tests, a HEALTHCHECK kept', async () => {
    const inspect = JSON.parse(await mustRun('podman', ['image', 'inspect', IMAGE])) as Array<{ Config: { User: string; Entrypoint?: string[] }; Healthcheck?: { Test: string[] } }>;
    expect(inspect[0]?.Config.User).toBe('eeszt');
    // the bundled CLI, as `npm start` runs it (package.json scripts.start)
    expect(inspect[0]?.Config.Entrypoint).toEqual(['node', 'dist/bundle/eeszt-sim.js']);
    expect(inspect[0]?.Healthcheck?.Test).toEqual(['CMD', 'node', 'docker/healthcheck.mjs']);
    const listing = await mustRun('podman', ['run', '--rm', '--runtime', 'runc', '--ulimit', 'nofile=20000:20000', '--ulimit', 'nproc=4096:4096', '--entrypoint', 'sh', IMAGE, '-c',
      'id -u; ls node_modules; ls dist; find dist -name "*.test.js" | wc -l; node -p "Object.keys(require(\'./package.json\').dependencies).join(\' \')"']);
    const [uid, ...rest] = listing.trim().split('\n');
    expect(uid).toBe('10001');
    const text = rest.join('\n');
    for (const dev of ['typescript', 'vitest', 'soap', 'playwright-core', 'fast-check', 'esbuild']) expect(text.split('\n')).not.toContain(dev);
    expect(text.split('\n')).toContain('hono');
    expect(text).not.toMatch(/^test$/m);
    expect(text).toMatch(/^0$/m);
  });

  it('serves discovery, passes its health check and issues a token (podman run)', async () => {
    const port = await freePort();
    await mustRun('podman', ['run', '-d', '--name', CONTAINER, '--runtime', 'runc', '--ulimit', 'nofile=20000:20000', '--ulimit', 'nproc=4096:4096',
      '-e', `EESZT_SIM_CONTROL_TOKEN=${CONTROL_TOKEN}`, '-p', `127.0.0.1:${port}:8080`, IMAGE]);
    await expectServing(`http://127.0.0.1:${port}`, CONTAINER);
  }, 180_000);

  it('the compose file builds and runs the same way (podman-compose), TLS listeners included', async () => {
    const [http, portal, sts, services] = [await freePort(), await freePort(), await freePort(), await freePort()];
    env = {
      ...env,
      EESZT_SIM_BASE: base,
      EESZT_SIM_CONTROL_TOKEN: CONTROL_TOKEN,
      EESZT_SIM_HTTP_PORT: String(http),
      EESZT_SIM_PORTAL_PORT: String(portal),
      EESZT_SIM_STS_PORT: String(sts),
      EESZT_SIM_SERVICES_PORT: String(services),
    };
    // `up` alone would reuse an image of the same name built earlier: build first.
    await mustRun('podman-compose', ['-p', PROJECT, '-f', 'docker/compose.yaml', 'build'], 1_200_000);
    await mustRun('podman-compose', ['-p', PROJECT, '-f', 'docker/compose.yaml', 'up', '-d'], 300_000);
    await expectServing(`http://127.0.0.1:${http}`, `${PROJECT}_eeszt-sim_1`);
    // The TLS listeners are up too (the portal's needs no client certificate).
    const portalTls = await run('curl', ['-sk', '-m', '10', '-o', '/dev/null', '-w', '%{http_code}', `https://127.0.0.1:${portal}/.well-known/eeszt-sim`]);
    expect(portalTls.stdout).toBe('200');
  }, 1_300_000);
});
