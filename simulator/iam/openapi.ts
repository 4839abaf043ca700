/**
 * The OpenAPI 3.1 document of the IAM+SSO and V-MÁTRIX admin API, served at
 * `/iam/api/openapi.json`.
 *
 * @example
 * ```ts
 * iamOpenApiDocument('http://127.0.0.1:8080').paths['/records'];
 * ```
 */
import type { JsonSchema } from '../core/body-schema.js';
import { JSON_LIST_PAGE } from '../core/paging.js';
import { GRANT_BODY, MOVE_BODY } from './admin-bodies.js';
import { NEW_RECORD_BODY } from './new-record.js';

type Json = Record<string, unknown>;

const ref = (name: string): Json => ({ $ref: `#/components/schemas/${name}` });
const problem = (description: string): Json => ({ description, content: { 'application/problem+json': { schema: ref('Problem') } } });
const ok = (description: string, schema: Json, status = '200'): Json => ({ [status]: { description, content: { 'application/json': { schema } } } });
const body = (schema: Json, example?: unknown): Json => ({
  required: true,
  content: { 'application/json': { schema, ...(example === undefined ? {} : { example }) } },
});
/**
 * A route's body schema made from its declaration (what the route checks: types, limits, unknown
 * fields refused), with descriptions and, where the route's own rule refuses a missing field with
 * a code of its own, the fields a caller must send.
 */
const declared = (schema: JsonSchema, extra: { descriptions?: Record<string, string>; required?: string[] } = {}): JsonSchema => {
  const properties = { ...(schema.properties as Record<string, JsonSchema>) };
  for (const [k, d] of Object.entries(extra.descriptions ?? {})) properties[k] = { ...properties[k], description: d };
  return { ...schema, properties, ...(extra.required === undefined ? {} : { required: extra.required }) };
};
const qParam = (name: string, description: string, required = false): Json => ({ name, in: 'query', required, schema: { type: 'string' }, description });
/** `limit` and `cursor` of a paged list (docs/control-api.md, "Lists are paged"). */
const PAGE_PARAMS: Json[] = [
  { name: 'limit', in: 'query', required: false, schema: { type: 'integer', minimum: 1, maximum: JSON_LIST_PAGE.max, default: JSON_LIST_PAGE.default }, description: `Most items in the answer (default ${JSON_LIST_PAGE.default}, at most ${JSON_LIST_PAGE.max}).` },
  { name: 'cursor', in: 'query', required: false, schema: { type: 'string' }, description: 'The `next` of the previous answer, unchanged: the page after it.' },
];
/** `total` and `next` of a paged list's answer. */
const PAGE_FIELDS: Json = {
  total: { type: 'integer', description: 'Items in the whole list.' },
  next: { type: ['string', 'null'], description: 'Send as `cursor` for the next page; null on the last page.' },
};
const pathParam = (name: string, description: string): Json => ({ name, in: 'path', required: true, schema: { type: 'string' }, description });

const AUTH_ERRORS: Json = {
  '401': problem('ADMIN_TOKEN_MISSING, ADMIN_TOKEN_MALFORMED or TOKEN_EXPIRED: no valid SAML token in the Authorization header'),
  '403': problem("ROLE_MISSING: the token's user holds no JOGOSULTSAG_ADMIN in the token's unit"),
};

const lookup = (tag: string, summary: string, matchSchema: string): Json => ({
  get: {
    tags: [tag],
    summary,
    parameters: [qParam('q', 'The first characters of what you look for (identifier prefix, or the start of a name word).', true)],
    responses: {
      ...ok('The matches, each with a `pick` id to send in the create request', {
        type: 'object',
        properties: {
          q: { type: 'string' },
          pickValidMinutes: { type: 'integer', minimum: 1, description: 'Minutes each pick stays valid (15 unless the fixture setting `pickMinutes` says otherwise).' },
          truncated: { type: 'boolean', description: 'More than 20 matched; type more characters.' },
          matches: { type: 'array', items: { allOf: [ref(matchSchema), ref('Pick')] } },
        },
      }),
      '400': problem('LOOKUP_QUERY_MISSING / LOOKUP_QUERY_INVALID'),
      ...AUTH_ERRORS,
    },
  },
});

/** The OpenAPI document; `serverUrl` is the environment's origin + base path. */
export function iamOpenApiDocument(serverUrl: string): Json {
  return {
    openapi: '3.1.0',
    info: {
      title: 'eeszt-sim IAM+SSO and V-MÁTRIX admin API',
      version: '1',
      description:
        'What an institution\'s permission admin (intézményi jogosultság adminisztrátor) does at the Ágazati portál: IAM+SSO records ' +
        '("Új felhasználó jogosultság létrehozás", role assignment, "TÁROL ÉS VISSZA") and the V-MÁTRIX (institution roles per organisational unit). ' +
        'Authenticate with the SAML token the STS issued for a user holding JOGOSULTSAG_ADMIN in the token\'s unit: `Authorization: SAML <base64 of the saml:Assertion XML>`. ' +
        'The institution is always the one of the admin\'s token. Drop-down fields take `pick` ids from the look-ups, never typed values. See docs/iam.md.',
    },
    servers: [{ url: `${serverUrl}/iam/api` }],
    security: [{ samlToken: [] }],
    tags: [
      { name: 'reference', description: 'Partners, systems and roles' },
      { name: 'lookup', description: 'The drop-downs of the IAM form' },
      { name: 'records', description: 'IAM+SSO permission records and their roles' },
      { name: 'audit', description: 'Who granted or removed what, for whom, where, when' },
      { name: 'vmatrix', description: 'V-MÁTRIX institution roles per organisational unit' },
    ],
    paths: {
      '/': { get: { tags: ['reference'], summary: 'Who is logged in', responses: { ...ok('The admin', { type: 'object' }), ...AUTH_ERRORS } } },
      '/openapi.json': { get: { tags: ['reference'], summary: 'This document', security: [], responses: ok('OpenAPI 3.1', { type: 'object' }) } },
      '/partners': { get: { tags: ['reference'], summary: 'IAM+SSO partners (1 – ÁEEK EESZT)', responses: { ...ok('Partners', { type: 'object', properties: { partners: { type: 'array', items: ref('Partner') } } }), ...AUTH_ERRORS } } },
      '/systems': {
        get: {
          tags: ['reference'],
          summary: 'Systems of a partner (1 – miniHIS)',
          parameters: [qParam('partner', 'Partner id, e.g. 1')],
          responses: { ...ok('Systems', { type: 'object', properties: { systems: { type: 'array', items: ref('System') } } }), '400': problem('PARTNER_UNKNOWN'), ...AUTH_ERRORS },
        },
      },
      '/roles': {
        get: {
          tags: ['reference'],
          summary: 'IAM+SSO roles of a system, with the username prefixes that may hold each',
          parameters: [qParam('system', 'System id, e.g. 1')],
          responses: { ...ok('Roles', { type: 'object', properties: { roles: { type: 'array', items: ref('RoleDefinition') } } }), ...AUTH_ERRORS },
        },
      },
      '/lookup/users': lookup('lookup', 'Felhasználó drop-down: EESZT users by username prefix (case-sensitive) or name', 'UserMatch'),
      '/lookup/institutions': lookup('lookup', 'Intézmény drop-down: institutions by id, registry id or name', 'InstitutionMatch'),
      '/lookup/units': lookup('lookup', "Szervezeti egység drop-down: units of the admin's institution by code or name", 'UnitMatch'),
      '/records': {
        get: {
          tags: ['records'],
          summary: "The institution's IAM+SSO records",
          parameters: [qParam('username', 'Only this user'), qParam('unitCode', 'Only this unit'), ...PAGE_PARAMS],
          responses: { ...ok('Records', { type: 'object', properties: { institutionId: { type: 'string' }, records: { type: 'array', items: ref('IamRecord') }, ...PAGE_FIELDS } }), '400': problem('QUERY_INVALID'), ...AUTH_ERRORS },
        },
        post: {
          tags: ['records'],
          summary: '"LÉTREHOZÁS": open a new record (partner, system, picked user and unit; institution from the login) on the role-assignment screen',
          description: 'Nothing is stored until save; the answer is the role-assignment screen of the draft.',
          requestBody: body(ref('CreateRecord'), { partner: 1, system: 1, userPick: 'pick-…', unitPick: 'pick-…' }),
          responses: {
            ...ok('The role-assignment screen of the new record', ref('RoleScreen'), '201'),
            '400': problem('PICK_REQUIRED (a typed value or no pick), PICK_INVALID, PICK_EXPIRED, PARTNER_UNKNOWN, SYSTEM_UNKNOWN, FORM_INVALID (not an object, unknown fields, wrong JSON types: details.errors per field)'),
            ...AUTH_ERRORS,
            '404': problem('UNIT_UNKNOWN'),
            '409': problem('IAM_RECORD_EXISTS'),
          },
        },
      },
      '/records/{id}': {
        parameters: [pathParam('id', 'Record id: `<partner>-<system>-<username>-<institutionId>-<unitCode>`')],
        get: { tags: ['records'], summary: 'One saved record', responses: { ...ok('The record', ref('IamRecord')), '404': problem('IAM_RECORD_NOT_FOUND'), ...AUTH_ERRORS } },
        delete: { tags: ['records'], summary: 'Delete a record (audited)', responses: { ...ok('The deleted record', { type: 'object', properties: { deleted: ref('IamRecord') } }), '404': problem('IAM_RECORD_NOT_FOUND'), ...AUTH_ERRORS } },
      },
      '/records/{id}/roles': {
        parameters: [pathParam('id', 'Record id')],
        get: { tags: ['records'], summary: 'The role-assignment screen: available and owned roles (the draft, if one is open)', responses: { ...ok('Screen', ref('RoleScreen')), '404': problem('IAM_RECORD_NOT_FOUND'), ...AUTH_ERRORS } },
      },
      '/records/{id}/roles/move': {
        parameters: [pathParam('id', 'Record id')],
        post: {
          tags: ['records'],
          summary: 'Move a role between the lists (the arrows in the middle of the screen)',
          requestBody: body(MOVE_BODY.schema.jsonSchema(), { role: 'miniHIS Orvos', direction: 'in' }),
          responses: {
            ...ok('Screen', ref('RoleScreen')),
            '400': problem('ROLE_UNKNOWN, ROLE_NOT_OWNED, MOVE_INVALID (also a body that is not {role, direction} of the right types: details.errors per field)'),
            '422': problem('ROLE_PREFIX_MISMATCH: the role is not for this kind of user (miniHIS Orvos: O, miniHIS Szakdolgozó: S, miniHIS Adatrögzítő: X)'),
            ...AUTH_ERRORS,
          },
        },
      },
      '/records/{id}/roles/save': {
        parameters: [pathParam('id', 'Record id')],
        post: {
          tags: ['records'],
          summary: '"TÁROL ÉS VISSZA": store the owned roles (audited); an empty owned list deletes a saved record',
          responses: {
            ...ok('What was saved', { type: 'object', properties: { record: { oneOf: [ref('IamRecord'), { type: 'null' }] }, granted: { type: 'array', items: { type: 'string' } }, removed: { type: 'array', items: { type: 'string' } } } }),
            '400': problem('ROLES_EMPTY (a new record needs a role), BODY_INVALID (the route takes no body)'),
            '409': problem('IAM_RECORD_EXISTS'),
            ...AUTH_ERRORS,
          },
        },
      },
      '/records/{id}/roles/draft': {
        parameters: [pathParam('id', 'Record id')],
        delete: { tags: ['records'], summary: 'Leave the screen without saving (drop the draft)', responses: { '204': { description: 'Dropped' }, ...AUTH_ERRORS } },
      },
      '/audit': {
        get: {
          tags: ['audit'],
          summary: "The institution's permission audit trail, oldest first",
          parameters: [qParam('username', 'For whom'), qParam('unitCode', 'Where'), qParam('scope', '`iam` or `vmatrix`'), ...PAGE_PARAMS],
          responses: { ...ok('Entries', { type: 'object', properties: { institutionId: { type: 'string' }, entries: { type: 'array', items: ref('AuditEntry') }, ...PAGE_FIELDS } }), '400': problem('QUERY_INVALID'), ...AUTH_ERRORS },
        },
      },
      '/vmatrix/roles': { get: { tags: ['vmatrix'], summary: 'The V-MÁTRIX role catalogue', responses: { ...ok('Roles', { type: 'object', properties: { roles: { type: 'array', items: ref('RoleDefinition') } } }), ...AUTH_ERRORS } } },
      '/vmatrix/units': {
        get: {
          tags: ['vmatrix'],
          summary: "The units of the admin's institution with their grants, one page",
          parameters: PAGE_PARAMS,
          responses: { ...ok('Units', { type: 'object', properties: { institutionId: { type: 'string' }, units: { type: 'array', items: { type: 'object' } }, ...PAGE_FIELDS } }), '400': problem('QUERY_INVALID'), ...AUTH_ERRORS },
        },
      },
      '/vmatrix/units/{unit}': {
        parameters: [pathParam('unit', '9-digit unit code')],
        get: {
          tags: ['vmatrix'],
          summary: 'The grants of one unit, one page',
          parameters: PAGE_PARAMS,
          responses: { ...ok('Grants', { type: 'object', properties: { unit: { type: 'object' }, grants: { type: 'array', items: ref('VMatrixGrant') }, ...PAGE_FIELDS } }), '400': problem('QUERY_INVALID'), '404': problem('UNIT_UNKNOWN'), ...AUTH_ERRORS },
        },
      },
      '/vmatrix/units/{unit}/grants': {
        parameters: [pathParam('unit', '9-digit unit code')],
        post: {
          tags: ['vmatrix'],
          summary: 'Grant a V-MÁTRIX role to a user in the unit (assigns the user to the unit; audited)',
          requestBody: body(GRANT_BODY.schema.jsonSchema(), { username: 'O83456', role: 'ORVOS' }),
          responses: {
            ...ok('Granted (201), or already held (200)', ref('VMatrixGrant'), '201'),
            '400': problem('BODY_INVALID (not {username, role} as strings, or unknown fields: details.errors per field), IDENTIFIER_INVALID, ROLE_UNKNOWN'),
            '404': problem('UNIT_UNKNOWN, USER_UNKNOWN'),
            '422': problem('ROLE_PREFIX_MISMATCH'),
            ...AUTH_ERRORS,
          },
        },
      },
      '/vmatrix/units/{unit}/grants/{username}/{role}': {
        parameters: [pathParam('unit', '9-digit unit code'), pathParam('username', 'EESZT username'), pathParam('role', 'V-MÁTRIX role')],
        delete: {
          tags: ['vmatrix'],
          summary: 'Revoke a role (audited)',
          responses: { ...ok('The remaining roles', ref('VMatrixGrant')), '404': problem('GRANT_NOT_FOUND, UNIT_UNKNOWN, USER_UNKNOWN'), '409': problem('SELF_LOCKOUT'), ...AUTH_ERRORS },
        },
      },
    },
    components: {
      securitySchemes: {
        samlToken: {
          type: 'apiKey',
          in: 'header',
          name: 'Authorization',
          description: 'The value `SAML <base64 of the saml:Assertion XML issued by /sts>`; the token\'s user must hold JOGOSULTSAG_ADMIN in the token\'s unit.',
        },
      },
      schemas: {
        Problem: {
          type: 'object',
          description: 'RFC 9457 problem document',
          properties: { type: { type: 'string' }, title: { type: 'string' }, status: { type: 'integer' }, detail: { type: 'string' }, code: { type: 'string' }, details: { type: 'object' } },
        },
        Partner: { type: 'object', properties: { id: { type: 'integer' }, name: { type: 'string' }, label: { type: 'string', examples: ['1 – ÁEEK EESZT'] } } },
        System: { type: 'object', properties: { id: { type: 'integer' }, name: { type: 'string' }, partner: { type: 'integer' }, label: { type: 'string', examples: ['1 – miniHIS'] } } },
        RoleDefinition: { type: 'object', properties: { name: { type: 'string' }, system: { type: 'integer' }, prefixes: { type: 'array', items: { type: 'string' } }, holders: { type: 'string' }, description: { type: 'string' } } },
        Pick: {
          type: 'object',
          properties: {
            pick: { type: 'string', description: `Opaque id of this match, for the create request; bound to the admin, valid 15 minutes at the simulator clock (fixture setting pickMinutes).` },
            expiresAt: { type: 'string', format: 'date-time' },
          },
        },
        UserMatch: { type: 'object', properties: { username: { type: 'string' }, name: { type: 'string' }, kind: { enum: ['doctor', 'nurse', 'pharmacist', 'psychologist', 'staff'] } } },
        InstitutionMatch: { type: 'object', properties: { institutionId: { type: 'string' }, name: { type: 'string' }, city: { type: 'string' } } },
        UnitMatch: { type: 'object', properties: { code: { type: 'string' }, name: { type: 'string' }, institutionId: { type: 'string' } } },
        // A missing partner, system or pick is refused by the form's rule (PARTNER_UNKNOWN, PICK_REQUIRED, ...).
        CreateRecord: declared(NEW_RECORD_BODY.schema.jsonSchema(), {
          required: ['partner', 'system', 'userPick', 'unitPick'],
          descriptions: {
            partner: 'Partner id, e.g. 1 (1 – ÁEEK EESZT)',
            system: 'System id, e.g. 1 (1 – miniHIS)',
            userPick: 'A `pick` from GET /lookup/users',
            unitPick: 'A `pick` from GET /lookup/units',
            institutionPick: "Optional `pick` from GET /lookup/institutions; must be the admin's own institution",
          },
        }),
        IamRecord: {
          type: 'object',
          properties: {
            id: { type: 'string' },
            partner: { type: 'integer' },
            partnerName: { type: 'string' },
            system: { type: 'integer' },
            systemName: { type: 'string' },
            username: { type: 'string' },
            institutionId: { type: 'string' },
            unitCode: { type: 'string' },
            roles: { type: 'array', items: { type: 'string' } },
          },
        },
        RoleEntry: { type: 'object', properties: { name: { type: 'string' }, holders: { type: 'string' }, prefixes: { type: 'array', items: { type: 'string' } }, fitsUser: { type: 'boolean' }, note: { type: 'string' } } },
        RoleScreen: {
          type: 'object',
          properties: {
            record: ref('IamRecord'),
            saved: { type: 'boolean' },
            unsavedChanges: { type: 'boolean' },
            available: { type: 'array', items: ref('RoleEntry') },
            owned: { type: 'array', items: ref('RoleEntry') },
          },
        },
        AuditEntry: {
          type: 'object',
          properties: {
            seq: { type: 'integer' },
            at: { type: 'string', format: 'date-time' },
            actor: { type: 'object', properties: { username: { type: 'string' }, institutionId: { type: 'string' }, unitCode: { type: 'string' } } },
            action: { enum: ['grant', 'revoke', 'record-created', 'record-deleted'] },
            scope: { enum: ['iam', 'vmatrix'] },
            role: { type: 'string' },
            username: { type: 'string' },
            institutionId: { type: 'string' },
            unitCode: { type: 'string' },
            partner: { type: 'integer' },
            system: { type: 'integer' },
          },
        },
        VMatrixGrant: { type: 'object', properties: { institutionId: { type: 'string' }, unitCode: { type: 'string' }, username: { type: 'string' }, roles: { type: 'array', items: { type: 'string' } } } },
      },
    },
  };
}
