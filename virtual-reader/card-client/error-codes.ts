/**
 * Every error code the card client answers, with its HTTP status, when it happens and what the
 * HIS should do about it. One list, used to render the table in docs/card-login.md (a test
 * keeps the two equal) and available to UIs that want to show the advice.
 *
 * @example
 * ```ts
 * CARD_CLIENT_ERRORS.find((e) => e.code === 'CAN_REQUIRED')?.hisAction;
 * // 'Ask the user for the CAN printed on the front of the card …'
 * ```
 */

/** Where an error comes from. */
export type CardClientErrorSource = 'card' | 'card client' | 'eID server';

/** One documented error. */
export interface CardClientErrorDoc {
  code: string;
  status: number;
  source: CardClientErrorSource;
  /** When it happens. */
  when: string;
  /** What the HIS should do. */
  hisAction: string;
}

/** The card client's errors, in the order of a card login. */
export const CARD_CLIENT_ERRORS: readonly CardClientErrorDoc[] = Object.freeze([
  { code: 'NO_READER', status: 409, source: 'card client', when: 'no card reader is attached', hisAction: 'Tell the user to connect the card reader (and start the eSzemélyi Kliens); offer to try again.' },
  { code: 'NO_CARD', status: 409, source: 'card client', when: 'the reader holds no card', hisAction: 'Ask the user to insert the eID card; try again when they confirm.' },
  { code: 'CARD_REMOVED', status: 409, source: 'card', when: 'the card was pulled out (or swapped) during the operation', hisAction: 'Ask the user to put the card back and leave it in until the login finishes; start again with the same request package while it is valid.' },
  { code: 'ACTIVATION_PIN_NOT_CHANGED', status: 409, source: 'card', when: 'the card still has its 5-digit activation PIN (Aktiváló PIN csere szükséges)', hisAction: 'Send the user to activate the card at the Ágazati portál (which changes the PIN), or to change it with the card client; do not retry the login.' },
  { code: 'PIN_CANCELLED', status: 409, source: 'card', when: 'the cardholder pressed Cancel at a PIN, CAN or PUK prompt', hisAction: 'Stop the login quietly; offer a new login (or another method) without an error message.' },
  { code: 'PIN_WRONG', status: 401, source: 'card', when: 'a wrong PIN was typed; `details.triesLeft` tries remain', hisAction: 'Say the PIN was wrong and how many tries are left; retry only when the user asks. With 1 try left warn that the CAN will be asked and that a third mistake blocks the PIN.' },
  { code: 'CAN_REQUIRED', status: 401, source: 'card', when: 'the PIN is suspended after two wrong tries and the CAN was not (correctly) entered', hisAction: 'Ask the user for the CAN printed on the front of the card (next to the photo) and retry; a wrong CAN costs nothing.' },
  { code: 'PIN_BLOCKED', status: 403, source: 'card', when: 'the third wrong PIN blocked the PIN, or it was blocked already', hisAction: 'Do not retry. Send the user to unblock the PIN with the PUK from the green code card (card client `POST /unblock`, or the eSzemélyi Kliens).' },
  { code: 'PUK_WRONG', status: 401, source: 'card', when: 'unblocking: a wrong PUK; `details.triesLeft` tries remain', hisAction: 'Say the PUK was wrong and how many tries are left; when none remain the card is dead, so be explicit.' },
  { code: 'PIN_MISMATCH', status: 400, source: 'card', when: 'the two entries of a new PIN differ', hisAction: 'Ask the user to type the same new 6-digit PIN twice and try again.' },
  { code: 'NEW_PIN_INVALID', status: 400, source: 'card', when: 'the new PIN is not exactly 6 digits', hisAction: 'Ask for a 6-digit new PIN and try again.' },
  { code: 'PIN_ALREADY_CHANGED', status: 409, source: 'card', when: '`POST /change-pin` on a card whose activation PIN was changed already', hisAction: 'Nothing to do: the card has its 6-digit eID PIN; go on with the login.' },
  { code: 'CARD_EXPIRED', status: 403, source: 'card', when: 'the card is past its last day of validity (the card refuses; the eID server checks it too)', hisAction: 'Do not retry. The user needs a new card, and must activate it at the Ágazati portál; offer another login method meanwhile.' },
  { code: 'CARD_DEAD', status: 403, source: 'card', when: 'all PUK tries were used: the card can never authenticate again', hisAction: 'Do not retry. The user needs a new card.' },
  { code: 'TIMEOUT', status: 408, source: 'card', when: 'the cardholder did not answer a prompt in time (60 s by default)', hisAction: 'Offer to start again; nothing was counted against the PIN.' },
  { code: 'CARD_ERROR', status: 502, source: 'card', when: 'the card answered an unexpected status word (`details.sw`)', hisAction: 'Ask the user to re-insert the card and retry once; if it persists, the card or reader is faulty.' },
  { code: 'EID_SERVER_UNREACHABLE', status: 502, source: 'card client', when: 'the eID server did not answer (connection refused, timeout, not an eID server)', hisAction: 'Tell the user the eID service cannot be reached; retry later, or offer another login method. The card was not touched.' },
  { code: 'REQUEST_PACKAGE_MISSING', status: 400, source: 'card client', when: 'the body has no `requestPackage`', hisAction: 'A HIS bug: send the `requestPackage` string from `POST /eid/request-package` unchanged.' },
  { code: 'REQUEST_PACKAGE_PURPOSE_MISMATCH', status: 400, source: 'card client', when: 'a `readout` request package sent to `POST /authenticate`, or a login / activation one to `POST /readout`', hisAction: 'A HIS bug: ask for the package with the purpose of the operation (`"purpose":"readout"` for an authentic readout) and send it to the matching route.' },
  { code: 'REQUEST_PACKAGE_INVALID', status: 400, source: 'eID server', when: 'the package is not one the eID request service signed (changed, truncated, foreign)', hisAction: 'A HIS bug: pass the package on byte for byte; get a new one and retry.' },
  { code: 'REQUEST_PACKAGE_EXPIRED', status: 400, source: 'eID server', when: 'the request package is older than 5 minutes', hisAction: 'Get a new request package (`POST /eid/request-package`) and run the card client again; fetch the package right before the card step.' },
  { code: 'REQUEST_PACKAGE_USED', status: 409, source: 'eID server', when: 'the request package already produced an rID package', hisAction: 'Get a new request package for every login.' },
  { code: 'EID_SESSION_UNKNOWN', status: 404, source: 'eID server', when: 'the eID server session is gone (answered already, or the simulator was reset)', hisAction: 'Retry the card client call; it opens a new session.' },
  { code: 'EID_SESSION_EXPIRED', status: 400, source: 'eID server', when: 'the card took longer than the session allows (the package\'s validity, at most 5 minutes)', hisAction: 'Get a new request package and retry.' },
  { code: 'CARD_CERTIFICATE_INVALID', status: 401, source: 'eID server', when: 'the card\'s certificate does not chain to the eID card CA', hisAction: 'Do not retry with this card: it is not a valid eSzemélyi of this EESZT.' },
  { code: 'CARD_CERTIFICATE_EXPIRED', status: 401, source: 'eID server', when: 'the card\'s certificate is not valid at the simulator clock', hisAction: 'Do not retry: the user needs a new card.' },
  { code: 'CARD_SIGNATURE_INVALID', status: 401, source: 'eID server', when: 'the card\'s signature over the challenge does not verify', hisAction: 'Retry once; if it persists the card is faulty.' },
  { code: 'RID_INVALID', status: 401, source: 'eID server', when: 'the card\'s restricted identifier is not the one of this card for the EESZT sector', hisAction: 'Retry once; if it persists the card is faulty.' },
  { code: 'CARD_REVOKED', status: 403, source: 'eID server', when: 'the card\'s certificate is revoked (`POST /_sim/revocations`, or the card record says so)', hisAction: 'Do not retry: the card is withdrawn; the user needs a new card.' },
  { code: 'CARD_UNKNOWN', status: 403, source: 'eID server', when: 'the certificate names a document id no card of this EESZT has', hisAction: 'Do not retry with this card.' },
  { code: 'EID_SESSION_PURPOSE_MISMATCH', status: 400, source: 'eID server', when: 'a readout session answered at `/response`, or a login session at `/readout`', hisAction: 'A card client bug: answer a `readout` session with `POST /eid-server/sessions/{id}/readout`, any other with `/response`.' },
  { code: 'READOUT_DATA_INVALID', status: 400, source: 'eID server', when: 'the EF.PersonalData sent for a readout does not decode', hisAction: 'A card client bug: send the file exactly as the card returned it.' },
  { code: 'CARD_RESPONSE_INVALID', status: 400, source: 'eID server', when: 'the card client sent a malformed answer', hisAction: 'A card client bug; report it.' },
  { code: 'READER_BUSY', status: 409, source: 'card client', when: 'another operation runs on the reader', hisAction: 'Wait for it to finish (or let the user answer or cancel its prompt), then retry; start one card operation at a time.' },
  { code: 'READER_UNKNOWN', status: 404, source: 'card client', when: 'the `reader` asked for does not exist', hisAction: 'Use a reader id from `GET /readers`, or leave `reader` out.' },
  {
    code: 'BODY_INVALID',
    status: 400,
    source: 'card client',
    when: 'a request body does not fit its route: not a JSON object, an unknown or missing field, or a value of the wrong type (`reader` not a whole number, `cardholder` not an array); `details.errors` names each field',
    hisAction: 'Fix each field `details.errors` names (`path`, `code`, `message`); the message ends with a well-formed body.',
  },
  { code: 'CARDHOLDER_SCRIPT_EXHAUSTED', status: 409, source: 'card client', when: 'simulation: the scripted cardholder has no step left for a prompt', hisAction: 'Test setup: give the script a step for every prompt (e.g. `{"pin":"123456"}`).' },
  { code: 'CARDHOLDER_SCRIPT_MISMATCH', status: 409, source: 'card client', when: 'simulation: the next scripted step is for another prompt', hisAction: 'Test setup: put the steps in the order the card asks (CAN before PIN, activation PIN, new PIN, new PIN again).' },
  { code: 'CARDHOLDER_SCRIPT_INVALID', status: 400, source: 'card client', when: 'simulation: a scripted step is malformed', hisAction: 'Test setup: fix the step the message names.' },
  { code: 'CARDHOLDER_MODE_INVALID', status: 400, source: 'card client', when: 'simulation: `PUT /cardholder` with an unknown mode', hisAction: 'Test setup: use `scripted` (with `steps`) or `interactive`.' },
  { code: 'PROMPT_NOT_PENDING', status: 409, source: 'card client', when: 'simulation: the prompt answered is not open (answered, timed out, card removed)', hisAction: 'Trainer UI: refresh the open prompts (`GET /prompts`).' },
  { code: 'PROMPT_ANSWER_INVALID', status: 400, source: 'card client', when: 'simulation: the answer lacks the field the prompt asks for', hisAction: 'Trainer UI: answer with the prompt\'s `answerField`, e.g. `{"can":"482915"}`.' },
  { code: 'CARD_NOT_FOUND', status: 404, source: 'card client', when: 'simulation: no virtual card has this document id', hisAction: 'Test setup: insert a card from the fixtures (docs/fixtures.md).' },
  { code: 'SLOT_OCCUPIED', status: 409, source: 'card client', when: 'simulation: inserting into a reader that holds a card', hisAction: 'Test setup: remove the card first.' },
  { code: 'SIMULATOR_UNREACHABLE', status: 502, source: 'card client', when: 'standalone card client: the simulator (source of the virtual cards) does not answer', hisAction: 'Start the simulator or fix `--target`.' },
  { code: 'PCSC_UNAVAILABLE', status: 502, source: 'card client', when: 'standalone with `--pcsc`: pcscd, its vpcd reader or the PC/SC helper (python3-pyscard) cannot be reached', hisAction: 'Start pcscd with the vsmartcard-vpcd driver (and install python3-pyscard), or run without `--pcsc`; then retry.' },
  { code: 'PCSC_ERROR', status: 502, source: 'card client', when: 'standalone with `--pcsc`: pcscd failed an exchange for another reason (`details.scard`, e.g. `0x8010000B`: another application holds the card exclusively)', hisAction: 'Retry once; if it persists, close the other PC/SC application using the card, or restart pcscd.' },
  { code: 'PCSC_READER_LIMIT', status: 409, source: 'card client', when: 'standalone with `--pcsc`: attaching a reader while every vpcd reader port is taken (Debian\'s vpcd has two, 35963 and 35964; `details.vpcdPorts`, `details.readers`)', hisAction: 'Detach a reader first (`DELETE /readers/{id}` frees its port), or run a second card client with `--vpcd-port` on a free vpcd port.' },
] satisfies CardClientErrorDoc[]);

/** Just the codes. */
export const CARD_CLIENT_ERROR_CODES: readonly string[] = CARD_CLIENT_ERRORS.map((e) => e.code);

/** The markdown table of docs/card-login.md, "Card client errors". */
export function renderCardClientErrorTable(): string {
  const esc = (s: string): string => s.replace(/\|/g, '\\|');
  const rows = CARD_CLIENT_ERRORS.map((e) => `| \`${e.code}\` | ${e.status} | ${e.source} | ${esc(e.when)} | ${esc(e.hisAction)} |`);
  return ['| code | status | from | when | what the HIS should do |', '|---|---|---|---|---|', ...rows].join('\n');
}
