/**
 * The card client (stand-in for the eSzemélyi Kliens) without its HTTP face: readers and
 * cards, the cardholder (scripted or interactive), and the three operations a HIS or a user
 * starts — authenticate with an eID request package (→ rID package), change the activation
 * PIN, unblock with the PUK. Every failure is one typed error with a stable code
 * (docs/card-login.md, "Card client errors").
 *
 * @example
 * ```ts
 * const client = createCardClient({ source: storeCardSource(deps), eidServer: { url: 'http://sim/eid-server', fetch: app.request } });
 * await client.readers.insert(0, '123456AB');
 * client.setCardholder({ mode: 'scripted', steps: parseCardholderSteps([{ pin: '123456' }]) });
 * const { ridPackage } = await client.authenticate({ requestPackage });
 * ```
 */
import { BadRequest } from '../../simulator/core/errors.js';
import { CardSession } from '../card-session.js';
import { ActivationPinNotChanged } from '../errors.js';
import type { CardChannel } from '../reader/card-channel.js';
import type { Cardholder, Prompt } from '../reader/cardholder.js';
import { createInteractiveCardholder, type InteractiveCardholder } from '../reader/interactive-cardholder.js';
import { realTimer, type Timer } from '../reader/timer.js';
import { DEFAULT_PROMPT_TIMEOUT_MS, type VirtualReader } from '../reader/virtual-reader.js';
import type { CardSource } from './card-source.js';
import { ANSWER_FIELDS, createScriptCardholder, describeStep, parseCardholderSteps, type CardholderStep } from './cardholder-script.js';
import { createEidServerClient, type EidServerClient, type EidServerClientOptions, type IssuedReadoutPackage, type IssuedRidPackage } from './eid-server-client.js';
import { ReaderBench, type ReaderBenchOptions, type ReaderEntry, type ReaderHooks } from './reader-bench.js';

/** Who answers the prompts. */
export type CardholderConfig = { mode: 'interactive' } | { mode: 'scripted'; steps: CardholderStep[] };

/** Options of {@link createCardClient}. */
export interface CardClientOptions {
  /** Where the virtual cards come from. */
  source: CardSource;
  /** The eID server (a client, or how to reach it). */
  eidServer: EidServerClient | EidServerClientOptions;
  /** Readers attached at start (default: one reader without PIN pad). */
  readers?: Array<{ pinPad?: boolean; name?: string }>;
  /** Timer of prompt timeouts and scripted waits (default: real time). */
  timer?: Timer;
  /** How long a prompt waits for the cardholder (default 60 s). */
  promptTimeoutMs?: number;
  /** Called when cards go in and out (PC/SC bridge). */
  hooks?: ReaderHooks;
  /** Builds each reader (default: a {@link VirtualReader}). */
  createReader?: ReaderBenchOptions['createReader'];
  /**
   * How the card sessions of a reader reach its card (default: in-process, straight to the
   * virtual reader). `eeszt-sim reader --pcsc` gives the PC/SC channel: every APDU through pcscd.
   */
  channel?: (entry: ReaderEntry) => CardChannel | undefined;
  /** Who answers at start (default interactive). */
  cardholder?: CardholderConfig;
}

/** The answer of a successful authentication. */
export interface AuthenticateResult extends IssuedRidPackage {
  /** True when the activation PIN was changed on the way (portal activation of a new card). */
  pinChanged: boolean;
  /** The reader used. */
  reader: number;
}

/** What an operation may be given. */
export interface OperationRequest {
  /** Reader id (default: the first reader holding a card). */
  reader?: number;
  /** Steps for this operation only, instead of the standing cardholder. */
  cardholder?: unknown;
}

/** A prompt as the API shows it. */
export interface PromptView {
  id: number;
  kind: string;
  label: string;
  where: string;
  reader?: string;
  triesLeft?: number;
  message?: string;
  /** The JSON field to answer with, e.g. `pin` → `{"pin":"123456"}`. */
  answerField: string;
}

/** The card client. */
export interface CardClient {
  readonly readers: ReaderBench;
  readonly eidServer: EidServerClient;
  readonly promptTimeoutMs: number;
  readonly source: CardSource;
  cardholder(): { mode: 'interactive' | 'scripted'; steps: Array<Record<string, unknown>> };
  setCardholder(config: CardholderConfig): void;
  /** Run an eID request package with the card: eID server session → card → rID package. */
  authenticate(request: OperationRequest & { requestPackage: unknown }): Promise<AuthenticateResult>;
  /**
   * Authentic readout („hiteles adatkiolvasás”) with a `readout` request package: eID server
   * session → PIN (the holder consents) → EF.PersonalData signed by the card → the eID server's
   * signed readout package with TAJ, tax id and the electronic unique id.
   */
  readout(request: OperationRequest & { requestPackage: unknown }): Promise<IssuedReadoutPackage & { reader: number }>;
  /** Change the 5-digit activation PIN to a 6-digit eID PIN (activation PIN, new PIN, new PIN again). */
  changeActivationPin(request: OperationRequest): Promise<{ changed: true; reader: number }>;
  /** Unblock the PIN with the PUK (and by default set a new PIN, entered twice). */
  unblock(request: OperationRequest & { setNewPin?: boolean }): Promise<{ unblocked: true; reader: number; pinState: string }>;
  /** Open prompts of the interactive cardholder. */
  prompts(): PromptView[];
  /** Wait up to `ms` for a prompt to be open (or until `signal` aborts). */
  nextPrompt(ms: number, signal?: AbortSignal): Promise<PromptView | undefined>;
  /** Answer a prompt: `{ pin: '…' }`, `{ can: '…' }` … as {@link PromptView.answerField} says. */
  answerPrompt(id: number, body: unknown): void;
  cancelPrompt(id: number): void;
  removeCardAtPrompt(id: number): void;
  /** Be told when an interactive prompt opens (the CLI prints how to answer it). */
  onPrompt(listener: (prompt: PromptView) => void): void;
  /**
   * Be told the open prompts each time one opens or closes (the trainer UI's event stream pushes
   * them to the browser instead of a long poll). Returns the unsubscribe.
   */
  watchPrompts(listener: (prompts: PromptView[]) => void): () => void;
}

/** A prompt as JSON. */
export function promptView(p: Prompt): PromptView {
  return {
    id: p.id,
    kind: p.kind,
    label: p.label,
    where: p.where,
    ...(p.reader === undefined ? {} : { reader: p.reader }),
    ...(p.triesLeft === undefined ? {} : { triesLeft: p.triesLeft }),
    ...(p.message === undefined ? {} : { message: p.message }),
    answerField: ANSWER_FIELDS[p.kind],
  };
}

function b64(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64');
}

/** The trimmed `requestPackage` of a request, or REQUEST_PACKAGE_MISSING. */
function packageOf(request: { requestPackage: unknown }): string {
  const requestPackage = request.requestPackage;
  if (typeof requestPackage !== 'string' || requestPackage.trim() === '') {
    throw new BadRequest('`requestPackage` is missing; send {"requestPackage":"<base64 from POST /eid/request-package>"}', { details: { field: 'requestPackage' } }, 'REQUEST_PACKAGE_MISSING');
  }
  return requestPackage.trim();
}

/** The package asks for another operation than the one called. */
function wrongOperation(what: string, where: string): BadRequest {
  return new BadRequest(`this request package is for ${what}; run it with ${where}`, {}, 'REQUEST_PACKAGE_PURPOSE_MISMATCH');
}

/** Create a card client. */
export function createCardClient(options: CardClientOptions): CardClient {
  const timer = options.timer ?? realTimer;
  const promptTimeoutMs = options.promptTimeoutMs ?? DEFAULT_PROMPT_TIMEOUT_MS;
  const readers = new ReaderBench(options.source, {
    timer,
    promptTimeoutMs,
    ...(options.hooks === undefined ? {} : { hooks: options.hooks }),
    ...(options.createReader === undefined ? {} : { createReader: options.createReader }),
  });
  for (const r of options.readers ?? [{ pinPad: false }]) readers.add(r);
  const eidServer = 'openSession' in options.eidServer ? options.eidServer : createEidServerClient(options.eidServer);
  const interactive: InteractiveCardholder = createInteractiveCardholder();
  /** Listeners of {@link CardClient.watchPrompts}: one pair of cardholder listeners serves them all. */
  const promptWatchers = new Set<(prompts: PromptView[]) => void>();
  const promptsChanged = (): void => {
    if (promptWatchers.size === 0) return;
    const open = interactive.pendingPrompts().map(promptView);
    for (const watcher of promptWatchers) watcher(open);
  };
  interactive.on('prompt', promptsChanged);
  interactive.on('closed', promptsChanged);
  let config: CardholderConfig = options.cardholder ?? { mode: 'interactive' };

  /** Run an operation with the right cardholder; a standing script keeps its unused steps. */
  const withCardholder = async <T>(request: OperationRequest, op: (session: CardSession, cardholder: Cardholder, reader: number) => Promise<T>): Promise<T> => {
    const oneOff = request.cardholder === undefined ? undefined : parseCardholderSteps(request.cardholder);
    return readers.run(request.reader, async (entry, material) => {
      const channel = options.channel?.(entry);
      const session = new CardSession({ reader: entry.reader, timer, promptTimeoutMs, ...(channel === undefined ? {} : { channel }) });
      if (oneOff !== undefined || config.mode === 'scripted') {
        const standing = config;
        const script = createScriptCardholder(oneOff ?? (standing.mode === 'scripted' ? standing.steps : []), { timer, secrets: () => material.card });
        try {
          return await op(session, script, entry.id);
        } finally {
          if (oneOff === undefined && config === standing) config = { mode: 'scripted', steps: script.remaining() };
        }
      }
      return op(session, interactive, entry.id);
    });
  };

  const findPrompt = (id: number): Prompt | undefined => interactive.pendingPrompts().find((p) => p.id === id);

  return {
    readers,
    eidServer,
    promptTimeoutMs,
    source: options.source,
    cardholder: () => ({ mode: config.mode, steps: config.mode === 'scripted' ? config.steps.map(describeStep) : [] }),
    setCardholder(next) {
      config = next;
    },
    async authenticate(request) {
      const requestPackage = packageOf(request);
      return withCardholder(request, async (session, cardholder, reader) => {
        const eid = await eidServer.openSession(requestPackage);
        if (eid.purpose === 'readout') throw wrongOperation('a readout', 'POST /card-client/readout');
        const auth = { serviceRidPublicKey: eid.sectorPublicKey, challenge: eid.challenge, cardholder };
        let pinChanged = false;
        let result;
        try {
          result = await session.authenticate(auth);
        } catch (err) {
          if (!(err instanceof ActivationPinNotChanged && eid.purpose === 'activation')) throw err;
          // Portal activation of a new card: "Aktiváló PIN csere szükséges" first, then the new PIN.
          await session.changeActivationPin({ cardholder });
          pinChanged = true;
          result = await session.authenticate(auth);
        }
        const issued = await eidServer.respond(eid.sessionId, { certificate: b64(result.certificateDer), signature: b64(result.signature), rid: b64(result.rid) });
        return { ...issued, pinChanged, reader };
      });
    },
    async readout(request) {
      const requestPackage = packageOf(request);
      return withCardholder(request, async (session, cardholder, reader) => {
        const eid = await eidServer.openSession(requestPackage);
        if (eid.purpose !== 'readout') throw wrongOperation(`a ${eid.purpose}`, 'POST /card-client/authenticate');
        const read = await session.readPersonalData({ challenge: eid.challenge, cardholder });
        const issued = await eidServer.readout(eid.sessionId, { certificate: b64(read.certificateDer), personalData: b64(read.personalData), signature: b64(read.signature) });
        return { ...issued, reader };
      });
    },
    changeActivationPin(request) {
      return withCardholder(request, async (session, cardholder, reader) => {
        await session.changeActivationPin({ cardholder });
        return { changed: true as const, reader };
      });
    },
    unblock(request) {
      return withCardholder(request, async (session, cardholder, reader) => {
        await session.unblockWithPuk({ cardholder, newPin: request.setNewPin ?? true });
        const status = await session.readPinStatus();
        return { unblocked: true as const, reader, pinState: status.state };
      });
    },
    prompts: () => interactive.pendingPrompts().map(promptView),
    async nextPrompt(ms, signal) {
      const open = interactive.pendingPrompt();
      if (open !== undefined) return promptView(open);
      if (signal?.aborted === true) return undefined;
      const stop = new AbortController();
      const handle = setTimeout(() => stop.abort(new Error('no prompt')), ms);
      // A caller that went away (the browser closed the long poll) stops the wait at once.
      const gone = (): void => stop.abort(new Error('caller gone'));
      signal?.addEventListener('abort', gone, { once: true });
      try {
        return promptView(await interactive.nextPrompt({ signal: stop.signal }));
      } catch {
        return undefined;
      } finally {
        clearTimeout(handle);
        signal?.removeEventListener('abort', gone);
      }
    },
    answerPrompt(id, body) {
      const prompt = findPrompt(id);
      if (prompt === undefined) {
        interactive.answer(id, ''); // throws PROMPT_NOT_PENDING with its message
        return;
      }
      const field = ANSWER_FIELDS[prompt.kind];
      const value = body !== null && typeof body === 'object' ? (body as Record<string, unknown>)[field] : undefined;
      if (typeof value !== 'string' || !/^[0-9]{1,16}$/.test(value)) {
        throw new BadRequest(`prompt ${id} asks for "${prompt.label}": send {"${field}":"<digits>"}`, { details: { prompt: prompt.kind, field } }, 'PROMPT_ANSWER_INVALID');
      }
      interactive.answer(prompt, value);
    },
    cancelPrompt: (id) => interactive.cancel(id),
    removeCardAtPrompt: (id) => interactive.removeCard(id),
    onPrompt(listener) {
      interactive.on('prompt', (p) => listener(promptView(p)));
    },
    watchPrompts(listener) {
      promptWatchers.add(listener);
      return () => void promptWatchers.delete(listener);
    },
  };
}
