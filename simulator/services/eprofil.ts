/**
 * eProfil (patient profile): one profile per patient (blood group, allergies, chronic
 * conditions). Written by doctors (each write replaces the profile, version + 1); read by
 * treating doctors, by TAJ. There is no list query (n/a in the permission matrix).
 *
 * @example
 * ```ts
 * app.route('/services/eprofil', createEprofilApp(deps));
 * ```
 */
import type { Hono } from 'hono';
import type { ServiceModule, SimDeps, SimHonoEnv } from '../core/deps.js';
import { createDocumentServiceApp } from './document-service.js';
import type { ServiceSpec } from './service-spec.js';

/** The eProfil service as data. */
export const EPROFIL_SPEC: ServiceSpec = Object.freeze({
  id: 'eprofil',
  title: 'eProfil',
  document: 'Profile',
  idPrefix: 'EP',
  keyedBy: 'patient',
  operations: { write: 'SaveProfile', read: 'GetProfile', list: undefined },
  fields: [
    { name: 'BloodGroup', part: 'content', type: 'code', required: false, values: ['0+', '0-', 'A+', 'A-', 'B+', 'B-', 'AB+', 'AB-'], doc: 'ABO and Rh blood group: health content.' },
    { name: 'Allergies', part: 'content', type: 'text', required: false, doc: 'Known allergies: health content.' },
    { name: 'ChronicConditions', part: 'content', type: 'text', required: false, doc: 'Chronic conditions: health content.' },
  ],
} satisfies ServiceSpec);

/** Build the eProfil sub-app. */
export function createEprofilApp(deps: SimDeps): Hono<SimHonoEnv> {
  return createDocumentServiceApp(deps, EPROFIL_SPEC);
}

/** The eProfil service module. */
export const EPROFIL_MODULE: ServiceModule = {
  id: 'eprofil',
  title: 'eProfil (patient profile, SOAP)',
  mount: '/services/eprofil',
  listener: 'services',
  create: createEprofilApp,
  endpoints: { eprofil: '', eprofilWsdl: '?wsdl' },
};
