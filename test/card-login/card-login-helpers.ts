/**
 * Helpers for the card-login scenarios: a simulator, an in-process card client (its own, so a
 * test can give it a manual timer and a PIN-pad reader) whose eID server calls go to the
 * simulator through `app.request()`, and one-liners for the three legs.
 */
import type { Simulator } from '../../simulator/simulator.js';
import { createLogger } from '../../simulator/simulator.js';
import { cardIssueRequest } from '../../simulator/sts/sts-client.js';
import { createCardClient, type CardClient, type CardClientOptions } from '../../virtual-reader/card-client/card-client.js';
import { createCardClientApp } from '../../virtual-reader/card-client/card-client-app.js';
import { storeCardSource } from '../../virtual-reader/card-client/card-source.js';
import type { Hono } from 'hono';
import type { SimHonoEnv } from '../../simulator/core/deps.js';
import { json, testSimulator } from '../helpers/sim.js';
import { postSts, type StsAnswer } from '../sts/sts-helpers.js';
import { postRequestPackage } from '../helpers/eid.js';

/** The STS context of the default doctor. */
export const CONTEXT = { institutionId: 'E01620K', unitCode: '016200101' };

/** A simulator with a card client beside it. */
export interface CardLogin {
  sim: Simulator;
  client: CardClient;
  /** The card client's HTTP API (standalone app, in-process). */
  cardClient: Hono<SimHonoEnv>;
  /** Leg 1: a request package for `institutionId` (default E01620K). */
  requestPackage(institutionId?: string): Promise<string>;
  /** Call the card client's HTTP API. */
  cc(method: string, path: string, body?: unknown): Promise<Response>;
  /** Leg 2 through the card client: `POST /authenticate`. */
  authenticate(body: Record<string, unknown>): Promise<Response>;
  /** Leg 3: the STS with the rID package (base64, as the card client returned it). */
  sts(username: string, ridPackageBase64: string, context?: { institutionId: string; unitCode: string }): Promise<StsAnswer>;
}

/** Build the scenario: simulator + card client (one reader, a card in it if `card` is given). */
export async function cardLogin(options: Partial<CardClientOptions> & { card?: string } = {}): Promise<CardLogin> {
  const sim = await testSimulator();
  const client = createCardClient({
    source: storeCardSource(sim.deps),
    eidServer: { url: 'http://sim.test/eid-server', fetch: (url, init) => sim.app.request(url, init) },
    cardholder: { mode: 'scripted', steps: [] },
    ...options,
  });
  const cardClient = createCardClientApp(client, { log: createLogger('silent') });
  if (options.card !== undefined) await client.readers.insert(0, options.card);
  const cc = (method: string, path: string, body?: unknown): Promise<Response> =>
    Promise.resolve(
      cardClient.request(path, body === undefined ? { method } : { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    );
  return {
    sim,
    client,
    cardClient,
    async requestPackage(institutionId = 'E01620K') {
      const res = await postRequestPackage(sim, { institutionId });
      if (res.status !== 201) throw new Error(`request package: ${res.status} ${await res.text()}`);
      return (await json(res)).requestPackage as string;
    },
    cc,
    authenticate: (body) => cc('POST', '/authenticate', body),
    sts: (username, ridPackageBase64, context = CONTEXT) =>
      postSts(sim, cardIssueRequest({ ...context, username, ridPackageXml: Buffer.from(ridPackageBase64, 'base64').toString('utf8'), now: sim.deps.clock.now() })),
  };
}

/** Code (and status) of a problem JSON answer. */
export async function problem(res: Response): Promise<{ status: number; code: string; detail: string; details?: Record<string, unknown> }> {
  const body = await json(res);
  return { status: res.status, code: body.code, detail: body.detail, ...(body.details === undefined ? {} : { details: body.details }) };
}
