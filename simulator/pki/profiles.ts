/**
 * The test PKI's fixed choices: names, validity, labels, which CA issues what. Documented in
 * docs/pki.md (other code relies on the subject fields, so change both together).
 *
 * @example
 * ```ts
 * wafSubject('E01620K'); // [['C','HU'], ..., ['organizationIdentifier','E01620K'], ['CN','E01620K']]
 * ```
 */
import { checkCardDocumentId, checkInstitutionId, checkUsername, must } from '../identifiers/identifiers.js';
import { IdentifierInvalid } from '../core/errors.js';
import type { CertProfile } from './issue-cert.js';
import type { Dn } from './names.js';
import type { CredentialKind } from './types.js';

/** Start of validity of every fixed and lazily made certificate. */
export const PKI_NOT_BEFORE = new Date('2025-01-01T00:00:00Z');
/** End of validity of the CA certificates. */
export const CA_NOT_AFTER = new Date('2045-01-01T00:00:00Z');
/** End of validity of the end-entity certificates. */
export const EE_NOT_AFTER = new Date('2036-01-01T00:00:00Z');
/** Default lifetime of ad-hoc certificates (`issue`) in calendar years: as the fixed end entities (2025 -> 2036). */
export const EE_LIFETIME_YEARS = 11;
/** Hosts in the TLS server certificate. */
export const TLS_SERVER_HOSTS: readonly string[] = Object.freeze(['localhost', '127.0.0.1', '::1']);
/** Cardholder name used when `card(documentId)` is called without one. */
export const DEFAULT_HOLDER_NAME = 'Teszt Elek';

const PKI_O = 'EESZT-SIM Test PKI';
const PKI_OU = 'TEST ONLY - not for production use';
const OPERATOR_O = 'EESZT-SIM Test Operator';
const ORG_O = 'EESZT-SIM Test Organisation';

/** The issuing CAs. */
export type CaName = 'tls' | 'waf' | 'institution' | 'card';

const caCn = (what: string): Dn => [
  ['C', 'HU'],
  ['O', PKI_O],
  ['OU', PKI_OU],
  ['CN', what],
];

/** Subjects of the root and the issuing CAs. */
export const CA_SUBJECTS: Readonly<Record<'root' | CaName, Dn>> = Object.freeze({
  root: caCn('EESZT-SIM Test Root CA'),
  tls: caCn('EESZT-SIM Test TLS Server CA'),
  waf: caCn('EESZT-SIM Test WAF-SSL Client CA'),
  institution: caCn('EESZT-SIM Test Institutional Authentication CA'),
  card: caCn('EESZT-SIM Test eID Card Authentication CA'),
});

/** Subjects of the fixed end entities. */
export const STS_SUBJECT: Dn = [
  ['C', 'HU'],
  ['O', OPERATOR_O],
  ['CN', 'EESZT-SIM Test STS SAML Signing'],
];
export const EID_SERVER_SUBJECT: Dn = [
  ['C', 'HU'],
  ['O', OPERATOR_O],
  ['CN', 'EESZT-SIM Test eID Server'],
];
export const TLS_SERVER_SUBJECT: Dn = [
  ['C', 'HU'],
  ['O', OPERATOR_O],
  ['CN', 'localhost'],
];

/** How each end-entity kind is issued. */
export const KIND_RULES: Readonly<Record<Exclude<CredentialKind, 'ca'>, { ca: CaName; profile: CertProfile; keyType: 'rsa' | 'ec' }>> = Object.freeze({
  'tls-server': { ca: 'tls', profile: 'tls-server', keyType: 'rsa' },
  waf: { ca: 'waf', profile: 'tls-client', keyType: 'rsa' },
  institution: { ca: 'institution', profile: 'tls-client', keyType: 'rsa' },
  user: { ca: 'institution', profile: 'tls-client', keyType: 'rsa' },
  card: { ca: 'card', profile: 'tls-client', keyType: 'ec' },
  sts: { ca: 'institution', profile: 'signing', keyType: 'rsa' },
  'eid-server': { ca: 'institution', profile: 'signing', keyType: 'rsa' },
});

/** A valid EESZT institution id, or an {@link IdentifierInvalid} error. */
export function requireInstitutionId(id: unknown): string {
  return must(checkInstitutionId(id), 'institutionId').institutionId;
}

/** A valid EESZT username, or an {@link IdentifierInvalid} error. */
export function requireUsername(name: unknown): string {
  return must(checkUsername(name), 'username').username;
}

/** A card document id (the rule lives in simulator/identifiers), or an {@link IdentifierInvalid} error. */
export function requireDocumentId(id: unknown): string {
  return must(checkCardDocumentId(id), 'documentId');
}

function orgSubject(unit: string, institutionId: string, commonName?: string): Dn {
  return [
    ['C', 'HU'],
    ['O', ORG_O],
    ['OU', unit],
    ['organizationIdentifier', institutionId],
    ['CN', commonName ?? institutionId],
  ];
}

/** WAF-SSL client certificate subject: the institution id in CN and organizationIdentifier. */
export function wafSubject(institutionId: string, commonName?: string): Dn {
  return orgSubject('WAF-SSL client', institutionId, commonName);
}

/** Institutional authentication certificate subject: the institution id in CN and organizationIdentifier. */
export function institutionSubject(institutionId: string, commonName?: string): Dn {
  return orgSubject('Institutional authentication', institutionId, commonName);
}

/** eID card authentication certificate subject: document id in serialNumber, holder name in CN. */
export function cardSubject(documentId: string, holderName: string): Dn {
  return [
    ['C', 'HU'],
    ['serialNumber', documentId],
    ['CN', holderName],
  ];
}

/** Personal (user) certificate subject: the EESZT username in CN. */
export function userSubject(username: string, commonName?: string): Dn {
  return [
    ['C', 'HU'],
    ['O', ORG_O],
    ['CN', commonName ?? username],
  ];
}

/** TLS server certificate subject for ad-hoc server certificates. */
export function serverSubject(host: string): Dn {
  return [
    ['C', 'HU'],
    ['O', OPERATOR_O],
    ['CN', host],
  ];
}
