/**
 * Questions judges ask of the journal: the HIS's STS logins, the tokens the STS issued, the
 * service calls and their attempts, injected faults, and what the adapter reported.
 *
 * @example
 * ```ts
 * const logins = stsIssues(ev.entries);
 * const calls = serviceCalls(ev.entries);
 * ```
 */
import type { JournalEntry } from '../../simulator/core/journal.js';
import { SERVICE_IDS } from '../../simulator/services/permission-matrix.js';
import type { AdapterExchange } from '../catalogue/check.js';
import type { AdapterResult } from '../adapter/protocol.js';
import { assertionSubstring, requestFacts } from './request-facts.js';

const BUSINESS = new Set<string>(SERVICE_IDS);

/** Entries in the order the requests arrived (time, then sequence). */
export function byArrival(entries: readonly JournalEntry[]): JournalEntry[] {
  return [...entries].sort((a, b) => Date.parse(a.time) - Date.parse(b.time) || a.seq - b.seq);
}

/** Whether the simulator injected a fault into this call (control API `/_sim/faults`). */
export function injected(e: JournalEntry): boolean {
  return e.summary.fault !== undefined;
}

/** Every POST to the STS. */
export function stsRequests(entries: readonly JournalEntry[]): JournalEntry[] {
  return byArrival(entries.filter((e) => e.service === 'sts' && e.request.method === 'POST'));
}

/** Every STS Issue request (logins). */
export function stsIssues(entries: readonly JournalEntry[]): JournalEntry[] {
  return stsRequests(entries).filter((e) => requestFacts(e).requestType === 'Issue');
}

/** Whether an STS answer issued a token. */
export function issuedToken(e: JournalEntry): { id: string | undefined; text: string } | undefined {
  if (e.response.status !== 200 || injected(e)) return undefined;
  const a = assertionSubstring(e.response.body);
  return a === undefined ? undefined : { id: a.id, text: a.text };
}

/** Every token the STS issued, by id. */
export function issuedTokens(entries: readonly JournalEntry[]): Map<string, { text: string; entry: JournalEntry }> {
  const out = new Map<string, { text: string; entry: JournalEntry }>();
  for (const e of stsIssues(entries)) {
    const t = issuedToken(e);
    if (t?.id !== undefined) out.set(t.id, { text: t.text, entry: e });
  }
  return out;
}

/** Every POST to a business service (eRecept, EHR, ...), optionally of one service. */
export function serviceCalls(entries: readonly JournalEntry[], service?: string): JournalEntry[] {
  return byArrival(entries.filter((e) => BUSINESS.has(e.service) && e.request.method === 'POST' && (service === undefined || e.service === service)));
}

/** Entries caused by the adapter actions of one kind (between their sequence marks). */
export function entriesOf(entries: readonly JournalEntry[], exchanges: readonly AdapterExchange[], action: AdapterExchange['action']): JournalEntry[] {
  const windows = exchanges.filter((x) => x.action === action).map((x) => [x.seqBefore, x.seqAfter] as const);
  return entries.filter((e) => windows.some(([a, b]) => e.seq > a && e.seq <= b));
}

/** The answers of the adapter to one kind of action, in order. */
export function results(exchanges: readonly AdapterExchange[], action: AdapterExchange['action']): Array<AdapterResult | undefined> {
  return exchanges.filter((x) => x.action === action).map((x) => x.result);
}

/** "ok" or the error code of an adapter answer, for messages. */
export function outcomeText(r: AdapterResult | undefined): string {
  if (r === undefined) return 'no answer from the adapter';
  return r.ok ? 'ok' : `error ${r.error?.code ?? '?'} (${r.error?.message ?? ''})`;
}

/** The milliseconds between consecutive arrivals. */
export function gapsMs(entries: readonly JournalEntry[]): number[] {
  const t = byArrival(entries).map((e) => Date.parse(e.time));
  return t.slice(1).map((x, i) => x - (t[i] as number));
}

/** A short description of an entry for messages. */
export function describeEntry(e: JournalEntry): string {
  return `#${e.seq} ${e.request.method} ${e.request.path} → ${e.response.status}${e.errorCode === undefined ? '' : ` ${e.errorCode}`}`;
}
