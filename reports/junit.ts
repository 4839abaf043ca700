/**
 * The JUnit XML report, as GitLab (`artifacts:reports:junit`) and Jenkins (`junit` step) read
 * it: one `testsuite` per area, one `testcase` per check. A failed check is a `failure` whose
 * message is the finding and whose text gives expected, observed, the fix and the requirement;
 * blocked, skipped and expected-failure checks are `skipped` with the reason; suite errors are
 * `error`.
 *
 * @example
 * ```ts
 * writeFileSync('conformance-report.xml', renderJunit(report));
 * ```
 */
import { areasOf, type CheckReport, type SuiteReport } from './result-model.js';
import { escapeMarkup as x } from './xml-escape.js';

const seconds = (ms: number): string => (ms / 1000).toFixed(3);

function details(c: CheckReport): string {
  return [
    c.expected === undefined ? undefined : `expected: ${c.expected}`,
    c.observed === undefined ? undefined : `observed: ${c.observed}`,
    c.fix === undefined ? undefined : `what to change: ${c.fix}`,
    `requirement (${c.level}): ${c.requirement.ref}: ${c.requirement.text}`,
    `scenario: ${c.scenario}`,
    ...c.evidence.map((e) => `evidence #${e.seq} ${e.method} ${e.path} -> ${e.status}${e.errorCode === undefined ? '' : ` ${e.errorCode}`}`),
  ]
    .filter((l): l is string => l !== undefined)
    .join('\n');
}

function testcase(c: CheckReport): string {
  const open = `    <testcase classname="eeszt-sim.conformance.${x(c.area)}" name="${x(`${c.id}: ${c.title}`)}" time="${seconds(c.durationMs)}">`;
  let inner: string;
  if (c.expectedFailure) inner = `      <skipped message="${x(`expected failure (listed): ${c.message}`)}"/>`;
  else if (c.status === 'fail') inner = `      <failure message="${x(c.message)}" type="${c.level}">${x(details(c))}</failure>`;
  else if (c.status === 'error') inner = `      <error message="${x(c.message)}" type="suite-error">${x(details(c))}</error>`;
  else if (c.status === 'blocked' || c.status === 'skipped') inner = `      <skipped message="${x(c.message)}"/>`;
  else inner = `      <system-out>${x(`${c.message}\nrequirement (${c.level}): ${c.requirement.ref}`)}</system-out>`;
  return `${open}\n${inner}\n    </testcase>`;
}

/** Render the report as JUnit XML. */
export function renderJunit(report: SuiteReport): string {
  const suites = areasOf(report).map((area) => {
    const cs = area.checks;
    const failures = cs.filter((c) => c.status === 'fail' && !c.expectedFailure).length;
    const errors = cs.filter((c) => c.status === 'error' && !c.expectedFailure).length;
    const skipped = cs.filter((c) => c.expectedFailure || c.status === 'blocked' || c.status === 'skipped').length;
    const time = cs.reduce((t, c) => t + c.durationMs, 0);
    return [
      `  <testsuite name="${x(`${area.id}: ${area.title}`)}" tests="${cs.length}" failures="${failures}" errors="${errors}" skipped="${skipped}" time="${seconds(time)}" timestamp="${x(report.startedAt)}">`,
      ...cs.map(testcase),
      '  </testsuite>',
    ].join('\n');
  });
  const all = report.checks;
  const failures = all.filter((c) => c.status === 'fail' && !c.expectedFailure).length;
  const errors = all.filter((c) => c.status === 'error' && !c.expectedFailure).length;
  const skipped = all.filter((c) => c.expectedFailure || c.status === 'blocked' || c.status === 'skipped').length;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${x(`eeszt-sim conformance (${report.mode}): ${report.his.name ?? report.his.adapter}`)}" tests="${all.length}" failures="${failures}" errors="${errors}" skipped="${skipped}" time="${seconds(report.durationMs)}">`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}
