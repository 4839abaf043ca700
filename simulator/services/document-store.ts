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
import type { Store } from '../state/store.js';
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

/** A patient's documents in a service, oldest first. */
export function documentsOfPatient(store: Store, service: ServiceId, taj: string): StoredDocument[] {
  return [...documentBucket(store, service).values()].filter((d) => d.taj === taj);
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
    version: 1,
    taj: input.taj,
    created: now,
    modified: now,
    author: { ...input.author },
    modifiedBy: { ...input.author },
    fields: { ...input.fields },
  };
  documentBucket(deps.store, service).set(doc.id, doc);
  return doc;
}

/** Replace a document's fields (a modification): version + 1, modified time and author updated. */
export function updateDocument(deps: Pick<SimDeps, 'store' | 'clock'>, doc: StoredDocument, by: DocumentAuthor, fields: Record<string, string>): StoredDocument {
  const updated: StoredDocument = { ...doc, version: doc.version + 1, modified: deps.clock.now().toISOString(), modifiedBy: { ...by }, fields: { ...fields } };
  documentBucket(deps.store, doc.service).set(doc.id, updated);
  return updated;
}
