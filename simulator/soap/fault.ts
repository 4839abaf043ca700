/**
 * SOAP fault XML for a {@link SimError}, for SOAP 1.2 (Code/Subcode/Reason/Detail) and
 * SOAP 1.1 (faultcode/faultstring/detail), with the HTTP status each binding demands:
 * SOAP 1.2 Sender faults 400, other 1.2 faults 500; SOAP 1.1 faults always 500; a body over the
 * limit 413 in both; an overloaded simulator 503 in both.
 * Only `simulator/core/error-response.ts` calls this.
 */
import { NS_SIM, type SimError } from '../core/errors.js';
import { escapeXml } from './safe-xml.js';
import { soapEnvelope, type SoapVersion } from './envelope.js';

const WSA_FAULT_ACTION = 'http://www.w3.org/2005/08/addressing/soap/fault';

/** The HTTP status for a fault of this version and side. */
export function faultHttpStatus(version: SoapVersion, err: SimError): number {
  // The body limit is an HTTP-level refusal: 413 in both bindings (the body is still a fault).
  if (err.code === 'PAYLOAD_TOO_LARGE') return 413;
  // Nobody reads it: the journal shows what happened (nginx's "client closed request").
  if (err.code === 'CLIENT_ABORTED') return 499;
  // Admission control refuses before any SOAP processing: an HTTP-level 503 (RFC 9110 §15.6.4) in both bindings.
  if (err.code === 'OVERLOADED') return 503;
  if (version === '1.1') return 500;
  if (err.code === 'SOAP_VERSION_MISMATCH') return 500;
  return err.side === 'Sender' ? 400 : 500;
}

function detailXml(err: SimError, correlationId: string | undefined): string {
  const extra = Object.entries(err.details ?? {})
    .filter(([, v]) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean')
    .map(([k, v]) => `<sim:Detail name="${escapeXml(k)}">${escapeXml(String(v))}</sim:Detail>`)
    .join('');
  const corr = correlationId === undefined ? '' : `<sim:CorrelationId>${escapeXml(correlationId)}</sim:CorrelationId>`;
  return `<sim:Error xmlns:sim="${NS_SIM}"><sim:Code>${escapeXml(err.code)}</sim:Code><sim:Message>${escapeXml(err.message)}</sim:Message>${corr}${extra}</sim:Error>`;
}

/** A complete fault envelope. */
export function soapFaultEnvelope(version: SoapVersion, err: SimError, context: { relatesTo?: string; correlationId?: string } = {}): string {
  const wsa = context.relatesTo === undefined ? {} : { action: WSA_FAULT_ACTION, relatesTo: context.relatesTo };
  const detail = detailXml(err, context.correlationId);
  if (version === '1.2') {
    const mismatch = err.code === 'SOAP_VERSION_MISMATCH';
    const code = mismatch ? 's:VersionMismatch' : `s:${err.side}`;
    const sub =
      err.subcode === undefined || mismatch
        ? ''
        : `<s:Subcode><s:Value xmlns:${err.subcode.prefix}="${err.subcode.ns}">${err.subcode.prefix}:${err.subcode.local}</s:Value></s:Subcode>`;
    const body = `<s:Fault><s:Code><s:Value>${code}</s:Value>${sub}</s:Code><s:Reason><s:Text xml:lang="en">${escapeXml(err.message)}</s:Text></s:Reason><s:Detail>${detail}</s:Detail></s:Fault>`;
    return soapEnvelope('1.2', body, wsa);
  }
  // SOAP 1.1: WS-Security / WS-Trust put their QName in faultcode.
  const faultcode =
    err.code === 'SOAP_VERSION_MISMATCH'
      ? 's:VersionMismatch'
      : err.subcode === undefined
        ? `s:${err.side === 'Sender' ? 'Client' : 'Server'}`
        : `${err.subcode.prefix}:${err.subcode.local}`;
  const decl = err.subcode === undefined ? '' : ` xmlns:${err.subcode.prefix}="${err.subcode.ns}"`;
  const body = `<s:Fault${decl}><faultcode>${faultcode}</faultcode><faultstring xml:lang="en">${escapeXml(err.message)}</faultstring><detail>${detail}</detail></s:Fault>`;
  return soapEnvelope('1.1', body, wsa);
}
