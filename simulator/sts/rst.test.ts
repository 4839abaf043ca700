import { describe, expect, it } from 'vitest';
import { NS_SIM, NS_WST } from '../core/errors.js';
import { SAML, SIM, WST } from '../saml/namespaces.js';
import { parseSoapRequest, parseSoapRequestLean } from '../soap/envelope.js';
import { readRst } from './rst.js';

const AUDIENCE = 'urn:eeszt:services';
const claims = `<wst:Claims Dialect="${SIM.claimsDialect}"><sim:InstitutionId xmlns:sim="${NS_SIM}">E01620K</sim:InstitutionId><sim:UnitCode xmlns:sim="${NS_SIM}">016200101</sim:UnitCode></wst:Claims>`;
const envelope = (rst: string): string =>
  `<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Body><wst:RequestSecurityToken xmlns:wst="${NS_WST}" Context="c1">${rst}</wst:RequestSecurityToken></s:Body></s:Envelope>`;

/** The reading of an RST from a DOM and from a lean tree, or the error's code and message. */
function read(rst: string, lean: boolean): unknown {
  try {
    const req = lean ? parseSoapRequestLean(envelope(rst), 'application/soap+xml') : parseSoapRequest(envelope(rst), 'application/soap+xml');
    const r = readRst<Element | ReturnType<typeof parseSoapRequestLean>['body']>(req, AUDIENCE);
    return { ...r, validateTarget: r.validateTarget?.localName };
  } catch (err) {
    return [(err as { code: string }).code, (err as Error).message];
  }
}

describe('readRst', () => {
  const issue = `<wst:RequestType>${WST.issue}</wst:RequestType>`;
  const cases: Array<[string, string, unknown]> = [
    ['an Issue', `<x:Other xmlns:x="urn:x"/>${issue}<wst:TokenType>${SAML.tokenType}</wst:TokenType><wst:KeyType>${WST.bearer}</wst:KeyType>${claims}`, { requestType: 'issue', context: 'c1', claims: { institutionId: 'E01620K', unitCode: '016200101' }, validateTarget: undefined }],
    ['a Validate', `<wst:RequestType>${WST.validate}</wst:RequestType><wst:ValidateTarget><y:T xmlns:y="urn:y"/></wst:ValidateTarget>${claims}${claims}`, { requestType: 'validate', context: 'c1', claims: undefined, validateTarget: 'T' }],
    ['two RequestTypes', `${issue}${issue}${claims}${claims}`, ['RST_MALFORMED', 'the RequestSecurityToken has 2 wst:RequestType elements; send at most one']],
    ['two TokenTypes', `${issue}<wst:TokenType>a</wst:TokenType><wst:TokenType>b</wst:TokenType><wst:KeyType/><wst:KeyType/>`, ['RST_MALFORMED', 'the RequestSecurityToken has 2 wst:TokenType elements; send at most one']],
    ['an unknown TokenType before two KeyTypes', `${issue}<wst:TokenType>urn:other</wst:TokenType><wst:KeyType/><wst:KeyType/>`, ['TOKEN_TYPE_UNSUPPORTED', expect.stringContaining('wst:TokenType `urn:other` is not issued here')]],
    ['two KeyTypes after a good TokenType', `${issue}<wst:KeyType/><wst:KeyType/><wst:KeyType/>${claims}${claims}`, ['RST_MALFORMED', 'the RequestSecurityToken has 3 wst:KeyType elements; send at most one']],
    ['two Claims', `${issue}${claims}${claims}`, ['RST_MALFORMED', 'the RequestSecurityToken has 2 wst:Claims elements; send at most one']],
    ['no Claims', issue, ['CONTEXT_MISSING', expect.stringContaining('the RequestSecurityToken names no context')]],
    ['two ValidateTargets', `<wst:RequestType>${WST.validate}</wst:RequestType><wst:ValidateTarget/><wst:ValidateTarget/>`, ['RST_MALFORMED', 'the RequestSecurityToken has 2 wst:ValidateTarget elements; send at most one']],
    ['a RequestType in another namespace', `<x:RequestType xmlns:x="urn:x">${WST.issue}</x:RequestType>`, ['REQUEST_TYPE_MISSING', expect.stringContaining('has no wst:RequestType')]],
  ];
  for (const [what, rst, expected] of cases) {
    it(`reads ${what} alike from a DOM and a lean tree`, () => {
      expect(read(rst, false)).toEqual(expected);
      expect(read(rst, true)).toEqual(expected);
    });
  }
});
