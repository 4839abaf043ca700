/**
 * The documents the business services hold, one store bucket per service
 * (`services.<id>.documents`), so they survive across calls and a reset clears them. Every
 * document has the same envelope (id, version, patient, author, times) and service-specific
 * fields.
 *
 * @example
 * ```ts
 * const doc = insertDocument(deps, 'erecept', 'ER', { taj, author, fields: { Medication: '...' } });
 * documentsOfPatient(deps.store, 'erecept', taj);
 * ```
 */
import type { SimDeps } from '../core/deps.js';
import { bucketIndex, detachedString, type Store } from '../state/store.js';
import type { ServiceId } from './permission-matrix.js';

/** Who wrote a document. */
export interface DocumentAuthor {
  username: string;
  institutionId: string;
  unitCode: string;
}

/** One stored document. */
export interface StoredDocument {
  id: string;
  service: ServiceId;
  /**
   * Creation order within the service (the counter value it was created with): list pages
   * continue after a sequence number. Documents stored before it existed read it from their id.
   */
  seq?: number;
  /** 1 on creation, +1 on every modification. */
  version: number;
  /** The patient's TAJ. */
  taj: string;
  /** Simulator clock times, ISO 8601. */
  created: string;
  modified: string;
  /** Who created it, and who last modified it. */
  author: DocumentAuthor;
  modifiedBy: DocumentAuthor;
  /** Service-specific fields by element name (only the fields sent). */
  fields: Record<string, string>;
}

/** The bucket name of a service's documents. */
export function documentBucketName(service: ServiceId): string {
  return `services.${service}.documents`;
}

const counterBucket = (service: ServiceId): string => `services.${service}.counter`;

/** The bucket of a service's documents. */
export function documentBucket(store: Store, service: ServiceId): Map<string, StoredDocument> {
  return store.bucket<StoredDocument>(documentBucketName(service));
}

/** A document by id, or undefined. */
export function findDocument(store: Store, service: ServiceId, id: string): StoredDocument | undefined {
  return documentBucket(store, service).get(id);
}

/** The ids of each patient's documents in a service, oldest first (kept in step with the bucket). */
function patientIndex(store: Store, service: ServiceId): ReadonlyMap<string, ReadonlySet<string>> {
  return bucketIndex(documentBucket(store, service), 'taj', (d) => d.taj);
}

/** A document's creation order (see {@link StoredDocument.seq}). */
export function documentSeq(doc: StoredDocument): number {
  return doc.seq ?? Number(/(\d+)$/.exec(doc.id)?.[1] ?? 0);
}

/** A patient's documents in a service, oldest first; costs the patient's documents, not the service's. */
export function documentsOfPatient(store: Store, service: ServiceId, taj: string): StoredDocument[] {
  return pageOfPatient(store, service, taj, { afterSeq: 0, limit: Number.POSITIVE_INFINITY }).docs;
}

/** One page of a patient's documents (see {@link pageOfPatient}). */
export interface DocumentPage {
  /** The page, oldest first. */
  docs: StoredDocument[];
  /** How many documents the patient has in the service. */
  total: number;
  /** Whether documents follow this page. */
  more: boolean;
}

/**
 * Up to `limit` documents of a patient created after sequence number `afterSeq` (0: from the
 * first), oldest first. Keyset paging: a document added while a client pages lands after every
 * page already answered, so a walk sees each document once.
 */
export function pageOfPatient(store: Store, service: ServiceId, taj: string, page: { afterSeq: number; limit: number }): DocumentPage {
  const ids = patientIndex(store, service).get(taj);
  if (ids === undefined) return { docs: [], total: 0, more: false };
  const bucket = documentBucket(store, service);
  const docs: StoredDocument[] = [];
  let more = false;
  for (const id of ids) {
    // Read without handing the record out for change (a durable store compares handed-out
    // records at commit): a page only serialises its documents.
    const doc = Map.prototype.get.call(bucket, id) as StoredDocument | undefined;
    if (doc === undefined || documentSeq(doc) <= page.afterSeq) continue;
    if (docs.length >= page.limit) {
      more = true;
      break;
    }
    docs.push(doc);
  }
  return { docs, total: ids.size, more };
}

/** The author with strings of its own (see {@link detachedString}). */
function ownAuthor(a: DocumentAuthor): DocumentAuthor {
  return { username: detachedString(a.username), institutionId: detachedString(a.institutionId), unitCode: detachedString(a.unitCode) };
}

/** The fields with strings of their own: a stored document must not keep the request it was parsed from alive. */
function ownFields(fields: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k in fields) out[detachedString(k)] = detachedString(fields[k] as string);
  return out;
}

/** Store a new document with the next id of the service (`<prefix>-000001`, ...). */
export function insertDocument(
  deps: Pick<SimDeps, 'store' | 'clock'>,
  service: ServiceId,
  idPrefix: string,
  input: { taj: string; author: DocumentAuthor; fields: Record<string, string>; id?: string },
): StoredDocument {
  const counters = deps.store.bucket<number>(counterBucket(service));
  const next = (counters.get('next') ?? 0) + 1;
  counters.set('next', next);
  const now = deps.clock.now().toISOString();
  const doc: StoredDocument = {
    id: input.id ?? `${idPrefix}-${String(next).padStart(6, '0')}`,
    service,
    seq: next,
    version: 1,
    taj: detachedString(input.taj),
    created: now,
    modified: now,
    author: ownAuthor(input.author),
    modifiedBy: ownAuthor(input.author),
    fields: ownFields(input.fields),
  };
  documentBucket(deps.store, service).set(doc.id, doc);
  return doc;
}

/** Replace a document's fields (a modification): version + 1, modified time and author updated. */
export function updateDocument(deps: Pick<SimDeps, 'store' | 'clock'>, doc: StoredDocument, by: DocumentAuthor, fields: Record<string, string>): StoredDocument {
  const updated: StoredDocument = { ...doc, version: doc.version + 1, modified: deps.clock.now().toISOString(), modifiedBy: ownAuthor(by), fields: ownFields(fields) };
  documentBucket(deps.store, doc.service).set(doc.id, updated);
  return updated;
}
