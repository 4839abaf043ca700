/**
 * The one validator of JSON request bodies: a small typed schema, checked whole, answering every
 * problem with its field path. Nothing is coerced: `null`, a string `"false"` where a boolean
 * belongs, an array where an object belongs, a number that JSON.parse made infinite (`1e400`)
 * are each refused by name, and so is a field the endpoint does not take. A hand-written module,
 * not a library: zod 4 took 490-660 ms and valibot 70-150 ms to import here, against a start-up
 * budget of a few hundred milliseconds (docs/hardening.md, "JSON bodies"), and the bodies are a
 * handful of flat fields.
 *
 * Every route that takes a JSON body declares it with {@link jsonBody}: the declaration's
 * `declare` middleware marks the route (a test enumerates every POST/PUT/PATCH route of every
 * app and fails for one without a declaration), and the handler reads the body with `read(c)`
 * where it wants it checked, after authentication and before any state changes.
 *
 * @example
 * ```ts
 * const CLOCK = s.object({ freeze: s.boolean(), set: s.union(s.string(), s.number()) });
 * const body = validateBody(CLOCK, await readJson(c), 'CLOCK_REQUEST_INVALID', '{"freeze":true}'); // { freeze?: boolean; set?: string | number }
 *
 * const GRANT = jsonBody(s.object({ username: s.string(16).required(), role: s.string(64).required() }), 'BODY_INVALID', '{"username":"O83456","role":"ORVOS"}');
 * app.post('/units/:unit/grants', GRANT.declare, async (c) => {
 *   const admin = adminOf(c);
 *   const { username, role } = await GRANT.read(c);
 * });
 * ```
 */
import type { MiddlewareHandler } from 'hono';
import { BadRequest } from './errors.js';
import { readJson, type JsonRequestContext } from './read-json.js';

/** The kinds of field problem, each a catalogued code (the UI shows its Hungarian text next to the field). */
export type FieldErrorCode = 'FIELD_INVALID' | 'FIELD_MISSING' | 'FIELD_UNKNOWN';

/** One problem of a body: where (`clock.frozen`, `steps[2]`, `(body)`), its kind and what exactly. */
export interface FieldError {
  path: string;
  code: FieldErrorCode;
  message: string;
}

/** A schema: checks a value at a path, adding problems to `errors`; returns the value typed. */
export interface Schema<T, O extends boolean = boolean> {
  check(value: unknown, path: string, errors: FieldError[]): T;
  /** What the schema takes, for messages (`a boolean`, `an object`). */
  readonly expects: string;
  /** True when an object may leave this field out. */
  readonly optional: O;
  /** The same rule as JSON Schema (2020-12, as OpenAPI 3.1 uses it), for API documents. */
  jsonSchema(): JsonSchema;
}

/** A JSON Schema object (see {@link Schema.jsonSchema}). */
export type JsonSchema = Record<string, unknown>;

/** A schema as the builders make it: optional until `.required()`; `.secret()` never echoes the value. */
export interface Field<T> extends Schema<T, true> {
  required(): Schema<T, false>;
  /** The same check, but a refusal names only the kind of value received, never the value (PINs, passwords, codes). */
  secret(): Field<T>;
}

/** The type a schema checks. */
export type Infer<S> = S extends Schema<infer T, boolean> ? T : never;

type Shape = Record<string, Schema<unknown>>;
type RequiredKeys<S extends Shape> = { [K in keyof S]: S[K] extends Schema<unknown, false> ? K : never }[keyof S];
/** The object type a shape describes. */
export type ObjectOf<S extends Shape> = { [K in RequiredKeys<S>]: Infer<S[K]> } & { [K in Exclude<keyof S, RequiredKeys<S>>]?: Infer<S[K]> };

/** Most problems listed in one refusal (a 30 000-item array of wrong values gives one line, not 30 000). */
export const MAX_FIELD_ERRORS = 20;

function kindOf(value: unknown, secret: boolean): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array (of ${value.length} item${value.length === 1 ? '' : 's'})`;
  if (typeof value === 'string') {
    if (secret) return `a string of ${value.length} characters (not shown)`;
    return value.length > 40 ? `the string ${JSON.stringify(`${value.slice(0, 40)}…`)} (${value.length} characters)` : `the string ${JSON.stringify(value)}`;
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return 'a number too large for JSON (it parses as infinite)';
    return secret ? 'a number (not shown; send it as text)' : `the number ${value}`;
  }
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}

function leaf<T>(expects: string, ok: (v: unknown) => boolean, json: () => JsonSchema, secret = false): Field<T> {
  const make = <O extends boolean>(optional: O): Schema<T, O> => ({
    expects,
    optional,
    jsonSchema: json,
    check(value, path, errors) {
      if (!ok(value)) errors.push({ path, code: 'FIELD_INVALID', message: `expected ${expects}, got ${kindOf(value, secret)}` });
      return value as T;
    },
  });
  return { ...make(true as const), required: () => make(false as const), secret: () => leaf<T>(expects, ok, json, true) };
}

function passes(schema: Schema<unknown>, value: unknown): boolean {
  const probe: FieldError[] = [];
  schema.check(value, '', probe);
  return probe.length === 0;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const fold = (name: string): string => name.toLowerCase().replace(/[-_\s]/g, '');

/** Options of `s.object`. */
export interface ObjectOptions {
  /** Names callers send by mistake -> the field meant (`otp` -> `mobilTokenCode`); case and `-`/`_` are ignored anyway. */
  suggestions?: Readonly<Record<string, string>>;
}

function suggestionFor(key: string, allowed: readonly string[], suggestions: Readonly<Record<string, string>>): string | undefined {
  const folded = fold(key);
  const same = allowed.find((a) => fold(a) === folded);
  if (same !== undefined) return same;
  const meant = Object.entries(suggestions).find(([k]) => fold(k) === folded)?.[1];
  return meant !== undefined && allowed.includes(meant) ? meant : undefined;
}

/** The schema builders. Fields are optional unless `.required()`. */
export const s = {
  boolean: (): Field<boolean> => leaf<boolean>('a boolean (true or false, not a string)', (v) => typeof v === 'boolean', () => ({ type: 'boolean' })),
  string: (maxLength = 10_000): Field<string> =>
    leaf<string>(`a string of at most ${maxLength} characters`, (v) => typeof v === 'string' && v.length <= maxLength, () => ({ type: 'string', maxLength })),
  number: (): Field<number> => leaf<number>('a finite number', (v) => typeof v === 'number' && Number.isFinite(v), () => ({ type: 'number' })),
  /** A whole number from `min` to `max` (a JSON number, not a string of digits). */
  integer: (min: number, max: number): Field<number> =>
    leaf<number>(`a whole number from ${min} to ${max} (a JSON number, not text)`, (v) => typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max, () => ({ type: 'integer', minimum: min, maximum: max })),
  /** One of the listed strings, exactly. */
  oneOf: <const V extends string>(...values: V[]): Field<V> =>
    leaf<V>(`one of ${values.map((v) => JSON.stringify(v)).join(', ')}`, (v) => typeof v === 'string' && (values as string[]).includes(v), () => ({ enum: [...values] })),
  /** An object of any content (checked elsewhere, e.g. a fixture set). */
  anyObject: (): Field<Record<string, unknown>> => leaf<Record<string, unknown>>('an object', isPlainObject, () => ({ type: 'object' })),
  /** An array of at most `maxItems` items, each checked by `item`. */
  array<T>(item: Schema<T>, maxItems: number): Field<T[]> {
    const expects = `an array of at most ${maxItems} items, each ${item.expects}`;
    const make = <O extends boolean>(optional: O, secret: boolean): Schema<T[], O> => ({
      expects,
      optional,
      jsonSchema: () => ({ type: 'array', maxItems, items: item.jsonSchema() }),
      check(value, path, errors) {
        if (!Array.isArray(value) || value.length > maxItems) {
          errors.push({ path, code: 'FIELD_INVALID', message: `expected ${expects}, got ${kindOf(value, secret)}` });
          return value as T[];
        }
        value.forEach((v, i) => {
          if (errors.length <= MAX_FIELD_ERRORS) item.check(v, path === '(body)' ? `[${i}]` : `${path}[${i}]`, errors);
        });
        return value as T[];
      },
    });
    const field = (secret: boolean): Field<T[]> => ({ ...make(true as const, secret), required: () => make(false as const, secret), secret: () => field(true) });
    return field(false);
  },
  union<A, B>(a: Schema<A>, b: Schema<B>): Field<A | B> {
    return leaf<A | B>(`${a.expects} or ${b.expects}`, (v) => passes(a, v) || passes(b, v), () => ({ anyOf: [a.jsonSchema(), b.jsonSchema()] }));
  },
  /** A value whose schema depends on its shape (a rule, an array of rules, or `{"rules": [...]}`). */
  select<T>(expects: string, pick: (value: unknown) => Schema<T>): Field<T> {
    const make = <O extends boolean>(optional: O): Schema<T, O> => ({ expects, optional, jsonSchema: () => ({ description: expects }), check: (value, path, errors) => pick(value).check(value, path, errors) });
    const field: Field<T> = { ...make(true as const), required: () => make(false as const), secret: () => field };
    return field;
  },
  object<S extends Shape>(shape: S, options: ObjectOptions = {}): Field<ObjectOf<S>> {
    const names = Object.keys(shape);
    const takes = names.map((x) => `\`${x}\``).join(', ') || 'no fields';
    const make = <O extends boolean>(optional: O): Schema<ObjectOf<S>, O> => ({
      expects: 'an object',
      optional,
      jsonSchema: () => {
        const required = names.filter((k) => !(shape[k] as Schema<unknown>).optional);
        return {
          type: 'object',
          properties: Object.fromEntries(names.map((k) => [k, (shape[k] as Schema<unknown>).jsonSchema()])),
          ...(required.length === 0 ? {} : { required }),
          // unknown fields are refused (FIELD_UNKNOWN)
          additionalProperties: false,
        };
      },
      check(value, path, errors) {
        if (!isPlainObject(value)) {
          errors.push({ path, code: 'FIELD_INVALID', message: `expected an object, got ${kindOf(value, false)}` });
          return value as ObjectOf<S>;
        }
        const at = (k: string): string => (path === '(body)' ? k : `${path}.${k}`);
        for (const k of Object.keys(value)) {
          if (Object.hasOwn(shape, k)) continue;
          const meant = suggestionFor(k, names, options.suggestions ?? {});
          errors.push({ path: at(k), code: 'FIELD_UNKNOWN', message: `unknown field${meant === undefined ? '' : ` (did you mean \`${meant}\`?)`}; ${path === '(body)' ? 'this body' : `\`${path}\``} takes ${takes}` });
        }
        for (const [k, field] of Object.entries(shape)) {
          if (!Object.hasOwn(value, k)) {
            if (!field.optional) errors.push({ path: at(k), code: 'FIELD_MISSING', message: `required: ${field.expects}` });
            continue;
          }
          if (value[k] === null) {
            errors.push({ path: at(k), code: 'FIELD_INVALID', message: `expected ${field.expects}, got null; leave the field out instead` });
            continue;
          }
          field.check(value[k], at(k), errors);
        }
        return value as ObjectOf<S>;
      },
    });
    const field: Field<ObjectOf<S>> = { ...make(true as const), required: () => make(false as const), secret: () => field };
    return field;
  },
};

/**
 * Check a parsed JSON body against a schema; throws one {@link BadRequest} with `code` listing
 * every problem (`details.errors`: `{ path, code, message }`, at most {@link MAX_FIELD_ERRORS}), or
 * returns the body typed.
 */
export function validateBody<T>(schema: Schema<T>, body: unknown, code: string, example: string): T {
  // rule: LIMIT-JSON (docs/rules.md)
  const errors: FieldError[] = [];
  const value = schema.check(body, '(body)', errors);
  if (errors.length > 0) {
    const shown = errors.slice(0, MAX_FIELD_ERRORS);
    const more = errors.length > shown.length ? `; and more problems (only the first ${MAX_FIELD_ERRORS} are listed)` : '';
    throw new BadRequest(
      `the request body was refused: ${shown.map((e) => `${e.path}: ${e.message}`).join('; ')}${more}; send e.g. ${example}`,
      { details: { errors: shown, ...(more === '' ? {} : { truncated: true }) } },
      code,
    );
  }
  return value;
}

/** The JSON body of a route: its schema, refusal code and example, the marker middleware and the reader. */
export interface BodyDeclaration<T> {
  readonly schema: Schema<T>;
  /** The error code of a refusal (catalogued in simulator/core/error-catalogue.ts). */
  readonly code: string;
  /** A well-formed body, quoted in every refusal. */
  readonly example: string;
  /** Route middleware that only marks the route as taking this body (it passes straight on). */
  readonly declare: MiddlewareHandler;
  /** Read the request body as JSON and check it; throws `code` (400) with field-level errors. */
  read(c: JsonRequestContext): Promise<T>;
  /** Check a body already parsed (for a handler that first applies a rule of its own to the raw JSON). */
  check(value: unknown): T;
}

const DECLARATIONS = new WeakMap<object, BodyDeclaration<unknown>>();

/**
 * Declare a route's JSON body. Pass `declare` to the route before the handler, and call `read(c)`
 * in the handler before anything changes.
 *
 * @example
 * ```ts
 * const LOGOUT = jsonBody(s.object({}), 'BODY_INVALID', 'no body');
 * app.post('/api/logout', LOGOUT.declare, async (c) => { await LOGOUT.read(c); … });
 * ```
 */
export function jsonBody<T>(schema: Schema<T>, code: string, example: string): BodyDeclaration<T> {
  const declare: MiddlewareHandler = async (_c, next) => {
    await next();
  };
  const declaration: BodyDeclaration<T> = {
    schema,
    code,
    example,
    declare,
    read: async (c) => validateBody(schema, await readJson(c), code, example),
    check: (value) => validateBody(schema, value, code, example),
  };
  DECLARATIONS.set(declare, declaration as BodyDeclaration<unknown>);
  return declaration;
}

/** The body declaration a route handler marks, if it is a {@link BodyDeclaration.declare} middleware. */
export function bodyDeclarationOf(handler: unknown): BodyDeclaration<unknown> | undefined {
  return typeof handler === 'function' ? DECLARATIONS.get(handler) : undefined;
}

/** The code of a JSON body refused by its schema on endpoints without a code of their own. */
export const BODY_INVALID = 'BODY_INVALID';
