/**
 * The requirements the checks come from: sections of the project's EESZT domain facts
 * (`eeszt-domain.md`, distilled from the operator's documents), the operator's seed documents
 * themselves, the open standards of the simulator profile, and the profile's own documents.
 *
 * @example
 * ```ts
 * const check = { requirement: REQ.username, ... };
 * ```
 */
import type { Requirement } from './check.js';

const domain = (section: string, text: string): Requirement => ({ source: 'domain', ref: `eeszt-domain.md § ${section}`, text });
const seed = (ref: string, text: string): Requirement => ({ source: 'seed', ref, text });
const standard = (ref: string, text: string): Requirement => ({ source: 'standard', ref, text });
const profile = (ref: string, text: string): Requirement => ({ source: 'profile', ref, text });

/** Every requirement a check cites. */
export const REQ = {
  username: seed('seed 001 (EESZT csatlakozás műszaki megvalósítása) § EESZT Felhasználónév képzése', 'EESZT username = prefix + registry number; it is case-sensitive and the prefix is always written in upper case (O, S, G, C, X).'),
  institutionProvider: seed('seed 001 § Intézményazonosítók képzése', 'EESZT institution id = prefix + 6-character registry id; `E` for providers registered by OTH (OTH id 01620K → E01620K).'),
  institutionPharmacy: seed('seed 001 § Intézményazonosítók képzése', '`P` for OGYEI-registered providers; 5-character OGYEI ids are left-padded with one 0 to 6 characters.'),
  unit: domain('Identifiers', 'Organisational unit = the 9-digit ÁNTSZ/NNK permit code of the workstation.'),
  stsMethods: domain('Authentication and tokens', 'The STS issues a SAML ticket; three ways to get one: username + password, two-factor (eID card), X.509 certificate (institutional user).'),
  stsProfile: profile('docs/protocol.md § The request', 'A WS-Trust 1.3 RequestSecurityToken (Issue) with the context (institution, unit) in wst:Claims and one kind of credential in wsse:Security.'),
  addressing: standard('W3C WS-Addressing 1.0 SOAP Binding §§ 2–3', 'Every request carries wsa:Action and a wsa:MessageID that is unique per message.'),
  nonce: standard('OASIS WS-Security UsernameToken Profile 1.1 § 3.1', 'A UsernameToken with a password should carry a fresh wsse:Nonce and wsu:Created so that replays can be detected.'),
  lockout: profile('docs/protocol.md § Username and password', 'Wrong passwords in a row lock the account (5, for 30 minutes): a wrong password must not be sent again automatically.'),
  timestamp: standard('OASIS WS-Security 1.1 SOAP Message Security § 10 (Security Timestamps)', 'A wsu:Timestamp with Created and Expires lets the receiver refuse stale or replayed messages.'),
  timestampSkew: profile('docs/protocol.md § The timestamp', 'wsu:Created must be within ±300 s of the EESZT clock and wsu:Expires must not have passed.'),
  tokenReuse: seed(
    'seed 003 (EESZT fejlesztői workshop) § SAML jegy kérés - EESZT Szolgáltatások; seed 002 (eSzemélyi aktiválása) § Jó ha tudod!',
    'During its validity the SAML ticket may be used in any number of requests: „A SAML jegy érvényességi ideje alatt tetszőleges számú kérelemben használható fel.”; a login stays active for 7 hours (seed 002: „a kapcsolat 7 órán keresztül marad aktív”).',
  ),
  tokenUnchanged: profile('docs/protocol.md § Using the token at the services', 'Put the assertion, unchanged, as a direct child of the wsse:Security header of every service request; its signature is checked.'),
  tokenExpiry: seed('seed 002 (eSzemélyi aktiválása) § Jó ha tudod!', 'A login stays active for 7 hours („a kapcsolat 7 órán keresztül marad aktív”); after that a new token must be obtained.'),
  cardFlow: domain('Authentication and tokens', 'Card login in three legs: request package from EESZT → card client with the card against the eID server → rID package → SAML request to the STS.'),
  ridSingleUse: profile('docs/protocol.md § eID card (two-factor)', 'The STS uses an rID package once; a second login needs a new card authentication.'),
  pinLocal: domain('The eID card (eSzemélyi) and its reader', 'With a PIN-pad reader the host never sees the PIN; without one the PIN is typed into a pop-up on the workstation. The PIN is for the card, never for EESZT.'),
  cardErrors: domain('The eID card (eSzemélyi) and its reader', 'After failed PIN attempts the reader asks for the CAN; a blocked PIN needs the PUK; a new card needs the PIN change and activation first.'),
  activation: domain('The eID card (eSzemélyi) and its reader', 'Only after activation at the Ágazati portál does a card-based (RID) SAML request succeed.'),
  twoFactor: seed(
    'seed 003 (EESZT fejlesztői workshop) § EESZT felhasználói; Többfaktoros azonosítás használata',
    'Sector users log in to HIS applications with more than one factor: „HIS alkalmazások – multifaktoros bejelentkezés”; the STS offers „SAML jegy kérése kétfaktoros azonosítással” (eSzemélyi card, or password + mobilToken code).',
  ),
  institutionCertificate: seed(
    'seed 003 (EESZT fejlesztői workshop) § EESZT felhasználói; Intézményi felhasználó azonosítás',
    'Institutional users authenticate only with the institutional certificate: „Intézményi felhasználók … csak tanúsítvány használatával”.',
  ),
  patientCard: seed(
    'seed 004 (Az e-Személyi igazolvány használata); seed 003 (eSZIG)',
    'The eSzemélyi identifies patients too: „A belépéshez használható e-Személyi igazolvány mind a beteg azonosítására, mind a rendszert használó orvosok, egészségügyi dolgozók és gyógyszerészek számára biztonságos azonosítási lehetőséget biztosít”; the TAJ comes from the authentic readout through the card client and the eID server (seed 003: „hiteles adatkiolvasás … TAJ és adóazonosító”).',
  ),
  roles: domain('Roles and permissions', 'Without the V-MÁTRIX role, login succeeds but every operation is refused.'),
  resilience: profile('docs/conformance.md § Faults and retries', 'Transient failures (no answer, dropped connection, malformed reply, 502/503/504, SOAP Receiver faults) are retried a bounded number of times with back-off; refusals are not.'),
  channel: seed('seed 003 (EESZT fejlesztői workshop) § Kulccsal védett csatorna', 'The channel is built only after the caller proves its key („csak a kulcs ellenőrzését követően kerül a kommunikációs csatorna felépítésre”): TLS with the WAF-SSL client certificate issued to each connecting organisation.'),
} as const satisfies Record<string, Requirement>;
