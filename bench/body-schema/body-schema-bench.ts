/**
 * Body-validator benchmark: what checking a JSON body against its schema (the one validator,
 * simulator/core/body-schema.ts) adds to parsing it, for real bodies of real routes, against
 * `JSON.parse` of the same text measured in the same run, in alternating rounds so both see the
 * same machine load. Also the cost of a refusal (a body with five problems: the error is built).
 * Run: `npm run bench:body-schema`. Writes its section of docs/performance.md.
 */
import { cpus } from 'node:os';
import type { BodyDeclaration, FieldError } from '../../simulator/core/body-schema.js';
import { CONFIGURATION_BODY, LOGIN_BODY } from '../../simulator/minihis/body.js';
import { FAULTS_BODY } from '../../simulator/faults/faults-app.js';
import { median, writePerformanceSection } from '../report-section.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const PER_ROUND = Number(process.env.BENCH_PER_ROUND ?? 20_000);

interface Case {
  name: string;
  declaration: BodyDeclaration<unknown>;
  text: string;
}

const CASES: Case[] = [
  {
    name: 'miniHIS login (`POST /minihis/api/login`), 4 fields',
    declaration: LOGIN_BODY as BodyDeclaration<unknown>,
    text: JSON.stringify({ institutionPick: 'pick-0123456789abcdef', unitPick: 'pick-fedcba9876543210', username: 'O50123', mobilTokenCode: '123456' }),
  },
  {
    name: 'miniHIS configuration (`POST /minihis/api/configuration`), 7 fields',
    declaration: CONFIGURATION_BODY as BodyDeclaration<unknown>,
    text: JSON.stringify({
      institutionId: '01620K',
      providerCode: '016200101',
      contact: { phone: '+36 1 234 5678', email: 'rendeles@rendelo.hu', visible: true },
      careType: 'jarobeteg-szakellatas',
      referralInstitutionType: 'finanszirozott',
      prescriptionCategory: 'jarobeteg-szakrendeles',
      prescriptionCertificateFormat: 'a5',
    }),
  },
  {
    name: '50 fault rules (`POST /_sim/faults`)',
    declaration: FAULTS_BODY as BodyDeclaration<unknown>,
    text: JSON.stringify({ rules: Array.from({ length: 50 }, (_, i) => ({ service: 'erecept', operation: 'IssuePrescription', fault: 'status', status: 503, times: i + 1, share: 0.5, seed: i })) }),
  },
];

const REFUSED: Case = {
  name: 'refused login body (5 problems)',
  declaration: LOGIN_BODY as BodyDeclaration<unknown>,
  text: JSON.stringify({ institutionPick: 5, unitPick: [], username: 'O50123', otp: '1', mobilTokenCode: 123456 }),
};

/** µs per body: parse only (baseline) or parse and check. */
function round(c: Case, check: boolean): number {
  const schema = c.declaration.schema;
  let sink = 0;
  const t0 = performance.now();
  for (let i = 0; i < PER_ROUND; i++) {
    const value: unknown = JSON.parse(c.text);
    if (check) {
      const errors: FieldError[] = [];
      schema.check(value, '(body)', errors);
      sink += errors.length;
    } else sink += value === null ? 1 : 0;
  }
  if (sink < 0) console.log(sink);
  return ((performance.now() - t0) * 1000) / PER_ROUND;
}

/** µs per refused body, the error (message, details) built as the route builds it. */
function refusedRound(c: Case): number {
  const t0 = performance.now();
  for (let i = 0; i < PER_ROUND / 10; i++) {
    try {
      c.declaration.check(JSON.parse(c.text));
    } catch {
      // the refusal is what is measured
    }
  }
  return ((performance.now() - t0) * 1000) / (PER_ROUND / 10);
}

function main(): void {
  const rows = CASES.map((c) => {
    round(c, false);
    round(c, true);
    const parse: number[] = [];
    const checked: number[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      parse.push(round(c, false));
      checked.push(round(c, true));
    }
    const p = median(parse);
    const k = median(checked);
    return { name: c.name, bytes: Buffer.byteLength(c.text), p, k, ratio: k / p };
  });
  refusedRound(REFUSED);
  const refused = median(Array.from({ length: ROUNDS }, () => refusedRound(REFUSED)));
  for (const r of rows) console.log(`${r.name}: parse ${r.p.toFixed(2)} µs, parse + check ${r.k.toFixed(2)} µs, ratio ${r.ratio.toFixed(2)}x`);
  console.log(`${REFUSED.name}: ${refused.toFixed(1)} µs`);
  const file = writePerformanceSection(
    'body-schema',
    `## JSON body validation

What checking a body against its schema (\`simulator/core/body-schema.ts\`, every JSON route) adds
to \`JSON.parse\` of the same text, median of ${ROUNDS} alternating rounds of ${PER_ROUND} bodies, by
\`bench/body-schema\` on ${cpus().length} cores (${new Date().toISOString().slice(0, 10)}). A whole request through the app
takes hundreds of microseconds (see the sections above), so the check is a small share of it.

| body | bytes | parse | parse + check | ratio |
|---|---|---|---|---|
${rows.map((r) => `| ${r.name} | ${r.bytes} | ${r.p.toFixed(2)} µs | ${r.k.toFixed(2)} µs | ${r.ratio.toFixed(2)}x |`).join('\n')}

A refused body (${REFUSED.name}: the error with its message and \`details.errors\` built) takes
${refused.toFixed(1)} µs.`,
  );
  console.log(`written to ${file}`);
}

main();
