// @ts-check
/**
 * The SOAP messages a HIS sends, built in the browser as the simulator's protocol documents
 * them (docs/protocol.md, docs/services.md): a WS-Trust Issue to `/sts` with a password or an
 * rID package, and a business-service call carrying the SAML token in `wsse:Security`. Faults
 * become {@link Problem}s with the simulator's `sim:Code`.
 */
import { postSoap, Problem } from './core/api.js';

const NS = {
  s: 'http://www.w3.org/2003/05/soap-envelope',
  wsa: 'http://www.w3.org/2005/08/addressing',
  wsse: 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd',
  wsu: 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd',
  wst: 'http://docs.oasis-open.org/ws-sx/ws-trust/200512',
  sim: 'urn:eeszt-sim:2026',
  saml: 'urn:oasis:names:tc:SAML:2.0:assertion',
};
const PASSWORD_TEXT = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordText';
const BASE64 = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0#Base64Binary';
const RID_PACKAGE = 'urn:eeszt-sim:eid:2026#RidPackage';

/** @param {string} text */
export function escapeXml(text) {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/**
 * @param {string} security inner XML of wsse:Security
 * @param {string} body the Body's element
 * @param {string | null} action WS-Addressing action
 */
function envelope(security, body, action) {
  const id = `urn:uuid:${crypto.randomUUID()}`;
  return (
    `<s:Envelope xmlns:s="${NS.s}" xmlns:wsa="${NS.wsa}"><s:Header>` +
    (action === null ? '' : `<wsa:Action>${action}</wsa:Action>`) +
    `<wsa:MessageID>${id}</wsa:MessageID>` +
    `<wsse:Security xmlns:wsse="${NS.wsse}" s:mustUnderstand="true">${security}</wsse:Security>` +
    `</s:Header><s:Body>${body}</s:Body></s:Envelope>`
  );
}

/** @param {{ institutionId: string, unitCode: string }} claims */
function issueRst(claims) {
  return (
    `<wst:RequestSecurityToken xmlns:wst="${NS.wst}">` +
    `<wst:TokenType>http://docs.oasis-open.org/wss/oasis-wss-saml-token-profile-1.1#SAMLV2.0</wst:TokenType>` +
    `<wst:RequestType>${NS.wst}/Issue</wst:RequestType>` +
    `<wst:KeyType>${NS.wst}/Bearer</wst:KeyType>` +
    `<wst:Claims Dialect="urn:eeszt-sim:claims"><sim:InstitutionId xmlns:sim="${NS.sim}">${escapeXml(claims.institutionId)}</sim:InstitutionId>` +
    `<sim:UnitCode xmlns:sim="${NS.sim}">${escapeXml(claims.unitCode)}</sim:UnitCode></wst:Claims>` +
    `</wst:RequestSecurityToken>`
  );
}

/**
 * A WS-Trust Issue request with username and password (PasswordText), and for a two-factor login
 * the mobilToken code as `sim:MobilTokenCode` in the UsernameToken (docs/protocol.md).
 * @param {{ username: string, password: string, institutionId: string, unitCode: string, mobilTokenCode?: string }} input
 */
export function passwordIssueRequest(input) {
  const code = input.mobilTokenCode === undefined || input.mobilTokenCode === '' ? '' : `<sim:MobilTokenCode xmlns:sim="${NS.sim}">${escapeXml(input.mobilTokenCode)}</sim:MobilTokenCode>`;
  const token = `<wsse:UsernameToken><wsse:Username>${escapeXml(input.username)}</wsse:Username><wsse:Password Type="${PASSWORD_TEXT}">${escapeXml(input.password)}</wsse:Password>${code}</wsse:UsernameToken>`;
  return envelope(token, issueRst(input), `${NS.wst}/RST/Issue`);
}

/**
 * A WS-Trust Issue request with the rID package (card login, leg 3) and the username only.
 * @param {{ username: string, ridPackage: string, institutionId: string, unitCode: string }} input ridPackage: base64, as the card client returned it
 */
export function cardIssueRequest(input) {
  const bst = `<wsse:BinarySecurityToken xmlns:wsu="${NS.wsu}" EncodingType="${BASE64}" ValueType="${RID_PACKAGE}" wsu:Id="RidPackage">${escapeXml(input.ridPackage)}</wsse:BinarySecurityToken>`;
  const token = `<wsse:UsernameToken><wsse:Username>${escapeXml(input.username)}</wsse:Username></wsse:UsernameToken>`;
  return envelope(bst + token, issueRst(input), `${NS.wst}/RST/Issue`);
}

/**
 * The fault of a SOAP answer, or null.
 * @param {string} text
 * @param {number} status
 * @returns {Problem | null}
 */
export function faultOf(text, status) {
  const doc = new DOMParser().parseFromString(text, 'application/xml');
  if (doc.getElementsByTagName('parsererror').length > 0) return new Problem(status, `HTTP_${status}`, text.slice(0, 300));
  const fault = doc.getElementsByTagNameNS(NS.s, 'Fault')[0] ?? doc.getElementsByTagNameNS('http://schemas.xmlsoap.org/soap/envelope/', 'Fault')[0];
  if (fault === undefined) return null;
  const code = fault.getElementsByTagNameNS(NS.sim, 'Code')[0]?.textContent ?? 'SOAP_FAULT';
  const message = fault.getElementsByTagNameNS(NS.sim, 'Message')[0]?.textContent ?? fault.getElementsByTagNameNS(NS.s, 'Text')[0]?.textContent ?? '';
  return new Problem(status, code, message);
}

/**
 * The signed saml:Assertion of an Issue answer, exactly as issued (a substring, so it stays signed).
 * @param {string} text
 */
export function assertionOf(text) {
  const start = text.search(/<saml:Assertion[\s>]/);
  const end = text.indexOf('</saml:Assertion>', start);
  if (start === -1 || end === -1) throw new Problem(200, 'TOKEN_MISSING', 'the STS answer holds no saml:Assertion');
  return text.slice(start, end + '</saml:Assertion>'.length);
}

/**
 * Send an Issue request to the STS; resolves with the assertion XML.
 * @param {string} xml
 * @returns {Promise<string>}
 */
export async function issueToken(xml) {
  const { status, text } = await postSoap('/sts', xml);
  const fault = faultOf(text, status);
  if (fault !== null) throw fault;
  return assertionOf(text);
}

/**
 * What the UI shows of its own token (display only; the inspector asks the shared validator).
 * @param {string} assertionXml
 * @returns {{ nameId: string, notOnOrAfter: string, institutionId: string, unitCode: string }}
 */
export function tokenFacts(assertionXml) {
  const doc = new DOMParser().parseFromString(assertionXml, 'application/xml');
  const attr = (/** @type {string} */ name) => {
    for (const a of doc.getElementsByTagNameNS(NS.saml, 'Attribute')) if (a.getAttribute('Name') === name) return a.getElementsByTagNameNS(NS.saml, 'AttributeValue')[0]?.textContent ?? '';
    return '';
  };
  return {
    nameId: doc.getElementsByTagNameNS(NS.saml, 'NameID')[0]?.textContent ?? '',
    notOnOrAfter: doc.getElementsByTagNameNS(NS.saml, 'Conditions')[0]?.getAttribute('NotOnOrAfter') ?? '',
    institutionId: attr('urn:eeszt-sim:attribute:institution-id'),
    unitCode: attr('urn:eeszt-sim:attribute:unit-code'),
  };
}

/**
 * Call a business service with the token; resolves with the Body's answer element.
 * @param {string} service e.g. `erecept`
 * @param {string} assertionXml
 * @param {string} bodyXml the request element
 * @returns {Promise<Element>}
 */
export async function callService(service, assertionXml, bodyXml) {
  const { status, text } = await postSoap(`/services/${service}`, envelope(assertionXml, bodyXml, null));
  const fault = faultOf(text, status);
  if (fault !== null) throw fault;
  const doc = new DOMParser().parseFromString(text, 'application/xml');
  const body = doc.getElementsByTagNameNS(NS.s, 'Body')[0];
  const answer = body?.firstElementChild;
  if (answer === null || answer === undefined) throw new Problem(status, 'ANSWER_EMPTY', 'the service answered an empty Body');
  return answer;
}
