/**
 * The requirements the checks come from: the operator's seed documents (quoted in Hungarian),
 * the open standards of the simulator profile, and the profile's own documents. (The `domain`
 * source kind, our own summary of the seeds, is no longer cited: where a seed says it, its words
 * are quoted.)
 *
 * @example
 * ```ts
 * const check = { requirement: REQ.username, ... };
 * ```
 */
import type { Requirement } from './check.js';

const seed = (ref: string, text: string): Requirement => ({ source: 'seed', ref, text });
const standard = (ref: string, text: string): Requirement => ({ source: 'standard', ref, text });
const profile = (ref: string, text: string): Requirement => ({ source: 'profile', ref, text });

/** Every requirement a check cites. */
export const REQ = {
  username: seed('seed 001 (EESZT csatlakozás műszaki megvalósítása) § EESZT Felhasználónév képzése', 'EESZT username = prefix + registry number; it is case-sensitive and the prefix is always written in upper case (O, S, G, C, X).'),
  institutionProvider: seed('seed 001 § Intézményazonosítók képzése', 'EESZT institution id = prefix + 6-character registry id; `E` for providers registered by OTH (OTH id 01620K → E01620K).'),
  institutionPharmacy: seed('seed 001 § Intézményazonosítók képzése', '`P` for OGYEI-registered providers; 5-character OGYEI ids are left-padded with one 0 to 6 characters.'),
  unit: seed('seed 000 (EESZT jogosultságok és miniHIS) § Orvosi bejelentkezést követő konfiguráció', 'Organisational unit = the 9-digit ÁNTSZ/NNK permit code of the workstation’s unit: „Szolgáltató kódja: Azon szervezeti egység 9 jegyű ÁNTSZ/NNK engedély kódja”.'),
  stsMethods: seed(
    'seed 003 (EESZT fejlesztői workshop) § SAML jegy kérés - EESZT Szolgáltatások',
    'The STS issues a SAML ticket; three ways to get one: „SAML jegy kérése felhasználónév és jelszó alapján”, „SAML jegy kérése kétfaktoros azonosítással”, „SAML jegy kérése x509-es tanúsítvány alapján” (username + password, two-factor with the eID card, X.509 certificate of an institutional user).',
  ),
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
  cardFlow: seed(
    'seed 003 (EESZT fejlesztői workshop) § EESZT SAML kérés – eSZIG integráció',
    'Card login in three legs: the HIS’s configured sector user asks EESZT for the request package („a HIS rendszerben beállított ágazati felhasználóval … kérést küld az EESZT Back-end felé az eld azonosítás kérés csomag összeállítására”) → the card client runs it with the card against the eID server, which makes the rID package („Az eld szerver ellenőrzi a jogosultságot és elkészíti az rld csomagot.”) → the HIS builds the SAML request from the rID package and the username („A HIS rendszer a kapott rld csomag és felhasználó azonosító felhasználásával elkészíti a SAML kérést”).',
  ),
  ridSingleUse: profile('docs/protocol.md § eID card (two-factor)', 'The STS uses an rID package once; a second login needs a new card authentication.'),
  pinLocal: seed(
    'seed 002 (eSzemélyi aktiválása) § 6.; seed 003 (EESZT fejlesztői workshop) § Kártyaolvasó',
    'Readers with and without a PIN pad („a PIN billentyűzettel ellátott, és a PIN billentyűzet nélkülit”): with a PIN pad the PIN is typed on the reader, without one into a pop-up on the workstation („A nem nyomógombos készülék esetében a képernyőn megjelenő felugró ablakban tudod beírni a CAN és a PIN kódot, a nyomógombos kártyaolvasó esetében pedig a kártyaolvasó kijelzőjén fogod látni, hogy melyik adatot szükséges megadnod.”). The PIN goes to the card only, never to EESZT (the card client verifies it with the card).',
  ),
  cardErrors: seed(
    'seed 002 (eSzemélyi aktiválása) §§ Mi szükséges hozzá?, 5.–6.; BSI TR-03110 (PACE: PIN suspended after two wrong tries, blocked after three)',
    'The reader may ask for the CAN instead of the PIN („lehetséges, hogy a kártyaolvasó nem rögtön PIN kódot, hanem CAN számot kér”): after wrong PIN tries the PIN is suspended until the CAN is given, a blocked PIN needs the PUK (on the card holder’s „zöld színű plasztik kártya, amin az aktiváló PIN és PUK kód található”); a new card needs the PIN change first („Az 5 számjegyű aktiváló PIN kód esetén a kártyaolvasó az Új eAzonosítás PIN kódját fogja kérni”).',
  ),
  activation: seed(
    'seed 003 (EESZT fejlesztői workshop) § Előfeltételek',
    'Only after activation at the Ágazati portál does a card-based (RID) SAML request succeed: „Annak érdekében, hogy az eSZIG – RID alapon történő SAML kérés sikeres legyen, előzőleg egy eSZIG alapú aktiválásra van szükség.”',
  ),
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
  roles: seed(
    'seed 000 (EESZT jogosultságok és miniHIS) § 1. EESZT jogosultságok beállítása',
    'Without the V-MÁTRIX role, login succeeds but every operation is refused: „EESZT intézményi jogosultságok beállítása nélkül a felhasználó bejelentkezést követően nem fog tudni az EESZT rendszerében műveleteket végezni!”',
  ),
  resilience: profile('docs/conformance.md § Faults and retries', 'Transient failures (no answer, dropped connection, malformed reply, 502/503/504, SOAP Receiver faults) are retried a bounded number of times with back-off; refusals are not.'),
  channel: seed('seed 003 (EESZT fejlesztői workshop) § Kulccsal védett csatorna', 'The channel is built only after the caller proves its key („csak a kulcs ellenőrzését követően kerül a kommunikációs csatorna felépítésre”): TLS with the WAF-SSL client certificate issued to each connecting organisation.'),
} as const satisfies Record<string, Requirement>;
