/**
 * Property tests of the fixture validator (`fixtures/validate.ts`): random documents and the
 * default set with one identifier, date or value replaced by a random, near-valid or valid one.
 * The validator never throws; a value that breaks its rule is reported at its exact path with a
 * message; a valid date is accepted.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateFixtureSet } from '../../fixtures/validate.js';
import { loadDefaultFixtures } from '../../fixtures/default-set.js';
import {
  anyText,
  isCalendarDate,
  isCardDocumentId,
  isInstitutionId,
  isTaj,
  isUnitCode,
  isUsername,
  nearValid,
  notAString,
  runs,
  validCardDocumentId,
  validDate,
  validInstitutionId,
  validTaj,
  validUnitCode,
  validUsername,
} from './support.js';

const base = loadDefaultFixtures();

/** A field of the default set, where it is, its rule and its valid values. */
interface Field {
  collection: 'users' | 'units' | 'institutions' | 'patients' | 'cards';
  key: string;
  oracle(s: string): boolean;
  valid: fc.Arbitrary<string>;
  /** A valid value is accepted at this path (no cross-record rule depends on it). */
  free: boolean;
}

const FIELDS: Field[] = [
  { collection: 'users', key: 'username', oracle: isUsername, valid: validUsername, free: false },
  { collection: 'units', key: 'code', oracle: isUnitCode, valid: validUnitCode, free: false },
  { collection: 'institutions', key: 'id', oracle: isInstitutionId, valid: validInstitutionId, free: false },
  { collection: 'patients', key: 'taj', oracle: isTaj, valid: validTaj, free: false },
  { collection: 'cards', key: 'documentId', oracle: isCardDocumentId, valid: validCardDocumentId, free: false },
  { collection: 'patients', key: 'birthDate', oracle: isCalendarDate, valid: validDate, free: true },
];

function problems(set: unknown): Array<{ path: string; message: string }> {
  const r = validateFixtureSet(set);
  return r.ok ? [] : r.errors;
}

describe('validateFixtureSet', () => {
  it('accepts the default set', () => {
    expect(problems(structuredClone(base))).toEqual([]);
  });

  it('answers any JSON document with a list of problems, each with a path and a message, never an exception', () => {
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue({ maxDepth: 4 }), fc.record({ formatVersion: fc.oneof(fc.constant(1), fc.jsonValue({ maxDepth: 2 })), users: fc.jsonValue({ maxDepth: 3 }), cards: fc.jsonValue({ maxDepth: 3 }) }, { requiredKeys: [] })), (doc) => {
        const r = validateFixtureSet(doc);
        expect(r.ok).toBe(false);
        if (!r.ok) {
          expect(r.errors.length).toBeGreaterThan(0);
          for (const e of r.errors) {
            expect(typeof e.path).toBe('string');
            expect(e.message.length).toBeGreaterThan(5);
          }
        }
      }),
      runs(200),
    );
  });

  it.each(FIELDS.map((f) => [`${f.collection}[i].${f.key}`, f] as const))('reports a bad %s at its path, and accepts a good one where nothing else depends on it', (_label, field) => {
    const records = base[field.collection] as unknown as Array<Record<string, unknown>>;
    fc.assert(
      fc.property(fc.nat({ max: records.length - 1 }), fc.oneof(field.valid, nearValid(field.valid), anyText, notAString), (i, v) => {
        const set = structuredClone(base) as unknown as Record<string, Array<Record<string, unknown>>>;
        const record = set[field.collection]?.[i];
        if (record === undefined) return;
        record[field.key] = v;
        const path = `${field.collection}[${i}].${field.key}`;
        const errors = problems(set);
        const here = errors.filter((e) => e.path === path);
        if (typeof v !== 'string' || !field.oracle(v)) {
          expect(here.length, `${path} = ${JSON.stringify(v)}: ${JSON.stringify(errors.slice(0, 3))}`).toBeGreaterThan(0);
          for (const e of here) expect(e.message.length).toBeGreaterThan(10);
        } else if (field.free) {
          expect(errors, `${path} = ${JSON.stringify(v)}`).toEqual([]);
        }
      }),
      runs(150),
    );
  });
});
