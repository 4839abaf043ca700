/**
 * EHR (central health record): clinical documents of patients. Written by the institution;
 * read and listed by treating doctors.
 *
 * @example
 * ```ts
 * app.route('/services/ehr', createEhrApp(deps));
 * ```
 */
import type { Hono } from 'hono';
import type { ServiceModule, SimDeps, SimHonoEnv } from '../core/deps.js';
import { createDocumentServiceApp } from './document-service.js';
import type { ServiceSpec } from './service-spec.js';

/** The EHR service as data. */
export const EHR_SPEC: ServiceSpec = Object.freeze({
  id: 'ehr',
  title: 'EHR',
  document: 'HealthDocument',
  idPrefix: 'EHR',
  keyedBy: 'id',
  operations: { write: 'SubmitHealthDocument', read: 'GetHealthDocument', list: 'ListHealthDocuments' },
  fields: [
    {
      name: 'DocumentType',
      part: 'meta',
      type: 'code',
      required: true,
      values: ['outpatient-sheet', 'discharge-summary', 'lab-result', 'imaging-report'],
      doc: 'Kind of document: outpatient-sheet (ambuláns lap), discharge-summary (zárójelentés), lab-result or imaging-report.',
    },
    { name: 'Title', part: 'meta', type: 'text', required: true, maxLength: 200, doc: 'Title shown in lists.' },
    { name: 'Body', part: 'content', type: 'text', required: true, maxLength: 100_000, doc: 'The document text: health content.' },
  ],
} satisfies ServiceSpec);

/** Build the EHR sub-app. */
export function createEhrApp(deps: SimDeps): Hono<SimHonoEnv> {
  return createDocumentServiceApp(deps, EHR_SPEC);
}

/** The EHR service module. */
export const EHR_MODULE: ServiceModule = {
  id: 'ehr',
  title: 'EHR (health documents, SOAP)',
  mount: '/services/ehr',
  listener: 'services',
  create: createEhrApp,
  endpoints: { ehr: '', ehrWsdl: '?wsdl' },
};
