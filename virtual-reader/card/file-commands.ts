/**
 * SELECT and READ BINARY of the virtual eID card (docs/card-apdus.md).
 *
 * SELECT: P1=04 by AID (P2=0C no data, P2=00 FCI `6F{84 AID}`); P1=00/02 by file id (2 bytes;
 * P2=0C no data, P2=00/04 FCP `62{80 size, 82 01, 83 fid}`); P1=00 `3F00` selects the MF,
 * which is the eID application itself. READ BINARY: P1 bit 8 clear → 15-bit offset in the
 * current EF; set → P1 bits 5-1 are an SFI (which becomes current), P2 the offset.
 */
import type { CommandApdu } from './apdu.js';
import { equalBytes } from './bytes.js';
import type { CardContext, CardResponse, ElementaryFile } from './card-context.js';
import { isCardExpired } from './card-validity.js';
import { EID_AID, MF_FID } from './eid-application.js';
import { SW } from './status-words.js';
import { tlv } from './tlv.js';

const u16 = (n: number): Uint8Array => Uint8Array.from([n >> 8, n & 0xff]);

function fcp(file: ElementaryFile): Uint8Array {
  return tlv(0x62, tlv(0x80, u16(file.content().length)), tlv(0x82, Uint8Array.of(0x01)), tlv(0x83, u16(file.fid)));
}

/** SELECT (INS A4). */
export function select(ctx: CardContext, cmd: CommandApdu): CardResponse {
  if (cmd.p1 === 0x04) {
    if (cmd.p2 !== 0x00 && cmd.p2 !== 0x0c) return { sw: SW.WRONG_P1P2 };
    if (!equalBytes(cmd.data, EID_AID)) return { sw: SW.FILE_NOT_FOUND };
    ctx.currentEf = undefined;
    const sw = isCardExpired(ctx.card, ctx.clock) ? SW.SELECTED_FILE_DEACTIVATED : SW.OK;
    return cmd.p2 === 0x00 ? { sw, data: tlv(0x6f, tlv(0x84, EID_AID)) } : { sw };
  }
  if (cmd.p1 === 0x00 || cmd.p1 === 0x02) {
    if (cmd.p2 !== 0x00 && cmd.p2 !== 0x04 && cmd.p2 !== 0x0c) return { sw: SW.WRONG_P1P2 };
    if (cmd.data.length !== 2) return { sw: SW.WRONG_LENGTH };
    const fid = (cmd.data[0]! << 8) | cmd.data[1]!;
    if (fid === MF_FID && cmd.p1 === 0x00) {
      ctx.currentEf = undefined;
      return { sw: SW.OK };
    }
    const file = ctx.files.find((f) => f.fid === fid);
    if (file === undefined) return { sw: SW.FILE_NOT_FOUND };
    ctx.currentEf = file;
    return cmd.p2 === 0x0c ? { sw: SW.OK } : { sw: SW.OK, data: fcp(file) };
  }
  return { sw: SW.WRONG_P1P2 };
}

/** READ BINARY (INS B0). Le absent is read as 256. */
export function readBinary(ctx: CardContext, cmd: CommandApdu): CardResponse {
  if (cmd.data.length !== 0) return { sw: SW.WRONG_LENGTH };
  let offset: number;
  if ((cmd.p1 & 0x80) !== 0) {
    if ((cmd.p1 & 0x60) !== 0) return { sw: SW.WRONG_P1P2 };
    const sfi = cmd.p1 & 0x1f;
    const file = ctx.files.find((f) => f.sfi === sfi);
    if (file === undefined) return { sw: SW.FILE_NOT_FOUND };
    ctx.currentEf = file;
    offset = cmd.p2;
  } else {
    if (ctx.currentEf === undefined) return { sw: SW.NO_CURRENT_EF };
    offset = (cmd.p1 << 8) | cmd.p2;
  }
  if (ctx.currentEf.pinProtected === true && !ctx.security.pinVerified) return { sw: SW.SECURITY_STATUS_NOT_SATISFIED };
  const content = ctx.currentEf.content();
  if (offset > content.length) return { sw: SW.WRONG_PARAMETERS };
  const ne = cmd.ne ?? 256;
  const data = content.slice(offset, offset + ne);
  return { sw: data.length < ne ? SW.END_OF_FILE : SW.OK, data };
}
