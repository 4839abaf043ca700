/**
 * The Security Token Service: `POST /sts` (SOAP 1.2, SOAP 1.1 accepted; WS-Trust 1.3 Issue and
 * Validate) and `GET /sts?wsdl`. Every refusal is thrown as a SimError and answered as a SOAP
 * fault of the caller's version by the environment's error mapping. See docs/protocol.md.
 *
 * @example
 * ```ts
 * const app = createStsApp(deps);
 * const res = await app.request('/?wsdl');
 * ```
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { Hono } from 'hono';
import type { ServiceModule, SimDeps, SimHonoEnv } from '../core/deps.js';
import { WSS, WST } from '../saml/namespaces.js';
import { domSoapRequest, parseSoapRequest, parseSoapRequestLean, soapContentType, soapEnvelope, type LeanSoapRequest, type SoapRequest } from '../soap/envelope.js';
import { decodeUtf8, type LeanElement } from '../soap/safe-xml.js';
import type { StsSummary } from './authenticated.js';
import { issueToken, type IdSource } from './issue.js';
import { readRst } from './rst.js';
import { stsWsdl } from './sts-wsdl.js';
import { validateToken } from './validate.js';

/** Options of {@link createStsApp}. */
export interface StsOptions {
  /** Identifier source (default: random); fixed in the documentation examples. */
  ids?: IdSource;
}

let idPool = Buffer.alloc(0);
let idOffset = 0;

/** 16 random bytes, from a pool refilled 256 ids at a time (one `randomBytes` call costs as much as many). */
function random16(): Buffer {
  if (idOffset + 16 > idPool.length) {
    idPool = randomBytes(4096);
    idOffset = 0;
  }
  idOffset += 16;
  return idPool.subarray(idOffset - 16, idOffset);
}

/** Random identifiers: `_` + 32 hex digits (128 random bits), `urn:uuid:` + UUID v4. */
export const randomIds: IdSource = {
  tokenId: () => `_${random16().toString('hex')}`,
  messageId: () => `urn:uuid:${randomUUID()}`,
};

/**
 * Parse an STS request: into a lean tree when it looks like a password or card Issue (no DOM is
 * needed), else into a DOM (a Validate: xml-crypto verifies the token; a certificate login: the
 * message signature). The choice by the text only saves a second parse: the same readers read
 * both trees and refuse alike, and a request read lean that turns out to need a DOM is parsed
 * again as one (`domSoapRequest`).
 *
 * @example
 * ```ts
 * const req = parseStsRequest(text, 'application/soap+xml; charset=utf-8');
 * ```
 */
export function parseStsRequest(body: string, contentType: string | undefined, soapAction?: string): SoapRequest | LeanSoapRequest {
  const wantsDom = body.includes(WSS.x509v3) || body.includes(WST.validate);
  return wantsDom ? parseSoapRequest(body, contentType, soapAction) : parseSoapRequestLean(body, contentType, soapAction);
}

/**
 * Build the STS sub-app (mounted at `/sts`).
 *
 * @example
 * ```ts
 * app.route('/sts', createStsApp(deps));
 * ```
 */
export function createStsApp(deps: SimDeps, options: StsOptions = {}): Hono<SimHonoEnv> {
  const ids = options.ids ?? randomIds;
  const app = new Hono<SimHonoEnv>();

  app.get('/', (c) => {
    const url = new URL(c.req.url);
    if (!/^\?wsdl(=|&|$)/i.test(url.search)) {
      return c.text(`EESZT-SIM STS: POST WS-Trust 1.3 RequestSecurityToken messages here (SOAP 1.2 or 1.1). WSDL: ${url.origin}${deps.basePath}/sts?wsdl\n`);
    }
    c.set('summary', { operation: 'wsdl' } satisfies StsSummary);
    return c.body(stsWsdl(`${url.origin}${deps.basePath}/sts`), 200, { 'content-type': 'text/xml; charset=utf-8' });
  });

  app.post('/', async (c) => {
    const contentType = c.req.header('content-type');
    // Until the envelope is read, a fault answers in the version the content type announces
    // (error-response.ts reads it from the content type when no version is set).
    const summary: StsSummary = { operation: 'Issue' };
    c.set('summary', summary);
    try {
      const body = decodeUtf8(new Uint8Array(await c.req.arrayBuffer()));
      const req = parseStsRequest(body, contentType, c.req.header('soapaction'));
      c.set('soapVersion', req.version);
      c.set('relatesTo', req.messageId);
      const rst = readRst<Element | LeanElement>(req, deps.config.audience);
      let bodyXml: string;
      let action: string;
      if (rst.requestType === 'issue') {
        bodyXml = await issueToken(deps, req, rst, summary, ids);
        action = WST.actionIssueFinal;
      } else {
        summary.operation = 'Validate';
        const dom = domSoapRequest(req);
        bodyXml = validateToken(deps, dom, readRst(dom, deps.config.audience), summary);
        action = WST.actionValidateFinal;
      }
      const envelope = soapEnvelope(req.version, bodyXml, {
        action,
        messageId: ids.messageId(),
        ...(req.messageId === undefined ? {} : { relatesTo: req.messageId }),
      });
      return c.body(envelope, 200, { 'content-type': soapContentType(req.version) });
    } catch (err) {
      summary.outcome = 'refused';
      throw err;
    }
  });

  return app;
}

/** The STS as a service module (`/sts`, on the STS listener). */
export const stsModule: ServiceModule = {
  id: 'sts',
  title: 'Security Token Service (WS-Trust 1.3, SAML 2.0)',
  mount: '/sts',
  listener: 'sts',
  create: (deps) => createStsApp(deps),
  endpoints: { sts: '', stsWsdl: '?wsdl' },
};
