/**
 * The one validator of JSON request bodies: a small typed schema, checked whole, answering every
 * problem with its field path. Nothing is coerced: `null`, a string `"false"` where a boolean
 * belongs, an array where an object belongs, a number that JSON.parse made infinite (`1e400`)
 * are each refused by name. A hand-written module, not a library: zod 4 took 490-660 ms and
 * valibot 70-150 ms to import here, against a start-up budget of a few hundred milliseconds
 * (docs/hardening.md, "JSON bodies"), and the bodies are a handful of flat fields.
 *
 * @example
 * ```ts
 * const CLOCK = s.object({ freeze: s.boolean(), set: s.union(s.string(), s.number()) });
 * const body = validateBody(CLOCK, await readJson(c), 'CLOCK_REQUEST_INVALID'); // { freeze?: boolean; set?: string | number }
 * ```
 */
import { BadRequest } from './errors.js';

/** One problem of a body: where (`clock.frozen`, `(body)`) and what. */
export interface FieldError {
  path: string;
  message: string;
}

/** A schema: checks a value at a path, adding problems to `errors`; returns the value typed. */
export interface Schema<T> {
  check(value: unknown, path: string, errors: FieldError[]): T;
  /** What the schema takes, for messages (`a boolean`, `an object`). */
  readonly expects: string;
  /** True when an object may leave this field out. */
  readonly optional: boolean;
}

/** The type a schema checks. */
export type Infer<S> = S extends Schema<infer T> ? T : never;

type Shape = Record<string, Schema<unknown>>;
type ObjectOf<S extends Shape> = { [K in keyof S as S[K]['optional'] extends true ? K : never]?: Infer<S[K]> } & {
  [K in keyof S as S[K]['optional'] extends true ? never : K]: Infer<S[K]>;
};

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  if (typeof value === 'number') return Number.isFinite(value) ? `the number ${value}` : 'a number too large for JSON (it parses as infinite)';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}

function leaf<T>(expects: string, ok: (v: unknown) => boolean): Schema<T> & { required(): Schema<T> } {
  const make = (optional: boolean): Schema<T> => ({
    expects,
    optional,
    check(value, path, errors) {
      if (!ok(value)) errors.push({ path, message: `expected ${expects}, got ${kindOf(value)}` });
      return value as T;
    },
  });
  return { ...make(true), required: () => make(false) };
}

/** The schema builders. Fields are optional unless `.required()`. */
export const s = {
  boolean: () => leaf<boolean>('a boolean (true or false, not a string)', (v) => typeof v === 'boolean'),
  string: (maxLength = 10_000) => leaf<string>(`a string of at most ${maxLength} characters`, (v) => typeof v === 'string' && v.length <= maxLength),
  number: () => leaf<number>('a finite number', (v) => typeof v === 'number' && Number.isFinite(v)),
  /** An object of any content (checked elsewhere, e.g. a fixture set). */
  anyObject: () => leaf<Record<string, unknown>>('an object', (v) => v !== null && typeof v === 'object' && !Array.isArray(v)),
  union<A, B>(a: Schema<A>, b: Schema<B>): Schema<A | B> & { required(): Schema<A | B> } {
    return leaf<A | B>(`${a.expects} or ${b.expects}`, (v) => {
      const probe: FieldError[] = [];
      a.check(v, '', probe);
      if (probe.length === 0) return true;
      probe.length = 0;
      b.check(v, '', probe);
      return probe.length === 0;
    });
  },
  object<S extends Shape>(shape: S): Schema<ObjectOf<S>> & { required(): Schema<ObjectOf<S>> } {
    const make = (optional: boolean): Schema<ObjectOf<S>> => ({
      expects: 'an object',
      optional,
      check(value, path, errors) {
        if (value === null || typeof value !== 'object' || Array.isArray(value)) {
          errors.push({ path, message: `expected an object, got ${kindOf(value)}` });
          return value as ObjectOf<S>;
        }
        const obj = value as Record<string, unknown>;
        const at = (k: string): string => (path === '(body)' ? k : `${path}.${k}`);
        for (const k of Object.keys(obj)) {
          if (!Object.hasOwn(shape, k)) errors.push({ path: at(k), message: `unknown field; this body takes ${Object.keys(shape).map((x) => `\`${x}\``).join(', ') || 'no fields'}` });
        }
        for (const [k, field] of Object.entries(shape)) {
          if (!Object.hasOwn(obj, k)) {
            if (!field.optional) errors.push({ path: at(k), message: `required: ${field.expects}` });
            continue;
          }
          if (obj[k] === null) {
            errors.push({ path: at(k), message: `expected ${field.expects}, got null; leave the field out instead` });
            continue;
          }
          field.check(obj[k], at(k), errors);
        }
        return value as ObjectOf<S>;
      },
    });
    return { ...make(true), required: () => make(false) };
  },
};

/**
 * Check a parsed JSON body against a schema; throws one {@link BadRequest} with `code` listing
 * every problem (`details.errors`: `{ path, message }`), or returns the body typed.
 */
export function validateBody<T>(schema: Schema<T>, body: unknown, code: string, example: string): T {
  const errors: FieldError[] = [];
  const value = schema.check(body, '(body)', errors);
  if (errors.length > 0) {
    throw new BadRequest(
      `the request body was refused: ${errors.map((e) => `${e.path}: ${e.message}`).join('; ')}; send e.g. ${example}`,
      { details: { errors } },
      code,
    );
  }
  return value;
}
