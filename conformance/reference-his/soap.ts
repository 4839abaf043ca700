/**
 * SOAP 1.2 for the reference HIS: write a request envelope (WS-Addressing Action and MessageID,
 * a `wsse:Security` header) and read an answer: the Body's element, or a fault with the code
 * EESZT put in its detail (`sim:Code`). An answer that is not XML is reported as malformed.
 *
 * @example
 * ```ts
 * const xml = soapRequest({ action, security: '<wsse:Security ...>...</wsse:Security>', body: '<e:ListPrescriptionsRequest .../>' });
 * const answer = readSoapAnswer(res.body);
 * if (answer.kind === 'fault') console.log(answer.code); // e.g. TOKEN_EXPIRED
 * ```
 */
import { randomUUID } from 'node:crypto';
import { DOMParser, XMLSerializer } from '@xmldom/xmldom';

/** Namespaces the reference HIS writes. */
export const NS = {
  soap12: 'http://www.w3.org/2003/05/soap-envelope',
  wsa: 'http://www.w3.org/2005/08/addressing',
  wsse: 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd',
  wsu: 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd',
  wst: 'http://docs.oasis-open.org/ws-sx/ws-trust/200512',
  sim: 'urn:eeszt-sim:2026',
} as const;

/** Escape text for XML content and attributes. */
export function xmlText(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** A request envelope. */
export interface SoapRequestSpec {
  action: string;
  /** The `wsse:Security` element (or '' for none). */
  security: string;
  /** Further header blocks. */
  extraHeaders?: readonly string[];
  /** The Body's child element. */
  body: string;
  /** Attributes of the Body (e.g. `wsu:Id="Body"` when it is signed). */
  bodyAttributes?: string;
}

/** A fresh WS-Addressing MessageID. */
export function messageId(): string {
  return `urn:uuid:${randomUUID()}`;
}

/** Write a SOAP 1.2 request envelope. */
export function soapRequest(spec: SoapRequestSpec): string {
  const header = [
    `<wsa:Action>${xmlText(spec.action)}</wsa:Action>`,
    `<wsa:MessageID>${messageId()}</wsa:MessageID>`,
    spec.security,
    ...(spec.extraHeaders ?? []),
  ].join('');
  return (
    `<s:Envelope xmlns:s="${NS.soap12}" xmlns:wsa="${NS.wsa}" xmlns:wsse="${NS.wsse}" xmlns:wsu="${NS.wsu}">` +
    `<s:Header>${header}</s:Header><s:Body${spec.bodyAttributes === undefined ? '' : ` ${spec.bodyAttributes}`}>${spec.body}</s:Body></s:Envelope>`
  );
}

/** The content type of a SOAP 1.2 request with its action. */
export function soapContentType(action: string): string {
  return `application/soap+xml; charset=utf-8; action="${action}"`;
}

/** What came back. */
export type SoapAnswer =
  | { kind: 'ok'; element: Element; xml: string }
  | { kind: 'fault'; code: string; side: 'Sender' | 'Receiver'; message: string }
  | { kind: 'malformed'; message: string };

/** Parse XML, or undefined when it is not well-formed. */
export function parseXml(text: string): Document | undefined {
  let broken = false;
  try {
    const doc = new DOMParser({
      onError: (level: string) => {
        if (level !== 'warning') broken = true;
      },
    }).parseFromString(text, 'text/xml') as unknown as Document;
    if (broken || doc.documentElement === null || doc.documentElement.localName !== 'Envelope') return undefined;
    return doc;
  } catch {
    return undefined; // xmldom throws on fatal errors
  }
}

function firstChildElement(node: Node): Element | undefined {
  for (let n = node.firstChild; n !== null; n = n.nextSibling) if (n.nodeType === 1) return n as Element;
  return undefined;
}

/** Read a SOAP answer (1.2 or 1.1). */
export function readSoapAnswer(text: string): SoapAnswer {
  const doc = parseXml(text);
  if (doc === undefined) return { kind: 'malformed', message: 'the answer is not a SOAP envelope (not well-formed XML)' };
  const body = doc.getElementsByTagNameNS(doc.documentElement.namespaceURI, 'Body').item(0);
  const element = body === null ? undefined : firstChildElement(body);
  if (element === undefined) return { kind: 'malformed', message: 'the SOAP answer has an empty Body' };
  if (element.localName === 'Fault') {
    const code = doc.getElementsByTagNameNS(NS.sim, 'Code').item(0)?.textContent ?? 'SOAP_FAULT';
    const values = element.getElementsByTagNameNS('*', 'Value');
    const sideText = values.item(0)?.textContent ?? element.getElementsByTagName('faultcode').item(0)?.textContent ?? '';
    const side = /Receiver|Server/.test(sideText) ? 'Receiver' : 'Sender';
    const message = element.getElementsByTagNameNS('*', 'Text').item(0)?.textContent ?? element.getElementsByTagName('faultstring').item(0)?.textContent ?? 'SOAP fault';
    return { kind: 'fault', code, side, message };
  }
  return { kind: 'ok', element, xml: new XMLSerializer().serializeToString(element as unknown as Parameters<XMLSerializer['serializeToString']>[0]) };
}
