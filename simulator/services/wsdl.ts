/**
 * The self-contained WSDL 1.1 of a document service, generated from its {@link ServiceSpec}:
 * inline XSD (elementFormDefault qualified), one port type, a SOAP 1.2 and a SOAP 1.1 binding
 * (document/literal), and a service with both ports at the given address. The WSDL skeleton is
 * the shared writer's (../soap/wsdl.ts); this module only writes the service's schema.
 *
 * @example
 * ```ts
 * serviceWsdl(ERECEPT_SPEC, 'http://127.0.0.1:8080/services/erecept');
 * ```
 */
import { SOAP_LIST_PAGE } from '../core/paging.js';
import { escapeXml } from '../soap/safe-xml.js';
import { buildWsdl } from '../soap/wsdl.js';
import { ACCESS_KINDS } from './permission-matrix.js';
import { ENVELOPE_FIELDS, operationAction, requestElement, responseElement, serviceNamespace, type FieldSpec, type ServiceSpec } from './service-spec.js';

const doc = (text: string): string => `<xs:annotation><xs:documentation>${escapeXml(text)}</xs:documentation></xs:annotation>`;

function fieldType(f: FieldSpec): string {
  if (f.type === 'dateTime') return ' type="xs:dateTime"';
  if (f.type === 'date') return ' type="xs:date"';
  return '';
}

function fieldElement(f: FieldSpec, optional: boolean): string {
  const min = optional || !f.required ? ' minOccurs="0"' : '';
  const t = fieldType(f);
  if (t !== '') return `<xs:element name="${f.name}"${t}${min}>${doc(f.doc)}</xs:element>`;
  const restriction =
    f.type === 'code'
      ? (f.values ?? []).map((v) => `<xs:enumeration value="${escapeXml(v)}"/>`).join('')
      : f.type === 'text'
        ? `<xs:maxLength value="${f.maxLength ?? 4000}"/>`
        : f.type === 'username'
          ? '<xs:pattern value="[OSGCX][0-9]{5,6}"/>'
          : '<xs:pattern value="[EP][0-9A-Z]{6}"/>';
  return `<xs:element name="${f.name}"${min}>${doc(f.doc)}<xs:simpleType><xs:restriction base="xs:string">${restriction}</xs:restriction></xs:simpleType></xs:element>`;
}

const TAJ = `<xs:element name="Taj" type="tns:Taj">${doc("The patient's TAJ number (9 digits, the last a check digit).")}</xs:element>`;

const PAGE_REQUEST =
  `<xs:element name="PageSize" minOccurs="0">${doc(`Most documents to answer, 1 to ${SOAP_LIST_PAGE.max}; default ${SOAP_LIST_PAGE.default}.`)}<xs:simpleType><xs:restriction base="xs:int"><xs:minInclusive value="1"/><xs:maxInclusive value="${SOAP_LIST_PAGE.max}"/></xs:restriction></xs:simpleType></xs:element>` +
  `<xs:element name="PageToken" minOccurs="0">${doc('The NextPageToken of the previous answer, unchanged, to get the next page; omit for the first page.')}<xs:simpleType><xs:restriction base="xs:string"><xs:maxLength value="256"/></xs:restriction></xs:simpleType></xs:element>`;

const PAGE_RESPONSE =
  `<xs:element name="Count" type="xs:int">${doc('Documents in this answer (this page).')}</xs:element>` +
  `<xs:element name="Total" type="xs:int">${doc("The patient's documents in this service, all pages together.")}</xs:element>` +
  `<xs:element name="More" type="xs:boolean">${doc('true when more documents follow this page: send NextPageToken as PageToken to get them.')}</xs:element>` +
  `<xs:element name="NextPageToken" type="xs:string" minOccurs="0">${doc('Present when More is true: the PageToken of the next page (opaque).')}</xs:element>`;

function envelopeElements(): string {
  return ENVELOPE_FIELDS.map((f) => {
    const type = f.type === 'dateTime' ? 'xs:dateTime' : f.type === 'int' ? 'xs:int' : 'xs:string';
    return `<xs:element name="${f.name}" type="${type}">${doc(f.doc)}</xs:element>`;
  }).join('');
}

function schema(spec: ServiceSpec): string {
  const { document: d, operations: ops } = spec;
  const meta = spec.fields.filter((f) => f.part === 'meta');
  const parts: string[] = [
    `<xs:simpleType name="Taj"><xs:restriction base="xs:string"><xs:pattern value="[0-9]{9}"/></xs:restriction></xs:simpleType>`,
    `<xs:complexType name="${d}Summary">${doc('Metadata only (no health content): what list answers carry.')}<xs:sequence>${envelopeElements()}${meta.map((f) => fieldElement(f, true)).join('')}</xs:sequence></xs:complexType>`,
    `<xs:complexType name="${d}">${doc('The full document, metadata and health content: what read answers carry.')}<xs:sequence>${envelopeElements()}${spec.fields.map((f) => fieldElement(f, true)).join('')}</xs:sequence></xs:complexType>`,
  ];
  if (ops.write !== undefined) {
    const id = spec.keyedBy === 'id' ? `<xs:element name="Id" type="xs:string" minOccurs="0">${doc('Send to modify an existing document; omit to create one.')}</xs:element>` : '';
    parts.push(
      `<xs:element name="${requestElement(ops.write)}"><xs:complexType><xs:sequence>${id}${TAJ}${spec.fields.map((f) => fieldElement(f, false)).join('')}</xs:sequence></xs:complexType></xs:element>`,
      `<xs:element name="${responseElement(ops.write)}"><xs:complexType><xs:sequence><xs:element name="${d}Summary" type="tns:${d}Summary"/></xs:sequence></xs:complexType></xs:element>`,
    );
  }
  if (ops.read !== undefined) {
    const key = spec.keyedBy === 'id' ? `<xs:element name="Id" type="xs:string"/>` : TAJ;
    parts.push(
      `<xs:element name="${requestElement(ops.read)}"><xs:complexType><xs:sequence>${key}</xs:sequence></xs:complexType></xs:element>`,
      `<xs:element name="${responseElement(ops.read)}"><xs:complexType><xs:sequence><xs:element name="${d}" type="tns:${d}"/></xs:sequence></xs:complexType></xs:element>`,
    );
  }
  if (ops.list !== undefined) {
    parts.push(
      `<xs:element name="${requestElement(ops.list)}"><xs:complexType><xs:sequence>${TAJ}${PAGE_REQUEST}</xs:sequence></xs:complexType></xs:element>`,
      `<xs:element name="${responseElement(ops.list)}"><xs:complexType><xs:sequence>${PAGE_RESPONSE}<xs:element name="${d}Summary" type="tns:${d}Summary" minOccurs="0" maxOccurs="${SOAP_LIST_PAGE.max}"/></xs:sequence></xs:complexType></xs:element>`,
    );
  }
  return `<xs:schema targetNamespace="${serviceNamespace(spec.id)}" xmlns:tns="${serviceNamespace(spec.id)}" elementFormDefault="qualified">${parts.join('')}</xs:schema>`;
}

/** The operation names of a spec, in write / read / list order. */
export function specOperations(spec: ServiceSpec): string[] {
  return ACCESS_KINDS.map((a) => spec.operations[a]).filter((op): op is string => op !== undefined);
}

/**
 * The WSDL document of a service. `address` is the endpoint URL written into both ports. Written
 * by the shared writer ({@link buildWsdl}): the answer's action is the request's + `Response`, and
 * every operation may fail with the simulator's fault (`sim:Error`).
 */
export function serviceWsdl(spec: ServiceSpec, address: string): string {
  return buildWsdl({
    name: `${spec.document}Service`,
    targetNamespace: serviceNamespace(spec.id),
    address,
    namespaces: {},
    schemas: [schema(spec)],
    operations: specOperations(spec).map((op) => {
      const action = operationAction(spec.id, op);
      return { name: op, input: `tns:${requestElement(op)}`, output: `tns:${responseElement(op)}`, action, outputAction: `${action}Response` };
    }),
    documentation: `${spec.title} (eeszt-sim): every request carries the STS SAML token in the WS-Security header; see docs/services.md.`,
  });
}
