import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../package-root.js';
import { ERROR_CATALOGUE } from '../core/error-catalogue.js';
import { AUTH_RULE } from '../policy/auth-rules.js';
import { NOT_CODES, NOT_RULE_CODES, NOT_RULE_REASONS } from './not-rules.js';
import { RULE_AREAS, RULES, SEED_DOCS, ruleCodes } from './registry.js';

const root = packageRoot();

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...sourceFiles(path));
    else if (name.endsWith('.ts') && !name.endsWith('.test.ts')) out.push(path);
  }
  return out;
}

/**
 * Every error code the source can raise: each upper-case `'A_B'` literal of simulator/ and
 * virtual-reader/ (codes are passed as such literals to the error classes), the one-word codes
 * of the error classes (`super('REPLAYED'`, `code = 'CONFLICT'`), and the catalogue's codes.
 * The registry and its lists (simulator/rules/) are not scanned.
 */
function raisedCodes(): Set<string> {
  const codes = new Set<string>(Object.keys(ERROR_CATALOGUE));
  for (const dir of ['simulator', 'virtual-reader']) {
    for (const file of sourceFiles(join(root, dir))) {
      if (file.includes(`${join('simulator', 'rules')}`)) continue;
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/'([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)'/g)) codes.add(m[1] as string);
      for (const m of text.matchAll(/(?:super\(\s*|code = )'([A-Z][A-Z0-9]+)'/g)) codes.add(m[1] as string);
    }
  }
  for (const c of Object.keys(NOT_CODES)) codes.delete(c);
  return codes;
}

const mentions = (path: string, words: readonly string[]): boolean => {
  const text = readFileSync(join(root, path), 'utf8');
  return words.some((w) => new RegExp(`(?<![A-Za-z0-9_-])${w}(?![A-Za-z0-9_-])`).test(text));
};

describe('the rule registry', () => {
  it('has unique ids of the form AREA-WHAT, known areas, a requirement and codes', () => {
    const ids = RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of RULES) {
      expect(r.id).toMatch(/^[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+$/);
      expect(Object.keys(RULE_AREAS), r.id).toContain(r.area);
      expect(r.requires.length, r.id).toBeGreaterThan(20);
      expect(r.codes.length, r.id).toBeGreaterThan(0);
      for (const c of r.codes) expect(c, r.id).toMatch(/^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*$/);
    }
  });

  it('gives every rule a valid source: a seed quote of 000-004, a standard reference, or an assumption with its reason', () => {
    for (const r of RULES) {
      expect(r.sources.length, `${r.id} has no source`).toBeGreaterThan(0);
      for (const s of r.sources) {
        if (s.kind === 'seed') {
          expect(Object.keys(SEED_DOCS), r.id).toContain(s.doc);
          expect(s.quote.trim().length, `${r.id}: empty seed quote`).toBeGreaterThan(8);
        } else if (s.kind === 'standard') {
          expect(s.ref.trim().length, `${r.id}: empty standard reference`).toBeGreaterThan(5);
        } else {
          expect(s.kind, r.id).toBe('assumption');
          expect(s.why.trim().length, `${r.id}: assumption without a reason`).toBeGreaterThan(20);
        }
      }
      if (r.setting !== undefined) expect(r.setting.trim().length, r.id).toBeGreaterThan(5);
    }
  });

  it('registers the rules the policy module enforces by id, as strict-policy rules', () => {
    for (const id of Object.values(AUTH_RULE)) expect(RULES.find((r) => r.id === id)?.policy, id).toBe('strict');
  });

  it('covers every refusal code of the source by a rule, or lists it as no rule with a reason', () => {
    const raised = raisedCodes();
    expect(raised.size).toBeGreaterThan(150);
    const covered = ruleCodes();
    const uncovered = [...raised].filter((c) => !covered.has(c) && NOT_RULE_CODES[c] === undefined).sort();
    // A code listed here needs a rule in simulator/rules/registry.ts (with its source), or, if it
    // is no rule of EESZT, an entry with its reason in simulator/rules/not-rules.ts.
    expect(uncovered).toEqual([]);
  });

  it('keeps its lists honest: no code is both a rule and no rule, every listed code exists, every reason is known', () => {
    const raised = raisedCodes();
    const covered = ruleCodes();
    for (const [c, reason] of Object.entries(NOT_RULE_CODES)) {
      expect(covered.has(c), `${c} is a rule's code and listed as no rule`).toBe(false);
      expect(raised.has(c), `${c} is listed as no rule but the source never raises it`).toBe(true);
      expect(Object.keys(NOT_RULE_REASONS), c).toContain(reason);
    }
    expect([...covered].filter((c) => !raised.has(c)).sort(), 'rule codes the source never raises').toEqual([]);
  });

  it('names enforcing modules and tests that exist and mention the rule id or one of its codes; one module marks the enforcement point with `// rule: ID`', () => {
    const problems: string[] = [];
    for (const r of RULES) {
      const marked = r.enforcedIn.some((path) => existsSync(join(root, path)) && new RegExp(`rule: [^\\n]*(?<![A-Za-z0-9_-])${r.id}(?![A-Za-z0-9_-])`).test(readFileSync(join(root, path), 'utf8')));
      if (!marked) problems.push(`${r.id}: no enforcing module marks the enforcement point with a \`// rule: ${r.id}\` comment`);
      expect(r.enforcedIn.length, r.id).toBeGreaterThan(0);
      expect(r.testedIn.length, r.id).toBeGreaterThan(0);
      for (const path of r.enforcedIn) {
        if (!existsSync(join(root, path))) problems.push(`${r.id}: enforcing module ${path} does not exist`);
        else if (path.endsWith('.test.ts')) problems.push(`${r.id}: ${path} is a test, not an enforcing module`);
        else if (!mentions(path, [r.id, ...r.codes])) problems.push(`${r.id}: ${path} mentions neither \`rule: ${r.id}\` nor ${r.codes.join(', ')}`);
      }
      for (const path of r.testedIn) {
        if (!existsSync(join(root, path))) problems.push(`${r.id}: test ${path} does not exist`);
        else if (!path.endsWith('.test.ts')) problems.push(`${r.id}: ${path} is not a test file`);
        else if (!mentions(path, [r.id, ...r.codes])) problems.push(`${r.id}: test ${path} mentions neither ${r.id} nor ${r.codes.join(', ')}`);
      }
    }
    expect(problems).toEqual([]);
  });
});
