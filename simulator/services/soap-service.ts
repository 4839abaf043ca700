/**
 * The one SOAP service scaffolding every business service uses: `GET ?wsdl` serves the WSDL;
 * `POST` parses the envelope (SOAP 1.2, 1.1 accepted) through the safe parser, checks the STS token in
 * the WS-Security header with the shared validator, dispatches by the Body's request element, runs the operation and answers in the caller's SOAP version with WS-Addressing
 * RelatesTo. Errors are thrown; `core/error-response.ts` turns them into faults.
 *
 * @example
 * ```ts
 * const app = createSoapServiceApp(deps, {
 *   title: 'eRecept', namespace: serviceNamespace('erecept'),
 *   wsdl: (address) => serviceWsdl(ERECEPT_SPEC, address),
 *   operations: { IssuePrescriptionRequest: { name: 'IssuePrescription', action: '...', handle: (ctx) => ({ xml: '<...>' }) } },
 * });
 * ```
 */
import { randomUUID } from 'node:crypto';
import { Hono, type Context } from 'hono';
import type { SimDeps, SimHonoEnv } from '../core/deps.js';
import { BadRequest, type SimError } from '../core/errors.js';
import { parseSoapRequestKnown, soapContentType, soapEnvelope, soapVersionOfContentType, type KnownSoapRequest, type SoapRequest } from '../soap/envelope.js';
import type { LeanElement } from '../soap/safe-xml.js';
import { callerFromSoap, type Caller } from './caller.js';
import { policyScope, type PolicyScope } from '../policy/policy.js';
import { NS } from '../saml/namespaces.js';
import { rememberedTokenLookup } from '../token/validate-token.js';

/** The SAML token element, whose content is not read when its verdict is remembered (see `validateRequestToken`). */
const TOKEN_ELEMENT = { ns: NS.saml, local: 'Assertion' } as const;

/** What an operation handler receives. */
export interface OperationContext {
  deps: SimDeps;
  caller: Caller;
  /**
   * The parsed request: a lean tree without the SAML token's content when its verdict was
   * remembered (see `parseSoapRequestKnown`), else a DOM.
   */
  request: SoapRequest | KnownSoapRequest;
  /** The request element (the Body's single child). */
  element: Element | LeanElement;
  /** The policy in force, and where relaxed rules are recorded. */
  policy: PolicyScope;
}

/** What an operation handler returns. */
export interface OperationResult {
  /** The response element, serialised (it declares its own namespace). */
  xml: string;
  /** Journal summary fields (never health content). */
  summary?: Record<string, unknown>;
}

/** One operation of a service. */
export interface SoapOperation {
  /** Operation name, e.g. `IssuePrescription`. */
  name: string;
  /** The WS-Addressing action of the request; the answer's is this + `Response`. */
  action: string;
  handle(ctx: OperationContext): OperationResult;
}

/** A SOAP service as the scaffolding needs it. */
export interface SoapServiceDefinition {
  /** Service title for messages, e.g. `eRecept`. */
  title: string;
  /** Namespace of the request elements. */
  namespace: string;
  /** The WSDL for an endpoint address. */
  wsdl(address: string): string;
  /** Operations by request element local name. */
  operations: Readonly<Record<string, SoapOperation>>;
  /** A precise error for a request element the service does not offer (e.g. an n/a query), if any. */
  unknownOperation?(localName: string): SimError | undefined;
}

/** The endpoint URL of a request (no query). */
function endpointAddress(c: Context<SimHonoEnv>): string {
  const url = new URL(c.req.url);
  return `${url.origin}${url.pathname}`;
}

function findOperation(def: SoapServiceDefinition, request: SoapRequest | KnownSoapRequest): SoapOperation {
  const el = request.bodyElement;
  const op = el.namespaceURI === def.namespace ? def.operations[el.localName] : undefined;
  if (op !== undefined) {
    // The action is optional, but one that is sent must name this operation (WS-I BP R2744,
    // WS-Addressing): a mismatch means the client and the service disagree about the call.
    if (request.action !== undefined && request.action !== op.action) {
      // rule: SOAP-ACTION (docs/rules.md)
      throw new BadRequest(
        `the action \`${request.action}\` does not match the request element \`${el.localName}\`; send the action ${op.action} (WS-Addressing wsa:Action, SOAPAction or the media-type action parameter), or none`,
        { details: { action: request.action, expected: op.action } },
        'ACTION_MISMATCH',
      );
    }
    return op;
  }
  if (el.namespaceURI === def.namespace) {
    const specific = def.unknownOperation?.(el.localName);
    if (specific !== undefined) throw specific;
  }
  const what = el.namespaceURI === def.namespace ? `\`${el.localName}\`` : `{${el.namespaceURI ?? ''}}${el.localName}`;
  throw new BadRequest(
    `${def.title} has no operation for request element ${what}; send one of ${Object.keys(def.operations).map((n) => `\`${n}\``).join(', ')} in namespace \`${def.namespace}\` (see the WSDL at ?wsdl)`,
    { details: { element: el.localName } },
    'OPERATION_UNKNOWN',
  );
}

/** Build the Hono sub-app of a SOAP service (mounted at the service's path). */
export function createSoapServiceApp(deps: SimDeps, def: SoapServiceDefinition): Hono<SimHonoEnv> {
  const app = new Hono<SimHonoEnv>();
  app.get('/', (c) => {
    if (c.req.query('wsdl') === undefined) {
      throw new BadRequest(`${def.title} is a SOAP endpoint: POST SOAP 1.2 requests here; GET ?wsdl serves its WSDL`, {}, 'SOAP_EXPECTED');
    }
    c.set('summary', { operation: 'wsdl' });
    return c.body(def.wsdl(endpointAddress(c)), 200, { 'content-type': 'text/xml; charset=utf-8' });
  });
  app.post('/', async (c) => {
    const contentType = c.req.header('content-type');
    c.set('soapVersion', soapVersionOfContentType(contentType));
    const bytes = new Uint8Array(await c.req.arrayBuffer());
    // A remembered token's verdict needs only its bytes: its content is not even read, and the
    // request is read into a lean tree (no DOM); otherwise it is parsed in full and verified.
    const request = parseSoapRequestKnown(bytes, contentType, c.req.header('soapaction'), TOKEN_ELEMENT, rememberedTokenLookup(deps));
    c.set('soapVersion', request.version);
    c.set('relatesTo', request.messageId);
    const caller = callerFromSoap(deps, request);
    c.set('summary', { username: caller.username, institutionId: caller.institutionId, unitCode: caller.unitCode });
    const op = findOperation(def, request);
    // The summary an error keeps, and which the answer's completes (this request's own object).
    const summary: Record<string, unknown> = { operation: op.name, username: caller.username, institutionId: caller.institutionId, unitCode: caller.unitCode };
    c.set('summary', summary);
    const result = op.handle({ deps, caller, request, element: request.bodyElement, policy: policyScope(c, deps) });
    if (result.summary !== undefined) Object.assign(summary, result.summary);
    const xml = soapEnvelope(request.version, result.xml, {
      action: `${op.action}Response`,
      messageId: `urn:uuid:${randomUUID()}`,
      ...(request.messageId === undefined ? {} : { relatesTo: request.messageId }),
    });
    // As bytes, encoded once: @hono/node-server writes them as they are and the journal copies them.
    return c.body(Buffer.from(xml, 'utf8'), 200, { 'content-type': soapContentType(request.version) });
  });
  return app;
}
