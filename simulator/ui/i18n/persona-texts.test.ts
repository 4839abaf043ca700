import { describe, expect, it } from 'vitest';
import { loadDefaultFixtures } from '../../../fixtures/default-set.js';
import { generateFixtureSet } from '../../../fixtures/generate.js';
import { PERSONA_TEXTS, personaTextsFor } from './persona-texts.js';

describe('the personas’ „Mire jó” texts', () => {
  it('cover every persona of the default set and of a generated set, word for word in English', () => {
    for (const set of [loadDefaultFixtures(), generateFixtureSet({ seed: 7 })]) {
      for (const p of set.personas) {
        expect(PERSONA_TEXTS[p.name]?.en, p.name).toBe(p.description);
        expect(personaTextsFor('hu')[p.description], p.name).toBe(PERSONA_TEXTS[p.name]?.hu);
      }
    }
  });
  it('are Hungarian in hu and differ from the English', () => {
    for (const [name, text] of Object.entries(PERSONA_TEXTS)) expect(text.hu, name).not.toBe(text.en);
    expect(personaTextsFor('en')[PERSONA_TEXTS.nurse?.en ?? '']).toBe(PERSONA_TEXTS.nurse?.en);
  });
});
