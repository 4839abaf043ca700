/**
 * INTERNAL AUTHENTICATE (challenge signing) and GENERAL AUTHENTICATE (restricted
 * identification) of the virtual eID card. Both need, in this order: a card that is not dead
 * (`6983`), not expired (`6A81`), whose PIN is no longer the activation PIN (`6984`), not
 * blocked (`6983`), and a PIN verified in this session (`6982`).
 */
import type { CommandApdu } from './apdu.js';
import { InvalidServiceKey, restrictedIdentifier, signChallenge, P256_POINT_LENGTH } from './card-crypto.js';
import type { CardContext, CardResponse } from './card-context.js';
import { isCardExpired } from './card-validity.js';
import { RI_TAG } from './eid-application.js';
import { hasActivationPin } from './pin-policy.js';
import { SW } from './status-words.js';
import { decodeTlv, findTlv, tlv, TlvError } from './tlv.js';

/** The precondition check shared by both authentication commands; undefined when all hold. */
export function authenticationRefusal(ctx: CardContext): number | undefined {
  const { card } = ctx;
  if (card.pinState === 'dead') return SW.AUTH_METHOD_BLOCKED;
  if (isCardExpired(card, ctx.clock)) return SW.FUNCTION_NOT_SUPPORTED;
  if (hasActivationPin(card)) return SW.REFERENCE_DATA_NOT_USABLE;
  if (card.pinState === 'blocked') return SW.AUTH_METHOD_BLOCKED;
  if (!ctx.security.pinVerified) return SW.SECURITY_STATUS_NOT_SATISFIED;
  return undefined;
}

/**
 * INTERNAL AUTHENTICATE (INS 88): data = challenge; answer = ECDSA-SHA256 `r || s`.
 * P1P2 `0000` signs the challenge. P1 `00`, P2 `80 | SFI` is the authenticated read of the
 * authentic readout: the card signs challenge ‖ the whole content of that EF, which it reads
 * itself, so the host cannot swap the data (unknown SFI `6A82`).
 */
export function internalAuthenticate(ctx: CardContext, cmd: CommandApdu): CardResponse {
  if (cmd.p1 !== 0x00 || (cmd.p2 !== 0x00 && (cmd.p2 & 0xe0) !== 0x80)) return { sw: SW.WRONG_P1P2 };
  if (cmd.data.length === 0) return { sw: SW.WRONG_LENGTH };
  const file = cmd.p2 === 0x00 ? undefined : ctx.files.find((f) => f.sfi === (cmd.p2 & 0x1f));
  if (cmd.p2 !== 0x00 && file === undefined) return { sw: SW.FILE_NOT_FOUND };
  const refusal = authenticationRefusal(ctx);
  if (refusal !== undefined) return { sw: refusal };
  const signed = file === undefined ? cmd.data : Uint8Array.from([...cmd.data, ...file.content()]);
  return { sw: SW.OK, data: signChallenge(ctx.authKey, signed) };
}

/** Extract the EC point from `7C { A0 { [06 oid] 86 point } }`; undefined when malformed. */
function sectorPoint(data: Uint8Array): Uint8Array | undefined {
  try {
    const dyn = findTlv(decodeTlv(data), RI_TAG.DYNAMIC_AUTH_DATA);
    if (dyn === undefined) return undefined;
    const key = findTlv(decodeTlv(dyn.value), RI_TAG.SECTOR_PUBLIC_KEY);
    if (key === undefined) return undefined;
    const point = findTlv(decodeTlv(key.value), RI_TAG.EC_POINT);
    return point?.value.length === P256_POINT_LENGTH ? point.value : undefined;
  } catch (err) {
    if (err instanceof TlvError) return undefined;
    throw err;
  }
}

/**
 * GENERAL AUTHENTICATE (INS 86, P1P2 0000) for restricted identification:
 * data `7C { A0 { 86 <04||X||Y> } }` → `7C { 81 <RID, 32 bytes> }`.
 */
export function generalAuthenticate(ctx: CardContext, cmd: CommandApdu): CardResponse {
  if (cmd.p1 !== 0x00 || cmd.p2 !== 0x00) return { sw: SW.WRONG_P1P2 };
  const point = sectorPoint(cmd.data);
  if (point === undefined) return { sw: SW.WRONG_DATA };
  const refusal = authenticationRefusal(ctx);
  if (refusal !== undefined) return { sw: refusal };
  let rid: Uint8Array;
  try {
    rid = restrictedIdentifier(ctx.card.ridSecret, point);
  } catch (err) {
    if (err instanceof InvalidServiceKey) return { sw: SW.WRONG_DATA };
    throw err;
  }
  return { sw: SW.OK, data: tlv(RI_TAG.DYNAMIC_AUTH_DATA, tlv(RI_TAG.RID, rid)) };
}
