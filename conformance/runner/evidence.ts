/**
 * Journal entries turned into report evidence: the request and response excerpts that decided a
 * check, with every secret the scenario knows masked (on top of the journal's own redaction) and
 * long base64 blobs shortened, so a report can be shared.
 *
 * @example
 * ```ts
 * const excerpts = toEvidence(judgement.evidence ?? [], ['Aktiv-Orvos-1', '123456']);
 * ```
 */
import type { JournalEntry } from '../../simulator/core/journal.js';
import type { EvidenceExcerpt } from '../../reports/result-model.js';

const REQUEST_LIMIT = 4000;
const RESPONSE_LIMIT = 2500;

/** Mask known secrets (whole-token matches) in a text. */
export function maskSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) {
    if (s.length < 4) continue;
    const escaped = s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    out = out.replace(new RegExp(`(?<![0-9A-Za-z+/=])${escaped}(?![0-9A-Za-z+/=])`, 'g'), '***');
  }
  return out;
}

/** Shorten base64 runs longer than 160 characters. */
export function shortenBlobs(text: string): string {
  return text.replace(/[A-Za-z0-9+/=\r\n]{160,}/g, (m) => {
    const compact = m.replace(/\s+/g, '');
    return compact.length < 160 ? m : `${compact.slice(0, 48)}…(${compact.length} characters)`;
  });
}

function excerpt(text: string, limit: number, secrets: readonly string[]): string {
  const t = shortenBlobs(maskSecrets(text, secrets));
  return t.length <= limit ? t : `${t.slice(0, limit)}…(${t.length - limit} more characters)`;
}

/** Evidence excerpts of journal entries. */
export function toEvidence(entries: readonly JournalEntry[], secrets: readonly string[]): EvidenceExcerpt[] {
  return entries.map((e) => ({
    seq: e.seq,
    time: e.time,
    service: e.service,
    method: e.request.method,
    path: `${e.request.path}${e.request.query}`,
    status: e.response.status,
    ...(e.errorCode === undefined ? {} : { errorCode: e.errorCode }),
    ...(e.client.address === undefined && e.client.organisation === undefined ? {} : { client: [e.client.address, e.client.organisation === undefined ? undefined : `WAF-SSL ${e.client.organisation}`].filter((x) => x !== undefined).join(', ') }),
    request: excerpt(e.request.body, REQUEST_LIMIT, secrets),
    response: excerpt(e.response.body, RESPONSE_LIMIT, secrets),
  }));
}
