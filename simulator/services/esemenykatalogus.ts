/**
 * Eseménykatalógus (event catalogue): the care events of patients. Written by the institution;
 * read and listed by treating doctors. A care event is also what makes a doctor of that
 * institution a **treating doctor** of the patient (see care-events.ts).
 *
 * @example
 * ```ts
 * app.route('/services/esemenykatalogus', createEsemenykatalogusApp(deps));
 * ```
 */
import type { Hono } from 'hono';
import type { ServiceModule, SimDeps, SimHonoEnv } from '../core/deps.js';
import { createDocumentServiceApp } from './document-service.js';
import type { ServiceSpec } from './service-spec.js';

/** The Eseménykatalógus service as data. */
export const ESEMENYKATALOGUS_SPEC: ServiceSpec = Object.freeze({
  id: 'esemenykatalogus',
  title: 'Eseménykatalógus',
  document: 'CareEvent',
  idPrefix: 'EK',
  keyedBy: 'id',
  operations: { write: 'RegisterCareEvent', read: 'GetCareEvent', list: 'ListCareEvents' },
  fields: [
    { name: 'EventType', part: 'meta', type: 'code', required: true, values: ['outpatient', 'inpatient', 'emergency', 'primary-care'], doc: 'Kind of care: outpatient, inpatient, emergency or primary-care.' },
    { name: 'Start', part: 'meta', type: 'dateTime', required: true, doc: 'When the care began.' },
    { name: 'End', part: 'meta', type: 'dateTime', required: false, doc: 'When the care ended (omit while it lasts).' },
    { name: 'AttendingDoctor', part: 'meta', type: 'username', required: false, doc: 'EESZT username of the attending doctor, e.g. O50123.' },
    { name: 'Diagnosis', part: 'content', type: 'text', required: false, maxLength: 1000, doc: 'Diagnosis (BNO code and text): health content.' },
    { name: 'Note', part: 'content', type: 'text', required: false, doc: 'Clinical note: health content.' },
  ],
} satisfies ServiceSpec);

/** Build the Eseménykatalógus sub-app. */
export function createEsemenykatalogusApp(deps: SimDeps): Hono<SimHonoEnv> {
  return createDocumentServiceApp(deps, ESEMENYKATALOGUS_SPEC);
}

/** The Eseménykatalógus service module. */
export const ESEMENYKATALOGUS_MODULE: ServiceModule = {
  id: 'esemenykatalogus',
  title: 'Eseménykatalógus (care events, SOAP)',
  mount: '/services/esemenykatalogus',
  listener: 'services',
  create: createEsemenykatalogusApp,
  endpoints: { esemenykatalogus: '', esemenykatalogusWsdl: '?wsdl' },
};
