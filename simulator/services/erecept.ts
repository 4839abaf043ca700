/**
 * eRecept (electronic prescription): written by doctors; read by treating doctors and by
 * pharmacies acting as institutions (their pharmacist or system user); listed by treating
 * doctors (metadata only).
 *
 * @example
 * ```ts
 * app.route('/services/erecept', createEreceptApp(deps));
 * ```
 */
import type { Hono } from 'hono';
import type { ServiceModule, SimDeps, SimHonoEnv } from '../core/deps.js';
import { createDocumentServiceApp } from './document-service.js';
import type { ServiceSpec } from './service-spec.js';

/** The eRecept service as data. */
export const ERECEPT_SPEC: ServiceSpec = Object.freeze({
  id: 'erecept',
  title: 'eRecept',
  document: 'Prescription',
  idPrefix: 'ER',
  keyedBy: 'id',
  operations: { write: 'IssuePrescription', read: 'GetPrescription', list: 'ListPrescriptions' },
  fields: [
    { name: 'ValidUntil', part: 'meta', type: 'date', required: false, doc: 'Last day the prescription may be dispensed.' },
    { name: 'Medication', part: 'content', type: 'text', required: true, maxLength: 500, doc: 'Product, strength and form: health content.' },
    { name: 'Dosage', part: 'content', type: 'text', required: true, maxLength: 500, doc: 'Dosage instructions: health content.' },
    { name: 'Quantity', part: 'content', type: 'text', required: false, maxLength: 100, doc: 'Quantity to dispense: health content.' },
  ],
} satisfies ServiceSpec);

/** Build the eRecept sub-app. */
export function createEreceptApp(deps: SimDeps): Hono<SimHonoEnv> {
  return createDocumentServiceApp(deps, ERECEPT_SPEC);
}

/** The eRecept service module. */
export const ERECEPT_MODULE: ServiceModule = {
  id: 'erecept',
  title: 'eRecept (prescriptions, SOAP)',
  mount: '/services/erecept',
  listener: 'services',
  create: createEreceptApp,
  endpoints: { erecept: '', ereceptWsdl: '?wsdl' },
};
