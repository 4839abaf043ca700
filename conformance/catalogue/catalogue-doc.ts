/**
 * The generated parts of docs/conformance.md: the catalogue (every check with its level,
 * requirement and scenario) and the broken variants of the reference HIS. A test fails when the
 * document is stale; `node dist/conformance/catalogue/catalogue-doc.js --write` refreshes it.
 *
 * @example
 * ```ts
 * const md = renderCatalogueSection(); // markdown between the GENERATED markers
 * ```
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../../simulator/package-root.js';
import { CORRECT_VARIANTS, MUTANTS } from '../mutants/mutants.js';
import { CATALOGUE, dependentsOf } from './catalogue.js';
import { AREAS } from './check.js';

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** The catalogue as markdown: one table per area. */
export function renderCatalogueSection(): string {
  const out: string[] = [];
  for (const [area, title] of Object.entries(AREAS)) {
    const checks = CATALOGUE.filter((c) => c.area === area);
    if (checks.length === 0) continue;
    out.push(`### ${title}`, '', '| id | level | check | requirement | scenario | needs |', '|---|---|---|---|---|---|');
    for (const c of checks) {
      const needs = [...(c.requires ?? []).map((r) => `\`${r}\``), ...(c.needs?.method === undefined ? [] : [`${c.needs.method} login`]), ...(c.needs?.tls === true ? ['TLS'] : [])].join(', ');
      out.push(`| \`${c.id}\` | ${c.level} | ${cell(c.title)}${c.observable ? '' : ' *(scripted only)*'} | ${cell(c.requirement.ref)}: ${cell(c.requirement.text)} | ${cell(c.scenario)} | ${needs || '–'} |`);
    }
    out.push('');
  }
  return out.join('\n').trimEnd();
}

/** The broken variants as markdown: the meta-test (test/conformance/mutants-*.test.ts) holds the suite to this table. */
export function renderMutantSection(): string {
  const ids = (list: Iterable<string>): string => [...list].map((id) => `\`${id}\``).join(', ') || '–';
  return [
    `${MUTANTS.length} broken variants; each must fail exactly the checks named, and the checks that need those are reported blocked (not run). Every other check must pass.`,
    '',
    '| variant (`--mutant`) | mistake | checks that must fail | blocked (not run) |',
    '|---|---|---|---|',
    ...MUTANTS.map((m) => `| \`${m.id}\` | ${cell(m.mistake)} | ${ids(m.expectedFailures)} | ${ids(CATALOGUE.map((c) => c.id).filter((id) => dependentsOf(m.expectedFailures).has(id)))} |`),
    '',
    'Correct variants, which must pass every check (no false failure):',
    '',
    '| variant | how it differs from the reference HIS |',
    '|---|---|',
    '| `reference` | – (the reference HIS itself) |',
    ...CORRECT_VARIANTS.map((v) => `| \`${v.id}\` | ${cell(v.difference)} |`),
  ].join('\n');
}

/** "What each check needs to see" for docs/adapter.md: the minimum evidence of every check. */
export function renderEvidenceSection(): string {
  return [
    '| check | level | the suite needs to see at least |',
    '|---|---|---|',
    ...CATALOGUE.map((c) => `| \`${c.id}\` | ${c.level} | ${cell(c.minimumEvidence)}${c.judgeAcrossRun === true ? ' *(judged again over the whole run)*' : ''} |`),
  ].join('\n');
}

/** The path of docs/adapter.md. */
export function adapterDocPath(): string {
  return join(packageRoot(), 'docs', 'adapter.md');
}

/** docs/adapter.md with its generated section refreshed. */
export function renderAdapterDoc(current: string): string {
  return replaceGenerated(current, 'evidence', renderEvidenceSection());
}

/** Replace the text between `<!-- BEGIN GENERATED name -->` and `<!-- END GENERATED name -->`. */
export function replaceGenerated(doc: string, name: string, content: string): string {
  const begin = `<!-- BEGIN GENERATED ${name} -->`;
  const end = `<!-- END GENERATED ${name} -->`;
  const i = doc.indexOf(begin);
  const j = doc.indexOf(end);
  if (i < 0 || j < i) throw new Error(`the document lacks the ${name} markers`);
  return `${doc.slice(0, i + begin.length)}\n${content}\n${doc.slice(j)}`;
}

/** docs/conformance.md with its generated sections refreshed. */
export function renderConformanceDoc(current: string): string {
  return replaceGenerated(replaceGenerated(current, 'catalogue', renderCatalogueSection()), 'mutants', renderMutantSection());
}

/** The path of docs/conformance.md. */
export function conformanceDocPath(): string {
  return join(packageRoot(), 'docs', 'conformance.md');
}

if (process.argv[1]?.endsWith('catalogue-doc.js') && process.argv.includes('--write')) {
  const file = conformanceDocPath();
  writeFileSync(file, renderConformanceDoc(readFileSync(file, 'utf8')));
  writeFileSync(adapterDocPath(), renderAdapterDoc(readFileSync(adapterDocPath(), 'utf8')));
  process.stdout.write(`written ${file} and ${adapterDocPath()}\n`);
}
