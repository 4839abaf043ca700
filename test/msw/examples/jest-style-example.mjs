// his.test.mjs: the same in jest style (global beforeAll/test/expect; no imports from the runner).
// jest needs its ESM mode for this file: node --experimental-vm-modules node_modules/.bin/jest
import { setupServer } from 'msw/node';
import { createEesztHandlers } from 'eeszt-sim/msw';

let eeszt;
let server;

beforeAll(async () => {
  eeszt = await createEesztHandlers();
  server = setupServer(...eeszt.handlers);
  server.listen({ onUnhandledRequest: 'error' });
});
afterAll(() => {
  server.close();
  eeszt.close();
});

test('a wrong password is refused by the STS with PASSWORD_WRONG', async () => {
  const now = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
  const envelope = `<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Header>
    <wsse:Security xmlns:wsse="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd" xmlns:wsu="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd">
      <wsu:Timestamp><wsu:Created>${now}</wsu:Created></wsu:Timestamp>
      <wsse:UsernameToken><wsse:Username>O50123</wsse:Username>
        <wsse:Password Type="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordText">not-my-password</wsse:Password>
      </wsse:UsernameToken></wsse:Security></s:Header>
    <s:Body><wst:RequestSecurityToken xmlns:wst="http://docs.oasis-open.org/ws-sx/ws-trust/200512">
      <wst:RequestType>http://docs.oasis-open.org/ws-sx/ws-trust/200512/Issue</wst:RequestType>
      <wst:Claims Dialect="urn:eeszt-sim:claims"><sim:InstitutionId xmlns:sim="urn:eeszt-sim:2026">E01620K</sim:InstitutionId>
        <sim:UnitCode xmlns:sim="urn:eeszt-sim:2026">016200101</sim:UnitCode></wst:Claims>
    </wst:RequestSecurityToken></s:Body></s:Envelope>`;
  const res = await fetch(`${eeszt.baseUrl}/sts`, { method: 'POST', headers: { 'content-type': 'application/soap+xml; charset=utf-8' }, body: envelope });
  expect(res.status).toBe(400);
  expect(await res.text()).toContain('<sim:Code>PASSWORD_WRONG</sim:Code>');
});
