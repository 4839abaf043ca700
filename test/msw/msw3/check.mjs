// The msw 3 check (run by test/msw/msw3.test.ts): the compiled `eeszt-sim/msw` module with msw 3's
// setupServer; a fetch HIS logs in and gets ROLE_MISSING, node:http and the npm soap client
// reach the handlers. Prints one JSON line with what it saw.
import { createRequire } from 'node:module';
import http from 'node:http';
import { setupServer } from 'msw/node';
import * as soap from 'soap';
import { createEesztHandlers } from '../../../dist/simulator/msw/index.js';
import { callService, discover, passwordLogin } from '../../../dist/test/msw/fetch-his.js';

const require = createRequire(import.meta.url);
const seen = { mswResolved: import.meta.resolve('msw/node'), mswVersion: require('msw3/package.json').version };
const env = await createEesztHandlers({ clock: { start: '2026-03-02T08:00:00Z', frozen: true } });
const server = setupServer(...env.handlers);
server.listen({ onUnhandledRequest: 'error' });
try {
  const endpoints = await discover(env.baseUrl);
  const nurse = env.simulator.deps.store.loaded().users.find((u) => u.username === 'S12345');
  const login = await passwordLogin(endpoints.sts, { user: 'S12345', password: nurse.password, institutionId: 'E01620K', unit: '016200101' }, env.simulator.deps.clock.now());
  seen.loginFault = login.faultCode ?? null;
  seen.tokenIssued = typeof login.assertion === 'string' && login.assertion.startsWith('<saml:Assertion');
  const call = await callService(endpoints.erecept, 'erecept', 'IssuePrescription', { Taj: '123456788', Medication: 'x', Dosage: 'y' }, login.assertion);
  seen.serviceFault = call.faultCode ?? null;
  seen.nodeHttpStatus = await new Promise((resolve, reject) => {
    http.get(`${env.baseUrl}/.well-known/eeszt-sim`, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode));
    }).on('error', reject);
  });
  const client = await soap.createClientAsync(`${env.baseUrl}/services/erecept?wsdl`);
  client.addSoapHeader(`<wsse:Security xmlns:wsse="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd">${login.assertion}</wsse:Security>`);
  seen.soapFault = await client.IssuePrescriptionAsync({ Taj: '123456788', Medication: 'x', Dosage: 'y' }).then(
    () => null,
    (e) => e?.root?.Envelope?.Body?.Fault?.Detail?.Error?.Code ?? e?.root?.Envelope?.Body?.Fault?.detail?.Error?.Code ?? String(e),
  );
} finally {
  server.close();
  env.close();
}
process.stdout.write(`${JSON.stringify(seen)}\n`);
