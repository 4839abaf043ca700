/**
 * Where the card client gets its virtual cards. There is one card state, the card record in the
 * simulator's store (docs/card-apdus.md, "One card"): whichever way an APDU arrives — the card
 * client, pcscd through the vpcd bridge, the UI, the control API — it is answered on that record,
 * with the simulator clock.
 *
 * - {@link storeCardSource}: in the simulator's process (the `/card-client` mount, tests): the
 *   card works on the live record in the store, with the key from the test PKI and the simulator
 *   clock.
 * - {@link remoteCardSource}: a standalone card client (`eeszt-sim reader`): the card in its
 *   reader is a {@link RemoteCard}: every APDU (also one arriving from pcscd) is answered by the
 *   simulator (`POST /_sim/cards/{documentId}/apdu`), so a change is in the simulator's store at
 *   once and the card follows the simulator clock. The card client keeps only a read copy of the
 *   record (for its status answer and the cardholder script), reloaded before every operation.
 *
 * @example
 * ```ts
 * const source = storeCardSource(sim.deps);
 * const material = await source.load('123456AB');
 * reader.insert(source.open(material));
 * ```
 */
import { createPrivateKey, type KeyObject } from 'node:crypto';
import { randomUUID } from 'node:crypto';
import type { Card } from '../../fixtures/schema.js';
import type { SimDeps } from '../../simulator/core/deps.js';
import { pemToDer } from '../../simulator/pki/pem.js';
import { fromHex, toHex } from '../card/apdu.js';
import { CARD_ATR } from '../card/atr.js';
import { CardNotPowered, VirtualCard, type SmartCard } from '../card/virtual-card.js';
import { CardNotFound, SimulatorUnreachable } from './errors.js';
import type { FetchLike } from './eid-server-client.js';

/** A card ready to go into a reader. */
export interface CardMaterial {
  card: Card;
  authKey: KeyObject;
  certificateDer: Uint8Array;
}

/** A card that can go into a reader: a {@link SmartCard} with its document id. */
export interface EidCard extends SmartCard {
  readonly documentId: string;
}

/** A source of virtual cards. */
export interface CardSource {
  /** Human description, for the status answer. */
  readonly description: string;
  /** True when {@link load} returns the store's own record (changes are seen at once); false for a read copy. */
  readonly live: boolean;
  /** The card with this document id; throws `CARD_NOT_FOUND`. */
  load(documentId: string): Promise<CardMaterial>;
  /** The card to put into a reader, working on the simulator's card state. */
  open(material: CardMaterial): EidCard;
}

const keyCache = new Map<string, KeyObject>();
function privateKeyOf(pem: string): KeyObject {
  let key = keyCache.get(pem);
  if (key === undefined) {
    key = createPrivateKey(pem);
    if (keyCache.size > 1000) keyCache.clear();
    keyCache.set(pem, key);
  }
  return key;
}

/**
 * Cards straight from the simulator's store: the record the card mutates is the store's own
 * (so a blocked PIN is blocked for everyone), the key is `pki.card(documentId, holderName)`.
 */
export function storeCardSource(deps: Pick<SimDeps, 'store' | 'pki' | 'clock'>): CardSource {
  return {
    description: 'the simulator store (in-process)',
    live: true,
    load(documentId) {
      const material = storeCardMaterial(deps, documentId);
      return material === undefined ? Promise.reject(new CardNotFound(documentId)) : Promise.resolve(material);
    },
    open: (material) => new VirtualCard({ card: material.card, authKey: material.authKey, certificateDer: material.certificateDer, clock: deps.clock }),
  };
}

/** The store's own card record with its key and certificate; undefined when there is no such card. */
export function storeCardMaterial(deps: Pick<SimDeps, 'store' | 'pki'>, documentId: string): CardMaterial | undefined {
  const card = deps.store.state.cards.find((c) => c.documentId === documentId);
  if (card === undefined) return undefined;
  const credential = deps.pki.card(documentId, card.holderName);
  return { card, authKey: privateKeyOf(credential.keyPem), certificateDer: new Uint8Array(pemToDer(credential.certPem)) };
}

/** Options of {@link remoteCardSource}. */
export interface RemoteCardSourceOptions {
  /** Origin (and run base path) of the simulator, e.g. `http://127.0.0.1:8080`. */
  target: string;
  /** Default: global fetch. */
  fetch?: FetchLike;
  /** Bearer token of the control API, if the simulator requires one. */
  controlToken?: string;
}

/** The answer of `GET /_sim/cards/{documentId}`. */
export interface RemoteCard {
  card: Card;
  certificatePem: string;
  keyPem: string;
}

/**
 * Cards of a running simulator, through its control API (loopback, or with the control token):
 * the record is read for the status answer and the cardholder script, and the card in the reader
 * is a {@link RemoteCard}, answered by the simulator APDU by APDU.
 */
export function remoteCardSource(options: RemoteCardSourceOptions): CardSource {
  const target = options.target.replace(/\/+$/, '');
  const doFetch: FetchLike = options.fetch ?? ((url, init) => fetch(url, init));
  const headers = (json: boolean): Record<string, string> => ({
    accept: 'application/json',
    ...(json ? { 'content-type': 'application/json' } : {}),
    ...(options.controlToken === undefined ? {} : { authorization: `Bearer ${options.controlToken}` }),
  });
  const call = async (path: string, init: RequestInit): Promise<Response> => {
    try {
      return await doFetch(`${target}${path}`, init);
    } catch (err) {
      throw new SimulatorUnreachable(target, err instanceof Error ? (err.cause instanceof Error ? err.cause.message : err.message) : String(err));
    }
  };
  const refused = (res: Response, what: string): SimulatorUnreachable =>
    new SimulatorUnreachable(target, `${what} answered ${res.status}${res.status === 401 || res.status === 403 ? ' (give the control token with --control-token)' : ''}`);
  return {
    description: `the simulator at ${target}`,
    live: false,
    async load(documentId) {
      const res = await call(`/_sim/cards/${encodeURIComponent(documentId)}`, { headers: headers(false) });
      if (res.status === 404) throw new CardNotFound(documentId);
      if (!res.ok) throw refused(res, `GET /_sim/cards/${documentId}`);
      const body = (await res.json()) as RemoteCard;
      return { card: body.card, authKey: privateKeyOf(body.keyPem), certificateDer: new Uint8Array(pemToDer(body.certificatePem)) };
    },
    open(material) {
      const documentId = material.card.documentId;
      const path = `/_sim/cards/${encodeURIComponent(documentId)}/apdu`;
      return new RemoteCard(documentId, async (session, apdu) => {
        const res = await call(path, { method: 'POST', headers: headers(true), body: JSON.stringify({ session, apdu: toHex(apdu, '') }) });
        if (res.status === 404) throw new CardNotFound(documentId);
        if (!res.ok) throw refused(res, `POST ${path}`);
        return fromHex(((await res.json()) as { response: string }).response);
      });
    },
  };
}

/**
 * A card whose state and answers live in the simulator: each APDU is sent there with the id of
 * the current card session (a new id at every power-up, reset and power-down, so the card forgets
 * what was verified exactly as a real card does). Nothing about the card is kept here.
 */
export class RemoteCard implements EidCard {
  readonly atr: Uint8Array = CARD_ATR;
  private session = randomUUID();
  private isPowered = true;

  constructor(
    readonly documentId: string,
    private readonly exchange: (session: string, apdu: Uint8Array) => Promise<Uint8Array>,
  ) {}

  get powered(): boolean {
    return this.isPowered;
  }

  transmit(apdu: Uint8Array): Promise<Uint8Array> {
    if (!this.isPowered) return Promise.reject(new CardNotPowered());
    return this.exchange(this.session, apdu);
  }

  powerOn(): void {
    this.session = randomUUID();
    this.isPowered = true;
  }

  reset(): void {
    this.powerOn();
  }

  powerOff(): void {
    this.session = randomUUID();
    this.isPowered = false;
  }
}
