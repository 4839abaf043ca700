/**
 * Generates docs/rules.md from the rule registry: every rule the simulator enforces with its
 * source (seed quote, standard, or simulator assumption), the codes it produces, the setting that
 * changes it, the module that enforces it and the test that checks it; then the codes that are
 * no rule. `npm run docs:rules` rewrites the file; a test fails when it is stale.
 *
 * @example
 * ```ts
 * const md = renderRulesDoc(); // the whole docs/rules.md
 * ```
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../package-root.js';
import { NOT_RULE_CODES, NOT_RULE_REASONS, type NotRuleReason } from './not-rules.js';
import { RULE_AREAS, RULES, SEED_DOCS, type Rule, type RuleSource } from './registry.js';

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const code = (s: string): string => `\`${s}\``;
const link = (path: string): string => `[${path.split('/').pop() ?? path}](../${path})`;

/** One source as a table cell fragment. */
function renderSource(source: RuleSource): string {
  switch (source.kind) {
    case 'seed':
      return `**seed ${source.doc}**: „${cell(source.quote)}”`;
    case 'standard':
      return `**standard**: ${cell(source.ref)}`;
    case 'assumption':
      return `**simulator assumption**: ${cell(source.why)}`;
  }
}

function renderRule(rule: Rule): string {
  const kinds = [...new Set(rule.sources.map((s) => s.kind))].join(', ');
  const policy = rule.policy === 'strict' ? ' *(strict policy)*' : '';
  return [
    `| ${code(rule.id)}${policy}`,
    cell(rule.requires),
    kinds,
    rule.sources.map(renderSource).join('<br>'),
    rule.codes.map(code).join(', '),
    rule.setting === undefined ? '–' : cell(rule.setting),
    rule.enforcedIn.map(link).join(', '),
    `${rule.testedIn.map(link).join(', ')} |`,
  ].join(' | ');
}

/** The whole docs/rules.md text. */
export function renderRulesDoc(): string {
  const out: string[] = [
    '# Rules and their sources',
    '',
    'Generated from `simulator/rules/registry.ts` by `npm run docs:rules`; do not edit by hand.',
    '',
    'Every rule the simulator enforces names where it comes from: a **seed** document (the Hungarian',
    'source documents of the project, quoted verbatim), an open **standard**, or a **simulator',
    'assumption** where the seeds are silent. The seeds win over any summary, including',
    '`shared/design/eeszt-domain.md` and these docs. Rules marked *(strict policy)* are relaxed by',
    '`--policy lenient`, and every answer so relaxed is flagged (`EESZT-Sim-Lenient` header, journal',
    '`lenient` list); the others hold under both policies. The error codes are explained in',
    '[errors.md](errors.md) and the documents it links.',
    '',
    'The seeds:',
    '',
    ...Object.entries(SEED_DOCS).map(([doc, title]) => `- **${doc}**: ${title}`),
    '',
    'Tests hold this table to the code (`simulator/rules/registry.test.ts`): each rule has a source,',
    'every refusal code the source can raise belongs to a rule or to the list of codes that are no',
    'rule (below), an enforcing module marks the enforcement point with a `// rule: ID` comment, and',
    'each module and test named mentions the rule id or one of its codes. A second',
    'test (`simulator/rules/seed-quotes.test.ts`) checks that every seed quote occurs verbatim in its',
    'seed (white space collapsed, markdown `*` ignored, `…` for omitted text); it needs the seeds,',
    'found at `$EESZT_SEEDS_DIR` or `../shared/seeds` next to the repository, and is skipped, saying',
    'so, in a clone without them (as in CI).',
    '',
  ];
  for (const [area, title] of Object.entries(RULE_AREAS)) {
    const rules = RULES.filter((r) => r.area === area);
    if (rules.length === 0) continue;
    out.push(`## ${title}`, '', '| rule | requires | source kind | source | codes | setting | enforced in | tested in |', '|---|---|---|---|---|---|---|---|');
    out.push(...rules.map(renderRule), '');
  }
  out.push(
    '## Settings of the assumptions',
    '',
    'Rules resting on a simulator assumption whose values a user may want to change, and how:',
    '',
    '| rule | setting |',
    '|---|---|',
    ...RULES.filter((r) => r.setting !== undefined && r.sources.some((s) => s.kind === 'assumption')).map((r) => `| ${code(r.id)} | ${cell(r.setting ?? '')} |`),
    '',
    'Assumptions with fixed values (no setting yet): ' +
      RULES.filter((r) => r.setting === undefined && r.sources.some((s) => s.kind === 'assumption'))
        .map((r) => code(r.id))
        .join(', ') +
      '.',
    '',
    '## Codes that are no rule',
    '',
    'These codes say what happened rather than which rule a request broke:',
    '',
    '| reason | codes |',
    '|---|---|',
  );
  for (const [reason, text] of Object.entries(NOT_RULE_REASONS)) {
    const codes = Object.entries(NOT_RULE_CODES)
      .filter(([, r]) => r === (reason as NotRuleReason))
      .map(([c]) => code(c));
    out.push(`| ${cell(text)} | ${codes.join(', ')} |`);
  }
  return `${out.join('\n').trimEnd()}\n`;
}

/** The path of docs/rules.md. */
export function rulesDocPath(): string {
  return join(packageRoot(), 'docs', 'rules.md');
}

if (process.argv[1]?.endsWith('rules-doc.js')) {
  writeFileSync(rulesDocPath(), renderRulesDoc());
  process.stdout.write(`written ${rulesDocPath()}\n`);
}
