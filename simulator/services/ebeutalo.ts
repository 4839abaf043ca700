/**
 * eBeutaló (electronic referral): written by doctors; read and listed by institutions (the
 * institution's system user), e.g. the one receiving the patient.
 *
 * @example
 * ```ts
 * app.route('/services/ebeutalo', createEbeutaloApp(deps));
 * ```
 */
import type { Hono } from 'hono';
import type { ServiceModule, SimDeps, SimHonoEnv } from '../core/deps.js';
import { createDocumentServiceApp } from './document-service.js';
import type { ServiceSpec } from './service-spec.js';

/** The eBeutaló service as data. */
export const EBEUTALO_SPEC: ServiceSpec = Object.freeze({
  id: 'ebeutalo',
  title: 'eBeutaló',
  document: 'Referral',
  idPrefix: 'EB',
  keyedBy: 'id',
  operations: { write: 'IssueReferral', read: 'GetReferral', list: 'ListReferrals' },
  fields: [
    { name: 'ReferralType', part: 'meta', type: 'code', required: true, values: ['specialist', 'inpatient', 'diagnostic'], doc: 'Kind of referral: specialist, inpatient or diagnostic.' },
    { name: 'TargetInstitution', part: 'meta', type: 'institutionId', required: false, doc: 'EESZT id of the institution the patient is referred to, e.g. E30217B.' },
    { name: 'Diagnosis', part: 'content', type: 'text', required: true, maxLength: 1000, doc: 'Diagnosis (BNO code and text): health content.' },
    { name: 'Reason', part: 'content', type: 'text', required: false, doc: 'Question to the receiving specialist: health content.' },
  ],
} satisfies ServiceSpec);

/** Build the eBeutaló sub-app. */
export function createEbeutaloApp(deps: SimDeps): Hono<SimHonoEnv> {
  return createDocumentServiceApp(deps, EBEUTALO_SPEC);
}

/** The eBeutaló service module. */
export const EBEUTALO_MODULE: ServiceModule = {
  id: 'ebeutalo',
  title: 'eBeutaló (referrals, SOAP)',
  mount: '/services/ebeutalo',
  listener: 'services',
  create: createEbeutaloApp,
  endpoints: { ebeutalo: '', ebeutaloWsdl: '?wsdl' },
};
