import { describe, expect, it } from 'vitest';
import { parseUntrustedXml } from '../soap/safe-xml.js';
import { EBEUTALO_SPEC, EHR_SPEC, EPROFIL_SPEC, ERECEPT_SPEC, ESEMENYKATALOGUS_SPEC } from './index.js';
import { serviceWsdl, specOperations } from './wsdl.js';

const SPECS = [ESEMENYKATALOGUS_SPEC, EHR_SPEC, EPROFIL_SPEC, ERECEPT_SPEC, EBEUTALO_SPEC];
const WSDL_NS = 'http://schemas.xmlsoap.org/wsdl/';
const XS_NS = 'http://www.w3.org/2001/XMLSchema';

describe.each(SPECS)('WSDL of $title', (spec) => {
  const doc = parseUntrustedXml(serviceWsdl(spec, 'http://sim/services/x'));

  it('has one operation per offered access kind, in both bindings', () => {
    const ops = specOperations(spec);
    const portOps = [...Array.from(doc.getElementsByTagNameNS(WSDL_NS, 'portType'))].flatMap((p) => Array.from(p.getElementsByTagNameNS(WSDL_NS, 'operation')).map((o) => o.getAttribute('name')));
    expect(portOps).toEqual(ops);
    expect(doc.getElementsByTagNameNS(WSDL_NS, 'binding')).toHaveLength(2);
    expect(doc.getElementsByTagNameNS(WSDL_NS, 'port')).toHaveLength(2);
  });

  it('declares every request and response element inline, with the document fields', () => {
    const elements = Array.from(doc.getElementsByTagNameNS(XS_NS, 'element')).map((e) => e.getAttribute('name'));
    for (const op of specOperations(spec)) expect(elements).toEqual(expect.arrayContaining([`${op}Request`, `${op}Response`]));
    for (const f of spec.fields) expect(elements).toContain(f.name);
  });
});

describe('summary types', () => {
  it('hold no health content', () => {
    const doc = parseUntrustedXml(serviceWsdl(ERECEPT_SPEC, 'http://sim/services/erecept'));
    const summary = Array.from(doc.getElementsByTagNameNS(XS_NS, 'complexType')).find((t) => t.getAttribute('name') === 'PrescriptionSummary');
    const names = Array.from(summary?.getElementsByTagNameNS(XS_NS, 'element') ?? []).map((e) => e.getAttribute('name'));
    expect(names).toContain('ValidUntil');
    expect(names).not.toContain('Medication');
    expect(names).not.toContain('Dosage');
  });
});
