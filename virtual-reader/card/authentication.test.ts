import { createHash, createPublicKey, diffieHellman, generateKeyPairSync, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { makeTestCard } from '../test-support.js';
import { fromHex, toHex } from './apdu.js';
import { ecPublicPoint, restrictedIdentifier, ridPublicPoint } from './card-crypto.js';
import * as cmd from './commands.js';
import { tlv } from './tlv.js';
import { sw, tx } from './test-helpers.js';

const PIN = '246810';
const challenge = fromHex('00112233445566778899AABBCCDDEEFF');
const serviceA = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const serviceB = generateKeyPairSync('ec', { namedCurve: 'P-256' });

function ridOf(t: ReturnType<typeof makeTestCard>, service: typeof serviceA): string {
  const r = tx(t.virtualCard, cmd.restrictedIdentification(ecPublicPoint(service.publicKey)));
  expect(r.sw).toBe('9000');
  expect(toHex(r.data.slice(0, 4))).toBe('7C 22 81 20');
  return toHex(r.data.slice(4), '');
}

describe('INTERNAL AUTHENTICATE', () => {
  it('signs only after a PIN verification in the same session (6982 before, after a reset, after a wrong PIN)', () => {
    const t = makeTestCard({ pin: PIN, pinState: 'active' });
    const vc = t.virtualCard;
    expect(sw(vc, cmd.internalAuthenticate(challenge))).toBe('6982');
    expect(sw(vc, cmd.verify('pin', PIN))).toBe('9000');
    const r = tx(vc, cmd.internalAuthenticate(challenge));
    expect(r.sw).toBe('9000');
    expect(r.data.length).toBe(64);
    expect(verify('sha256', challenge, { key: t.publicKey, dsaEncoding: 'ieee-p1363' }, r.data)).toBe(true);
    expect(verify('sha256', fromHex('00'), { key: t.publicKey, dsaEncoding: 'ieee-p1363' }, r.data)).toBe(false);
    vc.reset();
    expect(sw(vc, cmd.internalAuthenticate(challenge))).toBe('6982');
    sw(vc, cmd.verify('pin', PIN));
    sw(vc, cmd.verify('pin', '000000'));
    expect(sw(vc, cmd.internalAuthenticate(challenge))).toBe('6982');
  });

  it('checks P1/P2 and the challenge length', () => {
    const t = makeTestCard({ pin: PIN, pinState: 'active' });
    sw(t.virtualCard, cmd.verify('pin', PIN));
    expect(sw(t.virtualCard, fromHex('00 88 00 01 01 AA 00'))).toBe('6A86');
    expect(sw(t.virtualCard, fromHex('00 88 00 00 00'))).toBe('6700');
  });

  it('refuses on an expired card with 6A81 (after the last day, Budapest time), even with the PIN verified', () => {
    const t = makeTestCard({ pin: PIN, pinState: 'active', expiry: '2026-06-30' });
    const vc = t.virtualCard;
    t.clock.set('2026-06-30T21:59:00Z'); // 23:59 CEST
    sw(vc, cmd.verify('pin', PIN));
    expect(sw(vc, cmd.internalAuthenticate(challenge))).toBe('9000');
    t.clock.set('2026-06-30T22:00:00Z'); // midnight CEST
    expect(sw(vc, cmd.internalAuthenticate(challenge))).toBe('6A81');
    expect(sw(vc, cmd.restrictedIdentification(ecPublicPoint(serviceA.publicKey)))).toBe('6A81');
  });

  it('answers 6983 while the PIN is blocked', () => {
    const t = makeTestCard({ pin: PIN, pinState: 'blocked', pinTriesLeft: 0 });
    expect(sw(t.virtualCard, cmd.internalAuthenticate(challenge))).toBe('6983');
  });
});

describe('restricted identification (GENERAL AUTHENTICATE)', () => {
  it('gives the same RID to the same service and a different one to another service', () => {
    const t = makeTestCard({ pin: PIN, pinState: 'active' });
    sw(t.virtualCard, cmd.verify('pin', PIN));
    const a1 = ridOf(t, serviceA);
    const b = ridOf(t, serviceB);
    t.virtualCard.reset();
    sw(t.virtualCard, cmd.verify('pin', PIN));
    const a2 = ridOf(t, serviceA);
    expect(a1).toBe(a2);
    expect(a1).not.toBe(b);
    expect(a1).toMatch(/^[0-9A-F]{64}$/);

    const other = makeTestCard({ pin: PIN, pinState: 'active' });
    sw(other.virtualCard, cmd.verify('pin', PIN));
    expect(ridOf(other, serviceA)).not.toBe(a1);
  });

  it('matches an independent computation: SHA-256 of ECDH(service private key, card RI public key)', () => {
    const t = makeTestCard({ pin: PIN, pinState: 'active' });
    sw(t.virtualCard, cmd.verify('pin', PIN));
    const point = Buffer.from(ridPublicPoint(t.card.ridSecret));
    const cardRidKey = createPublicKey({
      key: { kty: 'EC', crv: 'P-256', x: point.subarray(1, 33).toString('base64url'), y: point.subarray(33).toString('base64url') },
      format: 'jwk',
    });
    const shared = diffieHellman({ privateKey: serviceA.privateKey, publicKey: cardRidKey });
    const expected = createHash('sha256').update(shared).digest('hex').toUpperCase();
    expect(ridOf(t, serviceA)).toBe(expected);
    expect(toHex(restrictedIdentifier(t.card.ridSecret, ecPublicPoint(serviceA.publicKey)), '')).toBe(expected);
  });

  it('only after PIN verification, and not with the activation PIN', () => {
    const t = makeTestCard({ pin: PIN, pinState: 'active' });
    const ri = cmd.restrictedIdentification(ecPublicPoint(serviceA.publicKey));
    expect(sw(t.virtualCard, ri)).toBe('6982');
    const fresh = makeTestCard();
    sw(fresh.virtualCard, cmd.verify('pin', fresh.card.activationPin));
    expect(sw(fresh.virtualCard, ri)).toBe('6984');
  });

  it('refuses malformed templates and points not on the curve with 6A80, bad P1/P2 with 6A86', () => {
    const t = makeTestCard({ pin: PIN, pinState: 'active' });
    const vc = t.virtualCard;
    sw(vc, cmd.verify('pin', PIN));
    const notOnCurve = Uint8Array.from([0x04, ...new Uint8Array(64).fill(1)]);
    expect(sw(vc, cmd.restrictedIdentification(notOnCurve))).toBe('6A80');
    expect(sw(vc, cmd.restrictedIdentification(Uint8Array.from([0x02, ...new Uint8Array(64)])))).toBe('6A80');
    expect(sw(vc, fromHex('00 86 00 00 03 7C 01 00 00'))).toBe('6A80');
    expect(sw(vc, fromHex('00 86 00 00 02 7C 05 00'))).toBe('6A80');
    const wrongTag = tlv(0x7c, tlv(0xa0, tlv(0x87, ecPublicPoint(serviceA.publicKey))));
    expect(sw(vc, Uint8Array.from([0x00, 0x86, 0x00, 0x00, wrongTag.length, ...wrongTag, 0x00]))).toBe('6A80');
    const good = cmd.restrictedIdentification(ecPublicPoint(serviceA.publicKey));
    good[3] = 0x01;
    expect(sw(vc, good)).toBe('6A86');
  });
});
