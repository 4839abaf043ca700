/**
 * Error codes that are no rule of EESZT, each with the reason, and upper-case string literals of
 * the source that are no error code at all. `registry.test.ts` scans the source for codes: each
 * must be a code of a rule in `registry.ts` or be listed here, so a new refusal without a source
 * fails the test until it gets a rule (or a reason here).
 *
 * @example
 * ```ts
 * NOT_RULE_CODES['INTERNAL_ERROR']; // 'internal'
 * ```
 */

/** Why a code is not a rule. */
export const NOT_RULE_REASONS = Object.freeze({
  internal: 'a simulator bug: the caller did nothing wrong',
  availability: 'the simulator’s own availability, storage or an injected fault: says what happened, not which rule the request broke',
  lookup: 'the request names something that does not exist (in the loaded fixtures or the simulator’s state): a fact, not a rule',
  generic: 'the generic default code of an error class (simulator/core/errors.ts); refusals of a rule carry a specific code',
  control: 'the simulator’s control API and tooling (/_sim, eeszt-sim/msw, runs, faults, clock): not part of EESZT',
  ui: 'the trainer UI’s own requests: not part of EESZT',
  device: 'the state of the reader, the card in it, or a connection of the card client: what happened, not a rule the request broke',
  cardholder: 'the simulated cardholder (scripted or interactive prompts): test setup, not part of EESZT',
} as const);

/** A reason of {@link NOT_RULE_REASONS}. */
export type NotRuleReason = keyof typeof NOT_RULE_REASONS;

/** Error codes that are no rule, with their reason. */
export const NOT_RULE_CODES: Readonly<Record<string, NotRuleReason>> = Object.freeze({
  INTERNAL_ERROR: 'internal',

  OVERLOADED: 'availability',
  SERVICE_UNAVAILABLE: 'availability',
  FAULT_INJECTED: 'availability',
  CLIENT_ABORTED: 'availability',
  STORE_WRITE_FAILED: 'availability',
  DATA_DIR_UNUSABLE: 'availability',
  DATA_DIR_LOCKED: 'availability',
  DATA_DIR_SCHEMA_NEWER: 'availability',
  DATA_DIR_DRIVER_MISSING: 'availability',

  NOT_FOUND: 'lookup',
  DOCUMENT_NOT_FOUND: 'lookup',
  INSTITUTION_UNKNOWN: 'lookup',
  UNIT_UNKNOWN: 'lookup',
  USER_UNKNOWN: 'lookup',
  CARD_UNKNOWN: 'lookup',
  CARD_NOT_FOUND: 'lookup',
  GRANT_NOT_FOUND: 'lookup',
  IAM_RECORD_NOT_FOUND: 'lookup',

  BAD_REQUEST: 'generic',
  CONFLICT: 'generic',
  FORBIDDEN: 'generic',
  UNAUTHORIZED: 'generic',
  FAILED_AUTHENTICATION: 'generic',
  INVALID_SECURITY: 'generic',
  INVALID_SECURITY_TOKEN: 'generic',

  CONTROL_NOT_LOOPBACK: 'control',
  CONTROL_TOKEN_REQUIRED: 'control',
  CONTROL_TOKEN_INVALID: 'control',
  CLOCK_REQUEST_INVALID: 'control',
  DURATION_INVALID: 'control',
  RESET_REQUEST_INVALID: 'control',
  REVOCATION_REQUEST_INVALID: 'control',
  REVOCATION_NOT_FOUND: 'control',
  RUN_REQUEST_INVALID: 'control',
  RUN_LIMIT_REACHED: 'control',
  RUN_NOT_FOUND: 'control',
  FAULT_RULE_INVALID: 'control',
  FAULT_RULE_LIMIT: 'control',
  FAULT_RULE_NOT_FOUND: 'control',
  PIN_STATE_INVALID: 'control',
  CARD_APDU_INVALID: 'control',
  POLICY_INVALID: 'control',
  MSW_BASE_URL_INVALID: 'control',

  UI_ASSET_NOT_FOUND: 'ui',
  FIXTURE_SET_UNKNOWN: 'ui',
  SEED_INVALID: 'ui',
  JOURNAL_ENTRY_NOT_FOUND: 'ui',
  TOKEN_NOT_IN_ENTRY: 'ui',
  STREAM_CLIENT_TOO_SLOW: 'ui',
  UI_STREAM_REPLACED: 'ui',
  NETWORK: 'ui', // made by the UI's browser scripts when the simulator cannot be reached
  ANSWER_EMPTY: 'ui', // made by the UI's SOAP client for an empty answer Body

  NO_READER: 'device',
  NO_CARD: 'device',
  CARD_REMOVED: 'device',
  CARD_ERROR: 'device',
  PIN_CANCELLED: 'device',
  TIMEOUT: 'device',
  READER_BUSY: 'device',
  READER_UNKNOWN: 'device',
  READER_REQUEST_INVALID: 'device',
  UNBLOCK_REQUEST_INVALID: 'device',
  SLOT_OCCUPIED: 'device',
  PCSC_UNAVAILABLE: 'device',
  PCSC_ERROR: 'device',
  PCSC_READER_LIMIT: 'device',
  HELPER_UNAVAILABLE: 'device',
  HELPER_TIMEOUT: 'device',
  BAD_HANDLE: 'device',
  NO_SERVICE: 'device',
  SIMULATOR_UNREACHABLE: 'device',
  EID_SERVER_UNREACHABLE: 'device',

  CARDHOLDER_MODE_INVALID: 'cardholder',
  CARDHOLDER_SCRIPT_INVALID: 'cardholder',
  CARDHOLDER_SCRIPT_EXHAUSTED: 'cardholder',
  CARDHOLDER_SCRIPT_MISMATCH: 'cardholder',
  PROMPT_NOT_PENDING: 'cardholder',
  PROMPT_ANSWER_INVALID: 'cardholder',
});

/**
 * Upper-case string literals of the source that look like error codes and are none, with what
 * they are. The scan of `registry.test.ts` skips them.
 */
export const NOT_CODES: Readonly<Record<string, string>> = Object.freeze({
  INTEZMENYI_RENDSZER: 'V-MÁTRIX role',
  JOGOSULTSAG_ADMIN: 'V-MÁTRIX role',
  KLINIKAI_SZAKPSZICHOLOGUS: 'V-MÁTRIX role',
  EESZT_SIM_CACHE: 'environment variable',
  EESZT_SIM_SIGN_CONCURRENCY: 'environment variable (bench setting: signatures waiting on the libuv pool)',
  EESZT_SIM_SIGNER: 'environment variable (signing strategy: pool, sync, worker, ring or balanced)',
  EESZT_SIM_SIGN_WORKERS: 'environment variable (signing worker threads with EESZT_SIM_SIGNER=worker)',
  EESZT_SIM_SIGN_BACKLOG: 'environment variable (signatures waiting on the ring from which EESZT_SIM_SIGNER=balanced signs on the event loop)',
  ERR_STREAM_PREMATURE_CLOSE: 'Node.js error code the simulator reads',
  SQLITE_BUSY: 'SQLite error code the store reads',
  SQLITE_CANTOPEN: 'SQLite error code the store reads',
  SQLITE_CORRUPT: 'SQLite error code the store reads',
  SQLITE_IOERR: 'SQLite error code the store reads',
  SQLITE_LOCKED: 'SQLite error code the store reads',
  SQLITE_NOTADB: 'SQLite error code the store reads',
  SQLITE_PERM: 'SQLite error code the store reads',
  SQLITE_READONLY: 'SQLite error code the store reads',
});
