import { describe, expect, it } from 'vitest';
import { createRidPackage } from '../../eid/rid-package.js';
import { postRequestPackage } from '../../../test/helpers/eid.js';
import { json, postJson, testSimulator } from '../../../test/helpers/sim.js';
import { eidPackageView, eidPackageViewsOfEntry, eidPackageXmlIn } from './eid-package-view.js';

describe('eID package view', () => {
  it('decodes the request package of POST /eid/request-package: fields, signature, purpose, expiry, use; a changed one is not signed by the eID server', async () => {
    const sim = await testSimulator();
    try {
      const res = await postRequestPackage(sim, { institutionId: 'E01620K' });
      expect(res.status).toBe(201);
      const answer = await json(res);
      const entry = sim.deps.journal.page({ service: 'eid', limit: 1 }).entries[0];
      if (entry === undefined) throw new Error('no journal entry');
      const [view, ...more] = eidPackageViewsOfEntry(sim.deps, entry);
      expect(more).toEqual([]);
      expect(view).toMatchObject({
        part: 'response',
        kind: 'request-package',
        fields: { id: answer.id, purpose: 'login', requester: 'E01620K', audience: answer.audience, nonce: answer.nonce, notOnOrAfter: answer.notOnOrAfter.replace('.000Z', 'Z') },
        signature: 'valid',
        verdict: { ok: true },
        use: { status: 'issued' },
      });
      const xml = Buffer.from(answer.requestPackage, 'base64').toString('utf8');
      expect(eidPackageView(sim.deps, xml.replace('>login<', '>readout<'), 'request')).toMatchObject({ signature: 'invalid', verdict: { ok: false, code: 'REQUEST_PACKAGE_INVALID' } });
      await postJson(sim, '/_sim/clock', { advance: '6m' });
      expect(eidPackageView(sim.deps, xml, 'request')).toMatchObject({ signature: 'valid', verdict: { ok: false, code: 'REQUEST_PACKAGE_EXPIRED' } });
    } finally {
      sim.close();
    }
  });

  it('decodes an rID package in a SOAP BinarySecurityToken, also with the base64 wrapped in lines', async () => {
    const sim = await testSimulator();
    try {
      const now = sim.deps.clock.now();
      const xml = createRidPackage({ rid: new Uint8Array(32).fill(7), requestNonce: 'n-1', issueInstant: now }, sim.deps.pki.eidServer);
      const b64 = Buffer.from(xml).toString('base64');
      const wrapped = b64.replace(/(.{64})/g, '$1\n');
      for (const body of [`<wsse:BinarySecurityToken ValueType="urn:eeszt-sim:eid:2026#RidPackage">${b64}</wsse:BinarySecurityToken>`, `<wsse:BinarySecurityToken ValueType="x">\n${wrapped}\n</wsse:BinarySecurityToken>`]) {
        const found = eidPackageXmlIn(body);
        expect(found).toHaveLength(1);
        expect(eidPackageView(sim.deps, found[0] as string, 'request')).toMatchObject({ kind: 'rid-package', fields: { requestNonce: 'n-1', rid: Buffer.alloc(32, 7).toString('base64') }, signature: 'valid', verdict: { ok: true } });
      }
      const unsigned = xml.replace(/<ds:Signature[\s\S]*<\/ds:Signature>/, '');
      expect(eidPackageView(sim.deps, unsigned, 'request')).toMatchObject({ signature: 'missing', verdict: { ok: false, code: 'RID_PACKAGE_SIGNATURE_INVALID' } });
      expect(eidPackageXmlIn('{"other":"' + 'QUJD'.repeat(80) + '"}')).toEqual([]);
    } finally {
      sim.close();
    }
  });
});
