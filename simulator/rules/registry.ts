/**
 * The rule registry: every rule the simulator enforces, with where it comes from. A rule's source
 * is a seed document (the Hungarian source documents in `shared/seeds/`, quoted verbatim), an open
 * standard, or a simulator assumption where the seeds are silent (with the setting that changes
 * it, if there is one). `docs/rules.md` is generated from this table (`npm run docs:rules`), and
 * tests hold it to the code:
 *
 * - every rule has a valid source (`registry.test.ts`);
 * - every refusal code the source can raise is a rule's code or listed in `not-rules.ts` with a
 *   reason (`registry.test.ts`), so a new refusal without a source fails;
 * - an enforcing module marks the enforcement point with a `// rule: ID` comment, each module
 *   named mentions the rule id or one of its codes, and so does each test file named
 *   (`registry.test.ts`);
 * - every seed quote occurs verbatim in its seed, when the seeds are at hand
 *   (`seed-quotes.test.ts`; CI clones have no seeds and skip it, saying so).
 *
 * `shared/design/eeszt-domain.md` is a summary, not a source: where it disagrees with a seed, the
 * seed wins.
 *
 * @example
 * ```ts
 * ruleById('AUTH-MULTI-FACTOR')?.sources[0]; // { kind: 'seed', doc: '003', quote: 'HIS alkalmazások – multifaktoros bejelentkezés' }
 * ```
 */
import { AUTH_RULE } from '../policy/auth-rules.js';

/** The seed documents (`shared/seeds/NNN_*.txt`). */
export const SEED_DOCS = Object.freeze({
  '000': 'miniHIS Felhasználói és Üzembehelyezési Útmutató (IAM + SSO, first login, configuration)',
  '001': 'Az EESZT csatlakozás műszaki megvalósítása (WAF-SSL, usernames, institution ids, eKapu check)',
  '002': 'eSzemélyi activation at the Ágazati portál and V-MÁTRIX (a provider’s help article)',
  '003': 'EESZT csatlakozás – HIS fejlesztői információk (users, permission matrix, certificates, eSZIG)',
  '004': 'Az e-Személyi igazolvány használata (EESZT information page)',
} as const);

/** A seed document id. */
export type SeedDoc = keyof typeof SEED_DOCS;

/**
 * Where a rule comes from. A seed quote is verbatim Hungarian text of the seed (compared with
 * white space collapsed and markdown `*` removed; `…` stands for omitted text between parts).
 */
export type RuleSource =
  | { kind: 'seed'; doc: SeedDoc; quote: string }
  | { kind: 'standard'; ref: string }
  | { kind: 'assumption'; why: string };

/** Areas of the rule table (one section each in docs/rules.md). */
export const RULE_AREAS = Object.freeze({
  identifiers: 'Identifiers',
  channel: 'Channel: TLS and the WAF-SSL certificate',
  soap: 'SOAP messages and WS-Security',
  sts: 'STS: logging in',
  auth: 'Authentication strength (policy `strict`)',
  token: 'SAML tokens at the services',
  permissions: 'Permissions: V-MÁTRIX and the permission matrix',
  services: 'Business services',
  card: 'eSzemélyi card (chip, PIN, card client)',
  eid: 'eID request service and eID server',
  portal: 'Ágazati portál, IAM+SSO and V-MÁTRIX administration',
  minihis: 'miniHIS',
  ekapu: 'eKapu: the connection check upload',
  hardening: 'Input limits (hardening)',
} as const);

/** An area of the rule table. */
export type RuleArea = keyof typeof RULE_AREAS;

/** One rule the simulator enforces. */
export interface Rule {
  /** Stable id (`AREA-WHAT`); journal entries and lenient headers name rules by it. */
  id: string;
  area: RuleArea;
  /** What the rule requires, in one sentence. */
  requires: string;
  /** The error codes a breach produces (each documented under docs/). */
  codes: readonly string[];
  /** Where the rule comes from; at least one. */
  sources: readonly RuleSource[];
  /** The fixture setting, CLI flag or control call that changes the rule's values, if any. */
  setting?: string;
  /** `strict`: applied under the strict policy only; `lenient` lets the call through, flagged. */
  policy?: 'strict';
  /** Modules that enforce it (repository paths); each mentions the rule id or one of its codes. */
  enforcedIn: readonly string[];
  /** Test files that check it; each mentions the rule id or one of its codes. */
  testedIn: readonly string[];
}

const seed = (doc: SeedDoc, quote: string): RuleSource => ({ kind: 'seed', doc, quote });
const standard = (ref: string): RuleSource => ({ kind: 'standard', ref });
const assumption = (why: string): RuleSource => ({ kind: 'assumption', why });

/** Every rule, grouped by area (the order of docs/rules.md). */
export const RULES: readonly Rule[] = Object.freeze([
  // ------------------------------------------------------------------ identifiers
  {
    id: 'ID-USERNAME',
    area: 'identifiers',
    requires: 'An EESZT username is an upper-case prefix (O doctor, S nurse, G pharmacist, C clinical psychologist, X other staff) followed by the basic registry number; usernames are case-sensitive.',
    codes: ['IDENTIFIER_INVALID'],
    sources: [
      seed('001', 'EESZT azonosító = előtag + alapnyilvántartási azonosító.'),
      seed('001', 'Az EESZT Felhasználónév kis-nagybetű érzékeny. Képzése során az előtagot minden esetben nagybetűvel kell írni!'),
    ],
    enforcedIn: ['simulator/identifiers/identifiers.ts'],
    testedIn: ['simulator/identifiers/identifiers.test.ts'],
  },
  {
    id: 'ID-USERNAME-LENGTH',
    area: 'identifiers',
    requires: 'The registry number after the username prefix has 5 or 6 digits.',
    codes: ['IDENTIFIER_INVALID'],
    sources: [assumption('The seeds give examples (O50123, O123456, S12345, X12345) but no length rule; 5 or 6 digits covers every example.')],
    enforcedIn: ['simulator/identifiers/identifiers.ts'],
    testedIn: ['simulator/identifiers/identifiers.test.ts'],
  },
  {
    id: 'ID-INSTITUTION',
    area: 'identifiers',
    requires: 'An EESZT institution id is `E` + the 6-character OTH/NNK id or `P` + the 6-character OGYEI id; 5-character OGYEI ids are left-padded with one `0`; the prefix is upper case.',
    codes: ['IDENTIFIER_INVALID'],
    sources: [
      seed('001', 'EESZT Intézményazonosító = előtag + OTH vagy OGYEI által adott 6 jegyű azonosító'),
      seed('001', '5 karakteres OGYEI azonosítók esetén az azonosítót a bal oldalról 1 db nullával kell feltölteni 6 karakteresre!'),
      seed('002', 'az OTH azonosító előtt nem szerepel a nagy E betű. (E123456)'),
    ],
    enforcedIn: ['simulator/identifiers/identifiers.ts'],
    testedIn: ['simulator/identifiers/identifiers.test.ts'],
  },
  {
    id: 'ID-UNIT',
    area: 'identifiers',
    requires: 'An organisational unit (szervezeti egység) is the 9-digit ÁNTSZ/NNK permit code of the workstation.',
    codes: ['IDENTIFIER_INVALID'],
    sources: [seed('000', '9 jegyű ÁNTSZ/NNK engedély kóddal rendelkező munkaállomás')],
    enforcedIn: ['simulator/identifiers/identifiers.ts'],
    testedIn: ['simulator/identifiers/identifiers.test.ts'],
  },
  {
    id: 'ID-TAJ',
    area: 'identifiers',
    requires: 'A TAJ number has 9 digits, the 9th a check digit: (3·d1 + 7·d2 + 3·d3 + … + 7·d8) mod 10.',
    codes: ['IDENTIFIER_INVALID'],
    sources: [assumption('The seeds name the TAJ (társadalombiztosítási azonosító jel) but not its format; the 9 digits and the check digit are those of the TAJ numbers the health insurance fund issues.')],
    enforcedIn: ['simulator/identifiers/identifiers.ts'],
    testedIn: ['simulator/identifiers/identifiers.test.ts'],
  },
  {
    id: 'ID-TAX-ID',
    area: 'identifiers',
    requires: 'A private person’s tax id (adóazonosító jel) read from the chip has 10 digits, starts with 8, the 10th a check digit ((1·d1 + … + 9·d9) mod 11).',
    codes: ['READOUT_DATA_INVALID'],
    sources: [
      seed('003', 'a polgár adóazonosító jelét'),
      assumption('The seeds name the tax id on the chip but not its format; the format is that of the Hungarian tax authority’s personal tax ids.'),
    ],
    enforcedIn: ['simulator/identifiers/identifiers.ts', 'simulator/eid/card-response.ts'],
    testedIn: ['simulator/identifiers/identifiers.test.ts'],
  },
  {
    id: 'ID-DIGIT-CODES',
    area: 'identifiers',
    requires: 'Fixed-length digit codes: activation PIN 5 digits, eID PIN 6, mobilToken code 6, CAN 6, PUK 8, provider code 9.',
    codes: ['IDENTIFIER_INVALID', 'NEW_PIN_INVALID'],
    sources: [
      seed('003', 'Az aktiválás során az okmány kezdeti 5 számból álló aktiváló PIN kódját szükséges az eSzemélyi igazolvány használatakor használatos 6 számjegyből álló PIN kódra módosítani.'),
      seed('000', 'Token: A bejelentkező orvos mobilTokenje által abban a percben generált 6 számjegyből álló kód.'),
      assumption('The seeds give no length of the CAN and the PUK; the simulator uses 6 and 8 digits, as on the Hungarian eID code card.'),
    ],
    enforcedIn: ['simulator/identifiers/identifiers.ts', 'virtual-reader/card/pin-policy.ts'],
    testedIn: ['simulator/identifiers/identifiers.test.ts', 'virtual-reader/reader/virtual-reader.test.ts'],
  },
  // ------------------------------------------------------------------ channel
  {
    id: 'TLS-HANDSHAKE',
    area: 'channel',
    requires: 'Over TLS, the STS and services listeners build no channel without a valid WAF-SSL client certificate: the handshake itself is refused (a missing, expired, foreign or revoked certificate).',
    codes: ['WAF_CERTIFICATE_MISSING', 'WAF_CERTIFICATE_REFUSED', 'WAF_CERTIFICATE_REVOKED'],
    sources: [
      seed('003', 'csak a kulcs ellenőrzését követően kerül a kommunikációs csatorna felépítésre'),
      standard('RFC 8446 §4.3.2 and §4.4.2 (TLS 1.3 CertificateRequest and client Certificate); RFC 5280 §6 (path validation)'),
    ],
    setting: '`serve --tls`; `--policy lenient` answers in-band with 403 instead of refusing the handshake',
    policy: 'strict',
    enforcedIn: ['simulator/tls/handshake-guard.ts', 'simulator/tls/waf-client-certificate.ts'],
    testedIn: ['test/tls/handshake-refusal.test.ts', 'test/tls/waf-ssl.test.ts'],
  },
  // ------------------------------------------------------------------ SOAP and WS-Security
  {
    id: 'SOAP-ENVELOPE',
    area: 'soap',
    requires: 'A SOAP request is one envelope of the version its media type names, with at most one Header before exactly one Body holding one request element.',
    codes: ['SOAP_VERSION_MISMATCH', 'SOAP_MALFORMED', 'UNSUPPORTED_MEDIA_TYPE', 'SOAP_EXPECTED'],
    sources: [standard('SOAP 1.2 Part 1 §5 (envelope, header, body) and §5.4.7 (VersionMismatch); SOAP 1.1 §4; SOAP 1.2 Part 2 §7 (HTTP binding media type)')],
    enforcedIn: ['simulator/soap/envelope.ts', 'simulator/services/soap-service.ts'],
    testedIn: ['simulator/soap/envelope.test.ts', 'test/hostile/xml-attacks.test.ts'],
  },
  {
    id: 'SOAP-ACTION',
    area: 'soap',
    requires: 'The action a request names (wsa:Action, SOAPAction, media-type action) is the one of its Body’s operation.',
    codes: ['ACTION_MISMATCH'],
    sources: [standard('WS-Addressing 1.0 SOAP Binding §3 and Metadata §4.4 (action of an operation); SOAP 1.2 Part 2 §7.1 (action parameter)')],
    enforcedIn: ['simulator/services/soap-service.ts', 'simulator/sts/rst.ts'],
    testedIn: ['test/hostile/xml-attacks.test.ts', 'test/sts/sts-password.test.ts'],
  },
  {
    id: 'WSS-SECURITY-HEADER',
    area: 'soap',
    requires: 'A request to the STS carries exactly one wsse:Security header.',
    codes: ['SECURITY_HEADER_MISSING', 'SECURITY_HEADER_DUPLICATE'],
    sources: [standard('OASIS WSS 1.1 SOAP Message Security §5 (the <wsse:Security> header; one per role)')],
    enforcedIn: ['simulator/soap/ws-security.ts'],
    testedIn: ['simulator/soap/ws-security.test.ts'],
  },
  {
    id: 'WSS-USERNAME-TOKEN',
    area: 'soap',
    requires: 'A UsernameToken is well-formed: PasswordText or PasswordDigest (a digest with Nonce and Created), a username, and no other password type.',
    codes: ['USERNAME_TOKEN_MALFORMED', 'PASSWORD_TYPE_UNSUPPORTED', 'USERNAME_MISSING', 'PASSWORD_MISSING'],
    sources: [standard('OASIS WSS UsernameToken Profile 1.1 §3.1 (Password types, Nonce, Created)')],
    enforcedIn: ['simulator/soap/ws-security.ts', 'simulator/sts/authenticate-password.ts', 'simulator/sts/authenticate-card.ts'],
    testedIn: ['simulator/soap/ws-security.test.ts', 'test/sts/sts-card.test.ts'],
  },
  {
    id: 'WSS-TIMESTAMP',
    area: 'soap',
    requires: 'The wsu:Timestamp (and a UsernameToken’s Created) is readable and within the allowed clock skew of the simulator clock; Expires has not passed; a certificate login carries one.',
    codes: ['TIMESTAMP_MALFORMED', 'TIMESTAMP_MISSING', 'TIMESTAMP_IN_FUTURE', 'MESSAGE_EXPIRED'],
    sources: [
      standard('OASIS WSS 1.1 SOAP Message Security §10 (Security Timestamps)'),
      assumption('The seeds give no clock skew; 300 s is the common WS-Security default.'),
    ],
    setting: 'fixture `settings.clockSkewSeconds` (default 300)',
    enforcedIn: ['simulator/soap/ws-security.ts', 'simulator/sts/authenticate-certificate.ts'],
    testedIn: ['simulator/soap/ws-security.test.ts', 'test/sts/sts-certificate.test.ts'],
  },
  {
    id: 'WSS-NONCE-ONCE',
    area: 'soap',
    requires: 'A UsernameToken nonce and an rID package are used once.',
    codes: ['REPLAYED'],
    sources: [
      standard('OASIS WSS UsernameToken Profile 1.1 §3.1 (a Nonce is unique, to detect replays)'),
      assumption('The seeds do not say how long the STS remembers nonces; the simulator remembers a nonce until its Created is twice the clock skew in the past (one without Created: twice the skew from its first use), so a nonce is remembered for as long as its Created could still be accepted (within the skew either way) and expired ones are swept.'),
      assumption('The seeds do not say how many nonces the STS can hold. The replay cache fails closed: a value inside its window is never dropped to make room (a replay of it would then be accepted); when its bucket (100 000 records by default, `serve --bucket-capacity`) or the store\'s size budget is full of such values, a new request is refused with OVERLOADED (503, Retry-After: when the first window ends).'),
    ],
    setting: '`serve --bucket-capacity` (default 100 000): how many values the replay cache holds, never how long',
    enforcedIn: ['simulator/sts/replay-cache.ts', 'simulator/state/store.ts'],
    testedIn: ['test/sts/sts-password.test.ts', 'simulator/sts/replay-cache.test.ts', 'test/sts/sts-replay-cache-full.test.ts'],
  },
  {
    id: 'WSS-SIGNATURE',
    area: 'soap',
    requires: 'A certificate login is signed with the key of its BinarySecurityToken, within the algorithm profile, over Body and Timestamp, and the signature verifies; IDs are unique.',
    codes: ['SIGNATURE_MISSING', 'SIGNATURE_KEY_REFERENCE_INVALID', 'SIGNATURE_PROFILE_INVALID', 'SIGNATURE_DOES_NOT_COVER_BODY', 'SIGNATURE_DOES_NOT_COVER_TIMESTAMP', 'SIGNATURE_INVALID', 'DUPLICATE_ID', 'TOKEN_VALUE_TYPE_UNSUPPORTED'],
    sources: [
      standard('OASIS WSS 1.1 SOAP Message Security §8 (signatures); X.509 Token Profile 1.1 §3; W3C XML Signature 1.1 §3.2 (core validation)'),
      assumption('The algorithm profile (RSA-SHA256 / exclusive C14N) and the coverage of Body and Timestamp are the simulator’s profile; the seeds give no wire format.'),
    ],
    enforcedIn: ['simulator/soap/ws-security.ts', 'simulator/sts/authenticate-certificate.ts'],
    testedIn: ['test/hostile/signature-wrapping.test.ts', 'test/sts/sts-certificate.test.ts'],
  },
  // ------------------------------------------------------------------ STS
  {
    id: 'STS-RST',
    area: 'sts',
    requires: 'The STS takes a WS-Trust 1.3 RequestSecurityToken: RequestType Issue (or Validate with an assertion), a SAML 2.0 TokenType, a bearer KeyType, a known AppliesTo, and wst:Claims naming institution and unit.',
    codes: ['RST_EXPECTED', 'RST_NAMESPACE_UNSUPPORTED', 'RST_MALFORMED', 'REQUEST_TYPE_MISSING', 'REQUEST_TYPE_UNSUPPORTED', 'TOKEN_TYPE_UNSUPPORTED', 'KEY_TYPE_UNSUPPORTED', 'APPLIES_TO_UNKNOWN', 'CONTEXT_MISSING', 'CLAIMS_DIALECT_UNSUPPORTED', 'VALIDATE_TARGET_MISSING', 'VALIDATE_TARGET_UNSUPPORTED'],
    sources: [
      standard('OASIS WS-Trust 1.3 §3.1 (RequestSecurityToken), §4 (Issuance binding), §7 (Validation binding)'),
      assumption('Institution and unit in wst:Claims are the simulator’s way to name the login context (the seeds give no wire format).'),
    ],
    enforcedIn: ['simulator/sts/rst.ts', 'simulator/sts/validate.ts'],
    testedIn: ['test/sts/sts-password.test.ts', 'test/hostile/signature-wrapping.test.ts'],
  },
  {
    id: 'STS-LOGIN-METHODS',
    area: 'sts',
    requires: 'A token is asked for with exactly one of: username and password (optionally with the mobilToken code), the eSzemélyi card (rID package), or the institutional X.509 certificate.',
    codes: ['AUTHENTICATION_MISSING', 'AUTHENTICATION_AMBIGUOUS'],
    sources: [
      seed('003', 'SAML jegy kérése felhasználónév és jelszó alapján'),
      seed('003', 'SAML jegy kérése kétfaktoros azonosítással'),
      seed('003', 'SAML jegy kérése x509-es tanúsítvány alapján'),
    ],
    enforcedIn: ['simulator/sts/issue.ts', 'simulator/sts/authenticate-card.ts'],
    testedIn: ['test/sts/sts-card.test.ts'],
  },
  {
    id: 'STS-CONTEXT',
    area: 'sts',
    requires: 'The login context exists and fits: the unit belongs to the institution, and the user is a member of both.',
    codes: ['UNIT_NOT_IN_INSTITUTION', 'NOT_MEMBER_OF_INSTITUTION', 'NOT_MEMBER_OF_UNIT'],
    sources: [seed('000', 'Az intézményben dolgozó orvosokat mindenképp azon szervezeti egységhez (9 jegyű ÁNTSZ/NNK engedély kóddal rendelkező munkaállomás) kell hozzárendelni, ahonnan a miniHIS alkalmazást használni fogják.')],
    enforcedIn: ['simulator/sts/context.ts'],
    testedIn: ['test/sts/sts-password.test.ts'],
  },
  {
    id: 'STS-PASSWORD',
    area: 'sts',
    requires: 'A password login names a known user (case-sensitive) with the right password.',
    codes: ['PASSWORD_WRONG'],
    sources: [seed('003', 'SAML jegy kérése felhasználónév és jelszó alapján')],
    enforcedIn: ['simulator/sts/authenticate-password.ts'],
    testedIn: ['test/sts/sts-password.test.ts'],
  },
  {
    id: 'STS-LOCKOUT',
    area: 'sts',
    requires: 'After repeated wrong passwords the account is locked for a while.',
    codes: ['ACCOUNT_LOCKED'],
    sources: [assumption('The seeds do not describe a lockout; one is usual for password logins and a HIS must handle it. Default: 5 wrong passwords lock for 30 minutes.')],
    setting: 'fixture `settings.lockoutThreshold` (default 5) and `settings.lockoutMinutes` (default 30)',
    enforcedIn: ['simulator/sts/authenticate-password.ts'],
    testedIn: ['test/sts/sts-password.test.ts'],
  },
  {
    id: 'STS-CERTIFICATE',
    area: 'sts',
    requires: 'A certificate login uses a readable, current, unrevoked organisational authentication certificate of the institutional CA that names the institution asked for, and the institution is set up for certificate login.',
    codes: ['CERTIFICATE_MALFORMED', 'CERTIFICATE_INVALID', 'CERTIFICATE_EXPIRED', 'CERTIFICATE_NOT_YET_VALID', 'CERTIFICATE_UNKNOWN_CA', 'CERTIFICATE_REVOKED', 'CERTIFICATE_NOT_INSTITUTIONAL', 'CERTIFICATE_INSTITUTION_MISMATCH', 'INSTITUTION_CERTIFICATE_NOT_ENABLED'],
    sources: [
      seed('003', 'minősített szolgáltató által elektronikus autentikációra kiadott szervezeti tanúsítványt kell használniuk az azonosításhoz'),
      seed('003', 'NEM MINDEN HIS RENDSZER ESETÉBEN SZÜKSÉGES INTÉZMÉNYI FELHASZNÁLÓ!'),
      standard('RFC 5280 §4.1.2.5 (validity) and §6 (path validation)'),
    ],
    enforcedIn: ['simulator/sts/authenticate-certificate.ts'],
    testedIn: ['test/sts/sts-certificate.test.ts'],
  },
  {
    id: 'STS-CARD-ACTIVATED',
    area: 'sts',
    requires: 'A card login is accepted only for a card activated at the Ágazati portál for that username.',
    codes: ['CARD_NOT_ACTIVATED', 'CARD_ACTIVATED_FOR_OTHER_USER'],
    sources: [seed('003', 'Annak érdekében, hogy az eSZIG – RID alapon történő SAML kérés sikeres legyen, előzőleg egy eSZIG alapú aktiválásra van szükség.')],
    enforcedIn: ['simulator/sts/card-activations.ts'],
    testedIn: ['test/sts/sts-card.test.ts', 'test/card-login/card-login.test.ts'],
  },
  {
    id: 'STS-RID-PACKAGE',
    area: 'sts',
    requires: 'An rID package is readable, signed by the eID server, for the EESZT sector, and within its validity (5 minutes).',
    codes: ['RID_PACKAGE_MALFORMED', 'RID_PACKAGE_SIGNATURE_INVALID', 'RID_PACKAGE_AUDIENCE_MISMATCH', 'RID_PACKAGE_NOT_YET_VALID', 'RID_PACKAGE_EXPIRED'],
    sources: [
      seed('003', 'Az eld szerver ellenőrzi a jogosultságot és elkészíti az rld csomagot.'),
      seed('003', 'Az EESZT STS szolgáltatás ellenőrzést követően elküldi a SAML tokenet.'),
      assumption('The seeds give no validity of the rID package; the simulator allows 5 minutes plus the clock skew.'),
    ],
    setting: 'fixture `settings.eidPackageSeconds` (default 300)',
    enforcedIn: ['simulator/eid/rid-package.ts'],
    testedIn: ['simulator/eid/rid-package.test.ts'],
  },
  // ------------------------------------------------------------------ authentication strength
  {
    id: AUTH_RULE.multiFactor,
    area: 'auth',
    requires: 'A natural person (sector user) reaches patients’ data and the admin functions only with a multi-factor login: the eSzemélyi card, or the password plus the mobilToken code.',
    codes: ['MULTI_FACTOR_REQUIRED'],
    sources: [
      seed('003', 'HIS alkalmazások – multifaktoros bejelentkezés'),
      seed('003', 'Ágazati portál – multifaktoros bejelentkezés'),
      seed('003', 'két faktoros hitelesítésre, olyan Szolgáltatások során, ahol az állampolgár személyes adatainak kezelése nem oldható meg'),
    ],
    setting: '`--policy lenient` (also fixture `settings.policy`, run option `policy`) lets it through, flagged',
    policy: 'strict',
    enforcedIn: ['simulator/policy/auth-rules.ts', 'simulator/services/access-control.ts', 'simulator/iam/admin-auth.ts'],
    testedIn: ['test/services/authentication-policy.test.ts', 'simulator/services/access-control.test.ts'],
  },
  {
    id: AUTH_RULE.institutionCertificate,
    area: 'auth',
    requires: 'An institutional user (V-MÁTRIX role INTEZMENYI_RENDSZER) acts only with a token obtained with the institutional certificate.',
    codes: ['INSTITUTION_CERTIFICATE_REQUIRED'],
    sources: [seed('003', 'Intézményi felhasználók … csak tanúsítvány használatával')],
    setting: '`--policy lenient` (also fixture `settings.policy`, run option `policy`) lets it through, flagged',
    policy: 'strict',
    enforcedIn: ['simulator/policy/auth-rules.ts', 'simulator/services/access-control.ts'],
    testedIn: ['test/services/service-behaviour.test.ts', 'test/services/authentication-policy.test.ts'],
  },
  {
    id: 'AUTH-MOBILTOKEN',
    area: 'auth',
    requires: 'A mobilToken code is the 6-digit code of the user’s app for the current minute (one step either side is tolerated), used once.',
    codes: ['MOBILTOKEN_INVALID', 'MOBILTOKEN_STALE', 'MOBILTOKEN_NOT_YET_VALID', 'MOBILTOKEN_REUSED'],
    sources: [
      seed('000', 'Token: A bejelentkező orvos mobilTokenje által abban a percben generált 6 számjegyből álló kód.'),
      standard('RFC 6238 (TOTP) §4 and §5.2 (time step, a tolerance of one step for delay)'),
      assumption('The tolerance of one step either side and the single use of a code are the simulator’s choice; the seeds are silent.'),
    ],
    setting: 'fixture `settings.mobilTokenToleranceSteps` (default 1, 0 for none)',
    enforcedIn: ['simulator/mobiltoken/verify.ts'],
    testedIn: ['simulator/mobiltoken/verify.test.ts'],
  },
  {
    id: 'AUTH-WAF-DOWNLOAD-CARD',
    area: 'auth',
    requires: 'Downloading the WAF-SSL certificate at the Ágazati portál needs the permission admin logged in with the eSzemélyi (always, under both policies).',
    codes: ['CARD_LOGIN_REQUIRED'],
    sources: [seed('001', 'A WAF-SSL tanúsítvány letöltéséhez e-Személyi igazolvány használata szükséges')],
    enforcedIn: ['simulator/portal/waf-download.ts'],
    testedIn: ['test/card-login/waf-download.test.ts'],
  },
  // ------------------------------------------------------------------ tokens at the services
  {
    id: 'TOKEN-PRESENT',
    area: 'token',
    requires: 'A service call carries exactly one SAML assertion, well-formed, in its wsse:Security header (or `Authorization: SAML` at the admin API).',
    codes: ['TOKEN_MISSING', 'TOKEN_AMBIGUOUS', 'TOKEN_MALFORMED', 'ADMIN_TOKEN_MISSING', 'ADMIN_TOKEN_MALFORMED'],
    sources: [standard('OASIS WSS SAML Token Profile 1.1 §3.4 (the assertion in the wsse:Security header); SAML 2.0 Core §2.3.3 (Assertion)')],
    enforcedIn: ['simulator/token/validate-token.ts', 'simulator/iam/admin-auth.ts'],
    testedIn: ['simulator/token/validate-token.test.ts', 'test/iam/iam-api.test.ts'],
  },
  {
    id: 'TOKEN-SIGNATURE',
    area: 'token',
    requires: 'The assertion is signed by this EESZT’s STS and unchanged since (enveloped signature over the assertion, unique IDs).',
    codes: ['TOKEN_SIGNATURE_MISSING', 'TOKEN_SIGNATURE_INVALID', 'TOKEN_ISSUER_UNKNOWN', 'DUPLICATE_ID'],
    sources: [standard('SAML 2.0 Core §5.4 (XML Signature profile: enveloped signature over the assertion), §2.2.5 (Issuer); W3C XML Signature 1.1 §3.2')],
    enforcedIn: ['simulator/token/validate-token.ts'],
    testedIn: ['simulator/token/validate-token.test.ts'],
  },
  {
    id: 'TOKEN-VALIDITY',
    area: 'token',
    requires: 'The token is used within NotBefore … NotOnOrAfter (clock skew allowed at NotBefore); during its validity it serves any number of calls; a token lasts 7 hours.',
    codes: ['TOKEN_EXPIRED', 'TOKEN_NOT_YET_VALID'],
    sources: [
      seed('003', 'A SAML jegy érvényességi ideje alatt tetszőleges számú kérelemben használható fel.'),
      seed('002', 'a kapcsolat 7 órán keresztül marad aktív'),
      standard('SAML 2.0 Core §2.5.1.2 (NotBefore, NotOnOrAfter)'),
    ],
    setting: '`serve --token-lifetime <minutes>` or fixture `settings.tokenLifetimeMinutes` (default 420); `settings.clockSkewSeconds`',
    enforcedIn: ['simulator/token/validate-token.ts'],
    testedIn: ['simulator/token/validate-token.test.ts'],
  },
  {
    id: 'TOKEN-AUDIENCE',
    area: 'token',
    requires: 'The token’s AudienceRestriction names the EESZT services.',
    codes: ['TOKEN_AUDIENCE_MISMATCH'],
    sources: [standard('SAML 2.0 Core §2.5.1.4 (AudienceRestriction)')],
    enforcedIn: ['simulator/token/validate-token.ts'],
    testedIn: ['simulator/token/validate-token.test.ts'],
  },
  {
    id: 'TOKEN-ENVIRONMENT',
    area: 'token',
    requires: 'A token acts only in the simulator environment that issued it, and not after that environment was reset.',
    codes: ['TOKEN_FOREIGN_ENVIRONMENT', 'TOKEN_ISSUED_BEFORE_RESET'],
    sources: [assumption('Isolated runs and resets are the simulator’s own (a test tool); a token of one run must not act in another, as a token of the test EESZT does not act in production.')],
    enforcedIn: ['simulator/token/validate-token.ts'],
    testedIn: ['test/isolation/token-binding.test.ts'],
  },
  // ------------------------------------------------------------------ permissions
  {
    id: 'PERM-VMATRIX',
    area: 'permissions',
    requires: 'A user acts in EESZT only with a V-MÁTRIX role in the unit of the login; the role fits the username prefix (ORVOS for O, …).',
    codes: ['ROLE_MISSING', 'ROLE_PREFIX_MISMATCH', 'ROLE_UNKNOWN'],
    sources: [
      seed('000', 'EESZT intézményi jogosultságok beállítása nélkül a felhasználó bejelentkezést követően nem fog tudni az EESZT rendszerében műveleteket végezni!'),
      seed('002', 'A V-MÁTRIX beállításon belül elegendő az Orvos (ORVOS) szerepkört kiválasztanod, ezt a jogosultságot minden olyan szervezeti egységnél meg kell adni, amelyik alól jelenteni fogsz.'),
    ],
    enforcedIn: ['simulator/services/access-control.ts', 'simulator/vmatrix/vmatrix-admin.ts'],
    testedIn: ['test/services/permission-matrix.test.ts', 'test/iam/vmatrix-api.test.ts'],
  },
  {
    id: 'PERM-MATRIX',
    area: 'permissions',
    requires: 'Who may write, read and list each service’s objects: Eseménykatalógus and EHR are written by the institution, eProfil, eRecept and eBeutaló by the doctor; reading and listing by the treating doctor (eRecept also the pharmacy as institution; eBeutaló the institution); eProfil has no list.',
    codes: ['ROLE_MISSING', 'ACTOR_NOT_ALLOWED', 'OPERATION_NOT_AVAILABLE'],
    sources: [
      seed('003', 'Írás Intézmény Intézmény orvos orvos orvos'),
      seed('003', 'olvasás kezelőorvos kezelőorvos kezelőorvos kezelőorvos + gyógyszertár (mint intézmény) Intézmény'),
      seed('003', 'listás (adminisztratív) lekérdezés kezelőorvos kezelőorvos NA kezelőorvos Intézmény'),
      seed('002', 'A V-MÁTRIX beállításon belül elegendő az Orvos (ORVOS) szerepkört kiválasztanod'),
    ],
    enforcedIn: ['simulator/services/access-control.ts', 'simulator/services/permission-matrix.ts'],
    testedIn: ['test/services/permission-matrix.test.ts'],
  },
  {
    id: 'PERM-TREATING-DOCTOR',
    area: 'permissions',
    requires: 'A doctor reads or lists a patient’s data only as treating doctor: the doctor’s institution has a care event (Eseménykatalógus) for the patient.',
    codes: ['NOT_TREATING_DOCTOR'],
    sources: [
      seed('003', 'olvasás kezelőorvos kezelőorvos kezelőorvos'),
      assumption('The seeds do not define “kezelőorvos”; the simulator takes a care event of the doctor’s institution for the patient as the treating relationship (docs/services.md).'),
    ],
    enforcedIn: ['simulator/services/access-control.ts'],
    testedIn: ['test/services/permission-matrix.test.ts'],
  },
  {
    id: 'PERM-AUTHOR',
    area: 'permissions',
    requires: 'Only the author of a document changes it.',
    codes: ['NOT_AUTHOR'],
    sources: [assumption('The seeds define writing as creating and changing (“Az adott objektum létrehozása, módosítása”) but not who may change another’s object; the simulator lets only the author.')],
    enforcedIn: ['simulator/services/document-service.ts'],
    testedIn: ['test/services/service-behaviour.test.ts'],
  },
  // ------------------------------------------------------------------ services
  {
    id: 'SVC-REQUEST-FIELDS',
    area: 'services',
    requires: 'A service request element has the fields of its operation (WSDL), each once, in the service’s namespace, valid, and nothing else.',
    codes: ['OPERATION_UNKNOWN', 'FIELD_MISSING', 'FIELD_UNKNOWN', 'FIELD_DUPLICATE', 'FIELD_INVALID', 'FIELD_NAMESPACE'],
    sources: [assumption('The seeds give no wire format of the business services; the simulator’s WSDL (GET <service>?wsdl) defines it, and requests are held to it.')],
    enforcedIn: ['simulator/services/document-xml.ts', 'simulator/services/soap-service.ts'],
    testedIn: ['test/services/service-behaviour.test.ts'],
  },
  {
    id: 'SVC-PATIENT',
    area: 'services',
    requires: 'A write names a patient known to the EESZT, and a change keeps the document’s patient.',
    codes: ['PATIENT_UNKNOWN', 'TAJ_MISMATCH'],
    sources: [assumption('The seeds do not describe the services’ patient checks; the simulator refuses a document for an unknown TAJ or a change that moves it to another patient.')],
    enforcedIn: ['simulator/services/document-service.ts'],
    testedIn: ['test/services/service-behaviour.test.ts'],
  },
  // ------------------------------------------------------------------ card
  {
    id: 'CARD-PIN-TRIES',
    area: 'card',
    requires: 'The eID PIN has 3 tries: after the 2nd wrong PIN it is suspended until the CAN is given, the 3rd blocks it; the PUK (10 tries) unblocks it; with no PUK try left the card is dead.',
    codes: ['PIN_WRONG', 'CAN_REQUIRED', 'PIN_BLOCKED', 'PUK_WRONG', 'CARD_DEAD'],
    sources: [
      seed('002', 'Az Aktiváláskor lehetséges, hogy a kártyaolvasó nem rögtön PIN kódot, hanem CAN számot kér'),
      assumption('The seeds give no try counts; the simulator’s card (docs/card-apdus.md, after BSI TR-03110 PACE) has 3 PIN tries with the CAN asked after the 2nd wrong one, and 10 PUK tries.'),
    ],
    setting: 'per card: fixture `cards[].pinState`, `pinTriesLeft`, `pukTriesLeft`, or `PUT /_sim/cards/{documentId}/pin-state` (the maxima 3 and 10 are fixed)',
    enforcedIn: ['virtual-reader/card/pin-policy.ts', 'virtual-reader/card-session.ts'],
    testedIn: ['virtual-reader/card-session.test.ts'],
  },
  {
    id: 'CARD-ACTIVATION-PIN',
    area: 'card',
    requires: 'A card still holding its 5-digit activation PIN cannot log in: the PIN is first changed to a 6-digit eID PIN (typed twice the same), once.',
    codes: ['ACTIVATION_PIN_NOT_CHANGED', 'PIN_MISMATCH', 'PIN_ALREADY_CHANGED', 'NEW_PIN_INVALID'],
    sources: [
      seed('002', 'Aktiváló PIN csere szükséges'),
      seed('002', 'az Új eAzonosítás PIN kódját fogja kérni, majd azt követően van lehetőséged megadni a 6 számjegyű PIN kódot és még egyszer megerősíteni'),
      seed('003', 'Az aktiválás során az okmány kezdeti 5 számból álló aktiváló PIN kódját szükséges az eSzemélyi igazolvány használatakor használatos 6 számjegyből álló PIN kódra módosítani.'),
    ],
    enforcedIn: ['virtual-reader/card/pin-policy.ts', 'virtual-reader/card-session.ts'],
    testedIn: ['virtual-reader/card-session.test.ts'],
  },
  {
    id: 'CARD-EXPIRY',
    area: 'card',
    requires: 'A card past its last day of validity (Europe/Budapest calendar date) refuses to authenticate, and the eID server refuses it too.',
    codes: ['CARD_EXPIRED', 'CARD_CERTIFICATE_EXPIRED'],
    sources: [
      seed('003', 'Az okmány érvényességének végső dátuma'),
      seed('002', 'Ha új eSzemélyi igazolványt kapsz - bármilyen okból kifolyólag (pl.: elvesztetted, lejárt az előző, stb.)'),
    ],
    setting: 'per card: fixture `cards[].expiry`; the simulator clock (`POST /_sim/clock`)',
    enforcedIn: ['virtual-reader/card/card-validity.ts', 'simulator/eid/card-response.ts'],
    testedIn: ['simulator/eid/server-app.test.ts', 'virtual-reader/card-client/card-client-app.test.ts'],
  },
  {
    id: 'CARD-GENUINE',
    area: 'card',
    requires: 'The eID server accepts a card answer only from a genuine, unrevoked card of this EESZT: its certificate chains to the card CA, its signature over the challenge verifies, its restricted identifier is the card’s, and the answer is well-formed.',
    codes: ['CARD_CERTIFICATE_INVALID', 'CARD_SIGNATURE_INVALID', 'RID_INVALID', 'CARD_REVOKED', 'CARD_RESPONSE_INVALID'],
    sources: [
      seed('003', 'Az eld szerver ellenőrzi a jogosultságot és elkészíti az rld csomagot.'),
      standard('BSI TR-03110 Part 2 (terminal/chip authentication, restricted identification) as modelled in docs/card-apdus.md; RFC 5280 §6'),
    ],
    enforcedIn: ['simulator/eid/card-response.ts'],
    testedIn: ['simulator/eid/server-app.test.ts'],
  },
  // ------------------------------------------------------------------ eID request service and eID server
  {
    id: AUTH_RULE.eidRequestSectorUser,
    area: 'eid',
    requires:
      'The eID request package is asked for by the sector user configured in the HIS: its SAML token (`Authorization: SAML`), a natural person’s (not the institutional certificate’s or the institution’s system user’s), of the institution the package is for (also the WAF-SSL certificate’s over TLS). Any login method.',
    codes: ['SECTOR_USER_TOKEN_REQUIRED', 'SECTOR_USER_TOKEN_MALFORMED', 'SECTOR_USER_REQUIRED', 'REQUESTER_MISSING', 'REQUESTER_MISMATCH'],
    sources: [
      seed('003', 'Ágazati felhasználó a HIS rendszerben a HIS rendszerben beállított ágazati felhasználóval EESZT Web szolgáltatás használatával kérést küld az EESZT Back-end felé az eld azonosítás kérés csomag összeállítására'),
      assumption('The seed names no login method for the configured sector user; a password token is accepted, since the package grants nothing without the card and its PIN, handles no patient data, and starts the multi-factor login.'),
    ],
    setting: '`--policy lenient` (also fixture `settings.policy`, run option `policy`) lets a request without the token through, flagged',
    policy: 'strict',
    enforcedIn: ['simulator/eid/request-app.ts', 'simulator/eid/sector-user.ts'],
    testedIn: ['simulator/eid/request-app.test.ts', 'test/card-login/package-requesters.test.ts'],
  },
  {
    id: 'EID-REQUEST-PACKAGE',
    area: 'eid',
    requires: 'A request package is one the eID request service signed, unchanged, for a purpose this service issues (login, readout), used for that purpose, within 5 minutes, and once.',
    codes: ['REQUEST_PACKAGE_MISSING', 'REQUEST_PACKAGE_INVALID', 'REQUEST_PACKAGE_EXPIRED', 'REQUEST_PACKAGE_USED', 'REQUEST_PURPOSE_INVALID', 'REQUEST_PACKAGE_PURPOSE_MISMATCH', 'EID_SESSION_PURPOSE_MISMATCH'],
    sources: [
      seed('003', 'A HIS rendszer a kapott csomagot a kártyakezelő kliens megszólításával elküldi az elD szerver részére'),
      assumption('The seeds give no validity of the request package; the simulator allows 5 minutes and one use.'),
    ],
    setting: 'fixture `settings.eidPackageSeconds` (default 300)',
    enforcedIn: ['simulator/eid/request-package.ts', 'simulator/eid/server-app.ts', 'simulator/eid/request-app.ts', 'virtual-reader/card-client/card-client.ts'],
    testedIn: ['simulator/eid/request-package.test.ts', 'test/card-login/readout.test.ts'],
  },
  {
    id: 'EID-SESSION',
    area: 'eid',
    requires: 'An eID server session lasts as long as its request package allows (at most 5 minutes) and ends with its answer.',
    codes: ['EID_SESSION_EXPIRED', 'EID_SESSION_UNKNOWN'],
    sources: [assumption('The seeds do not describe the eID server’s sessions; 5 minutes matches the request package.')],
    setting: 'fixture `settings.eidPackageSeconds` (default 300)',
    enforcedIn: ['simulator/eid/server-app.ts'],
    testedIn: ['simulator/eid/server-app.test.ts'],
  },
  {
    id: 'EID-READOUT',
    area: 'eid',
    requires: 'The authentic readout of TAJ and tax id goes through the card client and the eID server with the cardholder’s PIN; the readout package must be for this session and carry a TAJ to identify a patient.',
    codes: ['READOUT_DATA_INVALID', 'READOUT_PACKAGE_MALFORMED', 'READOUT_NOT_STARTED_HERE', 'READOUT_WITHOUT_TAJ'],
    sources: [
      seed('003', 'az eSzemélyiről történő hiteles adatkiolvasás az eSzemélyi Kliens és az online eID szerver segítségével érhető el.'),
      seed('003', 'TAJ és adóazonosító'),
      seed('004', 'mind a beteg azonosítására'),
    ],
    enforcedIn: ['simulator/eid/card-response.ts', 'simulator/minihis/patient-card.ts'],
    testedIn: ['test/minihis/patient-card.test.ts'],
  },
  // ------------------------------------------------------------------ portal, IAM+SSO, V-MÁTRIX
  {
    id: 'PORTAL-ACTIVATION',
    area: 'portal',
    requires: 'Card activation at the Ágazati portál: the username and the check code shown on screen (valid 10 minutes), then the card of that user answers the activation’s own request package.',
    codes: ['CHECK_CODE_MISSING', 'CHECK_CODE_UNKNOWN', 'CHECK_CODE_WRONG', 'CHECK_CODE_EXPIRED', 'ACTIVATION_UNKNOWN', 'ACTIVATION_COMPLETED', 'CARD_HOLDER_MISMATCH', 'RID_PACKAGE_NONCE_MISMATCH', 'RID_PACKAGE_MISSING'],
    sources: [
      seed('002', 'Írd be a felhasználóneved (O+pecsétszám) és a képernyőn látható ellenőrző kódot.'),
      assumption('The check code’s validity (10 minutes, CHECK_CODE_MINUTES) and the binding of the activation to its request package are the simulator’s; the seeds are silent.'),
    ],
    enforcedIn: ['simulator/portal/check-codes.ts', 'simulator/portal/activation.ts'],
    testedIn: ['simulator/portal/check-codes.test.ts', 'test/card-login/activation.test.ts'],
  },
  {
    id: 'PORTAL-PICK',
    area: 'portal',
    requires: 'Users, institutions and units are picked from the drop-down of a look-up (not typed), of the right institution, within 15 minutes.',
    codes: ['PICK_REQUIRED', 'PICK_INVALID', 'PICK_EXPIRED', 'UNIT_PICK_MISMATCH', 'LOOKUP_QUERY_MISSING', 'LOOKUP_QUERY_INVALID'],
    sources: [
      seed('000', 'Ezen listából minden esetben ki kell választani a megfelelő adatot a továbblépéshez!'),
      seed('000', 'Ezen listából minden esetben ki kell választani a bejelentkezéshez megfelelő adatot!'),
      assumption('A pick’s lifetime (15 minutes) and the look-up limits (q at most 64 characters, 20 matches) are the simulator’s.'),
    ],
    setting: 'fixture `settings.pickMinutes` (default 15)',
    enforcedIn: ['simulator/iam/picks.ts', 'simulator/minihis/picks.ts'],
    testedIn: ['test/iam/iam-api.test.ts', 'test/minihis/login.test.ts'],
  },
  {
    id: 'PORTAL-IAM-RECORD',
    area: 'portal',
    requires: 'An IAM+SSO record: partner 1 – ÁEEK EESZT, system 1 – miniHIS, a user and a unit of the admin’s institution, one record per user and unit, roles fitting the username prefix, at least one role when saved.',
    codes: ['PARTNER_UNKNOWN', 'SYSTEM_UNKNOWN', 'IAM_RECORD_EXISTS', 'INSTITUTION_NOT_ADMINISTERED', 'ROLES_EMPTY', 'ROLE_NOT_OWNED', 'MOVE_INVALID', 'ROLE_PREFIX_MISMATCH'],
    sources: [
      seed('000', 'Partner: 1 – ÁEEK EESZT'),
      seed('000', 'Rendszer: 1 – miniHIS'),
      seed('000', 'Intézmény: A mező a bejelentkezéskor megadott intézménnyel automatikusan kitöltésre kerül.'),
    ],
    enforcedIn: ['simulator/iam/iam-records.ts', 'simulator/iam/role-editor.ts', 'simulator/iam/new-record.ts'],
    testedIn: ['test/iam/iam-api.test.ts'],
  },
  {
    id: 'PORTAL-ADMIN-ROLE',
    area: 'portal',
    requires: 'Only the institution’s permission admin (V-MÁTRIX JOGOSULTSAG_ADMIN in the login unit) administers IAM+SSO and V-MÁTRIX, and cannot remove their own admin role in that unit.',
    codes: ['ROLE_MISSING', 'SELF_LOCKOUT'],
    sources: [seed('000', 'A miniHIS alkalmazáshoz tartozó szerepköröket az adott egészségügyi szolgáltató által kijelölt EESZT Intézményi jogosultság adminisztrátor oszthatja ki')],
    enforcedIn: ['simulator/iam/admin-auth.ts', 'simulator/vmatrix/vmatrix-admin.ts'],
    testedIn: ['test/iam/vmatrix-api.test.ts'],
  },
  // ------------------------------------------------------------------ miniHIS
  {
    id: 'MINIHIS-LOGIN',
    area: 'minihis',
    requires: 'miniHIS logins are with the eSzemélyi or with the mobilToken code — exactly one of the two; a card login’s rID package is for miniHIS and the institution picked.',
    codes: ['LOGIN_METHOD_MISSING', 'LOGIN_METHOD_AMBIGUOUS', 'RID_PACKAGE_NOT_FOR_MINIHIS', 'RID_PACKAGE_INSTITUTION_MISMATCH'],
    sources: [
      seed('000', 'eSzemélyi igazolvány alapú belépés'),
      seed('000', 'EESZT MobilToken mobiltelefonos alkalmazás használatával'),
    ],
    enforcedIn: ['simulator/minihis/login.ts', 'simulator/minihis/card-login.ts'],
    testedIn: ['test/minihis/login.test.ts', 'test/minihis/card-login.test.ts'],
  },
  {
    id: 'MINIHIS-ROLE',
    area: 'minihis',
    requires: 'miniHIS is used only with the IAM+SSO role of the user’s kind in the unit: „miniHIS Orvos” (O), „miniHIS Szakdolgozó” (S), „miniHIS Adatrögzítő” (X).',
    codes: ['MINIHIS_ROLE_MISSING'],
    sources: [
      seed('000', 'Orvos felhasználóknak a miniHIS eléréséhez „miniHIS Orvos” joggal szükséges rendelkezniük'),
      seed('000', 'Egészségügyi szakdolgozóknak a miniHIS eléréséhez „miniHIS Szakdolgozó” joggal szükséges rendelkezniük'),
      seed('000', 'Nem egészségügyi felhasználóknak a miniHIS eléréséhez „miniHIS Adatrögzítő” joggal szükséges rendelkezniük'),
    ],
    enforcedIn: ['simulator/minihis/role-check.ts'],
    testedIn: ['test/minihis/login.test.ts'],
  },
  {
    id: 'MINIHIS-SESSION',
    area: 'minihis',
    requires: 'A miniHIS session lasts 7 hours from login and ends at logout.',
    codes: ['SESSION_REQUIRED', 'SESSION_UNKNOWN', 'SESSION_ENDED', 'SESSION_EXPIRED'],
    sources: [
      seed('002', 'a kapcsolat 7 órán keresztül marad aktív'),
      assumption('The 7 hours come from a provider’s help article about its own EESZT connection; the seeds give no miniHIS session length.'),
    ],
    setting: 'fixture `settings.miniHisSessionHours` (default 7)',
    enforcedIn: ['simulator/minihis/sessions.ts'],
    testedIn: ['test/minihis/flows.test.ts'],
  },
  {
    id: 'MINIHIS-TERMS',
    area: 'minihis',
    requires: 'The first login on behalf of a provider must accept the ÁSZF before any use; later users of the same provider skip it.',
    codes: ['TERMS_NOT_ACCEPTED', 'TERMS_ANSWER_INVALID', 'TERMS_ALREADY_ACCEPTED'],
    sources: [
      seed('000', 'A Felhasználási Feltételek elfogadása az első belépést megelőzően kötelező, ellenkező esetben a szolgáltatás nem vehető igénybe.'),
      seed('000', 'Ugyanazon egészségügyi szolgáltató esetén a további felhasználók bejelentkezésekor az Általános Szerződési Feltételek (ÁSZF) elfogadása kimarad.'),
    ],
    enforcedIn: ['simulator/minihis/setup.ts', 'simulator/minihis/minihis-app.ts'],
    testedIn: ['test/minihis/flows.test.ts'],
  },
  {
    id: 'MINIHIS-CONFIGURATION',
    area: 'minihis',
    requires: 'At first use the configuration is completed: the 6-character ÁNTSZ/NNK institution id of the login’s institution, the 9-digit provider code of the unit, contact details and their visibility, care type, referral institution type, prescription category and print format (from the lists).',
    codes: ['CONFIGURATION_REQUIRED', 'INSTITUTION_ID_INVALID', 'INSTITUTION_MISMATCH', 'PROVIDER_CODE_INVALID', 'PROVIDER_CODE_MISMATCH', 'CONTACT_INVALID', 'ADDRESS_INVALID', 'PHONE_INVALID', 'EMAIL_INVALID', 'VISIBILITY_INVALID', 'CHOICE_INVALID'],
    sources: [
      seed('000', 'el kell végezni a konfigurációs beállításokat, mely során az alábbi adatok megadása szükséges'),
      seed('000', 'Intézmény azonosító: Azon egészségügyi szolgáltató 6 jegyű ÁNTSZ/NNK azonosítója'),
      seed('000', 'Szolgáltató kódja: Azon szervezeti egység 9 jegyű ÁNTSZ/NNK engedély kódja'),
      assumption('Formats of the e-mail address, phone number and address are the simulator’s; the seeds are silent.'),
    ],
    enforcedIn: ['simulator/minihis/configuration.ts', 'simulator/minihis/setup.ts'],
    testedIn: ['test/minihis/validation.test.ts', 'test/minihis/flows.test.ts'],
  },
  {
    id: 'MINIHIS-USER-DATA',
    area: 'minihis',
    requires: 'After the configuration the user gives an e-mail address and the name used in care; doctors also the specialties they hold (and only those); others give no specialties.',
    codes: ['USER_DATA_REQUIRED', 'NAME_INVALID', 'SPECIALTIES_INVALID', 'SPECIALTY_NOT_HELD', 'FIELD_NOT_ALLOWED', 'EMAIL_INVALID'],
    sources: [
      seed('000', 'A következő oldalon az adott felhasználóhoz tartozó adatokat kell megadni: e-mail címet, orvosi tevékenység során használt nevet, illetve azon szakvizsgakódok nevét'),
      seed('000', 'A következő oldalon az adott felhasználóhoz tartozó kapcsolattartási adatokat kell megadni: e-mail címet, illetve az ellátás során használt nevet.'),
    ],
    enforcedIn: ['simulator/minihis/user-data.ts', 'simulator/minihis/setup.ts'],
    testedIn: ['test/minihis/validation.test.ts'],
  },
  {
    id: 'MINIHIS-OJOTE',
    area: 'minihis',
    requires: 'NEAK OJOTE credentials belong to a doctor: username `OBVN-<stamp number>USER`, password the 10-digit prescription-contract id.',
    codes: ['OJOTE_USERNAME_INVALID', 'OJOTE_PASSWORD_INVALID', 'OJOTE_DOCTOR_UNKNOWN', 'OJOTE_DOCTOR_NOT_HERE', 'OJOTE_NOT_CONFIGURED'],
    sources: [
      seed('000', 'OBVN-xxxxxUSER - ahol az xxxxx az orvos pecsétszáma.'),
      seed('000', 'Az adott felhasználónévhez kapcsolódó jelszó az orvos által megkötött vényírási szerződésének 10 jegyű azonosítószáma.'),
      seed('000', 'NEAK OJOTE betegjogviszony ellenőrzés funkciójával, amely orvos felhasználóhoz kötött.'),
    ],
    enforcedIn: ['simulator/minihis/ojote.ts'],
    testedIn: ['test/minihis/validation.test.ts'],
  },
  // ------------------------------------------------------------------ eKapu
  {
    id: 'EKAPU-CONNECTION-RESULT',
    area: 'ekapu',
    requires: 'The connection check result uploaded to eKapu is a CMS SignedData signed with the institution’s current, unrevoked WAF-SSL certificate, names that institution, passed, and is at most 30 days old.',
    codes: ['CONNECTION_RESULT_MISSING', 'CONNECTION_RESULT_MALFORMED', 'CONNECTION_RESULT_SIGNATURE_INVALID', 'CONNECTION_RESULT_SIGNER_UNKNOWN', 'CONNECTION_RESULT_SIGNER_REVOKED', 'CONNECTION_RESULT_INSTITUTION_MISMATCH', 'CONNECTION_RESULT_STALE', 'CONNECTION_RESULT_FAILED'],
    sources: [
      seed('001', 'a műszaki ellenőrzés eredményéről kiállított elektronikus igazolás eKapu portálra történő feltöltésével, és a feltöltött adatállomány ellenőrzésével történik.'),
      standard('RFC 5652 §5 (CMS SignedData) and §5.6 (signature verification)'),
      assumption('The 30-day limit (MAX_RESULT_AGE_DAYS) and the signature with the WAF-SSL key are the simulator’s; the seeds do not give the result file’s format.'),
    ],
    enforcedIn: ['simulator/ekapu/verify-upload.ts', 'simulator/ekapu/cms-verify.ts', 'simulator/ekapu/ekapu-app.ts'],
    testedIn: ['simulator/ekapu/ekapu.test.ts'],
  },
  // ------------------------------------------------------------------ hardening
  {
    id: 'LIMIT-BODY-SIZE',
    area: 'hardening',
    requires: 'A request body is at most the body limit (default 1 MiB).',
    codes: ['PAYLOAD_TOO_LARGE'],
    sources: [assumption('EESZT’s limit is not published; 1 MiB is far above any request of the simulated services and bounds memory use (docs/hardening.md).')],
    setting: '`serve --body-limit <bytes>`',
    enforcedIn: ['simulator/environment.ts', 'simulator/core/journal-middleware.ts'],
    testedIn: ['test/hostile/limits.test.ts'],
  },
  {
    id: 'LIMIT-XML',
    area: 'hardening',
    requires: 'XML is well-formed UTF-8 without a DOCTYPE, entity declarations or processing instructions, and within the limits of nesting (64), attributes, elements, comments and parse time.',
    codes: ['XML_MALFORMED', 'XML_FORBIDDEN_CONSTRUCT'],
    sources: [
      standard('SOAP 1.2 Part 1 §5 (a SOAP message MUST NOT contain a document type declaration); XML 1.0 §2.2 (characters)'),
      assumption('The size and depth limits are the simulator’s (docs/hardening.md).'),
    ],
    enforcedIn: ['simulator/soap/safe-xml.ts'],
    testedIn: ['simulator/soap/safe-xml.test.ts', 'test/hostile/xml-attacks.test.ts'],
  },
  {
    id: 'LIMIT-JSON',
    area: 'hardening',
    requires:
      'The JSON APIs (miniHIS, IAM+SSO, V-MÁTRIX, eID, portal, card client, control API) take `application/json` that parses, nests at most 64 deep, is an object, and has the documented fields only, each of its JSON type, range and length (one body validator, `details.errors` per field; nothing coerced).',
    codes: ['JSON_EXPECTED', 'JSON_MALFORMED', 'JSON_TOO_DEEP', 'BODY_INVALID', 'FIELD_UNKNOWN', 'FIELD_INVALID', 'FIELD_MISSING', 'FORM_INVALID', 'QUERY_INVALID', 'VALIDATION_FAILED'],
    sources: [
      standard('RFC 8259 (JSON); RFC 9110 §15.5.16 (415 Unsupported Media Type)'),
      assumption('The JSON APIs stand in for the web UIs of miniHIS and the Ágazati portál; their shapes are the simulator’s (docs/minihis.md, docs/iam.md).'),
    ],
    enforcedIn: ['simulator/core/read-json.ts', 'simulator/core/body-schema.ts', 'simulator/minihis/body.ts', 'simulator/iam/new-record.ts'],
    testedIn: ['test/robustness/json-bodies.test.ts', 'test/hostile/json-attacks.test.ts', 'test/minihis/validation.test.ts'],
  },
] satisfies Rule[]);

/** The rule with this id, if any. */
export function ruleById(id: string): Rule | undefined {
  return RULES.find((r) => r.id === id);
}

/** Every code some rule produces. */
export function ruleCodes(): Set<string> {
  return new Set(RULES.flatMap((r) => r.codes));
}
