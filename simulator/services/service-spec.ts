/**
 * The description of one document service as data: its namespace, its document, the operation
 * names of write / read / list, and its fields. The WSDL, the request parser, the answers and the
 * permission checks are all derived from it, so the five services share one implementation.
 *
 * @example
 * ```ts
 * const spec: ServiceSpec = { id: 'erecept', title: 'eRecept', document: 'Prescription', idPrefix: 'ER',
 *   keyedBy: 'id', operations: { write: 'IssuePrescription', read: 'GetPrescription', list: 'ListPrescriptions' },
 *   fields: [{ name: 'Medication', part: 'content', type: 'text', required: true, doc: 'Product and strength' }] };
 * ```
 */
import type { AccessKind, ServiceId } from './permission-matrix.js';

/** How a field's value is checked. */
export type FieldType = 'text' | 'dateTime' | 'date' | 'code' | 'username' | 'institutionId';

/** One service-specific field of a document. */
export interface FieldSpec {
  /** Element name (PascalCase), e.g. `Medication`. */
  readonly name: string;
  /** `meta` fields are administrative: they appear in list answers; `content` is health content, only in read answers. */
  readonly part: 'meta' | 'content';
  readonly type: FieldType;
  readonly required: boolean;
  /** Allowed values of a `code` field. */
  readonly values?: readonly string[];
  /** Longest accepted text (default 4000). */
  readonly maxLength?: number;
  /** What the field holds, one sentence (goes into the WSDL and docs). */
  readonly doc: string;
}

/** One document service. */
export interface ServiceSpec {
  readonly id: ServiceId;
  /** The EESZT name, e.g. `eRecept`. */
  readonly title: string;
  /** Element name of one document, e.g. `Prescription`. */
  readonly document: string;
  /** Prefix of document ids, e.g. `ER` gives `ER-000001`. */
  readonly idPrefix: string;
  /**
   * `id`: many documents per patient, read by id, modified by sending the id.
   * `patient`: one document per patient (eProfil), read by TAJ, written over.
   */
  readonly keyedBy: 'id' | 'patient';
  /** Operation names per access kind (`undefined` where the matrix says n/a). */
  readonly operations: Readonly<Record<AccessKind, string | undefined>>;
  readonly fields: readonly FieldSpec[];
}

/** The namespace of a service's messages. */
export function serviceNamespace(id: ServiceId): string {
  return `urn:eeszt-sim:services:${id}:2026`;
}

/** Request element name of an operation (`IssuePrescriptionRequest`). */
export const requestElement = (op: string): string => `${op}Request`;
/** Response element name of an operation (`IssuePrescriptionResponse`). */
export const responseElement = (op: string): string => `${op}Response`;
/** The WS-Addressing / SOAPAction of an operation. */
export const operationAction = (id: ServiceId, op: string): string => `${serviceNamespace(id)}/${op}`;

/** The envelope elements every document carries, in order (all metadata). */
export const ENVELOPE_FIELDS: readonly { name: string; type: 'text' | 'dateTime' | 'int'; doc: string }[] = [
  { name: 'Id', type: 'text', doc: 'Document id assigned by the service.' },
  { name: 'Version', type: 'int', doc: '1 on creation, +1 on every modification.' },
  { name: 'Taj', type: 'text', doc: "The patient's TAJ number." },
  { name: 'Created', type: 'dateTime', doc: 'When the document was created (simulator clock).' },
  { name: 'Modified', type: 'dateTime', doc: 'When the document was last modified (simulator clock).' },
  { name: 'AuthorUsername', type: 'text', doc: 'EESZT username of the creator (the system user for institution writes).' },
  { name: 'AuthorInstitution', type: 'text', doc: 'Institution id of the creator.' },
  { name: 'AuthorUnit', type: 'text', doc: 'Organisational unit of the creator.' },
];
