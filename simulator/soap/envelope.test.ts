import { describe, expect, it } from 'vitest';
import { domSoapRequest, parseSoapRequest, parseSoapRequestLean, soapEnvelope, NS_SOAP11, NS_SOAP12 } from './envelope.js';
import { soapFaultEnvelope, faultHttpStatus } from './fault.js';
import { FailedAuthentication, InternalError, SoapVersionMismatch } from '../core/errors.js';

const env12 = (body: string, header = ''): string => `<s:Envelope xmlns:s="${NS_SOAP12}">${header}<s:Body>${body}</s:Body></s:Envelope>`;
const env11 = (body: string): string => `<s:Envelope xmlns:s="${NS_SOAP11}"><s:Body>${body}</s:Body></s:Envelope>`;
const SOAP12 = 'application/soap+xml; charset=utf-8';

const failure = (fn: () => unknown): string => {
  try {
    fn();
    return 'no error';
  } catch (err) {
    return `${(err as { code: string }).code}: ${(err as Error).message}`;
  }
};

// The lean parse checks and refuses exactly as the DOM parse does: every case runs for both.
for (const [name, parse] of [
  ['parseSoapRequest', parseSoapRequest],
  ['parseSoapRequestLean', parseSoapRequestLean],
] as const) {
describe(name, () => {
  it('reads version, body element, WS-Addressing action and message id', () => {
    const header = `<s:Header><a:Action xmlns:a="http://www.w3.org/2005/08/addressing">urn:act</a:Action><a:MessageID xmlns:a="http://www.w3.org/2005/08/addressing">urn:uuid:1</a:MessageID></s:Header>`;
    const req = parse(env12('<x:Op xmlns:x="urn:x"/>', header), SOAP12);
    expect(req.version).toBe('1.2');
    expect(req.bodyElement.localName).toBe('Op');
    expect(req.action).toBe('urn:act');
    expect(req.messageId).toBe('urn:uuid:1');
  });

  it('takes the action from the media type or SOAPAction when WS-Addressing is absent', () => {
    expect(parse(env12('<a/>'), 'application/soap+xml; action="urn:m"').action).toBe('urn:m');
    expect(parse(env11('<a/>'), 'text/xml', '"urn:s"').action).toBe('urn:s');
  });

  it('refuses a non-SOAP content type, a version mismatch and a foreign root', () => {
    expect(failure(() => parse(env12('<a/>'), 'application/json'))).toBe(
      'UNSUPPORTED_MEDIA_TYPE: content type `application/json` is not SOAP; send SOAP 1.2 as `application/soap+xml; charset=utf-8` (or SOAP 1.1 as `text/xml; charset=utf-8`)',
    );
    expect(failure(() => parse(env12('<a/>'), 'text/xml'))).toMatch(/^SOAP_VERSION_MISMATCH: the envelope is SOAP 1.2 but the content type `text\/xml` announces SOAP 1.1/);
    expect(failure(() => parse('<Envelope><Body/></Envelope>', SOAP12))).toMatch(/^SOAP_VERSION_MISMATCH: the root element is \{\}Envelope, not a SOAP Envelope/);
  });

  it('refuses two Bodies, an empty Body and a Header after the Body', () => {
    const two = `<s:Envelope xmlns:s="${NS_SOAP12}"><s:Body><a/></s:Body><s:Body><b/></s:Body></s:Envelope>`;
    expect(failure(() => parse(two, SOAP12))).toBe('SOAP_MALFORMED: the envelope has 2 Body elements; a SOAP envelope has exactly one Body');
    expect(failure(() => parse(env12(''), SOAP12))).toBe('SOAP_MALFORMED: the Body holds 0 elements; it must hold exactly one request element');
    const late = `<s:Envelope xmlns:s="${NS_SOAP11}"><s:Body><a/></s:Body><s:Header/></s:Envelope>`;
    expect(failure(() => parse(late, 'text/xml'))).toBe('SOAP_MALFORMED: the Header comes after the Body; the Header must come first');
    const foreign = `<s:Envelope xmlns:s="${NS_SOAP12}"><s:Body><a/></s:Body><x:Other xmlns:x="urn:x"/></s:Envelope>`;
    expect(failure(() => parse(foreign, SOAP12))).toBe('SOAP_MALFORMED: the envelope has an unexpected child `x:Other`; a SOAP 1.2 envelope holds only Header and Body');
  });
});
}

describe('domSoapRequest', () => {
  it('gives the same request as a DOM, keeping the action, and a DOM request as it is', () => {
    const lean = parseSoapRequestLean(env11('<x:Op xmlns:x="urn:x" k="v"/>'), 'text/xml', '"urn:s"');
    const dom = domSoapRequest(lean);
    expect(dom.document.documentElement?.localName).toBe('Envelope');
    expect([dom.version, dom.action, dom.bodyElement.getAttribute('k'), dom.text]).toEqual(['1.1', 'urn:s', 'v', lean.text]);
    expect(domSoapRequest(dom)).toBe(dom);
  });
});

describe('SOAP faults', () => {
  const err = new FailedAuthentication('password for `O50123` is wrong; check it', {}, 'PASSWORD_WRONG');

  it('writes a SOAP 1.2 fault with Sender code, WS-Security subcode and our detail', () => {
    const xml = soapFaultEnvelope('1.2', err, { correlationId: 'c-1' });
    expect(xml).toBe(
      `<?xml version="1.0" encoding="UTF-8"?><s:Envelope xmlns:s="${NS_SOAP12}"><s:Body><s:Fault><s:Code><s:Value>s:Sender</s:Value><s:Subcode><s:Value xmlns:wsse="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd">wsse:FailedAuthentication</s:Value></s:Subcode></s:Code><s:Reason><s:Text xml:lang="en">password for \`O50123\` is wrong; check it</s:Text></s:Reason><s:Detail><sim:Error xmlns:sim="urn:eeszt-sim:2026"><sim:Code>PASSWORD_WRONG</sim:Code><sim:Message>password for \`O50123\` is wrong; check it</sim:Message><sim:CorrelationId>c-1</sim:CorrelationId></sim:Error></s:Detail></s:Fault></s:Body></s:Envelope>`,
    );
    expect(faultHttpStatus('1.2', err)).toBe(400);
  });

  it('writes a SOAP 1.1 fault with the WS-Security QName as faultcode and status 500', () => {
    const xml = soapFaultEnvelope('1.1', err, { relatesTo: 'urn:uuid:9' });
    expect(xml).toContain('<faultcode>wsse:FailedAuthentication</faultcode>');
    expect(xml).toContain('<wsa:RelatesTo>urn:uuid:9</wsa:RelatesTo>');
    expect(faultHttpStatus('1.1', err)).toBe(500);
  });

  it('uses Receiver/500 for internal errors and VersionMismatch for version errors', () => {
    expect(faultHttpStatus('1.2', new InternalError())).toBe(500);
    expect(soapFaultEnvelope('1.2', new InternalError())).toContain('<s:Value>s:Receiver</s:Value>');
    expect(soapFaultEnvelope('1.2', new SoapVersionMismatch('x'))).toContain('<s:Value>s:VersionMismatch</s:Value>');
  });

  it('builds response envelopes with WS-Addressing headers only when asked', () => {
    expect(soapEnvelope('1.1', '<a/>')).toBe(`<?xml version="1.0" encoding="UTF-8"?><s:Envelope xmlns:s="${NS_SOAP11}"><s:Body><a/></s:Body></s:Envelope>`);
    expect(soapEnvelope('1.2', '<a/>', { action: 'urn:r', relatesTo: 'urn:uuid:1' })).toContain('<s:Header><wsa:Action>urn:r</wsa:Action><wsa:RelatesTo>urn:uuid:1</wsa:RelatesTo></s:Header>');
  });
});
