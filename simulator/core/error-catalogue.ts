/**
 * The one error catalogue: for each stable error code, a short English text (what APIs and
 * reports may show next to the detailed message) and its Hungarian text (what the UI shows to
 * Hungarian staff, code kept visible). The detailed English message of each refusal stays where
 * it is raised; this is the code's meaning, in both languages. Codes are added next to related
 * ones. docs/errors.md describes it.
 *
 * @example
 * ```ts
 * errorText('TOKEN_ISSUED_BEFORE_RESET', 'hu'); // 'A SAML-jegyet a környezet visszaállítása előtt …'
 * ```
 */

/** The texts of one error code. */
export interface ErrorText {
  en: string;
  hu: string;
}

/** Every catalogued code with its English and Hungarian text. */
export const ERROR_CATALOGUE: Readonly<Record<string, ErrorText>> = Object.freeze({
  // --- the foundation: request format, XML and SOAP, availability
  BAD_REQUEST: {
    en: 'The request is malformed; the message names the field to fix.',
    hu: 'A kérés hibás formátumú; az üzenet megnevezi a javítandó mezőt.',
  },
  NOT_FOUND: {
    en: 'Nothing is served at this path; GET /.well-known/eeszt-sim lists every endpoint.',
    hu: 'Ezen az útvonalon nincs szolgáltatás; a GET /.well-known/eeszt-sim felsorolja az összes végpontot.',
  },
  CONFLICT: {
    en: 'The request conflicts with the current state; the message says what is in the way.',
    hu: 'A kérés ütközik a jelenlegi állapottal; az üzenet megmondja, mi akadályozza.',
  },
  FORBIDDEN: {
    en: 'The caller is not allowed to do this; the message names the missing permission.',
    hu: 'A hívó ezt nem teheti meg; az üzenet megnevezi a hiányzó jogosultságot.',
  },
  UNAUTHORIZED: {
    en: 'Authentication is needed, or the credentials sent were not accepted; log in again.',
    hu: 'Azonosítás szükséges, vagy a megadott hitelesítő adatokat a rendszer nem fogadta el; jelentkezzen be újra.',
  },
  IDENTIFIER_INVALID: {
    en: 'An identifier (username, institution id, unit code, TAJ …) breaks its format rules; use the value the message suggests.',
    hu: 'Egy azonosító (felhasználónév, intézményazonosító, szervezeti egység kódja, TAJ-szám …) nem felel meg a formai szabályoknak; használja az üzenetben javasolt értéket.',
  },
  VALIDATION_FAILED: {
    en: 'The document or form has problems; each is listed with its field. Fix them and send it again.',
    hu: 'A dokumentum vagy az űrlap hibás; a hibák mezőnként fel vannak sorolva. Javítsa őket, és küldje el újra.',
  },
  PAYLOAD_TOO_LARGE: {
    en: 'The request body is over the size limit[ of {limitBytes} bytes]; send less.',
    hu: 'A kérés törzse meghaladja a méretkorlátot[ ({limitBytes} bájt)]; küldjön kevesebb adatot.',
  },
  UNSUPPORTED_MEDIA_TYPE: {
    en: 'This endpoint does not speak the content type sent; SOAP endpoints take application/soap+xml (SOAP 1.2) or text/xml (SOAP 1.1).',
    hu: 'Ez a végpont nem ismeri a küldött tartalomtípust; a SOAP-végpontok application/soap+xml (SOAP 1.2) vagy text/xml (SOAP 1.1) tartalmat fogadnak.',
  },
  JSON_EXPECTED: {
    en: 'This API takes JSON: send the body as application/json.',
    hu: 'Ez az API JSON-t fogad: a kérés törzsét application/json típussal küldje.',
  },
  JSON_MALFORMED: {
    en: 'The JSON body does not parse; fix its syntax.',
    hu: 'A JSON-törzs nem értelmezhető; javítsa a szintaxisát.',
  },
  BODY_INVALID: {
    en: 'The JSON body does not fit the endpoint: it is not an object, a field is unknown or missing, or a value has the wrong type or length; details.errors names each field, and the message shows a well-formed body.',
    hu: 'A kérés JSON-törzse nem illik a végponthoz: nem objektum, ismeretlen vagy hiányzó mezőt tartalmaz, vagy egy érték típusa, hossza nem megfelelő; a details.errors mezőnként megnevezi a hibát, az üzenet pedig helyes példát mutat.',
  },
  JSON_TOO_DEEP: {
    en: 'The JSON body is nested deeper than any request of this API needs; send a flatter body.',
    hu: 'A JSON-törzs mélyebben ágyazott, mint amit az API bármely kérése igényel; küldjön laposabb szerkezetet.',
  },
  QUERY_INVALID: {
    en: 'A query parameter is missing or not valid; the message names it and what it takes.',
    hu: 'Egy lekérdezési paraméter hiányzik vagy érvénytelen; az üzenet megnevezi, és megadja, milyen értéket fogad.',
  },
  XML_MALFORMED: {
    en: 'The XML is not well-formed (or not UTF-8, or empty); fix it where the parser says.',
    hu: 'Az XML nem szabályos (vagy nem UTF-8 kódolású, vagy üres); javítsa ott, ahol az értelmező jelzi.',
  },
  XML_FORBIDDEN_CONSTRUCT: {
    en: 'The XML uses a construct the simulator refuses (DOCTYPE, entities, processing instructions) or goes over a size limit; remove it.',
    hu: 'Az XML olyan szerkezetet tartalmaz, amelyet a szimulátor elutasít (DOCTYPE, entitás, feldolgozási utasítás), vagy túllép egy méretkorlátot; távolítsa el.',
  },
  SOAP_VERSION_MISMATCH: {
    en: 'The message is not a SOAP envelope of the version its content type names; match the envelope namespace and the content type.',
    hu: 'Az üzenet nem a tartalomtípusnak megfelelő verziójú SOAP-boríték; hangolja össze a boríték névterét és a tartalomtípust.',
  },
  SOAP_MALFORMED: {
    en: 'The SOAP envelope is not one optional Header followed by one Body with exactly one request element.',
    hu: 'A SOAP-boríték nem egy (elhagyható) Header és utána egyetlen, pontosan egy kéréselemet tartalmazó Body.',
  },
  SOAP_EXPECTED: {
    en: 'This is a SOAP endpoint: send a SOAP envelope (see its WSDL).',
    hu: 'Ez SOAP-végpont: SOAP-borítékot küldjön (lásd a WSDL-jét).',
  },
  ACTION_MISMATCH: {
    en: "The action named by the request (wsa:Action, SOAPAction) is not the one of its Body's operation; send the action of the operation.",
    hu: 'A kérésben megadott művelet (wsa:Action, SOAPAction) nem egyezik a Body műveletével; a művelethez tartozó actiont küldje.',
  },
  SERVICE_UNAVAILABLE: {
    en: 'The service is unavailable (a simulated outage); try again later.',
    hu: 'A szolgáltatás nem érhető el (szimulált kiesés); próbálja újra később.',
  },
  INTERNAL_ERROR: {
    en: 'The simulator failed to process the request (a simulator bug, logged); try again, and report it with the correlation id if it persists.',
    hu: 'A szimulátor nem tudta feldolgozni a kérést (a szimulátor hibája, naplózva); próbálja újra, és ha ismétlődik, jelezze a korrelációs azonosítóval.',
  },
  CLIENT_ABORTED: {
    en: 'The client ended the exchange before it was complete; the request was not processed.',
    hu: 'A kliens a kérés befejezése előtt megszakította a kapcsolatot; a kérés nem lett feldolgozva.',
  },
  // --- control API bodies
  RESET_REQUEST_INVALID: {
    en: 'The body of POST /_sim/reset is not {"keepJournal": true|false, "keepClock": true|false}; send booleans, or no body.',
    hu: 'A POST /_sim/reset kérés törzse nem {"keepJournal": true|false, "keepClock": true|false} alakú; logikai értékeket küldjön, vagy ne küldjön törzset.',
  },
  // --- the trainer UI's event stream (GET /ui/api/events)
  UI_STREAM_REPLACED: {
    en: 'This browser opened more UI event streams than the simulator keeps for one client, and the oldest was closed. One is enough (the UI shares it between tabs): close unused tabs or reload this one.',
    hu: 'Ez a böngésző több UI-eseményfolyamot nyitott, mint amennyit a szimulátor egy kliensnek fenntart, ezért a legrégebbit lezárta. Egy is elég (a felület megosztja a lapok között): zárja be a nem használt lapokat, vagy töltse újra ezt.',
  },
  // --- the control API, isolated runs and fault injection
  CONTROL_NOT_LOOPBACK: {
    en: "The control API answers only on the simulator's own machine, unless the simulator runs with --control-token.",
    hu: 'A vezérlő API csak a szimulátor saját gépéről érhető el, kivéve ha a szimulátor --control-token kapcsolóval fut.',
  },
  CONTROL_TOKEN_REQUIRED: {
    en: 'The control API needs the token the simulator was started with (--control-token); enter it.',
    hu: 'A vezérlő API a szimulátor indításakor megadott tokent (--control-token) kéri; adja meg.',
  },
  CONTROL_TOKEN_INVALID: {
    en: 'The control token is wrong; enter the token the simulator was started with.',
    hu: 'A vezérlő token hibás; a szimulátor indításakor megadott tokent adja meg.',
  },
  CLOCK_REQUEST_INVALID: {
    en: 'The clock request is not valid: send set (a time), advance (a duration), freeze and/or resume.',
    hu: 'Az órakérés érvénytelen: set (időpont), advance (időtartam), freeze és/vagy resume adható meg.',
  },
  DURATION_INVALID: {
    en: 'The duration is not valid; use e.g. 7h, 90m or PT7H.',
    hu: 'Az időtartam érvénytelen; pl. 7h, 90m vagy PT7H alakban adja meg.',
  },
  REVOCATION_REQUEST_INVALID: {
    en: 'The revocation request needs a hexadecimal certificate serial number.',
    hu: 'A visszavonási kéréshez hexadecimális tanúsítvány-sorozatszám szükséges.',
  },
  REVOCATION_NOT_FOUND: {
    en: 'This serial number is not revoked, so there is nothing to restore.',
    hu: 'Ez a sorozatszám nincs visszavonva, így nincs mit visszaállítani.',
  },
  RUN_REQUEST_INVALID: {
    en: 'The run request is not valid (e.g. clock.start is not an ISO 8601 time).',
    hu: 'A futtatási kérés érvénytelen (pl. a clock.start nem ISO 8601 időpont).',
  },
  RUN_NOT_FOUND: {
    en: 'There is no such isolated run (it was deleted or expired when idle); create a new one.',
    hu: 'Nincs ilyen elkülönített futás (törölték, vagy tétlenség miatt lejárt); hozzon létre újat.',
  },
  RUN_LIMIT_REACHED: {
    en: 'As many isolated runs exist as the simulator keeps; delete finished runs first.',
    hu: 'Már annyi elkülönített futás létezik, amennyit a szimulátor megtart; előbb törölje a befejezetteket.',
  },
  FAULT_INJECTED: {
    en: 'This refusal was injected on purpose by a fault rule of the control API (a test of error handling).',
    hu: 'Ezt a hibát a vezérlő API egy hibainjektálási szabálya szándékosan idézte elő (hibakezelési teszt).',
  },
  FAULT_RULE_INVALID: {
    en: 'The fault rule is not valid; the message names the field to fix.',
    hu: 'A hibainjektálási szabály érvénytelen; az üzenet megnevezi a javítandó mezőt.',
  },
  FAULT_RULE_NOT_FOUND: {
    en: 'There is no fault rule with this id.',
    hu: 'Nincs ilyen azonosítójú hibainjektálási szabály.',
  },
  FAULT_RULE_LIMIT: {
    en: 'There are as many fault rules as an environment keeps; delete some first.',
    hu: 'Már annyi hibainjektálási szabály van, amennyit egy környezet megtart; előbb töröljön néhányat.',
  },
  // --- tokens and environments
  TOKEN_FOREIGN_ENVIRONMENT: {
    en: "The SAML token was issued by another environment of the simulator (the default one or another isolated run); get a token from this environment's STS.",
    hu: 'A SAML-jegyet a szimulátor egy másik környezete (az alapkörnyezet vagy egy másik elkülönített futás) állította ki; kérjen jegyet ennek a környezetnek az STS-étől.',
  },
  TOKEN_ISSUED_BEFORE_RESET: {
    en: 'The SAML token was issued before this environment was reset, which drops every issued token; get a new one.',
    hu: 'A SAML-jegyet a környezet visszaállítása előtt állították ki, a visszaállítás pedig minden kiadott jegyet érvénytelenít; kérjen újat.',
  },
  // --- the STS, WS-Security, credentials and SAML tokens
  RST_EXPECTED: {
    en: 'The STS expects a WS-Trust RequestSecurityToken in the Body.',
    hu: 'Az STS a Body-ban WS-Trust RequestSecurityToken elemet vár.',
  },
  RST_NAMESPACE_UNSUPPORTED: {
    en: 'The RequestSecurityToken is of another WS-Trust version; use WS-Trust 1.3.',
    hu: 'A RequestSecurityToken más WS-Trust-verziójú; WS-Trust 1.3-at használjon.',
  },
  RST_MALFORMED: {
    en: 'The RequestSecurityToken is malformed; the message names the element to fix.',
    hu: 'A RequestSecurityToken hibás; az üzenet megnevezi a javítandó elemet.',
  },
  REQUEST_TYPE_MISSING: {
    en: 'The RequestSecurityToken has no RequestType; send Issue or Validate.',
    hu: 'A RequestSecurityToken-ből hiányzik a RequestType; Issue vagy Validate értéket küldjön.',
  },
  REQUEST_TYPE_UNSUPPORTED: {
    en: 'The STS answers only Issue and Validate requests.',
    hu: 'Az STS csak Issue és Validate kérésekre válaszol.',
  },
  TOKEN_TYPE_UNSUPPORTED: {
    en: 'The STS issues SAML 2.0 tokens only; ask for that token type.',
    hu: 'Az STS csak SAML 2.0 jegyet ad ki; ezt a jegytípust kérje.',
  },
  KEY_TYPE_UNSUPPORTED: {
    en: 'The STS issues bearer tokens only; ask for the Bearer key type or leave it out.',
    hu: 'Az STS csak bearer jegyet ad ki; Bearer kulcstípust kérjen, vagy hagyja el.',
  },
  APPLIES_TO_UNKNOWN: {
    en: 'The AppliesTo names no service of this EESZT; name a service endpoint or leave it out.',
    hu: 'Az AppliesTo nem ennek az EESZT-nek egy szolgáltatását nevezi meg; adjon meg szolgáltatásvégpontot, vagy hagyja el.',
  },
  CONTEXT_MISSING: {
    en: 'The token request names no institution and unit; send them as claims.',
    hu: 'A jegykérés nem nevez meg intézményt és szervezeti egységet; küldje el őket claimként.',
  },
  CLAIMS_DIALECT_UNSUPPORTED: {
    en: 'The claims are of an unknown dialect; use the EESZT claims dialect.',
    hu: 'A claimek ismeretlen dialektusúak; az EESZT claim-dialektust használja.',
  },
  AUTHENTICATION_MISSING: {
    en: 'The token request carries no credentials: send a password, the rID package of the card, or the institutional certificate.',
    hu: 'A jegykérés nem tartalmaz hitelesítő adatot: küldjön jelszót, a kártya rID-csomagját vagy az intézményi tanúsítványt.',
  },
  AUTHENTICATION_AMBIGUOUS: {
    en: 'The token request carries several kinds of credentials at once; send one login method.',
    hu: 'A jegykérés egyszerre többféle hitelesítő adatot tartalmaz; egyetlen belépési módot használjon.',
  },
  VALIDATE_TARGET_MISSING: {
    en: 'The Validate request carries no SAML token to check.',
    hu: 'A Validate kérés nem tartalmaz ellenőrizendő SAML-jegyet.',
  },
  VALIDATE_TARGET_UNSUPPORTED: {
    en: 'Validate checks SAML 2.0 tokens only.',
    hu: 'A Validate csak SAML 2.0 jegyet ellenőriz.',
  },
  TOKEN_VALUE_TYPE_UNSUPPORTED: {
    en: 'A BinarySecurityToken of an unknown type was sent; send an X.509 certificate or the rID package.',
    hu: 'Ismeretlen típusú BinarySecurityToken érkezett; X.509-tanúsítványt vagy rID-csomagot küldjön.',
  },
  USERNAME_MISSING: {
    en: 'The username is missing; enter the EESZT username (e.g. O123456).',
    hu: 'Hiányzik a felhasználónév; adja meg az EESZT-felhasználónevet (pl. O123456).',
  },
  USERNAME_TOKEN_MALFORMED: {
    en: 'The UsernameToken is malformed (e.g. a digest without Nonce or Created); the message names what is missing.',
    hu: 'A UsernameToken hibás (pl. digest Nonce vagy Created nélkül); az üzenet megnevezi, mi hiányzik.',
  },
  PASSWORD_TYPE_UNSUPPORTED: {
    en: 'The password type is not PasswordText or PasswordDigest.',
    hu: 'A jelszó típusa nem PasswordText és nem PasswordDigest.',
  },
  PASSWORD_MISSING: {
    en: 'The password is missing; enter it.',
    hu: 'Hiányzik a jelszó; adja meg.',
  },
  PASSWORD_WRONG: {
    en: 'Wrong username or password. Repeated wrong passwords lock the account for a while.',
    hu: 'Hibás felhasználónév vagy jelszó. Ismételt hibás jelszó esetén a fiók egy időre zárolódik.',
  },
  ACCOUNT_LOCKED: {
    en: 'The account is locked after repeated wrong passwords[ until {lockedUntil}]; wait, or log in with the eSzemélyi.',
    hu: 'A fiók ismételt hibás jelszavak miatt zárolva[ eddig: {lockedUntil}]; várjon, vagy jelentkezzen be eSzemélyivel.',
  },
  MOBILTOKEN_INVALID: {
    en: 'The mobilToken code is wrong; type the 6 digits the mobilToken app shows now.',
    hu: 'Hibás a mobilToken kód; a mobilToken alkalmazásban most látható 6 számjegyet írja be.',
  },
  MOBILTOKEN_STALE: {
    en: 'The mobilToken code is no longer valid (codes change every minute); type the code shown now.',
    hu: 'A mobilToken kód már nem érvényes (a kód percenként változik); a most látható kódot írja be.',
  },
  MOBILTOKEN_NOT_YET_VALID: {
    en: "The mobilToken code is not valid yet (the phone's clock runs ahead); wait a minute or type the code shown now.",
    hu: 'A mobilToken kód még nem érvényes (a telefon órája siet); várjon egy percet, vagy a most látható kódot írja be.',
  },
  MOBILTOKEN_REUSED: {
    en: 'This mobilToken code was used already; each code works once: wait for the next one.',
    hu: 'Ezt a mobilToken kódot már felhasználták; minden kód csak egyszer érvényes: várja meg a következőt.',
  },
  CERTIFICATE_MALFORMED: {
    en: "The certificate cannot be read; send the institution's DER X.509 certificate.",
    hu: 'A tanúsítvány nem olvasható; az intézmény DER formátumú X.509-tanúsítványát küldje.',
  },
  CERTIFICATE_INVALID: {
    en: 'The certificate was refused (it fails a chain rule); use a current institutional certificate of this EESZT.',
    hu: 'A tanúsítványt a rendszer elutasította (egy láncszabálynak nem felel meg); ennek az EESZT-nek érvényes intézményi tanúsítványát használja.',
  },
  CERTIFICATE_EXPIRED: {
    en: 'The certificate has expired at the simulator clock; use a current one.',
    hu: 'A tanúsítvány a szimulátor órája szerint lejárt; érvényes tanúsítványt használjon.',
  },
  CERTIFICATE_NOT_YET_VALID: {
    en: 'The certificate is not valid yet at the simulator clock; use a current one.',
    hu: 'A tanúsítvány a szimulátor órája szerint még nem érvényes; érvényes tanúsítványt használjon.',
  },
  CERTIFICATE_REVOKED: {
    en: 'The certificate is revoked; request a new one.',
    hu: 'A tanúsítványt visszavonták; igényeljen újat.',
  },
  CERTIFICATE_UNKNOWN_CA: {
    en: 'The certificate was not issued by the EESZT institutional CA.',
    hu: 'A tanúsítványt nem az EESZT intézményi hitelesítésszolgáltatója bocsátotta ki.',
  },
  CERTIFICATE_NOT_INSTITUTIONAL: {
    en: "The certificate names no institution; use the institution's own certificate.",
    hu: 'A tanúsítvány nem nevez meg intézményt; az intézmény saját tanúsítványát használja.',
  },
  CERTIFICATE_INSTITUTION_MISMATCH: {
    en: 'The certificate belongs to another institution than the one the token is asked for.',
    hu: 'A tanúsítvány más intézményé, mint amelyiknek a nevében a jegyet kérik.',
  },
  INSTITUTION_CERTIFICATE_NOT_ENABLED: {
    en: 'This institution is not set up for certificate login; log in with a user instead.',
    hu: 'Ez az intézmény nincs felkészítve tanúsítványos bejelentkezésre; felhasználóként jelentkezzen be.',
  },
  NOT_MEMBER_OF_INSTITUTION: {
    en: 'The user does not work at this institution; pick an institution the user belongs to.',
    hu: 'A felhasználó nem ennek az intézménynek a dolgozója; olyan intézményt válasszon, amelyhez a felhasználó tartozik.',
  },
  NOT_MEMBER_OF_UNIT: {
    en: 'The user does not work in this unit; pick a unit the user belongs to.',
    hu: 'A felhasználó nem ennek a szervezeti egységnek a dolgozója; olyan egységet válasszon, amelyhez a felhasználó tartozik.',
  },
  UNIT_NOT_IN_INSTITUTION: {
    en: 'This unit does not belong to the institution; pick a unit of the institution.',
    hu: 'Ez a szervezeti egység nem az intézményhez tartozik; az intézmény egyik egységét válassza.',
  },
  UNIT_UNKNOWN: {
    en: 'There is no such unit; check the 9-digit unit code.',
    hu: 'Nincs ilyen szervezeti egység; ellenőrizze a 9 jegyű kódot.',
  },
  SECURITY_HEADER_MISSING: {
    en: 'The SOAP message has no wsse:Security header; add one with the credentials or the SAML token.',
    hu: 'A SOAP-üzenetből hiányzik a wsse:Security fejléc; tegye bele a hitelesítő adatokat vagy a SAML-jegyet.',
  },
  SECURITY_HEADER_DUPLICATE: {
    en: 'The SOAP message has two wsse:Security headers; send one.',
    hu: 'A SOAP-üzenetben két wsse:Security fejléc van; egyet küldjön.',
  },
  TIMESTAMP_MISSING: {
    en: 'The signed message has no wsu:Timestamp; add one and sign it.',
    hu: 'Az aláírt üzenetből hiányzik a wsu:Timestamp; tegye bele, és írja alá.',
  },
  TIMESTAMP_MALFORMED: {
    en: 'The timestamp cannot be read; use UTC times such as 2026-03-02T08:00:00Z.',
    hu: 'Az időbélyeg nem olvasható; UTC-időt használjon, pl. 2026-03-02T08:00:00Z.',
  },
  TIMESTAMP_IN_FUTURE: {
    en: "The timestamp is ahead of the simulator clock by more than the allowed skew; check the sender's clock.",
    hu: 'Az időbélyeg a megengedett eltérésnél jobban siet a szimulátor órájához képest; ellenőrizze a küldő óráját.',
  },
  MESSAGE_EXPIRED: {
    en: 'The message is too old (its timestamp expired, or it lags behind the clock by more than the skew); send it again with a fresh timestamp.',
    hu: 'Az üzenet túl régi (az időbélyege lejárt, vagy jobban késik az órához képest a megengedettnél); küldje újra friss időbélyeggel.',
  },
  SIGNATURE_MISSING: {
    en: "The certificate login has no XML signature; sign the Body and the Timestamp with the certificate's key.",
    hu: 'A tanúsítványos bejelentkezésből hiányzik az XML-aláírás; írja alá a Body-t és a Timestampet a tanúsítvány kulcsával.',
  },
  SIGNATURE_INVALID: {
    en: 'The XML signature does not verify (the content changed, or the wrong key signed it).',
    hu: 'Az XML-aláírás nem ellenőrizhető (a tartalom megváltozott, vagy rossz kulccsal írták alá).',
  },
  SIGNATURE_KEY_REFERENCE_INVALID: {
    en: 'The signature does not point at the certificate sent in the message; reference that BinarySecurityToken.',
    hu: 'Az aláírás nem az üzenetben küldött tanúsítványra hivatkozik; arra a BinarySecurityTokenre hivatkozzon.',
  },
  SIGNATURE_PROFILE_INVALID: {
    en: 'The signature uses an algorithm or form outside the allowed profile; the message names the allowed ones.',
    hu: 'Az aláírás a megengedett profilon kívüli algoritmust vagy formát használ; az üzenet megnevezi a megengedetteket.',
  },
  SIGNATURE_DOES_NOT_COVER_BODY: {
    en: 'The signature does not cover the SOAP Body; sign the Body too.',
    hu: 'Az aláírás nem terjed ki a SOAP Body-ra; azt is írja alá.',
  },
  SIGNATURE_DOES_NOT_COVER_TIMESTAMP: {
    en: 'The signature does not cover the Timestamp; sign the Timestamp too.',
    hu: 'Az aláírás nem terjed ki az időbélyegre; azt is írja alá.',
  },
  DUPLICATE_ID: {
    en: 'Two elements carry the same ID; every wsu:Id and ID must be unique.',
    hu: 'Két elem azonos azonosítót visel; minden wsu:Id és ID legyen egyedi.',
  },
  FAILED_AUTHENTICATION: {
    en: 'The login failed: the credentials were not accepted.',
    hu: 'A bejelentkezés sikertelen: a hitelesítő adatokat a rendszer nem fogadta el.',
  },
  INVALID_SECURITY: {
    en: "The message's security header is not acceptable; the message says what is wrong.",
    hu: 'Az üzenet biztonsági fejléce nem elfogadható; az üzenet megmondja, mi a hiba.',
  },
  INVALID_SECURITY_TOKEN: {
    en: 'The security token (certificate, assertion, rID package) is not acceptable; the message says why.',
    hu: 'A biztonsági token (tanúsítvány, SAML-jegy, rID-csomag) nem elfogadható; az üzenet megmondja, miért.',
  },
  TOKEN_MISSING: {
    en: 'No SAML token was sent; activate the EESZT connection (log in) first and send its token.',
    hu: 'Nem érkezett SAML-jegy; előbb aktiválja az EESZT-kapcsolatot (jelentkezzen be), és annak jegyét küldje.',
  },
  TOKEN_AMBIGUOUS: {
    en: 'The message carries more than one SAML token; send one.',
    hu: 'Az üzenet több SAML-jegyet tartalmaz; egyet küldjön.',
  },
  TOKEN_MALFORMED: {
    en: 'The SAML token cannot be read; send it unchanged, as the STS issued it.',
    hu: 'A SAML-jegy nem olvasható; változatlanul, az STS által kiadott formában küldje.',
  },
  TOKEN_SIGNATURE_MISSING: {
    en: 'The SAML token is not signed; use the token the STS issued.',
    hu: 'A SAML-jegy nincs aláírva; az STS által kiadott jegyet használja.',
  },
  TOKEN_SIGNATURE_INVALID: {
    en: "The SAML token's signature does not verify (it was changed); get a new token from the STS.",
    hu: 'A SAML-jegy aláírása nem ellenőrizhető (módosították); kérjen új jegyet az STS-től.',
  },
  TOKEN_ISSUER_UNKNOWN: {
    en: "The SAML token was not issued by this EESZT's STS; get a token here.",
    hu: 'A SAML-jegyet nem ennek az EESZT-nek az STS-e állította ki; itt kérjen jegyet.',
  },
  TOKEN_NOT_YET_VALID: {
    en: 'The SAML token is not valid yet at the simulator clock; wait, or get a new token.',
    hu: 'A SAML-jegy a szimulátor órája szerint még nem érvényes; várjon, vagy kérjen új jegyet.',
  },
  TOKEN_EXPIRED: {
    en: 'The SAML token has expired (tokens last 7 hours)[; it was valid until {expiresAt}]. Activate the EESZT connection again (log in) for a new token.',
    hu: 'A SAML-jegy lejárt (a jegyek 7 óráig érvényesek)[; érvényes volt eddig: {expiresAt}]. Aktiválja újra az EESZT-kapcsolatot (jelentkezzen be) új jegyért.',
  },
  TOKEN_AUDIENCE_MISMATCH: {
    en: 'The SAML token was issued for another service; get a token for this one (or without AppliesTo).',
    hu: 'A SAML-jegyet másik szolgáltatásnak állították ki; ehhez a szolgáltatáshoz kérjen jegyet (vagy AppliesTo nélkül).',
  },
  ADMIN_TOKEN_MISSING: {
    en: 'The admin API needs the SAML token of the logged-in admin (Authorization: SAML …); log in at the Ágazati portál.',
    hu: 'Az adminisztrációs API a bejelentkezett adminisztrátor SAML-jegyét kéri (Authorization: SAML …); jelentkezzen be az Ágazati portálra.',
  },
  ADMIN_TOKEN_MALFORMED: {
    en: 'The Authorization header does not hold a base64 SAML token; log in at the Ágazati portál again.',
    hu: 'Az Authorization fejléc nem base64 SAML-jegyet tartalmaz; jelentkezzen be újra az Ágazati portálra.',
  },
  WAF_CERTIFICATE_MISSING: {
    en: "Over TLS this endpoint needs the organisation's WAF-SSL client certificate; configure it (Ágazati portál → WAF-SSL tanúsítvány).",
    hu: 'TLS-en ez a végpont a szervezet WAF-SSL kliens-tanúsítványát kéri; állítsa be (Ágazati portál → WAF-SSL tanúsítvány).',
  },
  WAF_CERTIFICATE_REFUSED: {
    en: 'The client certificate is expired, not yet valid, or not a WAF-SSL certificate of this EESZT; use a current one.',
    hu: 'A kliens-tanúsítvány lejárt, még nem érvényes, vagy nem ennek az EESZT-nek a WAF-SSL tanúsítványa; érvényeset használjon.',
  },
  WAF_CERTIFICATE_REVOKED: {
    en: 'The WAF-SSL client certificate is revoked; download a new one at the Ágazati portál.',
    hu: 'A WAF-SSL kliens-tanúsítványt visszavonták; töltsön le újat az Ágazati portálon.',
  },
  // --- authentication strength (seed 003) and the policy
  MULTI_FACTOR_REQUIRED: {
    en: "A multi-factor login is needed for patients' data and the admin functions: log in with the eSzemélyi card, or with the password plus the mobilToken code.",
    hu: 'A betegadatokhoz és az adminisztrációs funkciókhoz többfaktoros bejelentkezés szükséges: jelentkezzen be eSzemélyivel, vagy jelszóval és mobilToken kóddal.',
  },
  INSTITUTION_CERTIFICATE_REQUIRED: {
    en: 'Institutional users act only with a token obtained with the institutional certificate: request the token from the STS with the certificate (X.509).',
    hu: 'Intézményi felhasználó csak az intézményi tanúsítvánnyal kapott SAML-jeggyel járhat el: kérje a jegyet a tanúsítvánnyal (X.509) az STS-től.',
  },
  POLICY_INVALID: {
    en: 'Unknown policy: use strict (the default) or lenient.',
    hu: 'Ismeretlen szabályrend: strict (alapértelmezett) vagy lenient adható meg.',
  },
  // --- virtual eID cards and the PC/SC reader (eeszt-sim reader --pcsc)
  CARD_APDU_INVALID: {
    en: 'The card APDU request is not {"session":"<id>","apdu":"<hex>"}: give a card session id (8 to 64 letters, digits, - or _) and a command APDU of at least 4 bytes in hex.',
    hu: 'A kártya-APDU kérése nem {"session":"<azonosító>","apdu":"<hex>"} alakú: adjon meg kártyamunkamenet-azonosítót (8–64 betű, számjegy, - vagy _) és legalább 4 bájtos parancs-APDU-t hexadecimálisan.',
  },
  PIN_STATE_INVALID: {
    en: "The card's PIN state does not fit its try counters (a blocked PIN has 0 PIN tries, a dead card 0 PIN and 0 PUK tries, any other state at least one of each), or a counter is out of range.",
    hu: 'A kártya PIN-állapota nem illik a próbálkozásszámlálókhoz (letiltott PIN: 0 PIN-próbálkozás; használhatatlan kártya: 0 PIN- és 0 PUK-próbálkozás; más állapot: mindkettőből legalább egy), vagy egy számláló a megengedett tartományon kívül esik.',
  },
  PCSC_READER_LIMIT: {
    en: "Every vpcd reader port is taken (Debian's vpcd offers two, 35963 and 35964). Detach a reader first, or run a second card client with --vpcd-port on a free vpcd port.",
    hu: 'Minden vpcd-olvasóport foglalt (a Debian vpcd kettőt kínál: 35963 és 35964). Előbb válasszon le egy olvasót, vagy indítson második kártyakliens-példányt szabad vpcd-porttal (--vpcd-port).',
  },
  READER_UNKNOWN: {
    en: 'There is no card reader with this id; the message lists the readers attached now (GET /card-client/readers).',
    hu: 'Nincs ilyen azonosítójú kártyaolvasó; az üzenet felsorolja a most csatlakoztatott olvasókat (GET /card-client/readers).',
  },
  // --- the eSzemélyi and the card client (reader, PIN, CAN, PUK, cardholder prompts)
  NO_READER: {
    en: 'No card reader is attached: connect the card reader (and start the eSzemélyi Kliens), then try again.',
    hu: 'Nincs csatlakoztatott kártyaolvasó: csatlakoztassa az olvasót (és indítsa el az eSzemélyi Klienst), majd próbálja újra.',
  },
  NO_CARD: {
    en: 'The reader holds no card: insert the eSzemélyi and try again.',
    hu: 'Az olvasóban nincs kártya: helyezze be az eSzemélyit, és próbálja újra.',
  },
  CARD_REMOVED: {
    en: 'The card was removed (or swapped) during the operation: put it back, leave it in until the end, and start again.',
    hu: 'A kártyát a művelet közben kivették (vagy kicserélték): helyezze vissza, hagyja bent a végéig, és kezdje újra.',
  },
  ACTIVATION_PIN_NOT_CHANGED: {
    en: 'The card still has its 5-digit activation PIN: activate it at the Ágazati portál (which changes the PIN) first.',
    hu: 'A kártyán még az 5 jegyű aktiváló PIN van: előbb aktiválja az Ágazati portálon (ekkor cserélődik a PIN).',
  },
  PIN_CANCELLED: {
    en: 'The PIN entry was cancelled at the reader; nothing was counted against the PIN.',
    hu: 'A PIN megadását megszakították az olvasón; ez nem számít hibás próbálkozásnak.',
  },
  PIN_WRONG: {
    en: 'Wrong PIN.[ {triesLeft} tries left.]',
    hu: 'Hibás PIN.[ Még {triesLeft} próbálkozás maradt.]',
  },
  CAN_REQUIRED: {
    en: 'After two wrong PINs the card asks for the CAN (the 6 digits on the front of the card, next to the photo); enter it, then the PIN.',
    hu: 'Két hibás PIN után a kártya a CAN-t kéri (a kártya előlapján, a fénykép mellett található 6 számjegy); adja meg, majd a PIN-t.',
  },
  PIN_BLOCKED: {
    en: 'The PIN is blocked after three wrong tries: unblock it with the PUK from the green code card.',
    hu: 'A PIN három hibás próbálkozás után letiltva: oldja fel a zöld kódkártyán található PUK-kal.',
  },
  PUK_WRONG: {
    en: 'Wrong PUK.[ {triesLeft} tries left;] when none is left, the card can no longer be used.',
    hu: 'Hibás PUK.[ Még {triesLeft} próbálkozás maradt;] ha elfogy, a kártya többé nem használható.',
  },
  PIN_MISMATCH: {
    en: 'The two entries of the new eID PIN (Új eAzonosítás PIN) differ: type the same 6-digit PIN twice.',
    hu: 'Az Új eAzonosítás PIN két beírása eltér: ugyanazt a 6 jegyű PIN-t írja be kétszer.',
  },
  NEW_PIN_INVALID: {
    en: 'The new eID PIN (Új eAzonosítás PIN) must be exactly 6 digits.',
    hu: 'Az Új eAzonosítás PIN pontosan 6 számjegyből állhat.',
  },
  PIN_ALREADY_CHANGED: {
    en: 'The activation PIN of this card was changed already; the card has its 6-digit eID PIN, go on with the login.',
    hu: 'A kártya aktiváló PIN-jét már lecserélték; a kártyán a 6 jegyű eAzonosítás PIN van, folytassa a bejelentkezést.',
  },
  CARD_EXPIRED: {
    en: 'The card has expired; a new card is needed (and must be activated at the Ágazati portál).',
    hu: 'A kártya lejárt; új kártya szükséges (amelyet az Ágazati portálon aktiválni kell).',
  },
  CARD_DEAD: {
    en: 'All PUK tries are used up: the card can never authenticate again; a new card is needed.',
    hu: 'A PUK-próbálkozások elfogytak: a kártyával többé nem lehet azonosítani; új kártya szükséges.',
  },
  TIMEOUT: {
    en: 'The cardholder did not answer the prompt in time; start again (nothing was counted against the PIN).',
    hu: 'A kártyabirtokos nem válaszolt időben a kérésre; kezdje újra (ez nem számít hibás PIN-nek).',
  },
  CARD_ERROR: {
    en: 'The card answered unexpectedly[ (status word {sw})]; re-insert the card and try once more. If it persists, the card or the reader is faulty.',
    hu: 'A kártya váratlan választ adott[ ({sw} állapotszó)]; helyezze be újra, és próbálja meg még egyszer. Ha ismétlődik, a kártya vagy az olvasó hibás.',
  },
  READER_BUSY: {
    en: 'Another operation is running on this reader; wait for it (or answer or cancel its prompt), then try again.',
    hu: 'Az olvasón másik művelet fut; várja meg (vagy válaszoljon, illetve szakítsa meg a kérését), majd próbálja újra.',
  },
  READER_REQUEST_INVALID: {
    en: 'The reader settings are not valid: pinPad is true or false, the name 1 to 80 characters.',
    hu: 'Az olvasó beállításai érvénytelenek: a pinPad értéke true vagy false, a név 1–80 karakter.',
  },
  SLOT_OCCUPIED: {
    en: 'The reader already holds a card; remove it first.',
    hu: 'Az olvasóban már van kártya; előbb vegye ki.',
  },
  CARD_NOT_FOUND: {
    en: 'No virtual card has this document id; insert a card of the loaded persona set.',
    hu: 'Nincs ilyen okmányazonosítójú virtuális kártya; a betöltött personakészlet egyik kártyáját helyezze be.',
  },
  UNBLOCK_REQUEST_INVALID: {
    en: 'The unblock request is not valid: setNewPin must be true or false.',
    hu: 'A feloldási kérés érvénytelen: a setNewPin értéke true vagy false lehet.',
  },
  CARDHOLDER_MODE_INVALID: {
    en: 'Unknown cardholder mode: use scripted (with steps) or interactive.',
    hu: 'Ismeretlen kártyabirtokos-mód: scripted (lépésekkel) vagy interactive adható meg.',
  },
  CARDHOLDER_SCRIPT_EXHAUSTED: {
    en: 'The scripted cardholder has no step left for this prompt; give the script a step for every prompt.',
    hu: 'A szkriptelt kártyabirtokosnak nincs több lépése erre a kérésre; a szkriptben minden kéréshez legyen lépés.',
  },
  CARDHOLDER_SCRIPT_MISMATCH: {
    en: 'The next scripted step is for another prompt; order the steps as the card asks (CAN before PIN, activation PIN, new PIN, new PIN again).',
    hu: 'A következő szkriptelt lépés másik kéréshez tartozik; a lépéseket a kártya kérési sorrendjében adja meg (CAN a PIN előtt, aktiváló PIN, új PIN, új PIN újra).',
  },
  CARDHOLDER_SCRIPT_INVALID: {
    en: 'A scripted cardholder step is malformed; fix the step the message names.',
    hu: 'A szkriptelt kártyabirtokos egyik lépése hibás; javítsa az üzenetben megnevezett lépést.',
  },
  PROMPT_NOT_PENDING: {
    en: 'This prompt is no longer open (answered, timed out or the card was removed).',
    hu: 'Ez a kérés már nincs nyitva (megválaszolták, lejárt, vagy kivették a kártyát).',
  },
  PROMPT_ANSWER_INVALID: {
    en: 'The answer lacks the value the prompt asks for; enter it in the field shown.',
    hu: 'A válaszból hiányzik a kért érték; adja meg a megjelenített mezőben.',
  },
  SIMULATOR_UNREACHABLE: {
    en: 'The card client cannot reach the simulator (the source of the virtual cards); start the simulator or fix --target.',
    hu: 'A kártyakliens nem éri el a szimulátort (a virtuális kártyák forrását); indítsa el a szimulátort, vagy javítsa a --target értékét.',
  },
  PCSC_UNAVAILABLE: {
    en: 'pcscd, its vpcd reader or the PC/SC helper cannot be reached; start pcscd with vsmartcard-vpcd (and install python3-pyscard), or run without --pcsc.',
    hu: 'A pcscd, annak vpcd-olvasója vagy a PC/SC-segéd nem érhető el; indítsa el a pcscd-t a vsmartcard-vpcd meghajtóval (és telepítse a python3-pyscard csomagot), vagy futtassa --pcsc nélkül.',
  },
  PCSC_ERROR: {
    en: 'pcscd failed an exchange[ ({scard})]; try once more, and if it persists close the other application using the card or restart pcscd.',
    hu: 'A pcscd egy üzenetváltást nem tudott elvégezni[ ({scard})]; próbálja újra, és ha ismétlődik, zárja be a kártyát használó másik alkalmazást, vagy indítsa újra a pcscd-t.',
  },
  HELPER_UNAVAILABLE: {
    en: 'The PC/SC helper process (python3 with pyscard) is not running; install python3-pyscard and start the card client again.',
    hu: 'A PC/SC-segédfolyamat (python3 a pyscard csomaggal) nem fut; telepítse a python3-pyscard csomagot, és indítsa újra a kártyaklienst.',
  },
  HELPER_TIMEOUT: {
    en: 'The PC/SC helper did not answer in time; check pcscd and try again.',
    hu: 'A PC/SC-segéd nem válaszolt időben; ellenőrizze a pcscd-t, és próbálja újra.',
  },
  BAD_HANDLE: {
    en: 'The PC/SC helper lost the card connection (the card or reader went away); insert the card again and retry.',
    hu: 'A PC/SC-segéd elvesztette a kapcsolatot a kártyával (a kártya vagy az olvasó eltűnt); helyezze be újra a kártyát, és próbálja újra.',
  },
  NO_SERVICE: {
    en: 'pcscd is not running (no PC/SC service); start pcscd and try again.',
    hu: 'A pcscd nem fut (nincs PC/SC szolgáltatás); indítsa el a pcscd-t, és próbálja újra.',
  },
  // --- eSzemélyi login purposes and the authentic readout („hiteles adatkiolvasás”, seed 003)
  CARD_LOGIN_REQUIRED: {
    en: "This function needs the permission admin logged in with the eSzemélyi (card login); a password or certificate token is refused. Log in with the card and send that token.",
    hu: 'Ehhez a funkcióhoz a jogosultsági adminisztrátornak eSzemélyivel (kártyás bejelentkezéssel) kell belépnie; jelszavas vagy tanúsítványos jeggyel nem végezhető. Jelentkezzen be a kártyával, és azzal a jeggyel küldje a kérést.',
  },
  SECTOR_USER_TOKEN_REQUIRED: {
    en: 'The eID request package is asked for by the sector user configured in the HIS: log that user in at the STS and send its token as Authorization: SAML <base64 of the saml:Assertion XML>.',
    hu: 'Az eID-kérőcsomagot a HIS-ben beállított ágazati felhasználó kéri: jelentkeztesse be ezt a felhasználót az STS-nél, és a SAML-jegyét küldje Authorization: SAML <a saml:Assertion XML base64 alakja> fejlécben.',
  },
  SECTOR_USER_TOKEN_MALFORMED: {
    en: "The Authorization header's SAML credential is not base64 of a saml:Assertion; send the sector user's token exactly as the STS issued it, base64-encoded.",
    hu: 'Az Authorization fejléc SAML-hitelesítője nem egy saml:Assertion base64 alakja; az ágazati felhasználó jegyét pontosan úgy küldje, ahogy az STS kiállította, base64 kódolással.',
  },
  SECTOR_USER_REQUIRED: {
    en: "The token is an institutional user's (institutional certificate or the institution's system user), not a sector user's (natural person); ask with the token of the sector user configured in the HIS.",
    hu: 'A jegy intézményi felhasználóé (intézményi tanúsítvány vagy az intézmény rendszerfelhasználója), nem ágazati felhasználóé (természetes személyé); a HIS-ben beállított ágazati felhasználó jegyével kérje a csomagot.',
  },
  REQUEST_PURPOSE_INVALID: {
    en: 'The request package purpose is not one this service issues: ask for "login" or "readout" here; activation packages come from the Ágazati portál.',
    hu: 'A kérőcsomag célja nem olyan, amelyet ez a szolgáltatás kiad: itt "login" vagy "readout" célt kérjen; aktiváló csomagot az Ágazati portál ad.',
  },
  REQUEST_PACKAGE_PURPOSE_MISMATCH: {
    en: 'The request package was made for another operation than the card client route it was sent to; ask for the package with the purpose of the operation and send it to the matching route.',
    hu: 'A kérőcsomag más műveletre készült, mint amelyik kártyakliens-végpontra küldték; a művelet céljának megfelelő csomagot kérjen, és a hozzá tartozó végpontra küldje.',
  },
  EID_SESSION_PURPOSE_MISMATCH: {
    en: 'The eID session was opened for another purpose (readout or login/activation) than the answer sent to it; send the answer to the route the message names.',
    hu: 'Az eID-munkamenet más célra (adatkiolvasásra vagy bejelentkezésre/aktiválásra) nyílt, mint a rá küldött válasz; a választ az üzenetben megnevezett végpontra küldje.',
  },
  READOUT_DATA_INVALID: {
    en: 'The personal data file (EF.PersonalData) sent for the authentic readout does not decode; send the file exactly as read from the card.',
    hu: 'A hiteles adatkiolvasáshoz küldött személyesadat-fájl (EF.PersonalData) nem értelmezhető; a fájlt pontosan úgy küldje, ahogy a kártyáról kiolvasta.',
  },
  READOUT_PACKAGE_MALFORMED: {
    en: 'The readout package is not the base64 text the card client returned; send it unchanged.',
    hu: 'Az adatkiolvasási csomag nem az a base64 szöveg, amelyet a kártyakliens visszaadott; változatlanul küldje tovább.',
  },
  READOUT_NOT_STARTED_HERE: {
    en: 'This readout package answers a request package this miniHIS session did not ask for; start the patient card readout again from this session.',
    hu: 'Ez az adatkiolvasási csomag olyan kérőcsomagra válaszol, amelyet nem ez a miniHIS-munkamenet kért; indítsa újra a betegkártya kiolvasását ebből a munkamenetből.',
  },
  READOUT_WITHOUT_TAJ: {
    en: "The card's chip holds no TAJ; identify the patient by the TAJ on their TAJ card instead.",
    hu: 'A kártya chipje nem tartalmaz TAJ-számot; a beteget a TAJ-kártyáján szereplő TAJ-szám alapján azonosítsa.',
  },
  // --- eID request packages, the eID server, rID packages, portal activation
  REQUEST_PACKAGE_MISSING: {
    en: 'No request package was sent; pass on the requestPackage of POST /eid/request-package unchanged.',
    hu: 'Nem érkezett kérőcsomag; a POST /eid/request-package által adott requestPackage értéket változatlanul küldje tovább.',
  },
  REQUEST_PACKAGE_INVALID: {
    en: 'The request package is not one the eID request service signed (changed, truncated or foreign); get a new one and pass it on byte for byte.',
    hu: 'A kérőcsomagot nem az eID-kérésszolgáltatás írta alá (módosult, csonka vagy idegen); kérjen újat, és bájtra pontosan továbbítsa.',
  },
  REQUEST_PACKAGE_EXPIRED: {
    en: 'The request package is older than 5 minutes; get a new one right before the card step and try again.',
    hu: 'A kérőcsomag 5 percnél régebbi; közvetlenül a kártyás lépés előtt kérjen újat, és próbálja újra.',
  },
  REQUEST_PACKAGE_USED: {
    en: 'This request package was used already; get a new one for every login.',
    hu: 'Ezt a kérőcsomagot már felhasználták; minden bejelentkezéshez új csomagot kérjen.',
  },
  REQUESTER_MISSING: {
    en: 'The request names no institution (institutionId) to issue the package for; send the institution id.',
    hu: 'A kérés nem nevez meg intézményt (institutionId), amelynek a csomag szól; küldje el az intézményazonosítót.',
  },
  REQUESTER_MISMATCH: {
    en: "The request package is asked for another institution than the caller's; ask for your own institution.",
    hu: 'A kérőcsomagot más intézmény nevében kérték, mint a hívóé; a saját intézménye nevében kérje.',
  },
  INSTITUTION_UNKNOWN: {
    en: 'There is no institution with this id in the EESZT; check the id (e.g. E01620K).',
    hu: 'Nincs ilyen azonosítójú intézmény az EESZT-ben; ellenőrizze az azonosítót (pl. E01620K).',
  },
  EID_SERVER_UNREACHABLE: {
    en: 'The eID service cannot be reached; try again later or use another login method. The card was not touched.',
    hu: 'Az eID-szolgáltatás nem érhető el; próbálja újra később, vagy válasszon más belépési módot. A kártyát nem érte művelet.',
  },
  EID_SESSION_UNKNOWN: {
    en: 'The eID server session is gone (answered already, or the simulator was reset); start the card step again.',
    hu: 'Az eID-szerver munkamenete már nem létezik (megválaszolták, vagy a szimulátort alaphelyzetbe állították); kezdje újra a kártyás lépést.',
  },
  EID_SESSION_EXPIRED: {
    en: 'The card took longer than the eID session allows; get a new request package and try again.',
    hu: 'A kártyás lépés tovább tartott, mint amit az eID-munkamenet megenged; kérjen új kérőcsomagot, és próbálja újra.',
  },
  CARD_RESPONSE_INVALID: {
    en: 'The card client sent a malformed answer to the eID server (a card client bug); report it.',
    hu: 'A kártyakliens hibás választ küldött az eID-szervernek (a kártyakliens hibája); jelezze.',
  },
  CARD_CERTIFICATE_INVALID: {
    en: "The card's certificate is not one of an eSzemélyi of this EESZT; this card cannot be used.",
    hu: 'A kártya tanúsítványa nem ennek az EESZT-nek egy eSzemélyi-tanúsítványa; ez a kártya nem használható.',
  },
  CARD_CERTIFICATE_EXPIRED: {
    en: "The card's certificate is not valid at the simulator clock; a new card is needed.",
    hu: 'A kártya tanúsítványa a szimulátor órája szerint nem érvényes; új kártya szükséges.',
  },
  CARD_SIGNATURE_INVALID: {
    en: "The card's signature does not verify; try once more, and if it persists the card is faulty.",
    hu: 'A kártya aláírása nem ellenőrizhető; próbálja meg még egyszer, és ha ismétlődik, a kártya hibás.',
  },
  RID_INVALID: {
    en: "The card's identifier for the EESZT sector (RID) is not this card's; try once more, and if it persists the card is faulty.",
    hu: 'A kártya EESZT-ágazati azonosítója (RID) nem ehhez a kártyához tartozik; próbálja meg még egyszer, és ha ismétlődik, a kártya hibás.',
  },
  CARD_REVOKED: {
    en: "The card's certificate is revoked: the card is withdrawn and a new card is needed.",
    hu: 'A kártya tanúsítványát visszavonták: a kártya bevonásra került, új kártya szükséges.',
  },
  CARD_UNKNOWN: {
    en: 'The card names a document id no card of this EESZT has; this card cannot be used.',
    hu: 'A kártya olyan okmányazonosítót ad meg, amilyen kártya ebben az EESZT-ben nincs; ez a kártya nem használható.',
  },
  RID_PACKAGE_MISSING: {
    en: 'No rID package was sent; send the package the card client returned.',
    hu: 'Nem érkezett rID-csomag; a kártyakliens által visszaadott csomagot küldje.',
  },
  RID_PACKAGE_MALFORMED: {
    en: 'The rID package cannot be read; send the package the card client returned, unchanged.',
    hu: 'Az rID-csomag nem olvasható; a kártyakliens által visszaadott csomagot változatlanul küldje.',
  },
  RID_PACKAGE_SIGNATURE_INVALID: {
    en: 'The rID package is not signed by the eID server (it was changed or is foreign); log in with the card again.',
    hu: 'Az rID-csomagot nem az eID-szerver írta alá (módosult vagy idegen); jelentkezzen be újra a kártyával.',
  },
  RID_PACKAGE_AUDIENCE_MISMATCH: {
    en: 'The rID package was made for another sector or recipient; log in with the card again from here.',
    hu: 'Az rID-csomag más ágazatnak vagy címzettnek készült; innen jelentkezzen be újra a kártyával.',
  },
  RID_PACKAGE_EXPIRED: {
    en: 'The rID package is older than its 5 minutes; log in with the card again.',
    hu: 'Az rID-csomag 5 perces érvényessége lejárt; jelentkezzen be újra a kártyával.',
  },
  RID_PACKAGE_NOT_YET_VALID: {
    en: 'The rID package is dated in the future of the simulator clock; log in with the card again.',
    hu: 'Az rID-csomag a szimulátor órájához képest jövőbeli; jelentkezzen be újra a kártyával.',
  },
  RID_PACKAGE_NONCE_MISMATCH: {
    en: "The rID package answers another request package than this activation's; present the card for this activation again.",
    hu: 'Az rID-csomag más kérőcsomagra válaszol, mint ennek az aktiválásnak a csomagja; mutassa be újra a kártyát ehhez az aktiváláshoz.',
  },
  RID_PACKAGE_NOT_FOR_MINIHIS: {
    en: "The rID package was not requested by miniHIS's login; start the card login from miniHIS.",
    hu: 'Az rID-csomagot nem a miniHIS bejelentkezése kérte; a kártyás bejelentkezést a miniHIS-ből indítsa.',
  },
  RID_PACKAGE_INSTITUTION_MISMATCH: {
    en: 'The rID package was requested for another institution than the one picked; start the card login again with the same institution.',
    hu: 'Az rID-csomagot más intézményhez kérték, mint a kiválasztott; indítsa újra a kártyás bejelentkezést ugyanazzal az intézménnyel.',
  },
  REPLAYED: {
    en: 'This single-use value (rID package, nonce) was presented a second time; get a new one.',
    hu: 'Ezt az egyszer használható értéket (rID-csomag, nonce) másodszor is bemutatták; kérjen újat.',
  },
  CARD_NOT_ACTIVATED: {
    en: 'The card is not activated for this user; activate it at the Ágazati portál (Aktiválás) first.',
    hu: 'A kártya nincs aktiválva ehhez a felhasználóhoz; előbb aktiválja az Ágazati portálon (Aktiválás).',
  },
  CARD_ACTIVATED_FOR_OTHER_USER: {
    en: "The card is activated for another user; log in with your own card, or with your username on this card's owner.",
    hu: 'A kártya másik felhasználóhoz van aktiválva; a saját kártyájával jelentkezzen be, vagy a kártya tulajdonosának felhasználónevével.',
  },
  ACTIVATION_UNKNOWN: {
    en: 'There is no such card activation in progress (finished, expired or the simulator was reset); start the activation again.',
    hu: 'Nincs ilyen folyamatban lévő kártyaaktiválás (befejeződött, lejárt, vagy a szimulátort alaphelyzetbe állították); kezdje újra az aktiválást.',
  },
  ACTIVATION_COMPLETED: {
    en: 'This activation is completed already; the card can be used to log in.',
    hu: 'Ez az aktiválás már befejeződött; a kártyával be lehet jelentkezni.',
  },
  CARD_HOLDER_MISMATCH: {
    en: "The card presented belongs to another person than the user being activated; present the user's own card.",
    hu: 'A bemutatott kártya más személyé, mint az aktiválandó felhasználóé; a felhasználó saját kártyáját mutassa be.',
  },
  CHECK_CODE_MISSING: {
    en: 'Enter the check code shown on the screen.',
    hu: 'Adja meg a képernyőn látható ellenőrző kódot.',
  },
  CHECK_CODE_WRONG: {
    en: 'The check code does not match the one shown on the screen; type it again.',
    hu: 'Az ellenőrző kód nem egyezik a képernyőn láthatóval; írja be újra.',
  },
  CHECK_CODE_EXPIRED: {
    en: 'The check code has expired; ask for a new one and type that.',
    hu: 'Az ellenőrző kód lejárt; kérjen újat, és azt írja be.',
  },
  CHECK_CODE_UNKNOWN: {
    en: 'This check code was not issued here (or was used already); ask for a new one.',
    hu: 'Ezt az ellenőrző kódot nem itt adták ki (vagy már felhasználták); kérjen újat.',
  },
  // --- IAM+SSO, V-MÁTRIX and the pick-only drop-downs
  ROLE_MISSING: {
    en: "The user lacks the V-MÁTRIX role needed here[ ({role} in unit {unitCode})]; the institution's permission admin grants it (Ágazati portál → V-MÁTRIX).",
    hu: 'A felhasználónak nincs meg az ehhez szükséges V-MÁTRIX szerepköre[ ({role}, {unitCode} szervezeti egység)]; az intézményi jogosultság adminisztrátor adhatja meg (Ágazati portál → V-MÁTRIX).',
  },
  ROLE_UNKNOWN: {
    en: 'No such V-MÁTRIX role; pick one from the list (e.g. ORVOS; miniHIS Orvos is an IAM role).',
    hu: 'Nincs ilyen V-MÁTRIX szerepkör; a listából válasszon (pl. ORVOS; a miniHIS Orvos IAM-szerepkör).',
  },
  ROLE_PREFIX_MISMATCH: {
    en: "The role does not fit the user's kind[: {role} cannot be given to {username}]; doctors (O) get doctors' roles, nurses (S) nurses' roles, and so on.",
    hu: 'A szerepkör nem illik a felhasználó típusához[: {role} nem adható {username} részére]; orvos (O) orvosi, szakdolgozó (S) szakdolgozói szerepkört kaphat, és így tovább.',
  },
  ROLE_NOT_OWNED: {
    en: 'The user does not hold this role in the record; pick one from the held roles.',
    hu: 'A felhasználó ebben a rekordban nem birtokolja ezt a szerepkört; a birtokolt szerepkörök közül válasszon.',
  },
  ROLES_EMPTY: {
    en: 'A record must keep at least one role; move a role in before saving, or delete the record.',
    hu: 'Egy rekordban legalább egy szerepkörnek maradnia kell; mentés előtt helyezzen át egy szerepkört, vagy törölje a rekordot.',
  },
  MOVE_INVALID: {
    en: 'The role move is not valid: name the role and the direction (in or out).',
    hu: 'A szerepkör áthelyezése érvénytelen: adja meg a szerepkört és az irányt (be vagy ki).',
  },
  GRANT_NOT_FOUND: {
    en: 'The user does not hold this role in this unit, so there is nothing to revoke.',
    hu: 'A felhasználónak nincs ilyen szerepköre ebben a szervezeti egységben, így nincs mit visszavonni.',
  },
  SELF_LOCKOUT: {
    en: 'You cannot remove your own JOGOSULTSAG_ADMIN role in the unit you are logged in from; another admin must do it.',
    hu: 'A saját JOGOSULTSAG_ADMIN szerepkörét nem veheti el abban az egységben, amelyből bejelentkezett; ezt egy másik adminisztrátornak kell megtennie.',
  },
  IAM_RECORD_EXISTS: {
    en: 'The user already has a record for this system in this unit; change its roles instead.',
    hu: 'A felhasználónak már van rekordja ehhez a rendszerhez ebben a szervezeti egységben; annak szerepköreit módosítsa.',
  },
  IAM_RECORD_NOT_FOUND: {
    en: 'There is no such IAM+SSO record (deleted, or the simulator was reset); reload the list.',
    hu: 'Nincs ilyen IAM + SSO rekord (törölték, vagy a szimulátort alaphelyzetbe állították); töltse újra a listát.',
  },
  PARTNER_UNKNOWN: {
    en: 'No such partner; pick 1 – ÁEEK EESZT from the list.',
    hu: 'Nincs ilyen partner; a listából az 1 – ÁEEK EESZT tételt válassza.',
  },
  SYSTEM_UNKNOWN: {
    en: 'No such system; pick 1 – miniHIS from the list.',
    hu: 'Nincs ilyen rendszer; a listából az 1 – miniHIS tételt válassza.',
  },
  FORM_INVALID: {
    en: 'The new-record form is not complete or has unknown fields; fill in Partner, Rendszer, Felhasználó and Szervezeti egység.',
    hu: 'Az új rekord űrlapja hiányos vagy ismeretlen mezőket tartalmaz; töltse ki a Partner, Rendszer, Felhasználó és Szervezeti egység mezőt.',
  },
  INSTITUTION_NOT_ADMINISTERED: {
    en: 'You administer another institution than the one in the form; records are made for the institution you logged in for.',
    hu: 'Ön másik intézmény jogosultságait kezeli, mint az űrlapon szereplő; rekord csak a bejelentkezéskor választott intézményhez hozható létre.',
  },
  PICK_REQUIRED: {
    en: 'Choose the value from the drop-down list: a typed value does not count until it is picked.',
    hu: 'Az értéket a legördülő listából válassza ki: a beírt érték csak kiválasztva érvényes.',
  },
  PICK_INVALID: {
    en: 'The chosen value is not one the list offered; type again and pick from the list.',
    hu: 'A kiválasztott érték nem a lista egyik eleme; írja be újra, és a listából válasszon.',
  },
  PICK_EXPIRED: {
    en: 'The choice has expired (a pick from a drop-down is valid for a limited time, 15 minutes by default); pick the value from the list again.',
    hu: 'A kiválasztás lejárt (a legördülő listából választott érték korlátozott ideig, alapértelmezés szerint 15 percig érvényes); válassza ki újra az értéket a listából.',
  },
  UNIT_PICK_MISMATCH: {
    en: 'The unit picked belongs to another institution than the one picked; pick the institution first, then its unit.',
    hu: 'A kiválasztott szervezeti egység másik intézményhez tartozik, mint a kiválasztott intézmény; előbb az intézményt, majd annak egységét válassza.',
  },
  LOOKUP_QUERY_MISSING: {
    en: 'Type something to search for (an id or a word of the name).',
    hu: 'Írjon be keresendő szöveget (azonosítót vagy a név egy szavát).',
  },
  LOOKUP_QUERY_INVALID: {
    en: 'The search text is too long (at most 64 characters).',
    hu: 'A keresett szöveg túl hosszú (legfeljebb 64 karakter).',
  },
  USER_UNKNOWN: {
    en: 'There is no EESZT user with this username[ ({username})]; check it (usernames are case-sensitive, e.g. O123456).',
    hu: 'Nincs ilyen felhasználónevű EESZT-felhasználó[ ({username})]; ellenőrizze (a felhasználónévben a kis- és nagybetű számít, pl. O123456).',
  },
  // --- business services (SOAP)
  OPERATION_UNKNOWN: {
    en: 'The service has no such operation; see its WSDL for the operations.',
    hu: 'A szolgáltatásnak nincs ilyen művelete; a műveleteket a WSDL-je sorolja fel.',
  },
  OPERATION_NOT_AVAILABLE: {
    en: "This operation is not available to the caller's kind of user or institution.",
    hu: 'Ez a művelet a hívó felhasználó- vagy intézménytípusa számára nem érhető el.',
  },
  ACTOR_NOT_ALLOWED: {
    en: 'The role is held, but at the wrong kind of institution for this operation (e.g. a pharmacy writing a health record).',
    hu: 'A szerepkör megvan, de ehhez a művelethez nem megfelelő típusú intézményben (pl. gyógyszertár egészségügyi dokumentumot írna).',
  },
  NOT_TREATING_DOCTOR: {
    en: "Only the patient's treating doctors may read this; the doctor has no care relation to the patient.",
    hu: 'Ezt csak a beteg kezelőorvosai olvashatják; az orvosnak nincs ellátási kapcsolata a beteggel.',
  },
  NOT_AUTHOR: {
    en: "Only the document's author may change it.",
    hu: 'A dokumentumot csak a szerzője módosíthatja.',
  },
  DOCUMENT_NOT_FOUND: {
    en: 'There is no document with this id (or for this TAJ).',
    hu: 'Nincs ilyen azonosítójú (vagy ehhez a TAJ-számhoz tartozó) dokumentum.',
  },
  TAJ_MISMATCH: {
    en: 'The change would move the document to another patient (TAJ); a document keeps its patient.',
    hu: 'A módosítás más betegre (TAJ) helyezné át a dokumentumot; a dokumentum betege nem változhat.',
  },
  PATIENT_UNKNOWN: {
    en: 'There is no patient with this TAJ in the EESZT; check the TAJ.',
    hu: 'Nincs ilyen TAJ-számú beteg az EESZT-ben; ellenőrizze a TAJ-számot.',
  },
  FIELD_MISSING: {
    en: 'A required field is missing; fill it in.',
    hu: 'Egy kötelező mező hiányzik; töltse ki.',
  },
  FIELD_UNKNOWN: {
    en: 'The request has a field the operation does not take; leave it out.',
    hu: 'A kérés olyan mezőt tartalmaz, amelyet a művelet nem fogad; hagyja el.',
  },
  FIELD_DUPLICATE: {
    en: 'A field is given twice; give it once.',
    hu: 'Egy mező kétszer szerepel; egyszer adja meg.',
  },
  FIELD_INVALID: {
    en: "A field's value is not valid; the message names the field and what it takes.",
    hu: 'Egy mező értéke érvénytelen; az üzenet megnevezi a mezőt és az elfogadott értéket.',
  },
  FIELD_NAMESPACE: {
    en: "A field is in another XML namespace than the service's; use the namespace of the WSDL.",
    hu: 'Egy mező más XML-névtérben van, mint a szolgáltatásé; a WSDL névterét használja.',
  },
  FIELD_NOT_ALLOWED: {
    en: 'This field is not for this user (e.g. a doctors-only field); leave it out.',
    hu: 'Ez a mező nem ennek a felhasználónak szól (pl. csak orvosoknak); hagyja el.',
  },
  CHOICE_INVALID: {
    en: 'Pick a value from the list.',
    hu: 'Válasszon értéket a listából.',
  },
  // --- miniHIS
  LOGIN_METHOD_MISSING: {
    en: 'Choose a login method: eSzemélyi or mobilToken.',
    hu: 'Válasszon belépési módot: eSzemélyi vagy mobilToken.',
  },
  LOGIN_METHOD_AMBIGUOUS: {
    en: 'Log in either with the eSzemélyi or with the mobilToken code, not both.',
    hu: 'Vagy eSzemélyivel, vagy mobilToken kóddal lépjen be, ne mindkettővel.',
  },
  MINIHIS_ROLE_MISSING: {
    en: 'The user has no miniHIS role in this unit[ ({username}, {unitCode})]; the permission admin assigns it at the Ágazati portál (IAM + SSO Adminisztráció).',
    hu: 'A felhasználónak nincs miniHIS szerepköre ebben a szervezeti egységben[ ({username}, {unitCode})]; a jogosultság-adminisztrátor az Ágazati portálon (IAM + SSO Adminisztráció) adhatja meg.',
  },
  SESSION_REQUIRED: {
    en: 'Log in to miniHIS first.',
    hu: 'Előbb jelentkezzen be a miniHIS-be.',
  },
  SESSION_UNKNOWN: {
    en: 'The miniHIS session is not known (the simulator was reset, or the session is from elsewhere); log in again.',
    hu: 'A miniHIS-munkamenet ismeretlen (a szimulátort alaphelyzetbe állították, vagy máshonnan származik); jelentkezzen be újra.',
  },
  SESSION_ENDED: {
    en: 'The miniHIS session has ended (logout or refused ÁSZF); log in again.',
    hu: 'A miniHIS-munkamenet véget ért (kijelentkezés vagy el nem fogadott ÁSZF); jelentkezzen be újra.',
  },
  SESSION_EXPIRED: {
    en: 'The miniHIS session has expired (sessions last 7 hours); log in again.',
    hu: 'A miniHIS-munkamenet lejárt (7 óráig érvényes); jelentkezzen be újra.',
  },
  TERMS_NOT_ACCEPTED: {
    en: 'The ÁSZF of this provider is not accepted yet; accept it first (ÁSZF page).',
    hu: 'Ennek a szolgáltatónak az ÁSZF-jét még nem fogadták el; előbb fogadja el (ÁSZF oldal).',
  },
  TERMS_ALREADY_ACCEPTED: {
    en: 'The ÁSZF of this provider was accepted already; there is nothing to refuse.',
    hu: 'Ennek a szolgáltatónak az ÁSZF-jét már elfogadták; nincs mit elutasítani.',
  },
  TERMS_ANSWER_INVALID: {
    en: 'Answer the ÁSZF with accept (Következő) or refuse (Nem fogadom el).',
    hu: 'Az ÁSZF-re elfogadással (Következő) vagy elutasítással (Nem fogadom el) válaszoljon.',
  },
  CONFIGURATION_REQUIRED: {
    en: 'The first-use configuration is not done yet; finish it first (Konfiguráció → Befejezés).',
    hu: 'Az első használatkori konfiguráció még nincs kész; előbb fejezze be (Konfiguráció → Befejezés).',
  },
  USER_DATA_REQUIRED: {
    en: 'The user data are not filled in yet; fill them in first (Felhasználói adatok).',
    hu: 'A felhasználói adatok még nincsenek kitöltve; előbb töltse ki őket (Felhasználói adatok).',
  },
  INSTITUTION_ID_INVALID: {
    en: 'The institution id is the 6-character ÁNTSZ/NNK id (the EESZT id without its E, e.g. 01620K).',
    hu: 'Az intézményazonosító a 6 karakteres ÁNTSZ/NNK azonosító (az EESZT-azonosító E nélkül, pl. 01620K).',
  },
  INSTITUTION_MISMATCH: {
    en: 'The institution id is not the one you logged in for; enter the id of that institution.',
    hu: 'Az intézményazonosító nem annak az intézménynek az azonosítója, amelyhez bejelentkezett; azt adja meg.',
  },
  PROVIDER_CODE_INVALID: {
    en: 'The provider code is the 9-digit ÁNTSZ/NNK permit code of the unit.',
    hu: 'A szolgáltató kódja a szervezeti egység 9 jegyű ÁNTSZ/NNK engedélykódja.',
  },
  PROVIDER_CODE_MISMATCH: {
    en: "The provider code is not the code of the unit you logged in to; enter that unit's code.",
    hu: 'A szolgáltató kódja nem annak a szervezeti egységnek a kódja, amelybe bejelentkezett; azt adja meg.',
  },
  CONTACT_INVALID: {
    en: 'The contact details are incomplete: give a phone number and an e-mail address.',
    hu: 'A kapcsolattartási adatok hiányosak: adjon meg telefonszámot és e-mail-címet.',
  },
  PHONE_INVALID: {
    en: 'The phone number is not valid; give it with digits, e.g. +36 1 234 5678.',
    hu: 'A telefonszám érvénytelen; számjegyekkel adja meg, pl. +36 1 234 5678.',
  },
  EMAIL_INVALID: {
    en: 'The e-mail address is not valid; e.g. nev@korhaz.hu.',
    hu: 'Az e-mail-cím érvénytelen; pl. nev@korhaz.hu.',
  },
  ADDRESS_INVALID: {
    en: 'The address is not valid (too long, or blank around it); correct it or leave it empty.',
    hu: 'A cím érvénytelen (túl hosszú, vagy szóköz van előtte-utána); javítsa, vagy hagyja üresen.',
  },
  VISIBILITY_INVALID: {
    en: 'The visibility switch is on or off.',
    hu: 'A láthatósági kapcsoló be- vagy kikapcsolt állapotú lehet.',
  },
  NAME_INVALID: {
    en: 'The name used in care must be 1 to 100 characters, without blanks around it.',
    hu: 'Az ellátásban használt név 1–100 karakter lehet, elején és végén szóköz nélkül.',
  },
  SPECIALTIES_INVALID: {
    en: 'Choose the specialties from the list.',
    hu: 'A szakképesítéseket a listából válassza.',
  },
  SPECIALTY_NOT_HELD: {
    en: "The user does not hold this specialty; choose from the user's own specialties.",
    hu: 'A felhasználó nem rendelkezik ezzel a szakképesítéssel; a saját szakképesítései közül válasszon.',
  },
  OJOTE_NOT_CONFIGURED: {
    en: 'The NEAK OJOTE credentials are not set yet; enter them first (NEAK OJOTE page).',
    hu: 'A NEAK OJOTE hozzáférési adatai még nincsenek megadva; előbb adja meg őket (NEAK OJOTE oldal).',
  },
  OJOTE_USERNAME_INVALID: {
    en: 'The OJOTE username is not valid; enter it as NEAK issued it.',
    hu: 'Az OJOTE-felhasználónév érvénytelen; a NEAK által kiadott formában adja meg.',
  },
  OJOTE_PASSWORD_INVALID: {
    en: 'The OJOTE password is not valid; enter the password NEAK issued.',
    hu: 'Az OJOTE-jelszó érvénytelen; a NEAK által kiadott jelszót adja meg.',
  },
  OJOTE_DOCTOR_UNKNOWN: {
    en: 'NEAK knows no doctor with this stamp number.',
    hu: 'A NEAK nem ismer ilyen pecsétszámú orvost.',
  },
  OJOTE_DOCTOR_NOT_HERE: {
    en: 'The doctor is not registered at NEAK for this unit.',
    hu: 'Az orvos a NEAK nyilvántartásában nem ehhez a szervezeti egységhez tartozik.',
  },
  // --- the eKapu connection test result upload
  CONNECTION_RESULT_MISSING: {
    en: 'No connection test result was uploaded; upload the signed result file.',
    hu: 'Nem érkezett kapcsolatteszt-eredmény; töltse fel az aláírt eredményfájlt.',
  },
  CONNECTION_RESULT_MALFORMED: {
    en: 'The upload is not a signed connection test result (CMS SignedData with a result document); upload the file the test produced.',
    hu: 'A feltöltött fájl nem aláírt kapcsolatteszt-eredmény (eredménydokumentumot tartalmazó CMS SignedData); a teszt által készített fájlt töltse fel.',
  },
  CONNECTION_RESULT_SIGNATURE_INVALID: {
    en: "The result file's signature does not verify (the file was changed); upload the original file.",
    hu: 'Az eredményfájl aláírása nem ellenőrizhető (a fájl megváltozott); az eredeti fájlt töltse fel.',
  },
  CONNECTION_RESULT_SIGNER_UNKNOWN: {
    en: "The result is not signed with a current WAF-SSL certificate of this EESZT; run the test with the institution's certificate.",
    hu: 'Az eredményt nem ennek az EESZT-nek érvényes WAF-SSL tanúsítványával írták alá; az intézmény tanúsítványával futtassa a tesztet.',
  },
  CONNECTION_RESULT_SIGNER_REVOKED: {
    en: 'The certificate that signed the result is revoked; get a new WAF-SSL certificate and run the test again.',
    hu: 'Az eredményt aláíró tanúsítványt visszavonták; kérjen új WAF-SSL tanúsítványt, és futtassa újra a tesztet.',
  },
  CONNECTION_RESULT_INSTITUTION_MISMATCH: {
    en: 'The result names another institution than the signing certificate; run the test for your own institution.',
    hu: 'Az eredmény más intézményt nevez meg, mint az aláíró tanúsítvány; a saját intézményére futtassa a tesztet.',
  },
  CONNECTION_RESULT_STALE: {
    en: 'The connection test ran more than 30 days ago (or in the future); run it again.',
    hu: 'A kapcsolatteszt több mint 30 napja (vagy a jövőben) futott; futtassa újra.',
  },
  CONNECTION_RESULT_FAILED: {
    en: 'The connection test did not pass; fix the failed steps it names and run it again.',
    hu: 'A kapcsolatteszt nem sikerült; javítsa a megnevezett sikertelen lépéseket, és futtassa újra.',
  },
  // --- the trainer UI's own requests
  FIXTURE_SET_UNKNOWN: {
    en: 'There is no such persona set; pick one the page offers.',
    hu: 'Nincs ilyen personakészlet; az oldalon felkínáltak közül válasszon.',
  },
  SEED_INVALID: {
    en: 'The seed must be a whole number, e.g. 7.',
    hu: 'A seed egész szám legyen, pl. 7.',
  },
  JOURNAL_ENTRY_NOT_FOUND: {
    en: 'This journal entry is no longer kept (cleared or rolled over); refresh the inspector.',
    hu: 'Ez a naplóbejegyzés már nincs meg (törölték vagy kiszorult); frissítse a forgalomfigyelőt.',
  },
  TOKEN_NOT_IN_ENTRY: {
    en: 'This exchange carries no SAML token; pick one that does.',
    hu: 'Ez az üzenetváltás nem tartalmaz SAML-jegyet; olyat válasszon, amelyik igen.',
  },
  UI_ASSET_NOT_FOUND: {
    en: 'The UI has no such file; reload the page from /ui.',
    hu: 'A felületnek nincs ilyen fájlja; töltse be újra az oldalt a /ui címről.',
  },
  STREAM_CLIENT_TOO_SLOW: {
    en: 'The live journal stream fell too far behind and was closed; the page reconnects.',
    hu: 'Az élő naplófolyam túlságosan lemaradt, ezért lezárult; az oldal újracsatlakozik.',
  },
  NETWORK: {
    en: 'The simulator cannot be reached; check that it is running.',
    hu: 'A szimulátor nem érhető el; ellenőrizze, hogy fut-e.',
  },
  ANSWER_EMPTY: {
    en: 'The service answered with an empty Body; try again, and report it if it persists.',
    hu: 'A szolgáltatás üres Body-val válaszolt; próbálja újra, és ha ismétlődik, jelezze.',
  },
  // --- load
  OVERLOADED: {
    en: 'The simulator is overloaded (too many requests at once) and refused this request without processing it; send it again after the Retry-After seconds, or send fewer requests in parallel.',
    hu: 'A szimulátor túlterhelt (egyszerre túl sok kérés érkezett), ezért a kérést feldolgozás nélkül elutasította; küldje újra a Retry-After fejlécben megadott másodpercek után, vagy küldjön kevesebb párhuzamos kérést.',
  },
  // --- the durable store (serve --data-dir)
  DATA_DIR_LOCKED: {
    en: 'Another simulator is using this data directory; two simulators cannot share one. Stop the other one, or give this one its own --data-dir.',
    hu: 'Egy másik szimulátor már használja az adatkönyvtárat; két szimulátor nem használhat közös könyvtárat. Állítsa le a másikat, vagy adjon meg másik --data-dir könyvtárat.',
  },
  DATA_DIR_SCHEMA_NEWER: {
    en: 'The data directory was written by a newer eeszt-sim (a newer store schema). Run the newer version on it, or start this one with another --data-dir.',
    hu: 'Az adatkönyvtárat az eeszt-sim egy újabb verziója írta (újabb tárolósémával). Futtassa rajta az újabb verziót, vagy indítsa ezt másik --data-dir könyvtárral.',
  },
  DATA_DIR_UNUSABLE: {
    en: 'The data directory cannot be used: it cannot be created or written, or its eeszt-sim.db is not an intact eeszt-sim database. Move the file away or give another --data-dir.',
    hu: 'Az adatkönyvtár nem használható: nem hozható létre vagy nem írható, illetve az eeszt-sim.db fájl nem ép eeszt-sim adatbázis. Helyezze át a fájlt, vagy adjon meg másik --data-dir könyvtárat.',
  },
  DATA_DIR_DRIVER_MISSING: {
    en: 'The SQLite driver that --data-dir needs (better-sqlite3) is not installed. Install it (npm install better-sqlite3, with g++, make and python3), or run without --data-dir.',
    hu: 'A --data-dir kapcsolóhoz szükséges SQLite-meghajtó (better-sqlite3) nincs telepítve. Telepítse (npm install better-sqlite3, g++, make és python3 mellett), vagy indítsa a szimulátort --data-dir nélkül.',
  },
  STORE_WRITE_FAILED: {
    en: 'The change could not be saved durably in the data directory (for example, the disk is full); it was not acknowledged. Free space or fix the directory, then send the request again.',
    hu: 'A módosítást nem sikerült tartósan elmenteni az adatkönyvtárba (például betelt a lemez), ezért nem lett nyugtázva. Szabadítson fel helyet vagy javítsa a könyvtárat, majd küldje újra a kérést.',
  },
  // --- eeszt-sim/msw
  MSW_BASE_URL_INVALID: {
    en: 'The baseUrl given to createEesztHandlers is not an http: or https: origin; give the origin only (no path, query or credentials), e.g. http://eeszt-sim.invalid.',
    hu: 'A createEesztHandlers baseUrl értéke nem http: vagy https: origó; csak az origót adja meg (elérési út, lekérdezés és jelszó nélkül), például http://eeszt-sim.invalid.',
  },
});

/** A language of the catalogue. */
export type ErrorLang = 'en' | 'hu';

/** The text of a code in a language; undefined for a code not (yet) in the catalogue. */
export function errorText(code: string, lang: ErrorLang): string | undefined {
  return ERROR_CATALOGUE[code]?.[lang];
}

/**
 * A catalogue text with the error's details filled in. A text names details in braces
 * (`{triesLeft}`), always inside an optional part in square brackets: the part is kept when every
 * detail it names is a string or a number, and dropped otherwise, so a text never shows an
 * unfilled `{…}`. The browser scripts apply the same rule (simulator/ui/assets/js/core/errors.js).
 *
 * @example
 * ```ts
 * fillErrorText('Hibás PIN.[ Még {triesLeft} próbálkozás maradt.]', { triesLeft: 2 }); // 'Hibás PIN. Még 2 próbálkozás maradt.'
 * fillErrorText('Hibás PIN.[ Még {triesLeft} próbálkozás maradt.]', {}); // 'Hibás PIN.'
 * ```
 */
export function fillErrorText(text: string, details: Readonly<Record<string, unknown>> = {}): string {
  const value = (name: string): string | undefined => {
    const v = details[name];
    return typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v)) ? String(v) : undefined;
  };
  return text.replace(/\[([^\[\]]*)\]/g, (_whole, part: string) => {
    const names = [...part.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as string);
    if (names.some((n) => value(n) === undefined)) return '';
    return part.replace(/\{(\w+)\}/g, (_m, n: string) => value(n) as string);
  });
}

/** The catalogue text of an error in a language with its details filled in; undefined when not catalogued. */
export function formatError(code: string, lang: ErrorLang, details?: Readonly<Record<string, unknown>>): string | undefined {
  const text = errorText(code, lang);
  return text === undefined ? undefined : fillErrorText(text, details);
}

/** Every catalogued code's text in one language (what the UI embeds for its scripts). */
export function errorTextsFor(lang: ErrorLang): Record<string, string> {
  return Object.fromEntries(Object.entries(ERROR_CATALOGUE).map(([code, text]) => [code, text[lang]]));
}
