import { describe, expect, it } from 'vitest';
import { createPkiInMemory } from '../pki/create-pki.js';
import { testPki } from '../../test/helpers/sim.js';
import { createRequestPackage, requestPackageXml, verifyRequestPackage } from './request-package.js';

const NOW = new Date('2026-03-02T08:00:00Z');

describe('eID authentication request package', () => {
  it('round-trips: what was signed is what is read, from base64 or XML', async () => {
    const pki = await testPki();
    const pkg = createRequestPackage({ requester: 'E01620K', issueInstant: NOW, nonce: 'n-1', id: '_req1' }, pki.eidServer);
    expect(pkg.xml).toMatch(/^<eid:AuthnRequestPackage xmlns:eid="urn:eeszt-sim:eid:2026" ID="_req1" Version="1"><eid:Issuer>urn:eeszt-sim:eid-request-service<\/eid:Issuer><ds:Signature/);
    const opts = { eidServerCertPem: pki.eidServer.certPem, now: NOW };
    const expected = { id: '_req1', nonce: 'n-1', audience: 'urn:eeszt-sim:sector:eeszt', purpose: 'login', requester: 'E01620K', issueInstant: NOW, notOnOrAfter: new Date('2026-03-02T08:05:00Z') };
    expect(verifyRequestPackage(pkg.base64, opts)).toEqual(expected);
    expect(verifyRequestPackage(pkg.xml, opts)).toEqual(expected);
  });

  it('refuses a changed, foreign-signed, expired or missing package', async () => {
    const pki = await testPki();
    const opts = { eidServerCertPem: pki.eidServer.certPem, now: NOW };
    const pkg = createRequestPackage({ requester: 'E01620K', issueInstant: NOW }, pki.eidServer);
    expect(() => verifyRequestPackage(pkg.xml.replace('E01620K', 'E30217B'), opts)).toThrow(expect.objectContaining({ code: 'REQUEST_PACKAGE_INVALID' }));
    const foreign = createRequestPackage({ requester: 'E01620K', issueInstant: NOW }, pki.sts);
    expect(() => verifyRequestPackage(foreign.base64, opts)).toThrow(expect.objectContaining({ code: 'REQUEST_PACKAGE_INVALID', message: expect.stringContaining('does not verify with the eID server certificate') }));
    const otherSeed = createPkiInMemory(2);
    expect(() => verifyRequestPackage(createRequestPackage({ requester: 'E01620K', issueInstant: NOW }, otherSeed.eidServer).base64, opts)).toThrow(expect.objectContaining({ code: 'REQUEST_PACKAGE_INVALID' }));
    expect(() => verifyRequestPackage(pkg.base64, { ...opts, now: new Date('2026-03-02T08:05:00Z') })).toThrow(
      expect.objectContaining({ code: 'REQUEST_PACKAGE_EXPIRED', status: 400, subcode: expect.objectContaining({ local: 'MessageExpired' }) }),
    );
    expect(() => requestPackageXml(undefined)).toThrow(expect.objectContaining({ code: 'REQUEST_PACKAGE_MISSING' }));
    expect(() => requestPackageXml('not base64!')).toThrow(expect.objectContaining({ code: 'REQUEST_PACKAGE_INVALID' }));
    expect(() => verifyRequestPackage('<x:Other xmlns:x="urn:x"/>', opts)).toThrow(expect.objectContaining({ code: 'REQUEST_PACKAGE_INVALID', message: expect.stringContaining('not {urn:eeszt-sim:eid:2026}AuthnRequestPackage') }));
    expect(() => verifyRequestPackage('<!DOCTYPE x [<!ENTITY a "b">]><x/>', opts)).toThrow(expect.objectContaining({ code: 'REQUEST_PACKAGE_INVALID' }));
  });
});
