/**
 * The WS-Trust Validate binding: a HIS asks whether a token is still good. The token is the
 * element in `wst:ValidateTarget`, or else the assertion in the request's wsse:Security header.
 * The answer is a `wst:RequestSecurityTokenResponse` with a `wst:Status`: code
 * `…/status/valid` or `…/status/invalid`, and a Reason saying who the token is for and until
 * when, or why it is refused (with the simulator error code in brackets). An invalid token is an
 * answer, not a fault.
 *
 * @example
 * ```ts
 * const bodyXml = validateToken(deps, req, rst, summary);
 * ```
 */
import type { SimDeps } from '../core/deps.js';
import { asSimError, BadRequest } from '../core/errors.js';
import { canonicalXml, el } from '../saml/canonical-xml.js';
import { NS, WST } from '../saml/namespaces.js';
import type { SoapRequest } from '../soap/envelope.js';
import { readSecurityHeader } from '../soap/ws-security.js';
import { verifyAssertion, type Principal } from '../token/validate-token.js';
import type { StsSummary } from './authenticated.js';
import type { RstRequest } from './rst.js';

/** The Reason text of a valid token. */
export function validReason(p: Principal): string {
  const who = p.authMethod === 'certificate' ? `institution \`${p.nameId}\`` : `\`${p.nameId}\``;
  const roles = p.roles.length === 0 ? 'no V-MÁTRIX role' : `roles ${p.roles.join(', ')}`;
  return `token ${p.tokenId} is valid: ${who} at ${p.institutionId} / ${p.unitCode} (${roles}, ${p.authMethod} login) until ${p.expiresAt.toISOString()}`;
}

/** Run the Validate binding and return the response Body content (RSTR XML). */
export function validateToken(deps: SimDeps, req: SoapRequest, rst: RstRequest, summary: StsSummary): string {
  let target = rst.validateTarget;
  if (target === undefined) {
    const sec = readSecurityHeader(req, false);
    target = sec?.assertions[0];
  }
  if (target === undefined) {
    throw new BadRequest('nothing to validate: put the saml:Assertion into wst:ValidateTarget (or into the wsse:Security header)', {}, 'VALIDATE_TARGET_MISSING');
  }
  if (target.namespaceURI !== NS.saml || target.localName !== 'Assertion') {
    throw new BadRequest(`wst:ValidateTarget holds {${target.namespaceURI ?? ''}}${target.localName}; this STS validates the SAML 2.0 assertions it issued`, {}, 'VALIDATE_TARGET_UNSUPPORTED');
  }
  let code: string = WST.statusValid;
  let reason: string;
  try {
    const principal = verifyAssertion(deps, target, req.document);
    reason = validReason(principal);
    summary.username = principal.username || principal.nameId;
    summary.institutionId = principal.institutionId;
    summary.tokenId = principal.tokenId;
    summary.outcome = 'valid';
  } catch (err) {
    const e = asSimError(err);
    if (e.code === 'INTERNAL_ERROR') throw err;
    code = WST.statusInvalid;
    reason = `[${e.code}] ${e.message}`;
    summary.outcome = 'invalid';
    summary.reason = e.code;
  }
  const rstr = el(
    'wst:RequestSecurityTokenResponse',
    { Context: rst.context },
    el('wst:TokenType', {}, WST.statusTokenType),
    el('wst:Status', {}, el('wst:Code', {}, code), el('wst:Reason', {}, reason)),
  );
  return canonicalXml(rstr, NS);
}
