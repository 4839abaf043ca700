/**
 * Reading what the simulator answered, from a journal entry: the error code and message of a
 * SOAP fault or problem document, and JSON fields of answers.
 *
 * @example
 * ```ts
 * refusalMessage(entry); // 'the password for `O50123` is wrong; ...'
 * ```
 */
import type { JournalEntry } from '../../simulator/core/journal.js';

/** The message of a refusal (SOAP fault `sim:Message`, or problem `detail`), if any. */
export function refusalMessage(e: JournalEntry): string | undefined {
  const soap = /<(?:[\w.-]+:)?Message>([^<]*)</.exec(e.response.body)?.[1];
  if (soap !== undefined) return soap.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
  try {
    const p = JSON.parse(e.response.body) as { detail?: unknown };
    return typeof p.detail === 'string' ? p.detail : undefined;
  } catch {
    return undefined;
  }
}

/** A JSON body (request or response) as an object, or undefined. */
export function jsonBody(text: string): Record<string, unknown> | undefined {
  try {
    const v = JSON.parse(text) as unknown;
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** `CODE: message` of a refused entry, for judge messages. */
export function refusalText(e: JournalEntry): string {
  const m = refusalMessage(e);
  return `${e.errorCode ?? `HTTP ${e.response.status}`}${m === undefined ? '' : `: ${m}`}`;
}
