import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { renderRulesDoc, rulesDocPath } from './rules-doc.js';

describe('docs/rules.md', () => {
  it('matches the rule registry (run `npm run docs:rules` after changing simulator/rules/)', () => {
    expect(readFileSync(rulesDocPath(), 'utf8')).toBe(renderRulesDoc());
  });
});
