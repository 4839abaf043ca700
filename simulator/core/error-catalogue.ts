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
  // --- tokens and environments
  TOKEN_FOREIGN_ENVIRONMENT: {
    en: "The SAML token was issued by another environment of the simulator (the default one or another isolated run); get a token from this environment's STS.",
    hu: 'A SAML-jegyet a szimulátor egy másik környezete (az alapkörnyezet vagy egy másik elkülönített futás) állította ki; kérjen jegyet ennek a környezetnek az STS-étől.',
  },
  TOKEN_ISSUED_BEFORE_RESET: {
    en: 'The SAML token was issued before this environment was reset, which drops every issued token; get a new one.',
    hu: 'A SAML-jegyet a környezet visszaállítása előtt állították ki, a visszaállítás pedig minden kiadott jegyet érvénytelenít; kérjen újat.',
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
  // --- eSzemélyi login purposes and the authentic readout („hiteles adatkiolvasás”, seed 003)
  CARD_LOGIN_REQUIRED: {
    en: "This function needs the permission admin logged in with the eSzemélyi (card login); a password or certificate token is refused. Log in with the card and send that token.",
    hu: 'Ehhez a funkcióhoz a jogosultsági adminisztrátornak eSzemélyivel (kártyás bejelentkezéssel) kell belépnie; jelszavas vagy tanúsítványos jeggyel nem végezhető. Jelentkezzen be a kártyával, és azzal a jeggyel küldje a kérést.',
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
