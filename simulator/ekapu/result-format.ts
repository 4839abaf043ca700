/**
 * The connection-check result (the eesztConnect stand-in's "electronic certificate of the
 * result"): a JSON document, signed as CMS SignedData with the organisation's WAF-SSL key, that
 * the eKapu upload endpoint verifies. Both the writer (`eeszt-sim check`) and the eKapu endpoint
 * use this definition.
 *
 * @example
 * ```ts
 * const result: ConnectionCheckResult = { format: CONNECTION_RESULT_FORMAT, institutionId: 'E01620K', passed: true, ... };
 * parseConnectionResult(Buffer.from(JSON.stringify(result))); // the result, or throws CONNECTION_RESULT_MALFORMED
 * ```
 */
import { BadRequest } from '../core/errors.js';

/** Format id of the result document. */
export const CONNECTION_RESULT_FORMAT = 'eeszt-sim-connection-check/1';

/** One step of the check. */
export interface ConnectionCheckStep {
  id: string;
  title: string;
  status: 'pass' | 'fail' | 'skipped';
  message: string;
  /** What to do when it failed. */
  fix?: string;
  durationMs: number;
}

/** The result document. */
export interface ConnectionCheckResult {
  format: typeof CONNECTION_RESULT_FORMAT;
  /** The institution the WAF-SSL certificate was issued to. */
  institutionId: string;
  /** Subject of the WAF-SSL certificate. */
  certificateSubject: string;
  certificateSerial: string;
  /** The EESZT checked (its discovery URL). */
  target: string;
  /** When, on the EESZT clock. */
  checkedAt: string;
  tool: { name: string; version: string };
  passed: boolean;
  steps: ConnectionCheckStep[];
}

function malformed(message: string): BadRequest {
  return new BadRequest(`the connection-check result is not readable: ${message}; upload the .p7m file \`eeszt-sim check\` wrote, unchanged`, {}, 'CONNECTION_RESULT_MALFORMED');
}

/** Read a result document (the signed content). */
export function parseConnectionResult(content: Buffer): ConnectionCheckResult {
  let v: unknown;
  try {
    v = JSON.parse(content.toString('utf8'));
  } catch {
    throw malformed('its content is not JSON');
  }
  const r = v as Partial<ConnectionCheckResult> | null;
  if (r === null || typeof r !== 'object' || r.format !== CONNECTION_RESULT_FORMAT) throw malformed(`its format is not \`${CONNECTION_RESULT_FORMAT}\``);
  if (typeof r.institutionId !== 'string' || typeof r.checkedAt !== 'string' || !Number.isFinite(Date.parse(r.checkedAt)) || typeof r.passed !== 'boolean' || !Array.isArray(r.steps)) {
    throw malformed('institutionId, checkedAt, passed or steps is missing');
  }
  return r as ConnectionCheckResult;
}
