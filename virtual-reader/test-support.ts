/**
 * Test helpers: a card record, a fresh EC P-256 authentication key and a DER stand-in for the
 * certificate, wired into a {@link VirtualCard}. The real certificates come from the project's
 * test PKI (`simulator/pki/`); these helpers do not depend on it.
 *
 * @example
 * ```ts
 * const { virtualCard, card, publicKey } = makeTestCard({ pin: '246810', pinState: 'active' });
 * ```
 */
import { createECDH, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import type { Card } from '../fixtures/schema.js';
import { createClock, type Clock } from '../simulator/core/clock.js';
import { tlv } from './card/tlv.js';
import { VirtualCard } from './card/virtual-card.js';

/** What {@link makeTestCard} builds. */
export interface TestCard {
  card: Card;
  virtualCard: VirtualCard;
  authKey: KeyObject;
  publicKey: KeyObject;
  certificateDer: Uint8Array;
  clock: Clock;
}

/** A new card record with the activation PIN (override any field). */
export function testCardRecord(overrides: Partial<Card> = {}): Card {
  const rid = createECDH('prime256v1');
  rid.generateKeys();
  return {
    documentId: '123456AB',
    holderUsername: 'O50123',
    holderName: 'Dr. Teszt Elek',
    birthDate: '1980-04-12',
    expiry: '2030-06-30',
    nationality: 'HUN',
    can: '482916',
    activationPin: '13579',
    puk: '12345678',
    pinState: 'activation',
    pinTriesLeft: 3,
    pukTriesLeft: 10,
    ridSecret: rid.getPrivateKey('hex').padStart(64, '0'),
    ...overrides,
  };
}

/** A DER SEQUENCE of `size` random bytes: a certificate stand-in longer than one READ BINARY. */
export function fakeCertificateDer(size = 900): Uint8Array {
  return tlv(0x30, new Uint8Array(randomBytes(size)));
}

/** A virtual card with fresh keys; the clock is frozen at 2026-01-15 unless given. */
export function makeTestCard(overrides: Partial<Card> = {}, options: { clock?: Clock; certificateDer?: Uint8Array } = {}): TestCard {
  const card = testCardRecord(overrides);
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const certificateDer = options.certificateDer ?? fakeCertificateDer();
  const clock = options.clock ?? createClock({ start: '2026-01-15T09:00:00Z', frozen: true });
  const virtualCard = new VirtualCard({ card, authKey: privateKey, certificateDer, clock });
  return { card, virtualCard, authKey: privateKey, publicKey, certificateDer, clock };
}
