/**
 * A shared WSDL 1.1 writer for the simulator's SOAP endpoints: self-contained (schemas inline,
 * no imports by location), document/literal, one SOAP 1.2 and one SOAP 1.1 binding over the same
 * address, WS-Addressing actions (`wsam:Action`) on every message, and a fault message carrying
 * the simulator's error detail (`sim:Error`, see fault.ts). Generic clients (node `soap`, Python
 * `zeep`, SoapUI) load it as is.
 *
 * @example
 * ```ts
 * const xml = buildWsdl({
 *   name: 'Ping', targetNamespace: 'urn:eeszt-sim:ping', address: 'http://127.0.0.1:8080/ping',
 *   namespaces: { p: 'urn:eeszt-sim:ping' }, schemas: [pingSchemaXml],
 *   operations: [{ name: 'Ping', input: 'p:Ping', output: 'p:Pong', action: 'urn:ping', outputAction: 'urn:pong' }],
 * });
 * ```
 */
import { NS_SIM } from '../core/errors.js';
import { escapeXml } from './safe-xml.js';

/** One operation of the port type. */
export interface WsdlOperation {
  name: string;
  /** QName (`prefix:local`) of the request element. */
  input: string;
  /** QName of the response element. */
  output: string;
  /** Request action (SOAPAction / WS-Addressing Action). */
  action: string;
  /** Response WS-Addressing Action. */
  outputAction: string;
  documentation?: string;
}

/** What to write. */
export interface WsdlSpec {
  /** Service name (the port type, bindings and ports are named after it). */
  name: string;
  targetNamespace: string;
  /** Endpoint address (absolute URL). */
  address: string;
  /** Prefixes used in operation QNames and schemas (declared on wsdl:definitions). */
  namespaces: Readonly<Record<string, string>>;
  /** Inline `xs:schema` documents (complete elements). */
  schemas: readonly string[];
  /** Extra element declarations for the simulator's own schema (`urn:eeszt-sim:2026`), which always holds `sim:Error`. */
  simElements?: string;
  operations: readonly WsdlOperation[];
  documentation?: string;
}

const XS = 'http://www.w3.org/2001/XMLSchema';

/** The simulator's own schema: the fault detail element and any extra elements. */
export function simSchema(extraElements = ''): string {
  return (
    `<xs:schema xmlns:xs="${XS}" xmlns:sim="${NS_SIM}" targetNamespace="${NS_SIM}" elementFormDefault="qualified">` +
    `<xs:element name="Error"><xs:annotation><xs:documentation>Detail of every simulator fault: a stable error code, the message, the correlation id of the journal entry, and named details.</xs:documentation></xs:annotation>` +
    `<xs:complexType><xs:sequence><xs:element name="Code" type="xs:string"/><xs:element name="Message" type="xs:string"/><xs:element name="CorrelationId" type="xs:string" minOccurs="0"/>` +
    `<xs:element name="Detail" minOccurs="0" maxOccurs="unbounded"><xs:complexType><xs:simpleContent><xs:extension base="xs:string"><xs:attribute name="name" type="xs:string" use="required"/></xs:extension></xs:simpleContent></xs:complexType></xs:element>` +
    `</xs:sequence></xs:complexType></xs:element>${extraElements}</xs:schema>`
  );
}

/**
 * Write the WSDL document.
 */
export function buildWsdl(spec: WsdlSpec): string {
  const tns = 'tns';
  const ns: Record<string, string> = {
    wsdl: 'http://schemas.xmlsoap.org/wsdl/',
    soap: 'http://schemas.xmlsoap.org/wsdl/soap/',
    soap12: 'http://schemas.xmlsoap.org/wsdl/soap12/',
    wsam: 'http://www.w3.org/2007/05/addressing/metadata',
    xs: XS,
    sim: NS_SIM,
    [tns]: spec.targetNamespace,
    ...spec.namespaces,
  };
  const decls = Object.entries(ns)
    .map(([p, u]) => ` xmlns:${p}="${escapeXml(u)}"`)
    .join('');
  const doc = (text: string | undefined): string => (text === undefined ? '' : `<wsdl:documentation>${escapeXml(text)}</wsdl:documentation>`);
  const msgName = (qname: string): string => `${qname.replace(':', '_')}_Message`;
  const elements = [...new Set(spec.operations.flatMap((o) => [o.input, o.output]))];
  const messages =
    elements.map((q) => `<wsdl:message name="${msgName(q)}"><wsdl:part name="body" element="${q}"/></wsdl:message>`).join('') +
    `<wsdl:message name="SimFault_Message"><wsdl:part name="fault" element="sim:Error"/></wsdl:message>`;
  const portType =
    `<wsdl:portType name="${spec.name}PortType">` +
    spec.operations
      .map(
        (o) =>
          `<wsdl:operation name="${o.name}">${doc(o.documentation)}<wsdl:input message="${tns}:${msgName(o.input)}" wsam:Action="${escapeXml(o.action)}"/>` +
          `<wsdl:output message="${tns}:${msgName(o.output)}" wsam:Action="${escapeXml(o.outputAction)}"/>` +
          `<wsdl:fault name="SimFault" message="${tns}:SimFault_Message" wsam:Action="http://www.w3.org/2005/08/addressing/soap/fault"/></wsdl:operation>`,
      )
      .join('') +
    `</wsdl:portType>`;
  const binding = (prefix: 'soap' | 'soap12', name: string): string =>
    `<wsdl:binding name="${name}" type="${tns}:${spec.name}PortType"><${prefix}:binding style="document" transport="http://schemas.xmlsoap.org/soap/http"/>` +
    spec.operations
      .map(
        (o) =>
          `<wsdl:operation name="${o.name}"><${prefix}:operation soapAction="${escapeXml(o.action)}" style="document"/>` +
          `<wsdl:input><${prefix}:body use="literal"/></wsdl:input><wsdl:output><${prefix}:body use="literal"/></wsdl:output>` +
          `<wsdl:fault name="SimFault"><${prefix}:fault name="SimFault" use="literal"/></wsdl:fault></wsdl:operation>`,
      )
      .join('') +
    `</wsdl:binding>`;
  const address = escapeXml(spec.address);
  return (
    `<?xml version="1.0" encoding="UTF-8"?>` +
    `<wsdl:definitions name="${spec.name}" targetNamespace="${escapeXml(spec.targetNamespace)}"${decls}>` +
    doc(spec.documentation) +
    `<wsdl:types>${spec.schemas.join('')}${simSchema(spec.simElements)}</wsdl:types>` +
    messages +
    portType +
    binding('soap12', `${spec.name}Soap12Binding`) +
    binding('soap', `${spec.name}Soap11Binding`) +
    `<wsdl:service name="${spec.name}">` +
    `<wsdl:port name="${spec.name}Soap12Port" binding="${tns}:${spec.name}Soap12Binding"><soap12:address location="${address}"/></wsdl:port>` +
    `<wsdl:port name="${spec.name}Soap11Port" binding="${tns}:${spec.name}Soap11Binding"><soap:address location="${address}"/></wsdl:port>` +
    `</wsdl:service></wsdl:definitions>`
  );
}
