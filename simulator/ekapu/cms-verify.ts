/**
 * Verifying a CMS SignedData (RFC 5652) with pkijs: the signature over the signed attributes,
 * the message digest of the encapsulated content, and the signer's certificate as carried in the
 * message. Whether that certificate may sign is decided by the caller (verify-upload.ts).
 *
 * @example
 * ```ts
 * const { content, signerCertPem } = await verifyCms(derBytes);
 * ```
 */
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { BadRequest } from '../core/errors.js';
import { derToPem } from '../pki/pem.js';

/** A verified signed message. */
export interface VerifiedCms {
  /** The encapsulated content. */
  content: Buffer;
  signerCertPem: string;
  /** The signing-time attribute, if present. */
  signingTime?: Date;
}

const SIGNED_DATA = '1.2.840.113549.1.7.2';
const SIGNING_TIME = '1.2.840.113549.1.9.5';

function invalid(message: string, code = 'CONNECTION_RESULT_SIGNATURE_INVALID'): BadRequest {
  return new BadRequest(`${message}; upload the signed result file exactly as \`eeszt-sim check\` wrote it`, {}, code);
}

/** Accept DER (starts with a SEQUENCE tag), or PEM / base64 of it. */
export function cmsBytes(body: Uint8Array): Uint8Array {
  if (body[0] === 0x30) return body;
  const b64 = Buffer.from(body).toString('latin1').replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');
  return /^[A-Za-z0-9+/=]+$/.test(b64) ? Buffer.from(b64, 'base64') : body;
}

/** Verify a CMS SignedData; throws `CONNECTION_RESULT_MALFORMED` or `CONNECTION_RESULT_SIGNATURE_INVALID`. */
export async function verifyCms(der: Uint8Array): Promise<VerifiedCms> {
  let signed: pkijs.SignedData;
  try {
    const info = pkijs.ContentInfo.fromBER(new Uint8Array(der));
    if (info.contentType !== SIGNED_DATA) throw new Error(`content type ${info.contentType}`);
    signed = new pkijs.SignedData({ schema: info.content });
  } catch (err) {
    throw invalid(`the upload is not a CMS SignedData message (${(err as Error).message})`, 'CONNECTION_RESULT_MALFORMED');
  }
  const eContent = signed.encapContentInfo.eContent;
  if (eContent === undefined) throw invalid('the signed message carries no content (a detached signature)', 'CONNECTION_RESULT_MALFORMED');
  const content = Buffer.from(eContent.getValue());
  if (signed.signerInfos.length !== 1) throw invalid(`the message has ${signed.signerInfos.length} signers, one is expected`);
  let result: pkijs.SignedDataVerifyResult;
  try {
    result = await signed.verify({ signer: 0, checkChain: false, extendedMode: true });
  } catch (err) {
    const e = err as { message?: string; date?: unknown };
    throw invalid(`the signature of the connection-check result does not verify (${e.message ?? String(err)}): the file was changed after signing or not signed with the certificate it carries`);
  }
  if (!result.signatureVerified || result.signerCertificate === undefined || result.signerCertificate === null) throw invalid('the signature of the connection-check result does not verify');
  const signerCertPem = derToPem(Buffer.from(result.signerCertificate.toSchema().toBER(false)), 'CERTIFICATE');
  const attr = signed.signerInfos[0]?.signedAttrs?.attributes.find((a) => a.type === SIGNING_TIME);
  const time = attr?.values[0];
  const signingTime = time instanceof asn1js.UTCTime || time instanceof asn1js.GeneralizedTime ? time.toDate() : undefined;
  return { content, signerCertPem, ...(signingTime === undefined ? {} : { signingTime }) };
}
