/**
 * The eID server's check of a card's answer to its challenge: the card certificate chains to
 * the test card CA and is valid at the simulator clock, is not revoked (`/_sim/revocations`,
 * or `revoked` on the card record), belongs to a card of this EESZT that has not expired; the
 * signature over the challenge verifies with the certificate's key; and the RID is the one
 * this card has for the EESZT sector (recomputed with the sector's private key).
 *
 * @example
 * ```ts
 * const { card, rid } = checkCardResponse(deps, challenge, { certificate, signature, rid });
 * ```
 */
import { createHash, createPublicKey, diffieHellman, verify, X509Certificate } from 'node:crypto';
import type { Card } from '../../fixtures/schema.js';
import { isCardExpired } from '../../virtual-reader/card/card-validity.js';
import { ridPublicPoint } from '../../virtual-reader/card/card-crypto.js';
import { decodePersonalData, type PersonalData } from '../../virtual-reader/card/personal-data.js';
import type { SimDeps } from '../core/deps.js';
import { BadRequest, Forbidden, SimError } from '../core/errors.js';
import { parsedCertificates } from '../pki/parsed-certificates.js';
import { serialHexOf, verifyChain } from '../pki/verify-chain.js';
import { revocationOf } from '../state/revocations.js';
import { eesztSectorKey } from './sector-key.js';

/** What the card client sends back: base64 of the card's certificate (DER), signature (r||s) and RID. */
export interface CardResponse {
  certificate: string;
  signature: string;
  rid: string;
}

/** A card answer the eID server accepted. */
export interface CheckedCard {
  card: Card;
  /** The RID, 32 bytes. */
  rid: Uint8Array;
  certificateSerial: string;
}

function authFailed(code: string, message: string, details?: Record<string, unknown>): SimError {
  return new SimError(code, message, { status: 401, ...(details === undefined ? {} : { details }) });
}

function base64Field<T extends object>(body: T, field: keyof T & string, shape = '{"certificate":"<DER, base64>","signature":"<r||s, base64>","rid":"<base64>"}'): Buffer {
  const value: unknown = body[field];
  if (typeof value !== 'string' || value === '' || !/^[A-Za-z0-9+/]+=*$/.test(value)) {
    // rule: CARD-GENUINE (docs/rules.md)
    throw new BadRequest(`\`${field}\` must be base64; send ${shape}`, { details: { field } }, 'CARD_RESPONSE_INVALID');
  }
  return Buffer.from(value, 'base64');
}

/** The document id a card certificate names (its subject serialNumber). */
export function documentIdOfCertificate(x509: X509Certificate): string | undefined {
  for (const line of x509.subject.split('\n')) {
    const m = /^serialNumber=(.+)$/.exec(line.trim());
    if (m !== null) return m[1];
  }
  return undefined;
}

const sectorRids = new Map<string, Uint8Array>();
const SECTOR_RIDS_MAX = 10_000;

/** The card's EESZT-sector RID as the eID server computes it: SHA-256(x(sectorPrivate · cardRiPublic)); memoised per seed and exact card secret (a copy is returned). */
export function sectorRidOf(card: Card, seed: number): Uint8Array {
  const key = `${seed}|${card.ridSecret}`;
  let rid = sectorRids.get(key);
  if (rid === undefined) {
    rid = computeSectorRid(card, seed);
    if (sectorRids.size >= SECTOR_RIDS_MAX) sectorRids.clear();
    sectorRids.set(key, rid);
  }
  return new Uint8Array(rid);
}

function computeSectorRid(card: Card, seed: number): Uint8Array {
  const point = ridPublicPoint(card.ridSecret);
  const publicKey = createPublicKey({
    key: { kty: 'EC', crv: 'P-256', x: Buffer.from(point.subarray(1, 33)).toString('base64url'), y: Buffer.from(point.subarray(33)).toString('base64url') },
    format: 'jwk',
  });
  const shared = diffieHellman({ privateKey: eesztSectorKey(seed).privateKey, publicKey });
  return new Uint8Array(createHash('sha256').update(shared).digest());
}

/**
 * Check a card's answer to `challenge`. Throws (401) `CARD_CERTIFICATE_INVALID`,
 * `CARD_CERTIFICATE_EXPIRED`, `CARD_SIGNATURE_INVALID`, `RID_INVALID`; (403) `CARD_REVOKED`,
 * `CARD_UNKNOWN`, `CARD_EXPIRED`; (400) `CARD_RESPONSE_INVALID`.
 */
export function checkCardResponse(deps: SimDeps, challenge: Uint8Array, body: CardResponse): CheckedCard {
  const signature = base64Field(body, 'signature');
  const rid = base64Field(body, 'rid');
  const { card, serial } = checkSignedByCard(deps, base64Field(body, 'certificate'), challenge, signature);
  const expected = sectorRidOf(card, deps.pki.seed);
  if (!Buffer.from(expected).equals(rid)) {
    throw authFailed('RID_INVALID', 'the RID does not belong to this card for the EESZT sector; run restricted identification with the sector key this session sent (sectorPublicKey)');
  }
  return { card, rid: expected, certificateSerial: serial };
}

/** What the card client sends for an authentic readout: base64 of the card certificate, EF.PersonalData and the card's signature over challenge ‖ EF.PersonalData. */
export interface CardReadoutResponse {
  certificate: string;
  personalData: string;
  signature: string;
}

/**
 * Check an authentic readout („hiteles adatkiolvasás”): the card checks of
 * {@link checkCardResponse}, then the card's signature over challenge ‖ EF.PersonalData, and the
 * data decoded. Throws as {@link checkCardResponse}; `READOUT_DATA_INVALID` (400) when
 * EF.PersonalData does not decode.
 */
export function checkCardReadout(deps: SimDeps, challenge: Uint8Array, body: CardReadoutResponse): { card: Card; certificateSerial: string; data: PersonalData } {
  const shape = '{"certificate":"<DER, base64>","personalData":"<EF.PersonalData, base64>","signature":"<r||s, base64>"}';
  const personalData = base64Field(body, 'personalData', shape);
  const signed = Buffer.concat([challenge, personalData]);
  const { card, serial } = checkSignedByCard(deps, base64Field(body, 'certificate', shape), signed, base64Field(body, 'signature', shape));
  let data: PersonalData;
  try {
    data = decodePersonalData(personalData);
  } catch (err) {
    // rule: EID-READOUT (docs/rules.md)
    throw new BadRequest(`EF.PersonalData does not decode (${(err as Error).message}); send the file exactly as read from the card`, {}, 'READOUT_DATA_INVALID');
  }
  return { card, certificateSerial: serial, data };
}

/** Card certificates parsed once per exact DER (base64 as the key); only parsing is remembered, every check runs per login. */
const parseCardCertificate = parsedCertificates(256);

/** The card certificate parsed (once per exact DER); throws when it is not a DER X.509 certificate. */
function cardCertificateOf(der: Buffer): X509Certificate {
  return parseCardCertificate(der.toString('base64'), der);
}

/** The certificate, card and signature checks shared by login and readout. */
function checkSignedByCard(deps: SimDeps, der: Buffer, challenge: Uint8Array, signature: Buffer): { card: Card; serial: string } {
  let x509: X509Certificate;
  try {
    x509 = cardCertificateOf(der);
  } catch {
    throw authFailed('CARD_CERTIFICATE_INVALID', 'the card certificate is not a DER X.509 certificate; send the certificate read from the card (EF.AuthCertificate) unchanged');
  }
  const cardCa = deps.pki.cas.card;
  const now = deps.clock.now();
  const chain = verifyChain(x509, [deps.pki.root.certPem, cardCa.certPem], now, { purpose: 'clientAuth' });
  if (!chain.ok) {
    if (chain.reason === 'expired' || chain.reason === 'not-yet-valid') {
      throw authFailed('CARD_CERTIFICATE_EXPIRED', `the card certificate is not valid at the simulator clock: ${chain.message}`, { reason: chain.reason });
    }
    throw authFailed('CARD_CERTIFICATE_INVALID', `the card certificate was refused: ${chain.message}`, { reason: chain.reason });
  }
  if (chain.chain[1] !== cardCa.subject) {
    throw authFailed('CARD_CERTIFICATE_INVALID', `the certificate \`${chain.subject}\` was not issued by the eID card CA \`${cardCa.subject}\`; only eID card certificates are accepted`);
  }
  if (!verify('sha256', challenge, { key: x509.publicKey, dsaEncoding: 'ieee-p1363' }, signature)) {
    throw authFailed('CARD_SIGNATURE_INVALID', 'the card\'s signature over the challenge does not verify with the card certificate; sign exactly the challenge this session sent (INTERNAL AUTHENTICATE; for a readout, over EF.PersonalData) with the same card');
  }
  const serial = serialHexOf(x509);
  const revoked = revocationOf(deps.store, serial);
  const documentId = documentIdOfCertificate(x509) ?? '';
  const card = deps.store.state.cards.find((c) => c.documentId === documentId);
  if (revoked !== undefined || card?.revoked === true) {
    throw new Forbidden(
      `the certificate of card ${documentId} (serial ${serial}) is revoked${revoked === undefined ? '' : ` since ${revoked.revokedAt} (${revoked.reason})`}; the card cannot be used to log in: the holder needs a new card`,
      { details: { documentId, serial } },
      'CARD_REVOKED',
    );
  }
  if (card === undefined) {
    throw new Forbidden(`the card certificate names document id \`${documentId}\`, which no card of this EESZT has; use a card from the fixtures`, { details: { documentId } }, 'CARD_UNKNOWN');
  }
  if (isCardExpired(card, deps.clock)) {
    throw new Forbidden(`card ${documentId} expired on ${card.expiry}; the holder needs a new, valid card (and must activate it at the Ágazati portál)`, { details: { documentId, expiry: card.expiry } }, 'CARD_EXPIRED');
  }
  return { card, serial };
}
