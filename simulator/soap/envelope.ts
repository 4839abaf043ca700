/**
 * SOAP envelopes: reading a request (version from the envelope namespace, checked against the
 * content type; exactly one Header and one Body in order; the WS-Addressing headers) and
 * writing a response envelope for either version.
 *
 * @example
 * ```ts
 * const req = parseSoapRequest(bytes, c.req.header('content-type'));
 * req.bodyElement.localName; // 'RequestSecurityToken'
 * ```
 */
import { BadRequest, SoapVersionMismatch, UnsupportedMediaType } from '../core/errors.js';
import { childElement, childElements, decodeUtf8, DEFAULT_XML_LIMITS, escapeXml, parseUntrustedXml, parseUntrustedXmlLean, textOf, type HollowName, type LeanElement, type XmlLimits } from './safe-xml.js';
import { findKnownElement, readAroundKnown, type KnownElement, type ScopedContentLookup } from './known-content.js';

export type SoapVersion = '1.1' | '1.2';
export const NS_SOAP11 = 'http://schemas.xmlsoap.org/soap/envelope/';
export const NS_SOAP12 = 'http://www.w3.org/2003/05/soap-envelope';
export const NS_WSA = 'http://www.w3.org/2005/08/addressing';

const SOAP12_CONTENT_TYPE = 'application/soap+xml; charset=utf-8';
const SOAP11_CONTENT_TYPE = 'text/xml; charset=utf-8';

/** Content type of each SOAP version's messages. */
export function soapContentType(version: SoapVersion): string {
  return version === '1.2' ? SOAP12_CONTENT_TYPE : SOAP11_CONTENT_TYPE;
}

/** The SOAP version a content type announces, or undefined for non-SOAP types. */
export function soapVersionOfContentType(contentType: string | undefined): SoapVersion | undefined {
  // The two content types as SOAP stacks send them, recognised without splitting and lower-casing.
  if (contentType === SOAP12_CONTENT_TYPE) return '1.2';
  if (contentType === SOAP11_CONTENT_TYPE) return '1.1';
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase();
  if (type === 'application/soap+xml') return '1.2';
  if (type === 'text/xml') return '1.1';
  return undefined;
}

/** What every parsed SOAP request holds, with its elements as DOM (`Element`) or lean ({@link LeanElement}) nodes. */
export interface SoapMessage<E extends Element | LeanElement> {
  version: SoapVersion;
  envelope: E;
  header: E | null;
  body: E;
  /** The single element child of the Body. */
  bodyElement: E;
  /** The action: WS-Addressing Action header, else the SOAP 1.2 `action` media-type parameter, else SOAPAction (1.1). */
  action: string | undefined;
  /** WS-Addressing MessageID, if sent. */
  messageId: string | undefined;
  /** The raw text as received (after UTF-8 decoding). */
  text: string;
}

/** A parsed SOAP request, as an xmldom DOM (what signature verification needs). */
export interface SoapRequest extends SoapMessage<Element> {
  document: Document;
}

/**
 * A SOAP request parsed into a lean tree ({@link parseSoapRequestLean}): for readers that need no
 * DOM; {@link domSoapRequest} gives the same request as a DOM when a signature must be verified.
 */
export type LeanSoapRequest = SoapMessage<LeanElement>;

/**
 * A SOAP request read by {@link parseSoapRequestKnown} into a lean tree, with one element whose
 * exact bytes were recognised.
 */
export interface KnownSoapRequest extends LeanSoapRequest {
  /** The element recognised, and what the whole-message checks need (see `findKnownElement`). */
  known: KnownElement;
}

/**
 * Parse and check a SOAP request. Throws a precise error for a wrong content type, a missing
 * or foreign envelope, a version that does not match the content type, several Bodies, or an
 * empty Body.
 */
export function parseSoapRequest(body: Uint8Array | string, contentType: string | undefined, soapActionHeader?: string, limits?: XmlLimits): SoapRequest {
  const announced = announcedVersion(contentType);
  const text = typeof body === 'string' ? body : decodeUtf8(body);
  const document = parseUntrustedXml(text, limits);
  const message = readEnvelope(document.documentElement as Element, announced, text, contentType, soapActionHeader);
  return { ...message, document };
}

/**
 * Parse and check a SOAP request as {@link parseSoapRequest} does (same checks, same errors), into
 * a lean tree ({@link parseSoapRequestLean}) when `known` recognises the exact bytes of the one
 * element named `name` (`findKnownElement`): a {@link KnownSoapRequest}; else (no lookup, or the
 * element not recognised) as a DOM, by {@link parseSoapRequest}. The business services read a call
 * this way: a token whose verdict is remembered needs only its bytes, and such a call no DOM.
 *
 * @example
 * ```ts
 * const req = parseSoapRequestKnown(bytes, contentType, undefined, { ns: NS.saml, local: 'Assertion' }, lookup);
 * 'known' in req; // true: the token's bytes were recognised
 * ```
 */
export function parseSoapRequestKnown(
  body: Uint8Array | string,
  contentType: string | undefined,
  soapActionHeader: string | undefined,
  name: HollowName,
  known: ScopedContentLookup | undefined,
  limits?: XmlLimits,
): SoapRequest | KnownSoapRequest {
  if (known === undefined) return parseSoapRequest(body, contentType, soapActionHeader, limits);
  const announced = announcedVersion(contentType);
  const text = typeof body === 'string' ? body : decodeUtf8(body);
  // A remembered element whose shape is known is not read at all (its bytes are those of an
  // element read in full before, under the same namespace declarations); bytes not recognised
  // send the message straight to the parse in full.
  const around = readAroundKnown(text, name, known, limits === undefined ? DEFAULT_XML_LIMITS : { ...DEFAULT_XML_LIMITS, ...limits });
  if (around === 'unknown') return parseSoapRequest(text, contentType, soapActionHeader, limits);
  if (around !== undefined) {
    // The message object as read, with the element recognised (no copy of it).
    const message = readEnvelope(around.root, announced, text, contentType, soapActionHeader) as KnownSoapRequest;
    message.known = around.known;
    return message;
  }
  const lean = readEnvelope(parseUntrustedXmlLean(text, limits), announced, text, contentType, soapActionHeader);
  const found = findKnownElement(lean.envelope, lean.text, name, known);
  return found === undefined ? domSoapRequest(lean, limits) : { ...lean, known: found };
}

/**
 * Parse and check a SOAP request as {@link parseSoapRequest} does (same checks, same errors), into
 * a lean tree ({@link parseUntrustedXmlLean}): the STS reads a password or card request this way.
 *
 * @example
 * ```ts
 * const req = parseSoapRequestLean(text, 'application/soap+xml; charset=utf-8');
 * req.bodyElement.localName; // 'RequestSecurityToken'
 * ```
 */
export function parseSoapRequestLean(body: Uint8Array | string, contentType: string | undefined, soapActionHeader?: string, limits?: XmlLimits): LeanSoapRequest {
  const announced = announcedVersion(contentType);
  const text = typeof body === 'string' ? body : decodeUtf8(body);
  return readEnvelope(parseUntrustedXmlLean(text, limits), announced, text, contentType, soapActionHeader);
}

/**
 * The same request as a DOM: `req` itself when it is one, else its text parsed again by
 * {@link parseSoapRequest} (the same checks pass: it is the same text), keeping its action.
 *
 * @example
 * ```ts
 * const dom = domSoapRequest(lean); // for verifying the message signature
 * ```
 */
export function domSoapRequest(req: SoapRequest | LeanSoapRequest, limits?: XmlLimits): SoapRequest {
  if ('document' in req) return req;
  const full = parseSoapRequest(req.text, soapContentType(req.version), undefined, limits);
  return { ...full, action: req.action, messageId: req.messageId };
}

/** The SOAP version the content type announces; throws UNSUPPORTED_MEDIA_TYPE for a non-SOAP one. */
function announcedVersion(contentType: string | undefined): SoapVersion {
  const announced = soapVersionOfContentType(contentType);
  if (announced === undefined) {
    throw new UnsupportedMediaType(
      `content type \`${contentType ?? '(none)'}\` is not SOAP; send SOAP 1.2 as \`application/soap+xml; charset=utf-8\` (or SOAP 1.1 as \`text/xml; charset=utf-8\`)`,
    );
  }
  return announced;
}

/** Check the envelope (root, version, Header and Body) and read the action and MessageID. */
function readEnvelope<E extends Element | LeanElement>(
  envelope: E,
  announced: SoapVersion,
  text: string,
  contentType: string | undefined,
  soapActionHeader: string | undefined,
): SoapMessage<E> {
  if (envelope.localName !== 'Envelope' || (envelope.namespaceURI !== NS_SOAP12 && envelope.namespaceURI !== NS_SOAP11)) {
    throw new SoapVersionMismatch(
      `the root element is {${envelope.namespaceURI ?? ''}}${envelope.localName}, not a SOAP Envelope; wrap the request in a SOAP 1.2 envelope (${NS_SOAP12})`,
    );
  }
  const version: SoapVersion = envelope.namespaceURI === NS_SOAP12 ? '1.2' : '1.1';
  if (version !== announced) {
    throw new SoapVersionMismatch(
      version === '1.2'
        ? `the envelope is SOAP 1.2 but the content type \`${contentType ?? ''}\` announces SOAP 1.1; send SOAP 1.2 as \`application/soap+xml\``
        : `the envelope is SOAP 1.1 but the content type \`${contentType ?? ''}\` announces SOAP 1.2; send SOAP 1.1 as \`text/xml\``,
    );
  }
  const ns = envelope.namespaceURI;
  // One pass over the envelope's children: its Header(s), Body(ies) and anything else, in order.
  let header: E | null = null;
  let headers = 0;
  let soapBody: E | undefined;
  let bodies = 0;
  let other: E | undefined;
  let headerAfterBody = false;
  for (const e of childElements<Element | LeanElement>(envelope) as E[]) {
    if (e.namespaceURI === ns && e.localName === 'Header') {
      if (headers++ === 0) {
        header = e;
        headerAfterBody = bodies > 0;
      }
    } else if (e.namespaceURI === ns && e.localName === 'Body') {
      if (bodies++ === 0) soapBody = e;
    } else other ??= e;
  }
  if (bodies !== 1 || soapBody === undefined) {
    // rule: SOAP-ENVELOPE (docs/rules.md)
    throw new BadRequest(`the envelope has ${bodies} Body elements; a SOAP envelope has exactly one Body`, {}, 'SOAP_MALFORMED');
  }
  if (headers > 1) throw new BadRequest('the envelope has several Header elements; send at most one', {}, 'SOAP_MALFORMED');
  if (other !== undefined && version === '1.2') {
    throw new BadRequest(`the envelope has an unexpected child \`${other.nodeName}\`; a SOAP 1.2 envelope holds only Header and Body`, {}, 'SOAP_MALFORMED');
  }
  if (headerAfterBody) {
    throw new BadRequest('the Header comes after the Body; the Header must come first', {}, 'SOAP_MALFORMED');
  }
  const payload = childElements<Element | LeanElement>(soapBody);
  if (payload.length !== 1) {
    throw new BadRequest(`the Body holds ${payload.length} elements; it must hold exactly one request element`, {}, 'SOAP_MALFORMED');
  }
  const wsaAction = header === null ? '' : textOf(childElement<Element | LeanElement>(header, NS_WSA, 'Action'));
  // The two content types SOAP stacks send carry no action parameter.
  const mediaAction = contentType === undefined || contentType === SOAP12_CONTENT_TYPE || contentType === SOAP11_CONTENT_TYPE ? undefined : /;\s*action\s*=\s*"?([^";]+)"?/i.exec(contentType)?.[1];
  const soapAction = soapActionHeader?.replace(/^"|"$/g, '');
  const action = wsaAction !== '' ? wsaAction : (mediaAction ?? (soapAction === '' ? undefined : soapAction));
  const messageId = header === null ? undefined : textOf(childElement<Element | LeanElement>(header, NS_WSA, 'MessageID')) || undefined;
  return { version, envelope, header, body: soapBody, bodyElement: payload[0] as E, action, messageId, text };
}

/** Options for {@link soapEnvelope}. */
export interface EnvelopeOptions {
  /** WS-Addressing Action of the response. */
  action?: string;
  /** MessageID of the request this answers. */
  relatesTo?: string;
  /** Extra header XML (already serialised). */
  headerXml?: string;
  /** Message id of the response (caller supplies; keeps output deterministic in tests). */
  messageId?: string;
}

/** Build a response envelope around body XML. */
export function soapEnvelope(version: SoapVersion, bodyXml: string, options: EnvelopeOptions = {}): string {
  const ns = version === '1.2' ? NS_SOAP12 : NS_SOAP11;
  const headerParts: string[] = [];
  if (options.action !== undefined) headerParts.push(`<wsa:Action>${escapeXml(options.action)}</wsa:Action>`);
  if (options.messageId !== undefined) headerParts.push(`<wsa:MessageID>${escapeXml(options.messageId)}</wsa:MessageID>`);
  if (options.relatesTo !== undefined) headerParts.push(`<wsa:RelatesTo>${escapeXml(options.relatesTo)}</wsa:RelatesTo>`);
  if (options.headerXml !== undefined) headerParts.push(options.headerXml);
  const header = headerParts.length === 0 ? '' : `<s:Header>${headerParts.join('')}</s:Header>`;
  const wsaDecl = headerParts.length === 0 ? '' : ` xmlns:wsa="${NS_WSA}"`;
  return `<?xml version="1.0" encoding="UTF-8"?><s:Envelope xmlns:s="${ns}"${wsaDecl}>${header}<s:Body>${bodyXml}</s:Body></s:Envelope>`;
}
