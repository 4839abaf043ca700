/**
 * The simulator's one error module. Every refusal is a {@link SimError} with a stable `code`
 * (documented in docs/errors.md) and a message that says what was wrong and what to do.
 * They are turned into SOAP faults or RFC 9457 problem JSON in exactly one place:
 * `simulator/core/error-response.ts`.
 *
 * @example
 * ```ts
 * throw new IdentifierInvalid('institution id `123456` lacks the `E` prefix; use `E123456`', {
 *   details: { field: 'institutionId', value: '123456' },
 * });
 * ```
 */

/** Which party a SOAP fault blames: SOAP 1.2 `env:Sender` / `env:Receiver` (1.1: Client / Server). */
export type FaultSide = 'Sender' | 'Receiver';

/** A qualified fault subcode such as `wsse:FailedAuthentication`. */
export interface FaultSubcode {
  prefix: string;
  ns: string;
  local: string;
}

/** WS-Security 1.0 secext namespace (fault codes live there). */
export const NS_WSSE = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd';
/** WS-Trust 1.3 namespace. */
export const NS_WST = 'http://docs.oasis-open.org/ws-sx/ws-trust/200512';
/** The simulator's own namespace for fault details and profile elements. */
export const NS_SIM = 'urn:eeszt-sim:2026';

const wsse = (local: string): FaultSubcode => ({ prefix: 'wsse', ns: NS_WSSE, local });
const wst = (local: string): FaultSubcode => ({ prefix: 'wst', ns: NS_WST, local });

/** Options of a {@link SimError}. */
export interface SimErrorOptions {
  /** HTTP status for REST answers (SOAP status follows the SOAP binding rules). */
  status?: number;
  /** Who is at fault; default Sender for 4xx statuses, Receiver otherwise. */
  side?: FaultSide;
  /** SOAP fault subcode, e.g. `wsse:FailedAuthentication`. */
  subcode?: FaultSubcode;
  /** Machine-readable details (field, value, expected ...); must never hold a secret. */
  details?: Record<string, unknown>;
  cause?: unknown;
}

/** The base of every error the simulator reports to a caller. */
export class SimError extends Error {
  readonly code: string;
  readonly status: number;
  readonly side: FaultSide;
  readonly subcode: FaultSubcode | undefined;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: string, message: string, options: SimErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.status = options.status ?? 400;
    this.side = options.side ?? (this.status < 500 ? 'Sender' : 'Receiver');
    this.subcode = options.subcode;
    this.details = options.details;
  }
}

type Opts = Omit<SimErrorOptions, 'subcode'> & { subcode?: FaultSubcode };

/** Generic malformed or incomplete request. */
export class BadRequest extends SimError {
  constructor(message: string, options: Opts = {}, code = 'BAD_REQUEST') {
    super(code, message, { status: 400, subcode: wst('InvalidRequest'), ...options });
  }
}
/** An identifier (username, institution id, unit, TAJ ...) breaks the domain rules. */
export class IdentifierInvalid extends SimError {
  constructor(message: string, options: Opts = {}) {
    super('IDENTIFIER_INVALID', message, { status: 400, subcode: wst('InvalidRequest'), ...options });
  }
}
/** A fixture set (or another document) failed validation; `details.errors` lists each problem. */
export class ValidationFailed extends SimError {
  constructor(message: string, errors: ReadonlyArray<{ path: string; message: string }>, options: Opts = {}) {
    super('VALIDATION_FAILED', message, { status: 422, ...options, details: { ...options.details, errors } });
  }
}
/** Something named in the request does not exist. */
export class NotFound extends SimError {
  constructor(message: string, options: Opts = {}, code = 'NOT_FOUND') {
    super(code, message, { status: 404, ...options });
  }
}
/** The request conflicts with the current state. */
export class Conflict extends SimError {
  constructor(message: string, options: Opts = {}, code = 'CONFLICT') {
    super(code, message, { status: 409, ...options });
  }
}
/** Caller is not allowed here (control API from a foreign address, missing role ...). */
export class Forbidden extends SimError {
  constructor(message: string, options: Opts = {}, code = 'FORBIDDEN') {
    super(code, message, { status: 403, ...options });
  }
}
/** Caller must authenticate (or the credentials given are not accepted). */
export class Unauthorized extends SimError {
  constructor(message: string, options: Opts = {}, code = 'UNAUTHORIZED') {
    super(code, message, { status: 401, ...options });
  }
}
/** The body is larger than the configured limit. */
export class PayloadTooLarge extends SimError {
  constructor(limitBytes: number) {
    super('PAYLOAD_TOO_LARGE', `request body exceeds the limit of ${limitBytes} bytes; send a smaller message or raise --body-limit`, {
      status: 413,
      details: { limitBytes },
    });
  }
}
/**
 * The client went away before the exchange ended: it closed the connection mid-request (a
 * timeout on its side, a crash) or sent a body the HTTP layer could not read (e.g. a bad chunk
 * size). Not a simulator fault: journaled with this code, never logged as an internal error.
 * HTTP 499 (nginx's "client closed request"); nobody receives the answer.
 */
export class ClientAborted extends SimError {
  constructor(reason: string, options: Opts = {}) {
    super('CLIENT_ABORTED', `the client ended the exchange before it was complete (${reason}); the request was not processed`, {
      status: 499,
      ...options,
    });
  }
}
/** The media type is not one this endpoint speaks. */
export class UnsupportedMediaType extends SimError {
  constructor(message: string, options: Opts = {}) {
    super('UNSUPPORTED_MEDIA_TYPE', message, { status: 415, ...options });
  }
}
/** XML that is not well-formed. */
export class XmlMalformed extends SimError {
  constructor(message: string, options: Opts = {}) {
    super('XML_MALFORMED', message, { status: 400, subcode: wst('InvalidRequest'), ...options });
  }
}
/** XML that uses a construct the simulator refuses (DOCTYPE, entities, excessive depth ...). */
export class XmlForbidden extends SimError {
  constructor(message: string, options: Opts = {}) {
    super('XML_FORBIDDEN_CONSTRUCT', message, { status: 400, subcode: wsse('InvalidSecurity'), ...options });
  }
}
/** A SOAP envelope of a version this endpoint does not speak, or no envelope at all. */
export class SoapVersionMismatch extends SimError {
  constructor(message: string) {
    super('SOAP_VERSION_MISMATCH', message, { status: 500, side: 'Sender' });
  }
}
/** Authentication failed (unknown user, wrong password, bad credentials). */
export class FailedAuthentication extends SimError {
  constructor(message: string, options: Opts = {}, code = 'FAILED_AUTHENTICATION') {
    super(code, message, { status: 401, subcode: wsse('FailedAuthentication'), ...options });
  }
}
/** The WS-Security header is missing, incomplete or inconsistent. */
export class InvalidSecurity extends SimError {
  constructor(message: string, options: Opts = {}, code = 'INVALID_SECURITY') {
    super(code, message, { status: 400, subcode: wsse('InvalidSecurity'), ...options });
  }
}
/** A security token (certificate, assertion, rID package) is not acceptable. */
export class InvalidSecurityToken extends SimError {
  constructor(message: string, options: Opts = {}, code = 'INVALID_SECURITY_TOKEN') {
    super(code, message, { status: 400, subcode: wsse('InvalidSecurityToken'), ...options });
  }
}
/** An XML signature does not verify or does not cover what it must. */
export class SignatureInvalid extends SimError {
  constructor(message: string, options: Opts = {}) {
    super('SIGNATURE_INVALID', message, { status: 400, subcode: wsse('FailedCheck'), ...options });
  }
}
/** A timestamp or message is outside its allowed window. */
export class MessageExpired extends SimError {
  constructor(message: string, options: Opts = {}) {
    super('MESSAGE_EXPIRED', message, { status: 400, subcode: wsse('MessageExpired'), ...options });
  }
}
/** A token whose validity window has ended (or not begun). */
export class TokenExpired extends SimError {
  constructor(message: string, options: Opts = {}) {
    super('TOKEN_EXPIRED', message, { status: 401, subcode: wst('ExpiredData'), ...options });
  }
}
/** A nonce, rID package or other single-use value presented a second time. */
export class Replayed extends SimError {
  constructor(message: string, options: Opts = {}) {
    super('REPLAYED', message, { status: 400, subcode: wsse('InvalidSecurity'), ...options });
  }
}
/** The card's PIN is blocked; the PUK is needed. */
export class PinBlocked extends SimError {
  constructor(message: string, options: Opts = {}) {
    super('PIN_BLOCKED', message, { status: 403, ...options });
  }
}
/** The caller lacks a role for the operation. */
export class RoleMissing extends SimError {
  constructor(message: string, options: Opts = {}) {
    super('ROLE_MISSING', message, { status: 403, subcode: wst('RequestFailed'), ...options });
  }
}
/**
 * The token is valid, but obtained in a way the operation does not accept: a natural person's
 * single-factor token for patients' data (`MULTI_FACTOR_REQUIRED`), a password token of an
 * institutional user (`INSTITUTION_CERTIFICATE_REQUIRED`).
 */
export class AuthenticationInsufficient extends SimError {
  constructor(code: 'MULTI_FACTOR_REQUIRED' | 'INSTITUTION_CERTIFICATE_REQUIRED', message: string, options: Opts = {}) {
    super(code, message, { status: 403, subcode: wst('RequestFailed'), ...options });
  }
}
/** An injected or simulated outage. */
export class ServiceUnavailable extends SimError {
  constructor(message: string, options: Opts = {}) {
    super('SERVICE_UNAVAILABLE', message, { status: 503, side: 'Receiver', ...options });
  }
}

/**
 * The simulator is saturated (too many requests in flight, or its event loop too far behind) and
 * refuses a new request at once rather than let it wait without an answer. HTTP 503 with
 * `Retry-After` in both SOAP bindings and for problem JSON (simulator/server/admission.ts).
 */
export class Overloaded extends SimError {
  /** Seconds the client should wait before sending again (the `Retry-After` header). */
  readonly retryAfterSeconds: number;
  constructor(reason: string, retryAfterSeconds: number, details: Record<string, unknown> = {}) {
    super(
      'OVERLOADED',
      `the simulator is overloaded (${reason}) and did not process this request; send it again after ${retryAfterSeconds} s (Retry-After), or send fewer requests at once`,
      { status: 503, side: 'Receiver', details: { ...details, retryAfterSeconds } },
    );
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** The durable store (`serve --data-dir`) cannot be opened or written; the code says why. */
export class StoreUnavailable extends SimError {
  constructor(message: string, options: Opts = {}, code = 'STORE_WRITE_FAILED') {
    super(code, message, { status: 503, side: 'Receiver', ...options });
  }
}
/** A bug in the simulator: the caller did nothing wrong. Never carries internals to the caller. */
export class InternalError extends SimError {
  constructor(options: Opts = {}) {
    super('INTERNAL_ERROR', 'the simulator failed to process this request; it has been logged, and the request may be retried', {
      status: 500,
      side: 'Receiver',
      ...options,
    });
  }
}

/** Turn anything thrown into a SimError without leaking internals. */
export function asSimError(err: unknown): SimError {
  if (err instanceof SimError) return err;
  return new InternalError({ cause: err });
}
