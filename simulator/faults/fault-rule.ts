/**
 * Fault rules as the control API takes them (`POST /_sim/faults`): which calls (service,
 * operation), what goes wrong (a delay, an HTTP status, a SOAP fault, a dropped connection or a
 * malformed body) and how often (the next N calls, or a share of calls decided by a seeded
 * PRNG). Validation says exactly what to fix.
 *
 * @example
 * ```ts
 * const spec = parseFaultRule({ service: 'erecept', fault: 'status', status: 503, times: 2 });
 * ```
 */
import { BadRequest } from '../core/errors.js';

/** The kinds of fault. */
export const FAULT_KINDS = ['delay', 'status', 'soap-fault', 'drop', 'malformed'] as const;
/** One kind of fault. */
export type FaultKind = (typeof FAULT_KINDS)[number];

/** A validated rule as the caller asked for it. */
export interface FaultRuleSpec {
  /** Journal service id (`sts`, `erecept`, `eid`, `card-client`, ...) or `*` for every service. */
  service: string;
  /** Operation: SOAP request element (with or without `Request`), WS-Trust `Issue`/`Validate`, or the path below the mount. */
  operation?: string;
  fault: FaultKind;
  /** `delay`: how long to hold the call before answering it normally; other faults: wait this long first. */
  delayMs?: number;
  /** `status`: the HTTP status answered (default 503). */
  status?: number;
  /** `soap-fault`: the error code in the fault detail (default `SERVICE_UNAVAILABLE`). */
  code?: string;
  /** `soap-fault`: who is blamed (default `Receiver`, i.e. a server-side, retryable fault). */
  side?: 'Sender' | 'Receiver';
  /** `soap-fault` / `status`: the message (default a text naming the injected fault). */
  message?: string;
  /** Inject on at most this many calls, then the rule is spent and removed. */
  times?: number;
  /** Each matching call is hit with this probability (0 < share <= 1, default 1). */
  share?: number;
  /** Seed of the rule's PRNG (default 1): the same seed and the same calls give the same decisions. */
  seed?: number;
}

/** A rule as stored: the spec plus its id, counters and PRNG state. */
export interface FaultRule extends FaultRuleSpec {
  id: string;
  /** Calls that matched service and operation. */
  matched: number;
  /** Calls the fault was injected into. */
  injected: number;
  /** PRNG state (only used when `share` < 1). */
  prngState: number;
  createdAt: string;
}

const KNOWN = ['service', 'operation', 'fault', 'delayMs', 'status', 'code', 'side', 'message', 'times', 'share', 'seed'];
const EXAMPLE = '{"service":"erecept","fault":"status","status":503,"times":2}';
const MAX_DELAY_MS = 120_000;

function invalid(message: string, field?: string): BadRequest {
  return new BadRequest(`${message}; a rule looks like ${EXAMPLE} (docs/control-api.md, "Fault injection")`, field === undefined ? {} : { details: { field } }, 'FAULT_RULE_INVALID');
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function wholeNumber(body: Record<string, unknown>, field: string, min: number, max: number): number | undefined {
  const v = body[field];
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) throw invalid(`\`${field}\` must be a whole number from ${min} to ${max}`, field);
  return v;
}

function text(body: Record<string, unknown>, field: string, pattern: RegExp, what: string): string | undefined {
  const v = body[field];
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || !pattern.test(v)) throw invalid(`\`${field}\` must be ${what}`, field);
  return v;
}

/**
 * Validate one rule. Throws `FAULT_RULE_INVALID` (400) naming the field to fix.
 *
 * @example
 * ```ts
 * parseFaultRule({ service: 'sts', operation: 'Issue', fault: 'delay', delayMs: 1500, times: 1 });
 * ```
 */
export function parseFaultRule(input: unknown): FaultRuleSpec {
  if (!isObject(input)) throw invalid('send a JSON object');
  const unknown = Object.keys(input).filter((k) => !KNOWN.includes(k));
  if (unknown.length > 0) throw invalid(`unknown field(s) ${unknown.map((k) => `\`${k}\``).join(', ')}; the fields are ${KNOWN.join(', ')}`, unknown[0]);
  const service = text(input, 'service', /^(\*|[a-z][a-z0-9-]{0,40})$/, 'a service id as the journal names it (`sts`, `erecept`, `eid`, `card-client`, ...) or `*`');
  if (service === undefined) throw invalid('`service` is required', 'service');
  if (service === 'control') throw invalid('the control API (`/_sim`) cannot be faulted, or nothing could remove the fault', 'service');
  const operation = text(input, 'operation', /^\/?[\w.:/-]{1,120}$/, 'an operation name such as `IssuePrescription`, `Issue` or `/request-package`');
  const fault = input.fault;
  if (typeof fault !== 'string' || !(FAULT_KINDS as readonly string[]).includes(fault)) throw invalid(`\`fault\` must be one of ${FAULT_KINDS.map((k) => `\`${k}\``).join(', ')}`, 'fault');
  const kind = fault as FaultKind;
  const delayMs = wholeNumber(input, 'delayMs', 0, MAX_DELAY_MS);
  if (kind === 'delay' && delayMs === undefined) throw invalid('a `delay` fault needs `delayMs`', 'delayMs');
  const status = wholeNumber(input, 'status', 400, 599);
  if (status !== undefined && kind !== 'status') throw invalid('`status` belongs to `status` faults', 'status');
  const code = text(input, 'code', /^[A-Z][A-Z0-9_]{1,60}$/, 'an error code in upper case, such as `SERVICE_UNAVAILABLE`');
  const side = input.side;
  if (side !== undefined && side !== 'Sender' && side !== 'Receiver') throw invalid('`side` must be `Sender` or `Receiver`', 'side');
  if ((code !== undefined || side !== undefined) && kind !== 'soap-fault') throw invalid('`code` and `side` belong to `soap-fault` faults', code !== undefined ? 'code' : 'side');
  const message = input.message;
  if (message !== undefined && (typeof message !== 'string' || message.length === 0 || message.length > 500)) throw invalid('`message` must be a text of 1 to 500 characters', 'message');
  const times = wholeNumber(input, 'times', 1, 1_000_000);
  const share = input.share;
  if (share !== undefined && (typeof share !== 'number' || !(share > 0 && share <= 1))) throw invalid('`share` must be a number above 0 and at most 1 (e.g. 0.25 for a quarter of the calls)', 'share');
  const seed = wholeNumber(input, 'seed', 0, 2 ** 31 - 1);
  return {
    service,
    ...(operation === undefined ? {} : { operation }),
    fault: kind,
    ...(delayMs === undefined ? {} : { delayMs }),
    ...(status === undefined ? {} : { status }),
    ...(code === undefined ? {} : { code }),
    ...(side === undefined ? {} : { side: side as 'Sender' | 'Receiver' }),
    ...(message === undefined ? {} : { message: message as string }),
    ...(times === undefined ? {} : { times }),
    ...(share === undefined ? {} : { share: share as number }),
    ...(seed === undefined ? {} : { seed }),
  };
}

/** A rule as the control API shows it (without PRNG internals). */
export function faultRuleView(rule: FaultRule): Record<string, unknown> {
  const { prngState: _state, ...rest } = rule;
  return { ...rest, remaining: rule.times === undefined ? null : Math.max(0, rule.times - rule.injected) };
}
