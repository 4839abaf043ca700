import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { adapterDocPath, conformanceDocPath, renderAdapterDoc, renderConformanceDoc } from './catalogue-doc.js';

describe('docs/conformance.md', () => {
  it('lists the current catalogue and variants (refresh: node dist/conformance/catalogue/catalogue-doc.js --write)', () => {
    const doc = readFileSync(conformanceDocPath(), 'utf8');
    expect(doc).toBe(renderConformanceDoc(doc));
  });

  it('docs/adapter.md lists what each check needs to see (same refresh)', () => {
    const doc = readFileSync(adapterDocPath(), 'utf8');
    expect(doc).toBe(renderAdapterDoc(doc));
  });
});
