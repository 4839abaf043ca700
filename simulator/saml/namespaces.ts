/**
 * Namespace and algorithm URIs of the security stack (XML-DSig, exclusive c14n, SAML 2.0,
 * WS-Security, WS-Trust 1.3), in one place.
 *
 * @example
 * ```ts
 * doc.getElementsByTagNameNS(NS.saml, 'Assertion');
 * ```
 */
import { NS_SIM, NS_WSSE, NS_WST } from '../core/errors.js';
import { NS_SOAP11, NS_SOAP12, NS_WSA } from '../soap/envelope.js';

/** Namespace URIs by the prefix the simulator writes them with. */
export const NS = Object.freeze({
  ds: 'http://www.w3.org/2000/09/xmldsig#',
  saml: 'urn:oasis:names:tc:SAML:2.0:assertion',
  wsse: NS_WSSE,
  wsu: 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd',
  wsse11: 'http://docs.oasis-open.org/wss/oasis-wss-wssecurity-secext-1.1.xsd',
  wst: NS_WST,
  wsa: NS_WSA,
  wsp: 'http://schemas.xmlsoap.org/ws/2004/09/policy',
  sim: NS_SIM,
  s12: NS_SOAP12,
  s11: NS_SOAP11,
} as const);

/** XML-DSig algorithm URIs. */
export const ALG = Object.freeze({
  excC14n: 'http://www.w3.org/2001/10/xml-exc-c14n#',
  envelopedSignature: 'http://www.w3.org/2000/09/xmldsig#enveloped-signature',
  rsaSha256: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
  rsaSha512: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha512',
  rsaSha1: 'http://www.w3.org/2000/09/xmldsig#rsa-sha1',
  sha256: 'http://www.w3.org/2001/04/xmlenc#sha256',
  sha512: 'http://www.w3.org/2001/04/xmlenc#sha512',
  sha1: 'http://www.w3.org/2000/09/xmldsig#sha1',
} as const);

/** WS-Security token profile URIs. */
export const WSS = Object.freeze({
  passwordText: 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordText',
  passwordDigest: 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordDigest',
  base64Binary: 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0#Base64Binary',
  x509v3: 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-x509-token-profile-1.0#X509v3',
} as const);

/** WS-Trust 1.3 URIs. */
export const WST = Object.freeze({
  issue: `${NS_WST}/Issue`,
  validate: `${NS_WST}/Validate`,
  actionIssue: `${NS_WST}/RST/Issue`,
  actionValidate: `${NS_WST}/RST/Validate`,
  actionIssueFinal: `${NS_WST}/RSTRC/IssueFinal`,
  actionValidateFinal: `${NS_WST}/RSTR/ValidateFinal`,
  bearer: `${NS_WST}/Bearer`,
  statusTokenType: `${NS_WST}/RSTR/Status`,
  statusValid: `${NS_WST}/status/valid`,
  statusInvalid: `${NS_WST}/status/invalid`,
} as const);

/** SAML 2.0 URIs. */
export const SAML = Object.freeze({
  /** WS-Security SAML token profile 1.1 token type of a SAML 2.0 assertion. */
  tokenType: 'http://docs.oasis-open.org/wss/oasis-wss-saml-token-profile-1.1#SAMLV2.0',
  /** The assertion namespace, which some clients send as the token type. */
  tokenTypeAlt: 'urn:oasis:names:tc:SAML:2.0:assertion',
  bearer: 'urn:oasis:names:tc:SAML:2.0:cm:bearer',
  nameIdUnspecified: 'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified',
  attrNameFormatUri: 'urn:oasis:names:tc:SAML:2.0:attrname-format:uri',
  acPassword: 'urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport',
  acX509: 'urn:oasis:names:tc:SAML:2.0:ac:classes:X509',
  acSmartcardPki: 'urn:oasis:names:tc:SAML:2.0:ac:classes:SmartcardPKI',
  /** Password plus a time-synchronised one-time code (the mobilToken, RFC 6238 TOTP). */
  acTimeSyncToken: 'urn:oasis:names:tc:SAML:2.0:ac:classes:TimeSyncToken',
} as const);

/** Our claims dialect (the context a token is asked for) and attribute names. */
export const SIM = Object.freeze({
  claimsDialect: 'urn:eeszt-sim:claims',
  attrInstitutionId: 'urn:eeszt-sim:attribute:institution-id',
  attrUnitCode: 'urn:eeszt-sim:attribute:unit-code',
  attrUserKind: 'urn:eeszt-sim:attribute:user-kind',
  attrRole: 'urn:eeszt-sim:attribute:role',
  attrAuthMethod: 'urn:eeszt-sim:attribute:auth-method',
  /** The authentication factors used (`password`, `mobiltoken`, `eid-card`, `eid-pin`, `institutional-certificate`). */
  attrAuthFactors: 'urn:eeszt-sim:attribute:auth-factors',
  /** UsernameToken extension element carrying the mobilToken code (second factor of a password login). */
  mobilTokenCodeElement: 'MobilTokenCode',
  attrUsername: 'urn:eeszt-sim:attribute:username',
  /** The issuing environment's token generation (new after every reset; see token/environment-binding.ts). */
  attrGeneration: 'urn:eeszt-sim:attribute:environment-generation',
  /** BinarySecurityToken ValueType of an rID package (base64 of the package XML). */
  ridPackageValueType: 'urn:eeszt-sim:eid:2026#RidPackage',
} as const);
