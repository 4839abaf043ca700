/**
 * The STS's WSDL (`GET /sts?wsdl`): WS-Trust 1.3 Issue and Validate over SOAP 1.2 and 1.1,
 * with the request and response schema inline (the parts of WS-Trust the simulator uses, with
 * extension points), the context claims in the simulator's namespace, and the fault detail.
 * Credentials go into the wsse:Security header, which clients add with their WS-Security
 * support (node `soap`: `client.setSecurity(new WSSecurity(user, password))`; zeep:
 * `wsse=UsernameToken(user, password)`).
 *
 * @example
 * ```ts
 * stsWsdl('http://127.0.0.1:8080/sts');
 * ```
 */
import { NS_SIM, NS_WST } from '../core/errors.js';
import { NS, WST } from '../saml/namespaces.js';
import { buildWsdl } from '../soap/wsdl.js';

const XS = 'http://www.w3.org/2001/XMLSchema';

const ANY_OTHER = '<xs:any namespace="##other" processContents="lax" minOccurs="0" maxOccurs="unbounded"/>';

/** The inline WS-Trust 1.3 subset. */
export const WST_SCHEMA =
  `<xs:schema xmlns:xs="${XS}" xmlns:wst="${NS_WST}" xmlns:wsp="${NS.wsp}" xmlns:sim="${NS_SIM}" targetNamespace="${NS_WST}" elementFormDefault="qualified">` +
  `<xs:import namespace="${NS_SIM}"/>` +
  `<xs:import namespace="${NS.wsp}"/>` +
  `<xs:element name="RequestSecurityToken" type="wst:RequestSecurityTokenType"/>` +
  `<xs:complexType name="RequestSecurityTokenType"><xs:sequence>` +
  `<xs:element name="TokenType" type="xs:anyURI" minOccurs="0"/>` +
  `<xs:element name="RequestType" type="xs:anyURI"/>` +
  `<xs:element name="KeyType" type="xs:anyURI" minOccurs="0"/>` +
  `<xs:element name="Claims" type="wst:ClaimsType" minOccurs="0"/>` +
  `<xs:element name="ValidateTarget" type="wst:AnyTokenType" minOccurs="0"/>` +
  ANY_OTHER +
  `</xs:sequence><xs:attribute name="Context" type="xs:anyURI" use="optional"/></xs:complexType>` +
  `<xs:complexType name="ClaimsType"><xs:sequence><xs:element ref="sim:InstitutionId"/><xs:element ref="sim:UnitCode"/></xs:sequence>` +
  `<xs:attribute name="Dialect" type="xs:anyURI" use="required"/></xs:complexType>` +
  `<xs:complexType name="AnyTokenType"><xs:sequence><xs:any namespace="##other" processContents="lax" minOccurs="0" maxOccurs="unbounded"/></xs:sequence></xs:complexType>` +
  `<xs:element name="RequestSecurityTokenResponseCollection"><xs:complexType><xs:sequence>` +
  `<xs:element ref="wst:RequestSecurityTokenResponse" maxOccurs="unbounded"/></xs:sequence></xs:complexType></xs:element>` +
  `<xs:element name="RequestSecurityTokenResponse" type="wst:RequestSecurityTokenResponseType"/>` +
  `<xs:complexType name="RequestSecurityTokenResponseType"><xs:sequence>` +
  `<xs:element name="TokenType" type="xs:anyURI" minOccurs="0"/>` +
  `<xs:element name="RequestedSecurityToken" type="wst:AnyTokenType" minOccurs="0"/>` +
  `<xs:element name="RequestedAttachedReference" type="wst:AnyTokenType" minOccurs="0"/>` +
  `<xs:element name="RequestedUnattachedReference" type="wst:AnyTokenType" minOccurs="0"/>` +
  // wsp:AppliesTo by name, not an xs:any: zeep ignores an xs:any's namespace and would swallow
  // the Validate answer's wst:Status into it (Status then reads as None).
  `<xs:element ref="wsp:AppliesTo" minOccurs="0"/>` +
  `<xs:element name="Lifetime" type="wst:AnyTokenType" minOccurs="0"/>` +
  `<xs:element name="KeyType" type="xs:anyURI" minOccurs="0"/>` +
  `<xs:element name="Status" minOccurs="0"><xs:complexType><xs:sequence><xs:element name="Code" type="xs:anyURI"/><xs:element name="Reason" type="xs:string" minOccurs="0"/></xs:sequence></xs:complexType></xs:element>` +
  `</xs:sequence><xs:attribute name="Context" type="xs:anyURI" use="optional"/></xs:complexType>` +
  `</xs:schema>`;

/** WS-Policy's `wsp:AppliesTo` (an endpoint reference), as the Issue answer carries it. */
export const WSP_SCHEMA =
  `<xs:schema xmlns:xs="${XS}" targetNamespace="${NS.wsp}" elementFormDefault="qualified">` +
  `<xs:element name="AppliesTo"><xs:complexType><xs:sequence><xs:any namespace="##other" processContents="lax" minOccurs="0" maxOccurs="unbounded"/></xs:sequence></xs:complexType></xs:element>` +
  `</xs:schema>`;

/** The claims elements, in the simulator's namespace. */
const SIM_ELEMENTS =
  `<xs:element name="InstitutionId" type="xs:string"><xs:annotation><xs:documentation>EESZT institution id: E + 6-character OTH/NNK id, or P + 6-character OGYEI id, e.g. E01620K.</xs:documentation></xs:annotation></xs:element>` +
  `<xs:element name="UnitCode" type="xs:string"><xs:annotation><xs:documentation>9-digit ÁNTSZ/NNK permit code of the organisational unit, e.g. 016200101.</xs:documentation></xs:annotation></xs:element>`;

/** The STS WSDL for an endpoint address. */
export function stsWsdl(address: string): string {
  return buildWsdl({
    name: 'SecurityTokenService',
    targetNamespace: 'urn:eeszt-sim:sts',
    address,
    namespaces: { wst: NS_WST, wsp: NS.wsp },
    schemas: [WST_SCHEMA, WSP_SCHEMA],
    simElements: SIM_ELEMENTS,
    documentation:
      'EESZT-SIM Security Token Service: WS-Trust 1.3 Issue (SAML 2.0 bearer tokens) and Validate. Authenticate in the wsse:Security header: UsernameToken (password), X.509 BinarySecurityToken with a signature over Body and Timestamp (institutional certificate), or the rID package with the username (eID card). Name the context in wst:Claims Dialect="urn:eeszt-sim:claims". See docs/protocol.md.',
    operations: [
      {
        name: 'Issue',
        input: 'wst:RequestSecurityToken',
        output: 'wst:RequestSecurityTokenResponseCollection',
        action: WST.actionIssue,
        outputAction: WST.actionIssueFinal,
        documentation: 'Issue a SAML 2.0 bearer token for the context named in the claims.',
      },
      {
        name: 'Validate',
        input: 'wst:RequestSecurityToken',
        output: 'wst:RequestSecurityTokenResponse',
        action: WST.actionValidate,
        outputAction: WST.actionValidateFinal,
        documentation: 'Check whether a token (in wst:ValidateTarget) is still good: status valid or invalid with a reason.',
      },
    ],
  });
}
