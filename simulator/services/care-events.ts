/**
 * The treating relationship: a doctor is a **treating doctor** of a patient when the doctor's
 * token institution has a care event (an Eseménykatalógus entry) for the patient's TAJ, written
 * by that institution. Any care event counts, past or present.
 *
 * @example
 * ```ts
 * hasCareEvent(store, '123456788', 'E01620K'); // true once E01620K registered a care event
 * ```
 */
import type { Store } from '../state/store.js';
import { documentsOfPatient } from './document-store.js';

/** Whether the institution has a care event for the patient. */
export function hasCareEvent(store: Store, taj: string, institutionId: string): boolean {
  return documentsOfPatient(store, 'esemenykatalogus', taj).some((d) => d.author.institutionId === institutionId);
}
