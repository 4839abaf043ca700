/**
 * Generates the example APDU exchanges of docs/card-apdus.md by running them against a
 * virtual card with fixed keys, so the documentation shows what the code really answers.
 * `docs-examples.test.ts` checks the document against this output; regenerate with
 * `EESZT_WRITE_APDU_EXAMPLES=1 npx vitest run virtual-reader/docs-examples.test.ts`.
 *
 * @example
 * ```ts
 * const markdown = generateApduExamples(); // '### ATR\n...'
 * ```
 */
import { createECDH, createPrivateKey, type KeyObject } from 'node:crypto';
import type { Card } from '../fixtures/schema.js';
import { createClock } from '../simulator/core/clock.js';
import { fromHex, parseResponseApdu, toHex } from './card/apdu.js';
import { CARD_ATR } from './card/atr.js';
import { ecPublicPoint } from './card/card-crypto.js';
import * as cmd from './card/commands.js';
import { EF } from './card/eid-application.js';
import { swHex } from './card/status-words.js';
import { tlv } from './card/tlv.js';
import { VirtualCard } from './card/virtual-card.js';

/** Marker on lines whose bytes differ on every run (ECDSA signatures use a random nonce). */
export const RANDOM_MARKER = '(random: ECDSA)';

/** A P-256 private key from a fixed scalar (hex). */
function fixedKey(scalarHex: string): KeyObject {
  const ecdh = createECDH('prime256v1');
  ecdh.setPrivateKey(Buffer.from(scalarHex, 'hex'));
  const pub = ecdh.getPublicKey();
  const b64 = (b: Buffer): string => b.toString('base64url');
  return createPrivateKey({
    key: { kty: 'EC', crv: 'P-256', d: b64(Buffer.from(scalarHex, 'hex')), x: b64(pub.subarray(1, 33)), y: b64(pub.subarray(33)) },
    format: 'jwk',
  });
}

const EXAMPLE_PIN = '246810';

function exampleCard(overrides: Partial<Card> = {}): Card {
  return {
    documentId: '123456AB',
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
    ridSecret: '1f'.repeat(32),
    ...overrides,
  };
}

/** A 300-byte DER SEQUENCE standing in for the certificate. */
const CERTIFICATE = tlv(0x30, Uint8Array.from({ length: 296 }, (_, i) => i & 0xff));

function bytesShown(data: Uint8Array): string {
  if (data.length <= 40) return toHex(data);
  return `${toHex(data.slice(0, 16))} … (${data.length} bytes)`;
}

class Recorder {
  readonly lines: string[] = [];
  constructor(private readonly card: VirtualCard) {}

  send(apdu: Uint8Array, note: string, random = false): void {
    const { data, sw } = parseResponseApdu(this.card.transmit(apdu));
    this.lines.push(`> ${toHex(apdu)}    # ${note}`);
    const payload = data.length > 0 ? `${random ? toHex(data) : bytesShown(data)} ` : '';
    this.lines.push(`< ${payload}${toHex(Uint8Array.of(sw >> 8, sw & 0xff))}    # ${swHex(sw)}${random ? ` ${RANDOM_MARKER}` : ''}`);
  }
}

function section(title: string, intro: string, card: VirtualCard, run: (r: Recorder) => void): string {
  const r = new Recorder(card);
  run(r);
  return `### ${title}\n\n${intro}\n\n\`\`\`\n${r.lines.join('\n')}\n\`\`\`\n`;
}

/** The markdown of every example exchange. */
export function generateApduExamples(): string {
  const clock = createClock({ start: '2026-01-15T09:00:00Z', frozen: true });
  const authKey = fixedKey('2a'.repeat(32));
  const serviceA = ecPublicPoint(fixedKey('3b'.repeat(32)));
  const serviceB = ecPublicPoint(fixedKey('4c'.repeat(32)));
  const make = (overrides: Partial<Card> = {}): VirtualCard => new VirtualCard({ card: exampleCard(overrides), authKey, certificateDer: CERTIFICATE, clock });
  const active = { pin: EXAMPLE_PIN, pinState: 'active' as const };
  const out: string[] = [];

  out.push(`### ATR\n\n\`\`\`\n${toHex(CARD_ATR)}\n\`\`\`\n`);

  out.push(
    section('Reading the printed data and the certificate (no PIN needed)', 'The certificate stand-in here is 300 bytes: one full READ BINARY, then the rest with `6282`.', make(active), (r) => {
      r.send(cmd.selectEid(true), 'SELECT eID application, FCI wanted');
      r.send(cmd.selectEf(EF.DOCUMENT_DATA.fid, true), 'SELECT EF.DocumentData, FCP wanted');
      r.send(cmd.readBinary(0), 'READ BINARY offset 0, Le 00 (256)');
      r.send(cmd.selectEf(EF.AUTH_CERTIFICATE.fid), 'SELECT EF.AuthCertificate');
      r.send(cmd.readBinary(0), 'READ BINARY offset 0');
      r.send(cmd.readBinary(256), 'READ BINARY offset 256');
      r.send(cmd.readBinarySfi(EF.DOCUMENT_DATA.sfi, 0, 16), 'READ BINARY by SFI 1, 16 bytes');
    }),
  );

  out.push(
    section(
      'A new card: changing the activation PIN',
      `Activation PIN \`13579\`, new eID PIN \`${EXAMPLE_PIN}\` (ASCII digits).`,
      make(),
      (r) => {
        r.send(cmd.selectEid(), 'SELECT eID application');
        r.send(cmd.getPinStatus(), 'GET DATA PIN status: activation, 3 PIN tries, 10 PUK tries, flag 04 = activation PIN');
        r.send(cmd.verify('pin'), 'VERIFY PIN, no data: tries left');
        r.send(cmd.verify('pin', '13579'), 'VERIFY the activation PIN');
        r.send(cmd.internalAuthenticate(fromHex('0102030405060708')), 'INTERNAL AUTHENTICATE: refused, activation PIN not changed');
        r.send(cmd.changePin(EXAMPLE_PIN, '12345'), 'CHANGE REFERENCE DATA with a wrong activation PIN');
        r.send(cmd.changePin('1234', '13579'), 'CHANGE REFERENCE DATA, new PIN not 6 digits');
        r.send(cmd.changePin(EXAMPLE_PIN, '13579'), 'CHANGE REFERENCE DATA: activation PIN || new PIN');
        r.send(cmd.getPinStatus(), 'GET DATA PIN status: active, 3 tries, PIN verified (flag 01)');
      },
    ),
  );

  out.push(
    section('The PIN state machine: suspension, CAN, block, PUK', `eID PIN \`${EXAMPLE_PIN}\`, CAN \`482916\`, PUK \`12345678\`.`, make(active), (r) => {
      r.send(cmd.selectEid(), 'SELECT eID application');
      r.send(cmd.verify('pin', '000000'), 'wrong PIN');
      r.send(cmd.verify('pin', '111111'), 'wrong PIN again: now suspended');
      r.send(cmd.verify('pin', EXAMPLE_PIN), 'right PIN, but suspended: CAN first');
      r.send(cmd.verify('can', '000000'), 'wrong CAN (not counted)');
      r.send(cmd.verify('can', '482916'), 'right CAN');
      r.send(cmd.verify('pin', '222222'), 'third wrong PIN: blocked');
      r.send(cmd.verify('pin', EXAMPLE_PIN), 'blocked');
      r.send(cmd.verify('puk'), 'VERIFY PUK, no data: PUK tries left');
      r.send(cmd.resetRetryCounter('87654321', '135790'), 'RESET RETRY COUNTER, wrong PUK');
      r.send(cmd.resetRetryCounter('12345678', '135790'), 'RESET RETRY COUNTER: PUK || new PIN');
      r.send(cmd.verify('pin', '135790'), 'the new PIN');
    }),
  );

  out.push(
    section(
      'Authentication: challenge signature and restricted identification',
      'Signatures are ECDSA with a random nonce: those bytes differ on every run. The two RIDs are for two different service keys.',
      make(active),
      (r) => {
        r.send(cmd.selectEid(), 'SELECT eID application');
        r.send(cmd.internalAuthenticate(fromHex('0102030405060708')), 'INTERNAL AUTHENTICATE before the PIN');
        r.send(cmd.verify('pin', EXAMPLE_PIN), 'VERIFY PIN');
        r.send(cmd.internalAuthenticate(fromHex('0102030405060708')), 'INTERNAL AUTHENTICATE: r || s', true);
        r.send(cmd.restrictedIdentification(serviceA), 'GENERAL AUTHENTICATE (RI), service A');
        r.send(cmd.restrictedIdentification(serviceB), 'GENERAL AUTHENTICATE (RI), service B');
        r.send(cmd.restrictedIdentification(serviceA), 'service A again: the same RID');
      },
    ),
  );

  out.push(
    section('An expired card', 'Expiry `2025-12-31`, clock 2026-01-15.', make({ ...active, expiry: '2025-12-31' }), (r) => {
      r.send(cmd.selectEid(), 'SELECT: selected, but deactivated (warning)');
      r.send(cmd.verify('pin', EXAMPLE_PIN), 'VERIFY still works');
      r.send(cmd.internalAuthenticate(fromHex('01')), 'INTERNAL AUTHENTICATE: expired');
    }),
  );

  out.push(
    section('The last PUK try', 'A blocked card with one PUK try left.', make({ ...active, pinState: 'blocked', pinTriesLeft: 0, pukTriesLeft: 1 }), (r) => {
      r.send(cmd.resetRetryCounter('00000000'), 'RESET RETRY COUNTER, wrong PUK: the card dies');
      r.send(cmd.resetRetryCounter('12345678'), 'dead for ever, even with the right PUK');
      r.send(cmd.getPinStatus(), 'GET DATA PIN status: 05 dead');
    }),
  );

  out.push(
    section('Errors of form', 'Status words for malformed commands.', make(active), (r) => {
      r.send(fromHex('80 A4 04 0C 09 F0 45 45 53 5A 54 53 49 4D'), 'CLA 80');
      r.send(fromHex('00 2A 9E 9A 01 00'), 'INS 2A (PSO) not supported');
      r.send(fromHex('00 A4 04 0C 05 A0 00 00 00 01'), 'unknown AID');
      r.send(cmd.readBinary(0), 'READ BINARY with no EF selected');
      r.send(fromHex('00 20 00 07'), 'VERIFY, unknown reference 07');
      r.send(fromHex('00 A4 04 0C 09 F0 45'), 'Lc does not match');
    }),
  );

  return out.join('\n');
}
