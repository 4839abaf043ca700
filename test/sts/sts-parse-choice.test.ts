import { beforeEach, describe, expect, it } from 'vitest';
import { testSimulator } from '../helpers/sim.js';
import type { Simulator } from '../../simulator/simulator.js';
import { passwordIssueRequest, validateRequest } from '../../simulator/sts/sts-client.js';
import { parseStsRequest } from '../../simulator/sts/sts-app.js';
import { WST } from '../../simulator/saml/namespaces.js';
import { postSts } from './sts-helpers.js';

const DOCTOR = { username: 'O50123', password: 'Aktiv-Orvos-1', institutionId: 'E01620K', unitCode: '016200101' };
const SOAP12 = 'application/soap+xml; charset=utf-8';

describe('STS: which tree a request is parsed into', () => {
  let sim: Simulator;
  const now = (): Date => sim.deps.clock.now();
  beforeEach(async () => {
    sim = await testSimulator();
  });

  it('reads a password Issue lean and a Validate as a DOM', async () => {
    expect('document' in parseStsRequest(passwordIssueRequest({ ...DOCTOR, now: now() }), SOAP12)).toBe(false);
    const token = await postSts(sim, passwordIssueRequest({ ...DOCTOR, now: now() }));
    expect('document' in parseStsRequest(validateRequest({ assertionXml: token.assertion ?? '', now: now() }), SOAP12)).toBe(true);
  });

  it('still validates when the text hides that it is a Validate (read lean first, then parsed again as a DOM)', async () => {
    const token = await postSts(sim, passwordIssueRequest({ ...DOCTOR, now: now() }));
    const hidden = validateRequest({ assertionXml: token.assertion ?? '', now: now() }).replace(`>${WST.validate}<`, `>${WST.validate.replace(/V(alidate)$/, '&#86;$1')}<`);
    expect(hidden).not.toContain(WST.validate);
    expect('document' in parseStsRequest(hidden, SOAP12)).toBe(false);
    const answer = await postSts(sim, hidden, SOAP12);
    expect(answer.text).toContain(`<wst:Code>${WST.statusValid}</wst:Code>`);
  });
});
