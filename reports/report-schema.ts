/**
 * The JSON Schema (draft 2020-12) of the JSON report, and a small validator for the subset of
 * the schema language it uses (type, required, properties, items, enum, const), so tests and
 * tools can check a report without further dependencies. docs/conformance.md describes each field.
 *
 * @example
 * ```ts
 * validateReport(JSON.parse(readFileSync('conformance-report.json', 'utf8'))); // [] when valid
 * ```
 */
import { REPORT_SCHEMA } from './result-model.js';

type Schema = { type?: string | string[]; required?: string[]; properties?: Record<string, Schema>; items?: Schema; enum?: unknown[]; const?: unknown; description?: string; additionalProperties?: boolean | Schema; $schema?: string; $id?: string; title?: string };

const str: Schema = { type: 'string' };
const int: Schema = { type: 'integer' };

const evidence: Schema = {
  type: 'object',
  required: ['seq', 'time', 'service', 'method', 'path', 'status', 'request', 'response'],
  properties: { seq: int, time: str, service: str, method: str, path: str, status: int, errorCode: str, client: str, request: str, response: str },
};

const step: Schema = {
  type: 'object',
  required: ['action', 'params', 'durationMs'],
  properties: { action: str, params: { type: 'object' }, ok: { type: 'boolean' }, error: { type: 'object', required: ['code', 'message'], properties: { code: str, message: str } }, failure: str, durationMs: int },
};

const check: Schema = {
  type: 'object',
  required: ['id', 'title', 'area', 'areaTitle', 'level', 'requirement', 'scenario', 'status', 'expectedFailure', 'message', 'durationMs', 'evidence', 'adapter'],
  properties: {
    id: { ...str, description: 'Stable check id, e.g. TOKEN-REUSE.' },
    title: str,
    area: str,
    areaTitle: str,
    level: { enum: ['must', 'should'] },
    requirement: { type: 'object', required: ['source', 'ref', 'text'], properties: { source: { enum: ['domain', 'seed', 'standard', 'profile'] }, ref: str, text: str } },
    scenario: str,
    status: { enum: ['pass', 'fail', 'blocked', 'skipped', 'error'] },
    expectedFailure: { type: 'boolean' },
    message: str,
    expected: str,
    observed: str,
    fix: str,
    blockedBy: { type: 'array', items: str },
    durationMs: int,
    evidence: { type: 'array', items: evidence },
    adapter: { type: 'array', items: step },
  },
};

/** The report's JSON Schema. */
export const REPORT_JSON_SCHEMA: Schema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'urn:eeszt-sim:schema:conformance-report:1',
  title: 'eeszt-sim conformance report',
  type: 'object',
  required: ['schema', 'tool', 'mode', 'startedAt', 'finishedAt', 'durationMs', 'his', 'simulator', 'summary', 'checks'],
  properties: {
    schema: { const: REPORT_SCHEMA },
    tool: { type: 'object', required: ['name', 'version'], properties: { name: { const: 'eeszt-sim' }, version: str } },
    mode: { enum: ['scripted', 'observe'] },
    startedAt: str,
    finishedAt: str,
    durationMs: int,
    his: { type: 'object', required: ['adapter'], properties: { adapter: str, name: str } },
    simulator: { type: 'object', required: ['url', 'embedded', 'tls'], properties: { url: str, embedded: { type: 'boolean' }, tls: { type: 'boolean' } } },
    summary: {
      type: 'object',
      required: ['total', 'passed', 'failed', 'blocked', 'skipped', 'errors', 'expectedFailures', 'mustFailed', 'verdict'],
      properties: { total: int, passed: int, failed: int, blocked: int, skipped: int, errors: int, expectedFailures: int, mustFailed: { type: 'array', items: str }, verdict: { enum: ['pass', 'fail'] } },
    },
    checks: { type: 'array', items: check },
  },
};

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

function validate(value: unknown, schema: Schema, path: string, errors: string[]): void {
  if (schema.const !== undefined && value !== schema.const) errors.push(`${path}: must be ${JSON.stringify(schema.const)}`);
  if (schema.enum !== undefined && !schema.enum.includes(value)) errors.push(`${path}: must be one of ${schema.enum.map((e) => JSON.stringify(e)).join(', ')}`);
  if (schema.type !== undefined) {
    const types = Array.isArray(schema.type) ? schema.type : [schema.type];
    const t = typeOf(value);
    if (!types.includes(t) && !(t === 'integer' && types.includes('number'))) {
      errors.push(`${path}: must be ${types.join(' or ')}, is ${t}`);
      return;
    }
  }
  if (typeOf(value) === 'object') {
    const obj = value as Record<string, unknown>;
    for (const r of schema.required ?? []) if (!(r in obj)) errors.push(`${path}.${r}: required`);
    for (const [k, s] of Object.entries(schema.properties ?? {})) if (k in obj) validate(obj[k], s, `${path}.${k}`, errors);
  }
  if (typeOf(value) === 'array' && schema.items !== undefined) (value as unknown[]).forEach((v, i) => validate(v, schema.items as Schema, `${path}[${i}]`, errors));
}

/** Check a value against the report schema; returns the problems (empty when valid). */
export function validateReport(value: unknown): string[] {
  const errors: string[] = [];
  validate(value, REPORT_JSON_SCHEMA, '$', errors);
  return errors;
}
