/**
 * Where the card client gets its virtual cards: the card record (PIN state, secrets, updated in
 * place by the card), the card's authentication key and certificate, and the clock the card
 * reads for its expiry.
 *
 * - {@link storeCardSource}: in the simulator's process (the `/card-client` mount, tests): the
 *   live record in the store, the key from the test PKI, the simulator clock.
 * - {@link remoteCardSource}: a standalone card client (`eeszt-sim reader`): reads the card
 *   through the control API (`GET /_sim/cards/{documentId}`), writes the PIN state back after
 *   every operation (`PUT /_sim/cards/{documentId}/pin-state`) and follows the simulator clock.
 *
 * @example
 * ```ts
 * const source = storeCardSource(sim.deps);
 * const { card, authKey, certificateDer } = await source.load('123456AB');
 * ```
 */
import { createPrivateKey, type KeyObject } from 'node:crypto';
import type { Card } from '../../fixtures/schema.js';
import { createClock, type Clock } from '../../simulator/core/clock.js';
import type { SimDeps } from '../../simulator/core/deps.js';
import { pemToDer } from '../../simulator/pki/pem.js';
import { CardNotFound, SimulatorUnreachable } from './errors.js';
import type { FetchLike } from './eid-server-client.js';

/** A card ready to go into a reader. */
export interface CardMaterial {
  card: Card;
  authKey: KeyObject;
  certificateDer: Uint8Array;
}

/** A source of virtual cards. */
export interface CardSource {
  /** Human description, for the status answer. */
  readonly description: string;
  /** The clock the virtual cards read. */
  readonly clock: Clock;
  /** True when {@link load} returns the store's own record (changes are seen at once); false for copies. */
  readonly live: boolean;
  /** Called before every card operation (a remote source follows the simulator clock here). */
  refresh(): Promise<void>;
  /** The card with this document id; throws `CARD_NOT_FOUND`. */
  load(documentId: string): Promise<CardMaterial>;
  /** Called after every card operation with the (changed) record. */
  save(card: Card): Promise<void>;
}

/** The PIN fields a card changes. */
export interface CardPinState {
  pinState: Card['pinState'];
  pinTriesLeft: number;
  pukTriesLeft: number;
  pin?: string;
}

/** The PIN fields of a record. */
export function pinStateOf(card: Card): CardPinState {
  return { pinState: card.pinState, pinTriesLeft: card.pinTriesLeft, pukTriesLeft: card.pukTriesLeft, ...(card.pin === undefined ? {} : { pin: card.pin }) };
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
    clock: deps.clock,
    live: true,
    refresh: () => Promise.resolve(),
    load(documentId) {
      const card = deps.store.state.cards.find((c) => c.documentId === documentId);
      if (card === undefined) return Promise.reject(new CardNotFound(documentId));
      const credential = deps.pki.card(documentId, card.holderName);
      return Promise.resolve({ card, authKey: privateKeyOf(credential.keyPem), certificateDer: new Uint8Array(pemToDer(credential.certPem)) });
    },
    save: () => Promise.resolve(),
  };
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
 * Cards read from a running simulator through its control API (loopback, or with the control
 * token). PIN state changes are written back, so the simulator and other card clients see them.
 */
export function remoteCardSource(options: RemoteCardSourceOptions): CardSource {
  const target = options.target.replace(/\/+$/, '');
  const doFetch: FetchLike = options.fetch ?? ((url, init) => fetch(url, init));
  const clock = createClock({ frozen: true });
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
  return {
    description: `the simulator at ${target}`,
    clock,
    live: false,
    async refresh() {
      const res = await call('/_sim/clock', { headers: headers(false) });
      if (!res.ok) throw new SimulatorUnreachable(target, `GET /_sim/clock answered ${res.status}`);
      const state = (await res.json()) as { epochMs: number; frozen: boolean };
      clock.set(state.epochMs);
      if (state.frozen) clock.freeze();
      else clock.resume();
    },
    async load(documentId) {
      const res = await call(`/_sim/cards/${encodeURIComponent(documentId)}`, { headers: headers(false) });
      if (res.status === 404) throw new CardNotFound(documentId);
      if (!res.ok) throw new SimulatorUnreachable(target, `GET /_sim/cards/${documentId} answered ${res.status}${res.status === 401 || res.status === 403 ? ' (give the control token with --control-token)' : ''}`);
      const body = (await res.json()) as RemoteCard;
      return { card: body.card, authKey: privateKeyOf(body.keyPem), certificateDer: new Uint8Array(pemToDer(body.certificatePem)) };
    },
    async save(card) {
      const res = await call(`/_sim/cards/${encodeURIComponent(card.documentId)}/pin-state`, {
        method: 'PUT',
        headers: headers(true),
        body: JSON.stringify(pinStateOf(card)),
      });
      if (!res.ok) throw new SimulatorUnreachable(target, `PUT /_sim/cards/${card.documentId}/pin-state answered ${res.status}`);
    },
  };
}
