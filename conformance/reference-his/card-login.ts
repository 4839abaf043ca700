/**
 * Legs 1 and 2 of the eID card login (docs/card-login.md): the HIS asks the EESZT eID request
 * service for an authentication request package (as the sector user configured in the HIS), then hands it to the card client on the
 * workstation, which runs it with the card (the cardholder types the PIN on the reader or in the
 * card client's own dialog) against the eID server and answers the rID package. The PIN never
 * passes through the HIS; only if the HIS collected it in its own dialog does it hand it to the
 * card client, and to nobody else. Leg 3 (the STS) is in sts.ts.
 *
 * @example
 * ```ts
 * const pkg = await requestPackage(http, url, 'E01620K', sectorUserAssertion);
 * const rid = await authenticateWithCard(http, cardClientUrl, pkg, { reader: 0 });
 * ```
 */
import type { HttpRequest, HttpResponse } from './http-transport.js';

/** An HTTP sender (the HIS's, with its TLS settings; its request timeout unless one is given). */
export type Http = (req: Omit<HttpRequest, 'timeoutMs'> & { timeoutMs?: number }) => Promise<HttpResponse>;

/**
 * How long the card client may take: the cardholder reads the prompt and types the PIN (the card
 * client's own prompt timeout is 60 s), so the HIS's short EESZT request timeout does not apply.
 */
export const CARD_CLIENT_TIMEOUT_MS = 120_000;

/** A refusal by the eID request service or the card client: its problem code and message. */
export class CardLoginError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'CardLoginError';
  }
}

function problemOf(res: HttpResponse, what: string): CardLoginError {
  try {
    const p = JSON.parse(res.body) as { code?: string; detail?: string };
    return new CardLoginError(p.code ?? `HTTP_${res.status}`, p.detail ?? `${what} answered HTTP ${res.status}`);
  } catch {
    return new CardLoginError(`HTTP_${res.status}`, `${what} answered HTTP ${res.status} without a problem document`);
  }
}

/**
 * Leg 1: an eID authentication request package (base64) for the institution, asked for with the
 * token of the sector user configured in the HIS (seed 003), `purpose` `login` or `readout`.
 */
export async function requestPackage(http: Http, url: string, institutionId: string, sectorUserAssertion: string, purpose: 'login' | 'readout' = 'login'): Promise<string> {
  const headers = { 'content-type': 'application/json', authorization: `SAML ${Buffer.from(sectorUserAssertion, 'utf8').toString('base64')}` };
  const res = await http({ url, method: 'POST', headers, body: JSON.stringify({ institutionId, ...(purpose === 'login' ? {} : { purpose }) }) });
  if (res.status !== 201) throw problemOf(res, 'the eID request service');
  return (JSON.parse(res.body) as { requestPackage: string }).requestPackage;
}

/** Leg 2: the card client authenticates the card; answers the rID package (base64). */
export async function authenticateWithCard(http: Http, url: string, requestPackageBase64: string, card: { reader: number; pin?: string }): Promise<string> {
  const body: Record<string, unknown> = { requestPackage: requestPackageBase64, reader: card.reader };
  // Only when the HIS's own dialog collected the PIN (a reader without PIN pad): hand it to the
  // card client on this workstation, as the cardholder's answer. It goes nowhere else.
  if (card.pin !== undefined) body.cardholder = [{ pin: card.pin }];
  const res = await http({ url, method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), timeoutMs: CARD_CLIENT_TIMEOUT_MS });
  if (res.status !== 200) throw problemOf(res, 'the card client');
  return (JSON.parse(res.body) as { ridPackage: string }).ridPackage;
}

/**
 * Authentic readout of a patient's card (docs/card-login.md, „hiteles adatkiolvasás”): the card
 * client reads the chip after the patient's PIN and the eID server certifies it; answers the TAJ
 * of the readout.
 */
export async function readPatientCard(http: Http, url: string, requestPackageBase64: string, card: { reader: number; pin?: string }): Promise<string> {
  const body: Record<string, unknown> = { requestPackage: requestPackageBase64, reader: card.reader };
  if (card.pin !== undefined) body.cardholder = [{ pin: card.pin }];
  const res = await http({ url, method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), timeoutMs: CARD_CLIENT_TIMEOUT_MS });
  if (res.status !== 200) throw problemOf(res, 'the card client');
  return (JSON.parse(res.body) as { taj: string }).taj;
}
