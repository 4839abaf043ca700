import { generateKeyPairSync, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { makeTestCard } from '../test-support.js';
import { fromHex, toHex } from './apdu.js';
import { ecPublicPoint } from './card-crypto.js';
import * as cmd from './commands.js';
import { decodeDocumentData } from './document-data.js';
import { decodePersonalData, electronicIdOf } from './personal-data.js';
import { EF, EID_AID } from './eid-application.js';
import { decodePinStatus } from './pin-status.js';
import { dataHex, sw, tx } from './test-helpers.js';
import { CardNotPowered, VirtualCard } from './virtual-card.js';

const PIN = '246810';
const active = (): ReturnType<typeof makeTestCard> => makeTestCard({ pin: PIN, pinState: 'active' });

describe('SELECT', () => {
  it('selects the eID application by AID, with or without FCI', () => {
    const { virtualCard: vc } = active();
    expect(toHex(cmd.selectEid())).toBe('00 A4 04 0C 09 F0 45 45 53 5A 54 53 49 4D');
    expect(sw(vc, cmd.selectEid())).toBe('9000');
    const fci = tx(vc, cmd.selectEid(true));
    expect(fci.sw).toBe('9000');
    expect(toHex(fci.data)).toBe(`6F 0B 84 09 ${toHex(EID_AID)}`);
  });

  it('answers 6A82 for an unknown AID or file, 6A86 for unsupported P1/P2, 6700 for a bad file id length', () => {
    const { virtualCard: vc } = active();
    expect(sw(vc, fromHex('00 A4 04 0C 07 A0 00 00 02 47 10 01'))).toBe('6A82');
    expect(sw(vc, fromHex('00 A4 04 01 09 F0 45 45 53 5A 54 53 49 4D'))).toBe('6A86');
    expect(sw(vc, fromHex('00 A4 08 0C 02 01 01'))).toBe('6A86');
    expect(sw(vc, fromHex('00 A4 02 0C 02 01 99'))).toBe('6A82');
    expect(sw(vc, fromHex('00 A4 02 0C 01 01'))).toBe('6700');
    expect(sw(vc, fromHex('00 A4 02 01 02 01 01'))).toBe('6A86');
    expect(sw(vc, fromHex('00 A4 00 0C 02 3F 00'))).toBe('9000');
  });

  it('answers the FCP of an EF on request', () => {
    const t = active();
    const fcp = tx(t.virtualCard, cmd.selectEf(EF.AUTH_CERTIFICATE.fid, true));
    expect(fcp.sw).toBe('9000');
    const size = t.certificateDer.length;
    expect(toHex(fcp.data)).toBe(`62 0B 80 02 ${toHex(Uint8Array.of(size >> 8, size & 0xff))} 82 01 01 83 02 01 02`);
  });

  it('warns 6283 when the card is expired (the Budapest date is after the expiry date)', () => {
    const t = makeTestCard({ pin: PIN, pinState: 'active', expiry: '2026-01-15' });
    expect(sw(t.virtualCard, cmd.selectEid())).toBe('9000');
    t.clock.set('2026-01-15T22:59:59Z'); // 23:59:59 in Budapest (CET): last day, still valid
    expect(sw(t.virtualCard, cmd.selectEid())).toBe('9000');
    t.clock.set('2026-01-15T23:00:00Z'); // midnight in Budapest
    expect(sw(t.virtualCard, cmd.selectEid())).toBe('6283');
  });
});

describe('READ BINARY', () => {
  it('reads the certificate in chunks, ending with 6282 on a short last chunk', () => {
    const t = active();
    const vc = t.virtualCard;
    expect(sw(vc, cmd.selectEf(EF.AUTH_CERTIFICATE.fid))).toBe('9000');
    const parts: Uint8Array[] = [];
    let offset = 0;
    for (;;) {
      const r = tx(vc, cmd.readBinary(offset, 0xdf));
      parts.push(r.data);
      offset += r.data.length;
      if (r.sw === '6282') break;
      expect(r.sw).toBe('9000');
      expect(r.data.length).toBe(0xdf);
    }
    expect(Buffer.concat(parts)).toEqual(Buffer.from(t.certificateDer));
    expect(tx(vc, cmd.readBinary(t.certificateDer.length))).toEqual({ sw: '6282', data: new Uint8Array(0) });
    expect(sw(vc, cmd.readBinary(t.certificateDer.length + 1))).toBe('6B00');
  });

  it('reads exactly Ne bytes with 9000 and treats a missing Le as 256', () => {
    const t = active();
    const vc = t.virtualCard;
    sw(vc, cmd.selectEf(EF.AUTH_CERTIFICATE.fid));
    expect(tx(vc, cmd.readBinary(10, 5))).toEqual({ sw: '9000', data: t.certificateDer.slice(10, 15) });
    expect(tx(vc, fromHex('00 B0 00 00')).data.length).toBe(256);
  });

  it('reads the document data by short file id; everything printed on the card, the CAN included', () => {
    const t = active();
    const r = tx(t.virtualCard, cmd.readBinarySfi(EF.DOCUMENT_DATA.sfi));
    expect(r.sw).toBe('6282');
    expect(decodeDocumentData(r.data)).toEqual({
      documentId: '123456AB',
      holderName: 'Dr. Teszt Elek',
      birthDate: '1980-04-12',
      expiry: '2030-06-30',
      nationality: 'HUN',
      can: '482916',
    });
  });

  it('reads EF.PersonalData (TAJ, tax id, electronic unique id) only after the PIN (6982 before)', () => {
    const t = makeTestCard({ pin: PIN, pinState: 'active', taj: '035742513', taxId: '8395581238' });
    expect(sw(t.virtualCard, cmd.readBinarySfi(EF.PERSONAL_DATA.sfi))).toBe('6982');
    expect(sw(t.virtualCard, cmd.selectEf(EF.PERSONAL_DATA.fid))).toBe('9000');
    expect(sw(t.virtualCard, cmd.readBinary(0))).toBe('6982');
    expect(sw(t.virtualCard, cmd.verify('pin', PIN))).toBe('9000');
    const r = tx(t.virtualCard, cmd.readBinarySfi(EF.PERSONAL_DATA.sfi));
    expect(r.sw).toBe('6282');
    expect(decodePersonalData(r.data)).toEqual({ taj: '035742513', taxId: '8395581238', electronicId: electronicIdOf(t.card) });
    // The authenticated read: the card signs challenge ‖ the file it reads itself.
    const challenge = Uint8Array.of(1, 2, 3, 4);
    expect(toHex(cmd.internalAuthenticateOver(challenge, EF.PERSONAL_DATA.sfi))).toBe('00 88 00 83 04 01 02 03 04 00');
    const signed = tx(t.virtualCard, cmd.internalAuthenticateOver(challenge, EF.PERSONAL_DATA.sfi));
    expect(signed.sw).toBe('9000');
    expect(verify('sha256', Buffer.concat([challenge, r.data]), { key: t.publicKey, dsaEncoding: 'ieee-p1363' }, signed.data)).toBe(true);
    expect(sw(t.virtualCard, cmd.internalAuthenticateOver(challenge, 0x1e))).toBe('6A82');
  });

  it('needs a current EF (6986) and refuses bad SFIs and data', () => {
    const { virtualCard: vc } = active();
    expect(sw(vc, cmd.readBinary(0))).toBe('6986');
    expect(sw(vc, cmd.readBinarySfi(0x1e))).toBe('6A82');
    expect(sw(vc, fromHex('00 B0 A1 00 00'))).toBe('6A86');
    expect(sw(vc, fromHex('00 B0 00 00 01 00 00'))).toBe('6700');
    sw(vc, cmd.selectEid()); // selecting the application clears the current EF
    expect(sw(vc, cmd.readBinary(0))).toBe('6986');
  });
});

describe('dispatch', () => {
  it('answers 6E00 for a CLA other than 00, 6D00 for an unknown INS, 6700 for malformed APDUs', () => {
    const { virtualCard: vc } = active();
    expect(sw(vc, fromHex('80 A4 04 0C 09 F0 45 45 53 5A 54 53 49 4D'))).toBe('6E00');
    expect(sw(vc, fromHex('00 2A 9E 9A 01 00'))).toBe('6D00');
    expect(sw(vc, fromHex('00 A4 04 0C 09 F0'))).toBe('6700');
    expect(toHex(vc.transmit(fromHex('00 A4')))).toBe('67 00');
  });

  it('answers 6F00 when the card record is broken', () => {
    const t = makeTestCard({ pin: PIN, pinState: 'active', ridSecret: 'not hex' });
    const service = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    sw(t.virtualCard, cmd.verify('pin', PIN));
    expect(sw(t.virtualCard, cmd.restrictedIdentification(ecPublicPoint(service.publicKey)))).toBe('6F00');
  });

  it('refuses commands while unpowered and clears the session on power off / reset', () => {
    const { virtualCard: vc } = active();
    sw(vc, cmd.verify('pin', PIN));
    sw(vc, cmd.selectEf(EF.AUTH_CERTIFICATE.fid));
    expect(sw(vc, cmd.verify('pin'))).toBe('9000');
    vc.reset();
    expect(sw(vc, cmd.verify('pin'))).toBe('63C3');
    expect(sw(vc, cmd.readBinary(0))).toBe('6986');
    sw(vc, cmd.verify('pin', PIN));
    vc.powerOff();
    expect(vc.powered).toBe(false);
    expect(() => vc.transmit(cmd.verify('pin'))).toThrow(CardNotPowered);
    vc.powerOn();
    expect(sw(vc, cmd.verify('pin'))).toBe('63C3');
  });

  it('insists on an EC P-256 private key', () => {
    const t = active();
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 });
    const p384 = generateKeyPairSync('ec', { namedCurve: 'P-384' });
    const base = { card: t.card, certificateDer: t.certificateDer, clock: t.clock };
    expect(() => new VirtualCard({ ...base, authKey: rsa.privateKey })).toThrow(TypeError);
    expect(() => new VirtualCard({ ...base, authKey: p384.privateKey })).toThrow(TypeError);
    expect(() => new VirtualCard({ ...base, authKey: t.publicKey })).toThrow(TypeError);
  });
});

describe('GET DATA (PIN status)', () => {
  it('reports state, tries and session flags', () => {
    const t = makeTestCard();
    const vc = t.virtualCard;
    expect(dataHex(vc, cmd.getPinStatus())).toBe('DF 20 04 01 03 0A 04');
    expect(decodePinStatus(tx(vc, cmd.getPinStatus()).data)).toEqual({
      state: 'activation',
      pinTriesLeft: 3,
      pukTriesLeft: 10,
      pinVerified: false,
      canVerified: false,
      pukVerified: false,
      activationPin: true,
      expired: false,
    });
    sw(vc, cmd.verify('can', t.card.can));
    sw(vc, cmd.verify('pin', t.card.activationPin));
    sw(vc, cmd.verify('puk', t.card.puk));
    t.clock.set('2031-01-01T12:00:00Z');
    expect(decodePinStatus(tx(vc, cmd.getPinStatus()).data)).toMatchObject({ pinVerified: true, canVerified: true, pukVerified: true, expired: true });
    expect(sw(vc, fromHex('00 CA 00 C0 00'))).toBe('6A88');
    expect(sw(vc, fromHex('00 CA DF 20 01 00 00'))).toBe('6700');
  });
});
