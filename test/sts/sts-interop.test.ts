/**
 * Interop: generic SOAP clients, driven only by the WSDL at /sts?wsdl, get a token by password
 * over a real loopback listener. node `soap` always; Python `zeep` when a python3 with zeep is
 * installed (Debian: apt-get install python3-zeep).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile, execFileSync } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { serve, type ServerType } from '@hono/node-server';
import * as soap from 'soap';
import { testSimulator } from '../helpers/sim.js';
import type { Simulator } from '../../simulator/simulator.js';
import { validateAssertionXml } from '../../simulator/token/validate-token.js';
import { runningInCi } from '../helpers/ci.js';

const ZEEP_SCRIPT = fileURLToPath(new URL('./zeep_issue.py', import.meta.url));

function pythonWithZeep(): string | undefined {
  for (const py of ['python3', '/usr/bin/python3']) {
    try {
      execFileSync(py, ['-c', 'import zeep'], { stdio: 'ignore' });
      return py;
    } catch {
      // try the next one
    }
  }
  return undefined;
}

describe('STS interop over HTTP', () => {
  let sim: Simulator;
  let server: ServerType;
  let base: string;

  beforeAll(async () => {
    // A running clock: generic clients stamp their messages with the host's real time.
    sim = await testSimulator({ clock: {} });
    server = await new Promise<ServerType>((resolve) => {
      const s = serve({ fetch: sim.app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(s));
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    sim.close();
  });

  it('serves a self-contained WSDL whose address is this endpoint', async () => {
    const res = await fetch(`${base}/sts?wsdl`);
    expect(res.headers.get('content-type')).toBe('text/xml; charset=utf-8');
    const wsdl = await res.text();
    expect(wsdl).toContain(`<soap12:address location="${base}/sts"/>`);
    expect(wsdl).toContain(`<soap:address location="${base}/sts"/>`);
    expect(wsdl).not.toMatch(/schemaLocation|<xs:include|wsdl:import/);
  });

  it('node soap gets a token by password, from the WSDL alone', async () => {
    const client = await soap.createClientAsync(`${base}/sts?wsdl`);
    client.setSecurity(new soap.WSSecurity('O50123', 'Aktiv-Orvos-1', { passwordType: 'PasswordText', hasTimeStamp: true, hasNonce: true }));
    const [result, rawResponse] = (await client.IssueAsync({
      TokenType: 'http://docs.oasis-open.org/wss/oasis-wss-saml-token-profile-1.1#SAMLV2.0',
      RequestType: 'http://docs.oasis-open.org/ws-sx/ws-trust/200512/Issue',
      KeyType: 'http://docs.oasis-open.org/ws-sx/ws-trust/200512/Bearer',
      Claims: { attributes: { Dialect: 'urn:eeszt-sim:claims' }, InstitutionId: 'E01620K', UnitCode: '016200101' },
    })) as [{ RequestSecurityTokenResponse: Array<{ TokenType: string }> }, string];
    expect(result.RequestSecurityTokenResponse[0]?.TokenType).toBe('http://docs.oasis-open.org/wss/oasis-wss-saml-token-profile-1.1#SAMLV2.0');
    const assertion = /<saml:Assertion[\s\S]*<\/saml:Assertion>/.exec(rawResponse)?.[0] ?? '';
    expect(validateAssertionXml(sim.deps, assertion)).toMatchObject({ username: 'O50123', institutionId: 'E01620K', authMethod: 'password' });
  });

  it('node soap receives a readable fault with the simulator error code', async () => {
    const client = await soap.createClientAsync(`${base}/sts?wsdl`);
    client.setSecurity(new soap.WSSecurity('O50123', 'wrong', { passwordType: 'PasswordText' }));
    const err = (await client
      .IssueAsync({ RequestType: 'http://docs.oasis-open.org/ws-sx/ws-trust/200512/Issue', Claims: { attributes: { Dialect: 'urn:eeszt-sim:claims' }, InstitutionId: 'E01620K', UnitCode: '016200101' } })
      .then(() => undefined, (e: unknown) => e)) as { root?: { Envelope?: { Body?: { Fault?: { detail?: { Error?: { Code?: string } } } } } } } | undefined;
    expect(err?.root?.Envelope?.Body?.Fault?.detail?.Error?.Code).toBe('PASSWORD_WRONG');
  });

  it('Python zeep gets a token by password, from the WSDL alone', async (ctx) => {
    const py = pythonWithZeep();
    // Locally zeep is optional; in CI (.ci/run installs python3-zeep) its absence is a failure.
    if (py === undefined && runningInCi()) throw new Error('Python zeep is not installed; apt-get install python3-zeep (.ci/run does)');
    if (py === undefined) ctx.skip();
    const out = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(py as string, [ZEEP_SCRIPT, `${base}/sts?wsdl`, 'S12345', 'Szakdolgozo-1', 'E01620K', '016200101'], (error, stdout, stderr) =>
        resolve({ code: error === null ? 0 : 1, stdout, stderr }),
      );
    });
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    expect(out.stdout.trim()).toMatch(/^_[0-9a-f]{32}$/);
  });
});
