/**
 * Errors of the card client itself (the card and reader errors come from
 * `virtual-reader/errors.ts`). Every one is a {@link SimError} with a stable code, answered as
 * problem JSON; docs/card-login.md says what a HIS should do about each.
 *
 * @example
 * ```ts
 * throw new EidServerUnreachable('http://127.0.0.1:8080/eid-server', 'connect ECONNREFUSED');
 * ```
 */
import { SimError, type SimErrorOptions } from '../../simulator/core/errors.js';

type Opts = Omit<SimErrorOptions, 'status'>;

/** The eID server did not answer (connection refused, DNS, timeout, not JSON). */
export class EidServerUnreachable extends SimError {
  constructor(url: string, why: string, options: Opts = {}) {
    super('EID_SERVER_UNREACHABLE', `the eID server at ${url} could not be reached (${why}); check the network and that the simulator runs, then try again`, {
      status: 502,
      side: 'Receiver',
      ...options,
      details: { ...options.details, url },
    });
  }
}

/** The eID server refused: its code, status and message are passed on (details.source = `eid-server`). */
export class EidServerRefused extends SimError {
  constructor(code: string, status: number, message: string, details: Record<string, unknown> = {}) {
    super(code, `the eID server refused: ${message}`, { status, details: { ...details, source: 'eid-server' } });
  }
}

/** The simulator (the source of the virtual cards' data) could not be reached by a standalone card client. */
export class SimulatorUnreachable extends SimError {
  constructor(url: string, why: string) {
    super('SIMULATOR_UNREACHABLE', `the simulator at ${url} could not be reached to read the virtual card (${why}); start it (eeszt-sim serve) or fix --target`, {
      status: 502,
      side: 'Receiver',
      details: { url },
    });
  }
}

/** The scripted cardholder has no step left for a prompt. */
export class CardholderScriptExhausted extends SimError {
  constructor(label: string, kind: string) {
    super('CARDHOLDER_SCRIPT_EXHAUSTED', `the scripted cardholder has no step left for the "${label}" prompt; set a longer script (PUT /card-client/cardholder) or send \`cardholder\` steps with the request`, {
      status: 409,
      details: { prompt: kind },
    });
  }
}

/** The scripted cardholder's next step is for another prompt. */
export class CardholderScriptMismatch extends SimError {
  constructor(label: string, kind: string, stepKind: string) {
    super('CARDHOLDER_SCRIPT_MISMATCH', `the card asks for "${label}" (${kind}), but the cardholder script's next step types a ${stepKind}; fix the script order`, {
      status: 409,
      details: { prompt: kind, step: stepKind },
    });
  }
}

/** Another operation is already running on this reader. */
export class ReaderBusy extends SimError {
  constructor(reader: number) {
    super('READER_BUSY', `reader ${reader} is busy with another card operation; wait for it to finish (or answer / cancel its prompt) and try again`, {
      status: 409,
      details: { reader },
    });
  }
}

/** No reader with this number. */
export class ReaderUnknown extends SimError {
  /** `ids`: the ids of the readers attached now (they need not be 0..n-1 after a detach). */
  constructor(reader: string | number, ids: readonly number[]) {
    super(
      'READER_UNKNOWN',
      `there is no reader ${reader}; this card client has ${ids.length === 0 ? 'no reader (add one with POST /card-client/readers)' : `${ids.length === 1 ? 'reader' : 'readers'} ${ids.join(', ')} (GET /card-client/readers lists them)`}`,
      { status: 404, details: { reader, readers: [...ids] } },
    );
  }
}

/** `eeszt-sim reader --pcsc`: every vpcd reader port is taken by an attached reader. */
export class PcscReaderLimit extends SimError {
  constructor(ports: readonly number[], holders: readonly number[]) {
    super(
      'PCSC_READER_LIMIT',
      `vpcd offers ${ports.length} reader port${ports.length === 1 ? '' : 's'} (${ports.join(', ')}) and ${holders.length === 1 ? 'reader' : 'readers'} ${holders.join(', ')} already use${holders.length === 1 ? 's' : ''} ${ports.length === 1 ? 'it' : 'them'}; detach one (DELETE /card-client/readers/{id}) before attaching another, or run a second card client with --vpcd-port on a free vpcd port`,
      { status: 409, details: { vpcdPorts: [...ports], readers: [...holders] } },
    );
  }
}

/** No virtual card with this document id exists in the simulator. */
export class CardNotFound extends SimError {
  constructor(documentId: string) {
    super('CARD_NOT_FOUND', `no eID card with document id \`${documentId}\` exists in the simulator; use one from the fixtures (docs/fixtures.md, e.g. 123456AB)`, {
      status: 404,
      details: { documentId },
    });
  }
}
