/**
 * The write / read / list operations of a document service, generated from its
 * {@link ServiceSpec} and guarded by the permission matrix: one implementation for all five
 * business services.
 *
 * - **write** (`IssuePrescription`, ...): creates a document, or modifies one when `Id` is sent
 *   (only its author may: the same institution for institution-written services, the same doctor
 *   for doctor-written ones). eProfil (`keyedBy: 'patient'`) keeps one profile per patient and
 *   writes over it. The patient must be registered (fixtures). Answers the metadata.
 * - **read** (`GetPrescription`, ...): the full document (metadata and health content) by `Id`
 *   (eProfil: by `Taj`).
 * - **list** (`ListPrescriptions`, ...): the patient's documents, metadata only, one page at a
 *   time (`PageSize`, `PageToken`; the answer's `More` and `NextPageToken` continue it).
 *
 * @example
 * ```ts
 * const app = createDocumentServiceApp(deps, ERECEPT_SPEC);
 * ```
 */
import type { Hono } from 'hono';
import type { SimDeps, SimHonoEnv } from '../core/deps.js';
import { BadRequest, Forbidden, NotFound } from '../core/errors.js';
import { checkPageSize, decodePageToken, encodePageToken, SOAP_LIST_PAGE } from '../core/paging.js';
import type { Caller } from './caller.js';
import { accessPhrase, authorizeAccess, notAvailableError, requireTreatingDoctor, type AccessGrant } from './access-control.js';
import { documentSeq, documentsOfPatient, findDocument, insertDocument, pageOfPatient, updateDocument, type DocumentAuthor, type StoredDocument } from './document-store.js';
import { documentXml, readChildren, readDocumentFields, readTaj, requiredText } from './document-xml.js';
import { ACCESS_KINDS, type AccessKind } from './permission-matrix.js';
import { operationAction, requestElement, responseElement, serviceNamespace, type ServiceSpec } from './service-spec.js';
import { createSoapServiceApp, type OperationContext, type OperationResult, type SoapOperation, type SoapServiceDefinition } from './soap-service.js';
import { serviceWsdl } from './wsdl.js';

const authorOf = (caller: Caller): DocumentAuthor => ({ username: caller.username, institutionId: caller.institutionId, unitCode: caller.unitCode });

function wrap(spec: ServiceSpec, op: string, inner: string): string {
  return `<${responseElement(op)} xmlns="${serviceNamespace(spec.id)}">${inner}</${responseElement(op)}>`;
}

function requirePatient(ctx: OperationContext, taj: string): void {
  if (!ctx.deps.store.state.patients.some((p) => p.taj === taj)) {
    // rule: SVC-PATIENT (docs/rules.md)
    throw new NotFound(
      `no patient with TAJ \`${taj}\` is registered in this EESZT; use a patient of the loaded fixtures (GET /_sim/fixtures lists them) or load a fixture set that has this patient`,
      { details: { taj } },
      'PATIENT_UNKNOWN',
    );
  }
}

function documentNotFound(spec: ServiceSpec, key: string): NotFound {
  return new NotFound(`${spec.title} has no ${spec.document} \`${key}\`; list the patient's documents or check the id the write answered`, { details: { id: key } }, 'DOCUMENT_NOT_FOUND');
}

/** Only the author may modify: the same institution for institution writes, the same doctor for doctor writes. */
function checkAuthor(spec: ServiceSpec, doc: StoredDocument, caller: Caller, grant: AccessGrant): void {
  const sameInstitution = doc.author.institutionId === caller.institutionId;
  const ok = grant.actor === 'institution' ? sameInstitution : sameInstitution && doc.author.username === caller.username;
  if (ok) return;
  const owner = grant.actor === 'institution' ? `institution \`${doc.author.institutionId}\`` : `doctor \`${doc.author.username}\` at \`${doc.author.institutionId}\``;
  // rule: PERM-AUTHOR (docs/rules.md)
  throw new Forbidden(
    `${spec.title} ${spec.document} \`${doc.id}\` was written by ${owner}; only its author may modify it (omit \`Id\` to create a new one)`,
    { details: { id: doc.id } },
    'NOT_AUTHOR',
  );
}

function writeOperation(spec: ServiceSpec, op: string): SoapOperation {
  const where = requestElement(op);
  return {
    name: op,
    action: operationAction(spec.id, op),
    handle(ctx): OperationResult {
      const { deps, caller } = ctx;
      const grant = authorizeAccess(deps.store.state, caller, spec.id, 'write', ctx.policy);
      const allowed = [...(spec.keyedBy === 'id' ? ['Id'] : []), 'Taj', ...spec.fields.map((f) => f.name)];
      const values = readChildren(spec, ctx.element, allowed);
      const taj = readTaj(values, where);
      requirePatient(ctx, taj);
      const fields = readDocumentFields(spec, values, where);
      let doc: StoredDocument;
      let created: boolean;
      const id = values.get('Id');
      if (spec.keyedBy === 'patient') {
        const existing = documentsOfPatient(deps.store, spec.id, taj)[0];
        created = existing === undefined;
        doc = existing === undefined
          ? insertDocument(deps, spec.id, spec.idPrefix, { taj, author: authorOf(caller), fields, id: `${spec.idPrefix}-${taj}` })
          : updateDocument(deps, existing, authorOf(caller), fields);
      } else if (id !== undefined && id !== '') {
        const existing = findDocument(deps.store, spec.id, id);
        if (existing === undefined) throw documentNotFound(spec, id);
        if (existing.taj !== taj) {
          throw new BadRequest(`${spec.document} \`${id}\` belongs to another patient than TAJ \`${taj}\`; send the TAJ of the document's patient`, { details: { id } }, 'TAJ_MISMATCH');
        }
        checkAuthor(spec, existing, caller, grant);
        created = false;
        doc = updateDocument(deps, existing, authorOf(caller), fields);
      } else {
        created = true;
        doc = insertDocument(deps, spec.id, spec.idPrefix, { taj, author: authorOf(caller), fields });
      }
      return {
        xml: wrap(spec, op, documentXml(spec, doc, 'summary')),
        summary: { access: 'write', actor: grant.actor, documentId: doc.id, version: doc.version, created },
      };
    },
  };
}

function readOperation(spec: ServiceSpec, op: string): SoapOperation {
  const where = requestElement(op);
  return {
    name: op,
    action: operationAction(spec.id, op),
    handle(ctx): OperationResult {
      const { deps, caller } = ctx;
      const grant = authorizeAccess(deps.store.state, caller, spec.id, 'read', ctx.policy);
      let doc: StoredDocument | undefined;
      if (spec.keyedBy === 'patient') {
        const taj = readTaj(readChildren(spec, ctx.element, ['Taj']), where);
        if (grant.needsTreating) requireTreatingDoctor(deps.store, caller, taj, spec.id, 'read');
        doc = documentsOfPatient(deps.store, spec.id, taj)[0];
        if (doc === undefined) throw documentNotFound(spec, `${spec.idPrefix}-${taj}`);
      } else {
        const id = requiredText(readChildren(spec, ctx.element, ['Id']), 'Id', where);
        doc = findDocument(deps.store, spec.id, id);
        if (doc === undefined) throw documentNotFound(spec, id);
        if (grant.needsTreating) requireTreatingDoctor(deps.store, caller, doc.taj, spec.id, 'read');
      }
      return { xml: wrap(spec, op, documentXml(spec, doc, 'full')), summary: { access: 'read', actor: grant.actor, documentId: doc.id } };
    },
  };
}

/** The list a page token continues: one patient's documents in one service. */
const listScope = (spec: ServiceSpec, taj: string): string => `${spec.id}:${taj}`;

/**
 * `PageSize` (1 to {@link SOAP_LIST_PAGE}.max; default {@link SOAP_LIST_PAGE}.default) and
 * `PageToken` (the `NextPageToken` of the previous answer) of a list request.
 */
function readListPage(spec: ServiceSpec, values: Map<string, string>, taj: string): { limit: number; afterSeq: number } {
  const invalid = (element: string, why: string): BadRequest => new BadRequest(`\`${element}\` ${why}`, { details: { element } }, 'FIELD_INVALID');
  let limit = SOAP_LIST_PAGE.default;
  const size = values.get('PageSize');
  if (size !== undefined) {
    const checked = checkPageSize(size, SOAP_LIST_PAGE);
    if (typeof checked !== 'number') throw invalid('PageSize', checked.problem);
    limit = checked;
  }
  let afterSeq = 0;
  const token = values.get('PageToken');
  if (token !== undefined && token !== '') {
    const decoded = decodePageToken(token, listScope(spec, taj), 'NextPageToken');
    if ('problem' in decoded) throw invalid('PageToken', decoded.problem);
    if (!/^\d{1,15}$/.test(decoded.after)) throw invalid('PageToken', 'is not a continuation token this list issued; send the `NextPageToken` of the previous answer unchanged');
    afterSeq = Number(decoded.after);
  }
  return { limit, afterSeq };
}

function listOperation(spec: ServiceSpec, op: string): SoapOperation {
  const where = requestElement(op);
  return {
    name: op,
    action: operationAction(spec.id, op),
    handle(ctx): OperationResult {
      const { deps, caller } = ctx;
      const grant = authorizeAccess(deps.store.state, caller, spec.id, 'list', ctx.policy);
      const values = readChildren(spec, ctx.element, ['Taj', 'PageSize', 'PageToken']);
      const taj = readTaj(values, where);
      const { limit, afterSeq } = readListPage(spec, values, taj);
      if (grant.needsTreating) requireTreatingDoctor(deps.store, caller, taj, spec.id, 'list');
      const page = pageOfPatient(deps.store, spec.id, taj, { afterSeq, limit });
      const last = page.docs.at(-1);
      const next = page.more && last !== undefined ? `<NextPageToken>${encodePageToken(listScope(spec, taj), String(documentSeq(last)))}</NextPageToken>` : '';
      const inner = `<Count>${page.docs.length}</Count><Total>${page.total}</Total><More>${page.more}</More>${next}${page.docs.map((d) => documentXml(spec, d, 'summary')).join('')}`;
      return { xml: wrap(spec, op, inner), summary: { access: 'list', actor: grant.actor, count: page.docs.length, total: page.total, more: page.more } };
    },
  };
}

const BUILDERS: Readonly<Record<AccessKind, (spec: ServiceSpec, op: string) => SoapOperation>> = {
  write: writeOperation,
  read: readOperation,
  list: listOperation,
};

/** The name an n/a operation would have (`ListProfiles` for eProfil's list), to answer it precisely. */
function conventionalName(spec: ServiceSpec, access: AccessKind): string {
  if (access === 'list') return `List${spec.document}s`;
  if (access === 'read') return `Get${spec.document}`;
  return `Save${spec.document}`;
}

/** The SOAP service definition of a document service. */
export function documentServiceDefinition(spec: ServiceSpec): SoapServiceDefinition {
  const operations: Record<string, SoapOperation> = {};
  for (const access of ACCESS_KINDS) {
    const op = spec.operations[access];
    if (op !== undefined) operations[requestElement(op)] = BUILDERS[access](spec, op);
  }
  return {
    title: spec.title,
    namespace: serviceNamespace(spec.id),
    wsdl: (address) => serviceWsdl(spec, address),
    operations,
    unknownOperation(localName) {
      for (const access of ACCESS_KINDS) {
        if (spec.operations[access] !== undefined || localName !== requestElement(conventionalName(spec, access))) continue;
        const alternative = spec.operations.read;
        return notAvailableError(spec.id, access, alternative === undefined ? undefined : `use ${alternative} to ${accessPhrase(spec.id, 'read')}`);
      }
      return undefined;
    },
  };
}

/**
 * Build the Hono sub-app of a document service.
 *
 * @example
 * ```ts
 * app.route('/services/erecept', createDocumentServiceApp(deps, ERECEPT_SPEC));
 * ```
 */
export function createDocumentServiceApp(deps: SimDeps, spec: ServiceSpec): Hono<SimHonoEnv> {
  return createSoapServiceApp(deps, documentServiceDefinition(spec));
}
