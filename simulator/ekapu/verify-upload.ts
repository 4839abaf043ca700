/**
 * What eKapu checks in an uploaded connection-check result before it marks the institution
 * "connection checked": the CMS signature; the signer is a WAF-SSL certificate of this EESZT
 * (chains to the WAF-SSL CA, valid at the simulator clock, not revoked); the signed result is in
 * the expected format, for the institution the certificate names, recent, and passed.
 *
 * @example
 * ```ts
 * const accepted = await verifyUpload(deps, bytes); // { institutionId: 'E01620K', result }
 * ```
 */
import { X509Certificate } from 'node:crypto';
import type { SimDeps } from '../core/deps.js';
import { BadRequest, Forbidden, NotFound } from '../core/errors.js';
import { verifyChain } from '../pki/verify-chain.js';
import { revocationOf } from '../state/revocations.js';
import { cmsBytes, verifyCms } from './cms-verify.js';
import { parseConnectionResult, type ConnectionCheckResult } from './result-format.js';

/** Results older than this are refused (run the check again). */
export const MAX_RESULT_AGE_DAYS = 30;

/** An accepted upload. */
export interface AcceptedUpload {
  institutionId: string;
  result: ConnectionCheckResult;
  signer: string;
}

function organisationOf(subject: string): string | undefined {
  return /(?:^|,)\s*(?:organizationIdentifier|2\.5\.4\.97)=([^,]+)/.exec(subject)?.[1] ?? /(?:^|,)\s*CN=([^,]+)/.exec(subject)?.[1];
}

/** Verify an upload; throws a SimError naming what is wrong and what to do. */
export async function verifyUpload(deps: SimDeps, body: Uint8Array): Promise<AcceptedUpload> {
  const { content, signerCertPem } = await verifyCms(cmsBytes(body));
  const now = deps.clock.now();
  const waf = deps.pki.cas.waf;
  const chain = verifyChain(signerCertPem, [deps.pki.root.certPem, waf.certPem], now, { purpose: 'clientAuth' });
  if (!chain.ok) {
    // rule: EKAPU-CONNECTION-RESULT (docs/rules.md)
    throw new Forbidden(`the result was not signed with a valid WAF-SSL certificate of this EESZT: ${chain.message}; sign it with your organisation's WAF-SSL certificate (run \`eeszt-sim check --p12 <file>\`)`, { details: { reason: chain.reason } }, 'CONNECTION_RESULT_SIGNER_UNKNOWN');
  }
  if (chain.chain[1] !== waf.subject) {
    throw new Forbidden(`the result was signed by \`${chain.subject}\`, which is not a WAF-SSL certificate (issuer \`${chain.chain[1] ?? '?'}\`); sign it with the WAF-SSL certificate`, {}, 'CONNECTION_RESULT_SIGNER_UNKNOWN');
  }
  const serial = new X509Certificate(signerCertPem).serialNumber;
  const revoked = revocationOf(deps.store, serial);
  if (revoked !== undefined) throw new Forbidden(`the signing WAF-SSL certificate (serial ${revoked.serialHex}) was revoked at ${revoked.revokedAt}; request a new one`, {}, 'CONNECTION_RESULT_SIGNER_REVOKED');
  const organisation = organisationOf(chain.subject);
  const result = parseConnectionResult(content);
  if (organisation !== result.institutionId) {
    throw new Forbidden(`the result is for \`${result.institutionId}\` but signed with the WAF-SSL certificate of \`${organisation ?? chain.subject}\`; each organisation checks and signs its own connection`, {}, 'CONNECTION_RESULT_INSTITUTION_MISMATCH');
  }
  if (!deps.store.state.institutions.some((i) => i.id === result.institutionId)) {
    throw new NotFound(`institution \`${result.institutionId}\` is not known to this EESZT`, { details: { institutionId: result.institutionId } }, 'INSTITUTION_UNKNOWN');
  }
  const age = now.getTime() - Date.parse(result.checkedAt);
  if (age > MAX_RESULT_AGE_DAYS * 86_400_000 || age < -deps.config.clockSkewSeconds * 1000) {
    throw new BadRequest(`the check was run at ${result.checkedAt}, ${age < 0 ? 'in the future of' : `more than ${MAX_RESULT_AGE_DAYS} days before`} the EESZT clock (${now.toISOString()}); run \`eeszt-sim check\` again and upload the new result`, {}, 'CONNECTION_RESULT_STALE');
  }
  if (!result.passed) {
    const failed = result.steps.filter((s) => s.status === 'fail').map((s) => s.id);
    throw new BadRequest(`the connection check did not pass (failed: ${failed.join(', ') || 'unknown'}); fix those steps, run the check again and upload the passing result`, { details: { failed: failed.join(',') } }, 'CONNECTION_RESULT_FAILED');
  }
  return { institutionId: result.institutionId, result, signer: chain.subject };
}
