import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadAssets } from '../server/assets.js';
import { DICTIONARY, fill, labelsFor, translate } from './dictionary.js';

describe('the UI dictionary', () => {
  it('has every label in Hungarian and English, with the same placeholders', () => {
    for (const [key, label] of Object.entries(DICTIONARY)) {
      expect(label.hu.trim(), key).not.toBe('');
      expect(label.en.trim(), key).not.toBe('');
      const names = (text: string): string[] => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '').sort();
      expect(names(label.en), key).toEqual(names(label.hu));
    }
  });

  it('keeps the real screens’ words and the EESZT names', () => {
    expect(translate('hu', 'iam.create')).toBe('LÉTREHOZÁS');
    expect(translate('hu', 'iam.save')).toBe('TÁROL ÉS VISSZA');
    expect(translate('hu', 'iam.new')).toBe('Új felhasználó jogosultság létrehozás');
    expect(translate('hu', 'minihis.enter')).toBe('Belépés');
    expect(translate('hu', 'minihis.config.finish')).toBe('Befejezés');
    for (const key of ['nav.portal', 'vmatrix.title', 'minihis.setup.terms', 'iam.title'] as const) expect(translate('en', key)).toBe(translate('hu', key));
  });

  it('fills placeholders and leaves unknown ones', () => {
    expect(translate('en', 'reader.triesLeft', { n: 2 })).toBe('Tries left: 2');
    expect(fill('{a} {b}', { a: 1 })).toBe('1 {b}');
    expect(labelsFor('en')['iam.create']).toBe('CREATE (LÉTREHOZÁS)');
  });

  it('knows every literal label key the browser scripts ask for', () => {
    const bundle = loadAssets();
    const missing: string[] = [];
    for (const path of bundle.paths().filter((p) => p.endsWith('.js'))) {
      const text = bundle.get(path)?.body ?? '';
      for (const m of text.matchAll(/\bt\('([\w.]+)'/g)) if (!((m[1] ?? '') in DICTIONARY)) missing.push(`${path}: ${m[1]}`);
    }
    expect(missing).toEqual([]);
  });

  it('is the only source of the pages’ words (the page components call t() for text)', () => {
    const pages = ['home-page', 'portal-pages', 'iam-pages', 'minihis-pages', 'inspector-page', 'scenario-page'];
    for (const name of pages) {
      const source = readFileSync(new URL(`../pages/${name}.tsx`, import.meta.url), 'utf8');
      // Text between tags that is not an expression: only punctuation may appear literally.
      const literal = [...source.matchAll(/>\s*([A-Za-zÁÉÍÓÖŐÚÜŰáéíóöőúüű][^<{]*?)\s*</g)].map((m) => m[1]);
      expect(literal, name).toEqual([]);
    }
  });
});
