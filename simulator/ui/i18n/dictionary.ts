/**
 * The trainer UI's one dictionary: every label the pages and the browser scripts show, in
 * Hungarian (as on the real EESZT screens) and English. EESZT names stay Hungarian in both
 * (Ágazati portál, V-MÁTRIX, ÁSZF, IAM + SSO Adminisztráció); where a real screen's button is
 * translated, the English label repeats the Hungarian one so trainers can map it.
 *
 * Placeholders in braces (`{n}`) are filled by {@link translate}.
 *
 * @example
 * ```ts
 * translate('en', 'reader.triesLeft', { n: 2 }); // 'Tries left: 2'
 * ```
 */

/** A UI language. */
export type Lang = 'hu' | 'en';

/** Every language the UI speaks, the default first. */
export const LANGS: readonly Lang[] = ['hu', 'en'];

/** One label in every language. */
export interface Label {
  hu: string;
  en: string;
}

const d = <T extends Record<string, Label>>(entries: T): T => entries;

/** The dictionary. Keys are grouped by screen; `common.*` is shared. */
export const DICTIONARY = d({
  // --- layout and navigation
  'app.title': { hu: 'eeszt-sim oktatói felület', en: 'eeszt-sim trainer UI' },
  'app.tagline': { hu: 'Offline EESZT-szimulátor', en: 'Offline EESZT simulator' },
  'nav.label': { hu: 'Fő menü', en: 'Main menu' },
  'nav.home': { hu: 'Áttekintés', en: 'Overview' },
  'nav.readers': { hu: 'Kártyaolvasók', en: 'Card readers' },
  'nav.portal': { hu: 'Ágazati portál', en: 'Ágazati portál' },
  'nav.minihis': { hu: 'miniHIS', en: 'miniHIS' },
  'nav.inspector': { hu: 'Forgalomfigyelő', en: 'Traffic inspector' },
  'nav.scenario': { hu: 'Forgatókönyv', en: 'Scenario' },
  'layout.skip': { hu: 'Ugrás a tartalomra', en: 'Skip to content' },
  'layout.clock': { hu: 'Szimulátor órája', en: 'Simulator clock' },
  'layout.clockFrozen': { hu: 'megállítva', en: 'frozen' },
  'layout.lang': { hu: 'English', en: 'Magyar' },
  // --- presentation mode (projector) and its step captions
  'layout.presentationOn': { hu: 'Vetítési mód', en: 'Presentation mode' },
  'layout.presentationOff': { hu: 'Vetítési mód ki', en: 'Presentation mode off' },
  'layout.presentationHint': {
    hu: 'Vetítéshez: nagyobb betűk, egy kártyaolvasó, az aktuális lépés felirata a képernyő alján (?presentation=1)',
    en: 'For a projector: larger type, one reader, a caption of the current step at the bottom (?presentation=1)',
  },
  'caption.label': { hu: 'Aktuális lépés', en: 'Current step' },
  'caption.page.home': { hu: 'Áttekintés: az oktatás útja egy új kártyától az eRecept felírásáig.', en: 'Overview: the training path from a new card to an eRecept prescription.' },
  'caption.page.readers': { hu: 'Kártyaolvasók: kártya behelyezése, cseréje, kivétele; olvasók PIN-paddal és anélkül.', en: 'Card readers: insert, swap and remove cards; readers with and without a PIN pad.' },
  'caption.page.portal-login': {
    hu: 'Ágazati portál: bejelentkezés eSzemélyivel (három lépés) vagy jelszóval és mobilToken kóddal.',
    en: 'Ágazati portál: log in with the eID card (three legs) or with password and mobilToken code.',
  },
  'caption.page.portal-activation': { hu: 'Kártya aktiválása: felhasználónév és ellenőrző kód, majd a kártya és a PIN-ek.', en: 'Card activation: username and check code, then the card and its PINs.' },
  'caption.page.iam-list': { hu: 'IAM + SSO Adminisztráció: az intézmény jogosultsági rekordjai.', en: 'IAM + SSO Adminisztráció: the institution’s permission records.' },
  'caption.page.iam-new': {
    hu: 'Új jogosultsági rekord: Partner, Rendszer, Felhasználó, Intézmény, Szervezeti egység – mindegyik a listából választva.',
    en: 'New permission record: Partner, Rendszer, Felhasználó, Intézmény, Szervezeti egység – each picked from its list.',
  },
  'caption.page.iam-roles': { hu: 'Szerepkörök: a szerepkört a birtokoltak közé kell áthelyezni, majd TÁROL ÉS VISSZA.', en: 'Roles: move the role into the held ones, then TÁROL ÉS VISSZA.' },
  'caption.page.vmatrix': { hu: 'V-MÁTRIX: szerepkörök szervezeti egységenként.', en: 'V-MÁTRIX: roles per organisational unit.' },
  'caption.page.portal-waf': {
    hu: 'WAF-SSL tanúsítvány letöltése: csak az eSzemélyivel bejelentkezett jogosultsági adminisztrátornak.',
    en: 'WAF-SSL certificate download: only for the permission admin logged in with the eID card.',
  },
  'caption.page.minihis-login': {
    hu: 'miniHIS belépés: intézmény, szervezeti egység, felhasználó, majd eSzemélyi vagy mobilToken.',
    en: 'miniHIS login: institution, unit, user, then the eID card or mobilToken.',
  },
  'caption.page.minihis-terms': { hu: 'ÁSZF: elfogadás nélkül nincs belépés.', en: 'ÁSZF: no entry without accepting it.' },
  'caption.page.minihis-configuration': { hu: 'miniHIS konfiguráció: az intézmény adatai, majd Befejezés.', en: 'miniHIS configuration: the institution’s data, then Befejezés.' },
  'caption.page.minihis-user-data': { hu: 'Felhasználói adatok: e-mail, az ellátásban használt név, szakterületek.', en: 'User data: e-mail, the name used in care, specialties.' },
  'caption.page.minihis-ojote': { hu: 'NEAK OJOTE: a jogviszony-ellenőrzés hozzáférési adatai.', en: 'NEAK OJOTE: the credentials of the eligibility check.' },
  'caption.page.minihis-home': { hu: 'miniHIS kezdőlap: hol tart a felhasználó beállítása.', en: 'miniHIS home: where the user’s setup stands.' },
  'caption.page.minihis-erecept': {
    hu: 'eRecept: EESZT-kapcsolat (SAML token, 7 óráig érvényes), majd receptfelírás.',
    en: 'eRecept: the EESZT connection (a SAML token, valid for 7 hours), then a prescription.',
  },
  'caption.page.inspector': {
    hu: 'Forgalomfigyelő: a HIS és az EESZT üzenetei, a SAML tokenek és az eID csomagok dekódolva.',
    en: 'Traffic inspector: the messages between HIS and EESZT, SAML tokens and eID packages decoded.',
  },
  'caption.page.scenario': { hu: 'Forgatókönyv: a szimulátor órája, alaphelyzet, személyek.', en: 'Scenario: the simulator clock, reset, personas.' },
  'caption.step.login.package': {
    hu: '1. lépés: a HIS eAzonosítási kérőcsomagot kér az EESZT-től – aláírt, 5 percig érvényes.',
    en: 'Leg 1: the HIS asks EESZT for an eID request package – signed, valid for 5 minutes.',
  },
  'caption.step.login.card': {
    hu: '2. lépés: a kártyakliens bemutatja a kártyát az eID szervernek; a kártyabirtokos a kártyaolvasón adja meg a PIN-t.',
    en: 'Leg 2: the card client presents the card to the eID server; the cardholder enters the PIN at the reader.',
  },
  'caption.step.login.sts': {
    hu: '3. lépés: a HIS az rID csomaggal SAML tokent kér az STS-től (WS-Trust).',
    en: 'Leg 3: the HIS sends the rID package to the STS and gets a SAML token (WS-Trust).',
  },
  'caption.step.activation.start': { hu: '1. lépés: az Ágazati portál ellenőrzi a felhasználónevet és az ellenőrző kódot.', en: 'Step 1: the Ágazati portál checks the username and the check code.' },
  'caption.step.activation.card': {
    hu: '2. lépés: a kártya bemutatása – előbb az aktiváló PIN cseréje, majd az eAzonosítás PIN.',
    en: 'Step 2: presenting the card – first the activation PIN change, then the eAzonosítás PIN.',
  },
  'caption.step.activation.complete': { hu: '3. lépés: a portál rögzíti az aktiválást.', en: 'Step 3: the portal records the activation.' },
  'caption.failed': { hu: 'Nem sikerült: {step} – a hiba a lépések alatt olvasható.', en: 'Failed: {step} – the error is shown under the steps.' },
  'caption.pin': { hu: 'A kártyaolvasó vár: „{label}” – a kártyabirtokos most adja meg a PIN-padon ({reader}).', en: 'The reader waits: “{label}” – the cardholder enters it on the PIN pad now ({reader}).' },
  'caption.hostPrompt': { hu: 'Az eSzemélyi Kliens ablaka vár: „{label}” – a kártyabirtokos most adja meg.', en: 'The eSzemélyi Kliens window waits: “{label}” – the cardholder enters it now.' },
  'layout.langLabel': { hu: 'Switch to English', en: 'Váltás magyar nyelvre' },
  'layout.readerPanel': { hu: 'Virtuális kártyaolvasók', en: 'Virtual card readers' },

  // --- shared
  'common.loading': { hu: 'Betöltés…', en: 'Loading…' },
  'common.error': { hu: 'Hiba', en: 'Error' },
  'common.errorCode': { hu: 'Hibakód', en: 'Error code' },
  'common.errorDetail': { hu: 'Részletek (a szimulátor angol nyelvű üzenete)', en: "Details (the simulator's message)" },
  'common.network': { hu: 'A szimulátor nem érhető el: {message}', en: 'The simulator cannot be reached: {message}' },
  'common.save': { hu: 'Mentés', en: 'Save' },
  'common.cancel': { hu: 'Mégse', en: 'Cancel' },
  'common.back': { hu: 'Vissza', en: 'Back' },
  'common.next': { hu: 'Következő', en: 'Next' },
  'common.skip': { hu: 'Kihagyás', en: 'Skip' },
  'common.yes': { hu: 'igen', en: 'yes' },
  'common.no': { hu: 'nem', en: 'no' },
  'common.done': { hu: 'kész', en: 'done' },
  'common.pending': { hu: 'hátravan', en: 'to do' },
  'common.optional': { hu: '(nem kötelező)', en: '(optional)' },
  'common.choose': { hu: 'Válasszon…', en: 'Choose…' },
  'common.pickHint': { hu: 'Gépeljen, majd válasszon a legördülő listából.', en: 'Type, then pick from the drop-down list.' },
  'common.picked': { hu: 'Kiválasztva: {label}', en: 'Picked: {label}' },
  'common.notPicked': { hu: 'Nincs kiválasztva a listából', en: 'Not picked from the list' },
  'common.noMatches': { hu: 'Nincs találat', en: 'No matches' },
  'common.matches': { hu: '{n} találat', en: '{n} matches' },
  'common.truncated': { hu: 'Több találat van: gépeljen tovább.', en: 'More matches: keep typing.' },
  'common.waitCard': {
    hu: 'A kártyaolvasó a kártyabirtokosra vár: kövesse a kártyaolvasó-panel utasításait.',
    en: 'The card reader waits for the cardholder: follow the card reader panel.',
  },
  'common.reader': { hu: 'Kártyaolvasó', en: 'Card reader' },
  'common.readerAuto': { hu: 'Automatikus (az első olvasó, amelyben kártya van)', en: 'Automatic (the first reader holding a card)' },
  'common.controlToken': { hu: 'Vezérlő token (a szimulátor --control-token értéke)', en: 'Control token (the simulator’s --control-token)' },
  'common.controlTokenSave': { hu: 'Token megadása', en: 'Use token' },
  'common.controlTokenNeeded': {
    hu: 'A vezérlő API tokent kér: adja meg a szimulátor indításakor megadott tokent.',
    en: 'The control API asks for a token: enter the token the simulator was started with.',
  },

  // --- home
  'home.title': { hu: 'Áttekintés', en: 'Overview' },
  'home.intro': {
    hu: 'Az EESZT offline szimulátora oktatóknak, fejlesztőknek és tesztelőknek. A felület a szimulátor saját JSON- és SOAP-végpontjait hívja a böngészőből, így a valódi háttérszolgáltatásokat mutatja be.',
    en: 'The offline EESZT simulator for trainers, developers and testers. This UI calls the simulator’s own JSON and SOAP endpoints from the browser, so it shows the real back ends at work.',
  },
  'home.readers': { hu: 'Virtuális eSzemélyi kártyák és olvasók: behelyezés, csere, PIN-pad, kártyaállapot.', en: 'Virtual eID cards and readers: insert, swap, PIN pad, card state.' },
  'home.portal': { hu: 'Kártyaaktiválás, bejelentkezés, IAM + SSO Adminisztráció és V-MÁTRIX.', en: 'Card activation, login, IAM + SSO Adminisztráció and V-MÁTRIX.' },
  'home.minihis': { hu: 'Belépés kártyával vagy mobilTokennel, ÁSZF, konfiguráció, OJOTE, eRecept.', en: 'Login with card or mobilToken, ÁSZF, configuration, OJOTE, eRecept.' },
  'home.inspector': { hu: 'Minden kérés és válasz élőben, dekódolt SAML tokennel.', en: 'Every request and response live, with the SAML token decoded.' },
  'home.scenario': { hu: 'Alaphelyzet, persona-készlet betöltése, az óra előreállítása.', en: 'Reset, load a persona set, move the clock.' },
  'home.tour': { hu: 'Bemutató: egy új kártya útja', en: 'Demo: the journey of a new card' },
  'home.tour1': { hu: 'Kártyaolvasók: tegye a 345678CD kártyát (Tóth Katalin, O61234) az olvasóba.', en: 'Card readers: put card 345678CD (Tóth Katalin, O61234) into a reader.' },
  'home.tour2': { hu: 'Ágazati portál → Aktiválás: az aktiváló PIN (11223) után a kártyaolvasó az Új eAzonosítás PIN-t kéri (6 jegy, kétszer).', en: 'Ágazati portál → Activation: after the activation PIN (11223) the reader asks for the Új eAzonosítás PIN (the new 6-digit eID PIN, twice).' },
  'home.tour3': {
    hu: 'Ágazati portál: X23456 (jogosultság-adminisztrátor) a Kardiológiai Osztályon kiosztja a „miniHIS Orvos” (IAM + SSO) és az ORVOS (V-MÁTRIX) szerepkört.',
    en: 'Ágazati portál: X23456 (permission admin) grants “miniHIS Orvos” (IAM + SSO) and ORVOS (V-MÁTRIX) in the cardiology unit.',
  },
  'home.tour4': {
    hu: 'miniHIS: belépés a kártyával, a PIN-t a PIN-pados olvasón beírva; ÁSZF, konfiguráció, majd eRecept az EESZT kapcsolattal.',
    en: 'miniHIS: log in with the card, typing the PIN on the PIN-pad reader; ÁSZF, configuration, then eRecept over the EESZT connection.',
  },
  'home.tour5': { hu: 'Forgalomfigyelő: a teljes üzenetváltás, a tokennel együtt; Forgatókönyv: +7 óra, és a token lejár.', en: 'Traffic inspector: the whole exchange with the token; Scenario: +7 hours and the token expires.' },
  'home.docs': { hu: 'Leírás: docs/ui.md', en: 'Documentation: docs/ui.md' },

  // --- reader panel
  'reader.title': { hu: 'Virtuális kártyaolvasók', en: 'Virtual card readers' },
  'reader.intro': {
    hu: 'A kártyakliens (eSzemélyi Kliens) olvasói és kártyái. Amikor egy folyamat a kártyabirtokosra vár, itt jelenik meg a kérés.',
    en: 'The card client’s (eSzemélyi Kliens) readers and cards. When a flow waits for the cardholder, it asks here.',
  },
  'reader.withPinPad': { hu: 'PIN-paddal', en: 'with PIN pad' },
  'reader.withoutPinPad': { hu: 'PIN-pad nélkül', en: 'without PIN pad' },
  'reader.busy': { hu: 'folyamatban', en: 'busy' },
  'reader.noCard': { hu: 'Nincs kártya az olvasóban.', en: 'No card in the reader.' },
  'reader.noReaders': { hu: 'Nincs csatlakoztatott olvasó.', en: 'No reader attached.' },
  'reader.holder': { hu: 'Kártyabirtokos', en: 'Cardholder' },
  'reader.documentId': { hu: 'Okmányazonosító', en: 'Document id' },
  'reader.expiry': { hu: 'Érvényes', en: 'Valid until' },
  'reader.expired': { hu: 'lejárt', en: 'expired' },
  'reader.pinState': { hu: 'PIN állapota', en: 'PIN state' },
  'reader.state.activation': { hu: 'aktiváló PIN – csere szükséges', en: 'activation PIN – change needed' },
  'reader.state.active': { hu: 'eAzonosítás PIN aktív', en: 'eID PIN (eAzonosítás PIN) active' },
  'reader.state.suspended': { hu: 'PIN felfüggesztve – CAN szükséges', en: 'PIN suspended – CAN needed' },
  'reader.state.blocked': { hu: 'PIN blokkolva – PUK szükséges', en: 'PIN blocked – PUK needed' },
  'reader.state.dead': { hu: 'PUK is blokkolva – a kártya használhatatlan', en: 'PUK blocked too – card unusable' },
  'reader.tries': { hu: 'Próbálkozások', en: 'Tries left' },
  'reader.triesValue': { hu: 'PIN: {pin}, PUK: {puk}', en: 'PIN: {pin}, PUK: {puk}' },
  'reader.activatedFor': { hu: 'Aktiválva', en: 'Activated for' },
  'reader.notActivated': { hu: 'nincs aktiválva', en: 'not activated' },
  'reader.cardSelect': { hu: 'Kártya', en: 'Card' },
  'reader.insert': { hu: 'Behelyezés', en: 'Insert' },
  'reader.swap': { hu: 'Csere', en: 'Swap' },
  'reader.remove': { hu: 'Kivétel', en: 'Remove' },
  'reader.detach': { hu: 'Olvasó leválasztása', en: 'Detach reader' },
  'reader.addPinPad': { hu: '+ PIN-pados olvasó', en: '+ PIN-pad reader' },
  'reader.addPlain': { hu: '+ olvasó PIN-pad nélkül', en: '+ reader without PIN pad' },
  'reader.pinPadName': { hu: 'PIN-pados olvasó', en: 'PIN-pad reader' },
  'reader.plainName': { hu: 'Olvasó', en: 'Reader' },
  'reader.changePin': { hu: 'Aktiváló PIN cseréje', en: 'Change activation PIN' },
  'reader.unblock': { hu: 'Feloldás PUK-kal', en: 'Unblock with PUK' },
  'reader.changed': { hu: 'Az aktiváló PIN cseréje megtörtént.', en: 'The activation PIN was changed.' },
  'reader.unblocked': { hu: 'A PIN feloldva ({state}).', en: 'The PIN is unblocked ({state}).' },
  'reader.pinPad': { hu: 'PIN-pad: {name}', en: 'PIN pad: {name}' },
  'reader.display': { hu: 'Kijelző', en: 'Display' },
  'reader.displayReady': { hu: 'Készenlét', en: 'Ready' },
  'reader.displayInsert': { hu: 'Helyezze be a kártyát', en: 'Insert the card' },
  'reader.typed': { hu: '{n} számjegy beírva', en: '{n} digits typed' },
  'reader.triesLeft': { hu: 'Hátralévő próbálkozás: {n}', en: 'Tries left: {n}' },
  'reader.keyClear': { hu: 'Javítás', en: 'Correct' },
  'reader.keyCancel': { hu: 'Mégse', en: 'Cancel' },
  'reader.keyOk': { hu: 'OK', en: 'OK' },
  'reader.keyboardHint': { hu: 'Billentyűzettel is: számjegyek, Backspace, Enter, Esc.', en: 'Keyboard works too: digits, Backspace, Enter, Esc.' },
  'reader.hostTitle': { hu: 'eSzemélyi Kliens', en: 'eSzemélyi Kliens' },
  'reader.hostIntro': { hu: 'Az olvasónak ({reader}) nincs PIN-padja: írja be itt.', en: 'The reader ({reader}) has no PIN pad: type it here.' },
  'reader.hostRemove': { hu: 'Kártya kihúzása', en: 'Pull the card out' },
  'reader.promptGone': { hu: 'A kérés már lezárult.', en: 'The prompt is already closed.' },
  'reader.waiting': { hu: 'Kártyabirtokosra vár: {label}', en: 'Waiting for the cardholder: {label}' },
  'reader.toast': { hu: 'Egy olvasó PIN-padja kér: {label}.', en: 'A reader’s PIN pad asks: {label}.' },
  'reader.toastLink': { hu: 'Kártyaolvasók megnyitása', en: 'Open the card readers' },
  'reader.fullPage': { hu: 'Olvasók kezelése', en: 'Manage readers' },

  // --- Ágazati portál
  'portal.title': { hu: 'Ágazati portál', en: 'Ágazati portál' },
  'portal.login': { hu: 'Bejelentkezés', en: 'Log in (Bejelentkezés)' },
  'portal.loginIntro': {
    hu: 'Az intézményi jogosultság-adminisztrátor az intézményt és a szervezeti egységet kiválasztva jelentkezik be.',
    en: 'The institution’s permission admin logs in for the institution and unit.',
  },
  'portal.activate': { hu: 'Aktiválás', en: 'Activation (Aktiválás)' },
  'portal.username': { hu: 'Felhasználónév', en: 'Username' },
  'portal.usernameHint': { hu: 'pl. X23456 (jogosultság-adminisztrátor)', en: 'e.g. X23456 (permission admin)' },
  'portal.password': { hu: 'Jelszó', en: 'Password' },
  'portal.institution': { hu: 'Intézmény', en: 'Institution' },
  'portal.institutionHint': { hu: 'EESZT intézményazonosító vagy név (pl. E01620K, Szent); válasszon a listából', en: 'EESZT institution id or name (e.g. E01620K, Szent); pick from the list' },
  'portal.unit': { hu: 'Szervezeti egység', en: 'Organisational unit' },
  'portal.unitHint': { hu: '9 jegyű ÁNTSZ/NNK engedélykód vagy név (pl. 016200101); válasszon a listából', en: '9-digit ÁNTSZ/NNK permit code or name (e.g. 016200101); pick from the list' },
  'portal.method': { hu: 'Belépési mód', en: 'Login method' },
  'portal.methodCard': { hu: 'eSzemélyi igazolvány', en: 'eID card (eSzemélyi)' },
  'portal.methodPassword': { hu: 'Felhasználónév és jelszó', en: 'Username and password' },
  'portal.mobilToken': { hu: 'mobilToken kód', en: 'mobilToken code' },
  'portal.mobilTokenHint': {
    hu: 'A második tényező a jelszó mellé: a mobilToken alkalmazásban most látható 6 számjegy. Nélküle a bejelentkezés egyfaktoros, és az adminisztrációs funkciók MULTI_FACTOR_REQUIRED hibával elutasítják.',
    en: 'The second factor with the password: the 6 digits the mobilToken app shows now. Without it the login has one factor, and the admin functions refuse it with MULTI_FACTOR_REQUIRED.',
  },
  'mobiltoken.howTo': {
    hu: 'A kódot éles rendszerben a telefon mobilToken alkalmazása mutatja; a szimulátorban az „Aktuális kód (szimulátor)” gomb tölti ki (ugyanaz, mint a GET /_sim/mobiltoken/<felhasználónév> vagy az eeszt-sim token parancs). Egy kód egyszer használható, és percenként változik.',
    en: 'In production the mobilToken app on the phone shows the code; in the simulator the “Current code (simulator)” button fills it in (the same as GET /_sim/mobiltoken/<username> or the eeszt-sim token command). A code works once and changes every minute.',
  },
  'mobiltoken.needUsername': {
    hu: 'Előbb adja meg a felhasználónevet: a mobilToken kód ahhoz a felhasználóhoz tartozik.',
    en: 'Enter the username first: the mobilToken code belongs to that user.',
  },
  'mobiltoken.filled': {
    hu: '{username} mobilToken alkalmazása most ezt a kódot mutatja (még {seconds} másodpercig).',
    en: 'The mobilToken app of {username} shows this code now (for {seconds} more seconds).',
  },
  'portal.loggedIn': { hu: 'Bejelentkezve: {username} ({institution} / {unit})', en: 'Logged in: {username} ({institution} / {unit})' },
  'portal.tokenUntil': { hu: 'A SAML token érvényes: {time}', en: 'The SAML token is valid until {time}' },
  'portal.logout': { hu: 'Kijelentkezés', en: 'Log out' },
  'portal.menu': { hu: 'E-EGÉSZSÉGÜGY', en: 'E-EGÉSZSÉGÜGY' },
  'portal.menuIam': { hu: 'IAM + SSO Adminisztráció', en: 'IAM + SSO Adminisztráció' },
  'portal.menuVmatrix': { hu: 'V-MÁTRIX', en: 'V-MÁTRIX' },
  'portal.menuWaf': { hu: 'WAF-SSL tanúsítvány', en: 'WAF-SSL certificate' },
  'waf.title': { hu: 'WAF-SSL tanúsítvány letöltése', en: 'Download the WAF-SSL certificate' },
  'waf.intro': {
    hu: 'Az intézmény WAF-SSL tanúsítványát az intézményi jogosultság adminisztrátor töltheti le, e-Személyi igazolvánnyal bejelentkezve. A jelszót éles rendszerben SMS-ben kapja; a szimulátor itt mutatja.',
    en: 'The institution’s permission admin downloads its WAF-SSL certificate, logged in with the eSzemélyi. In production the password comes by SMS; the simulator shows it here.',
  },
  'waf.download': { hu: 'Letöltés', en: 'Download' },
  'waf.file': { hu: 'Fájl mentése: {file}', en: 'Save the file: {file}' },
  'waf.password': { hu: 'Jelszó (éles rendszerben SMS):', en: 'Password (an SMS in production):' },
  'waf.subject': { hu: '{subject}, érvényes: {notAfter}', en: '{subject}, valid until {notAfter}' },
  'waf.done': { hu: '{institution} WAF-SSL tanúsítványa elkészült.', en: 'The WAF-SSL certificate of {institution} is ready.' },
  'waf.shortcut': { hu: 'Automatizáláshoz a szimulátor rövidítése: eeszt-sim certs issue --kind waf', en: 'For automation, the simulator’s shortcut: eeszt-sim certs issue --kind waf' },
  'portal.needLogin': {
    hu: 'Ehhez jelentkezzen be az Ágazati portálra jogosultság-adminisztrátorként (pl. X23456).',
    en: 'Log in to the Ágazati portál as a permission admin (e.g. X23456) first.',
  },
  'portal.toLogin': { hu: 'Bejelentkezés', en: 'Log in' },
  'portal.step.package': { hu: 'eAzonosítási kérés (1. lépés)', en: 'eID request package (leg 1)' },
  'portal.step.card': { hu: 'Kártya és PIN (2. lépés)', en: 'Card and PIN (leg 2)' },
  'portal.step.sts': { hu: 'SAML token az STS-től (3. lépés)', en: 'SAML token from the STS (leg 3)' },

  // --- activation
  'activation.title': { hu: 'eSzemélyi igazolvány aktiválása', en: 'eID card activation' },
  'activation.intro': {
    hu: 'Írja be a felhasználónevét (O + pecsétszám) és a képernyőn látható ellenőrző kódot, majd mutassa be a kártyát. Új kártyánál a kártyaolvasó először az aktiváló PIN-t, majd az Új eAzonosítás PIN-t kéri (6 jegy, kétszer).',
    en: 'Enter your username (O + stamp number) and the check code shown on the screen, then present the card. With a new card the reader first asks for the activation PIN, then the Új eAzonosítás PIN (the new 6-digit eID PIN, twice).',
  },
  'activation.shown': { hu: 'A képernyőn látható ellenőrző kód', en: 'The check code shown on the screen' },
  'activation.expires': { hu: 'Érvényes eddig: {time}', en: 'Valid until {time}' },
  'activation.newCode': { hu: 'Új kód', en: 'New code' },
  'activation.checkCode': { hu: 'Ellenőrző kód', en: 'Check code' },
  'activation.submit': { hu: 'Aktiválás', en: 'Activate (Aktiválás)' },
  'activation.step1': { hu: 'Felhasználónév és ellenőrző kód', en: 'Username and check code' },
  'activation.step2': { hu: 'Kártya bemutatása (aktiváló PIN, Új eAzonosítás PIN, eAzonosítás PIN)', en: 'Present the card (activation PIN, Új eAzonosítás PIN, eAzonosítás PIN)' },
  'activation.step3': { hu: 'Aktiválás rögzítése', en: 'Record the activation' },
  'activation.done': { hu: 'Sikeres aktiválás: {username}, kártya {documentId}.', en: 'Activated: {username}, card {documentId}.' },
  'activation.pinChanged': { hu: 'Az aktiváló PIN cseréje megtörtént.', en: 'The activation PIN was changed.' },
  'activation.already': { hu: 'A kártya már aktiválva volt ennek a felhasználónak.', en: 'The card was already activated for this user.' },

  // --- IAM + SSO
  'iam.title': { hu: 'IAM + SSO Adminisztráció', en: 'IAM + SSO Adminisztráció' },
  'iam.records': { hu: 'Felhasználói jogosultságok', en: 'User permission records' },
  'iam.new': { hu: 'Új felhasználó jogosultság létrehozás', en: 'New user permission (Új felhasználó jogosultság létrehozás)' },
  'iam.partner': { hu: 'Partner', en: 'Partner' },
  'iam.system': { hu: 'Rendszer', en: 'System (Rendszer)' },
  'iam.user': { hu: 'Felhasználó', en: 'User (Felhasználó)' },
  'iam.userHint': { hu: 'EESZT felhasználónév, pl. O123456', en: 'EESZT username, e.g. O123456' },
  'iam.institution': { hu: 'Intézmény', en: 'Institution (Intézmény)' },
  'iam.institutionHint': { hu: 'A bejelentkezéskor megadott intézmény (előre kitöltve).', en: 'The institution of your login (pre-filled).' },
  'iam.unit': { hu: 'Szervezeti egység', en: 'Unit (Szervezeti egység)' },
  'iam.unitHint': { hu: '9 jegyű ÁNTSZ/NNK engedélykód vagy név', en: '9-digit ÁNTSZ/NNK permit code or name' },
  'iam.roles': { hu: 'Szerepkörök', en: 'Roles' },
  'iam.create': { hu: 'LÉTREHOZÁS', en: 'CREATE (LÉTREHOZÁS)' },
  'iam.pickRule': {
    hu: 'FONTOS: a mezők kitöltésekor a felület legördülő listában mutatja a találatokat; a listából mindig ki kell választani a megfelelő adatot.',
    en: 'IMPORTANT: each field lists the matches in a drop-down; a value must always be picked from the list.',
  },
  'iam.roleScreen': { hu: 'Szerepkörök kiosztása', en: 'Role assignment' },
  'iam.available': { hu: 'Elérhető szerepkörök', en: 'Available roles' },
  'iam.owned': { hu: 'Birtokolt szerepkörök', en: 'Owned roles' },
  'iam.moveIn': { hu: 'Áthelyezés a birtokolt szerepkörök közé', en: 'Move into the owned roles' },
  'iam.moveOut': { hu: 'Eltávolítás a birtokolt szerepkörök közül', en: 'Move out of the owned roles' },
  'iam.save': { hu: 'TÁROL ÉS VISSZA', en: 'SAVE AND RETURN (TÁROL ÉS VISSZA)' },
  'iam.discard': { hu: 'Vissza mentés nélkül', en: 'Back without saving' },
  'iam.unsaved': { hu: 'Nem mentett változások', en: 'Unsaved changes' },
  'iam.notFitting': { hu: '(nem illik a felhasználóhoz)', en: '(does not fit the user)' },
  'iam.edit': { hu: 'Szerepkörök', en: 'Roles' },
  'iam.delete': { hu: 'Törlés', en: 'Delete' },
  'iam.deleteLabel': { hu: 'A jogosultság törlése: {id}', en: 'Delete the record {id}' },
  'iam.noRecords': { hu: 'Nincs rögzített jogosultság.', en: 'No records saved.' },
  'iam.movedIn': { hu: 'A birtokolt szerepkörök közé került: {roles}', en: 'Moved to the held roles: {roles}' },
  'iam.movedOut': { hu: 'Az elérhető szerepkörök közé került: {roles}', en: 'Moved back to the available roles: {roles}' },
  'iam.saved': { hu: 'Mentve: {username}, {unit}: {roles}', en: 'Saved: {username}, {unit}: {roles}' },
  'iam.deleted': { hu: 'Törölve: {id}', en: 'Deleted: {id}' },
  'iam.record': { hu: 'Jogosultság: {id}', en: 'Record: {id}' },
  'iam.admin': { hu: 'Adminisztrátor: {username} ({institution})', en: 'Admin: {username} ({institution})' },

  // --- V-MÁTRIX
  'vmatrix.title': { hu: 'V-MÁTRIX', en: 'V-MÁTRIX' },
  'vmatrix.intro': {
    hu: 'Az intézmény EESZT-szerepkörei szervezeti egységenként. Szerepkör nélkül a bejelentkezés sikerül, de minden művelet elutasításra kerül.',
    en: 'The institution’s EESZT roles per organisational unit. Without a role the login succeeds but every operation is refused.',
  },
  'vmatrix.unit': { hu: 'Szervezeti egység', en: 'Organisational unit' },
  'vmatrix.user': { hu: 'Felhasználó', en: 'User' },
  'vmatrix.roles': { hu: 'Szerepkörök', en: 'Roles' },
  'vmatrix.role': { hu: 'Szerepkör', en: 'Role' },
  'vmatrix.grant': { hu: 'Szerepkör hozzáadása', en: 'Grant role' },
  'vmatrix.revoke': { hu: '{role} visszavonása ({username})', en: 'Revoke {role} ({username})' },
  'vmatrix.none': { hu: 'Ebben az egységben senkinek nincs szerepköre.', en: 'Nobody holds a role in this unit.' },
  'vmatrix.granted': { hu: 'Hozzáadva: {role} – {username}', en: 'Granted: {role} – {username}' },
  'vmatrix.revoked': { hu: 'Visszavonva: {role} – {username}', en: 'Revoked: {role} – {username}' },

  // --- miniHIS
  'minihis.title': { hu: 'miniHIS', en: 'miniHIS' },
  'minihis.login': { hu: 'Bejelentkezés', en: 'Log in (Bejelentkezés)' },
  'minihis.institution': { hu: 'Intézmény', en: 'Institution (Intézmény)' },
  'minihis.institutionHint': { hu: '6 jegyű ÁNTSZ/NNK azonosító vagy név', en: '6-character ÁNTSZ/NNK id or name' },
  'minihis.unit': { hu: 'Szervezeti egység', en: 'Unit (Szervezeti egység)' },
  'minihis.unitHint': { hu: '9 jegyű ÁNTSZ/NNK engedélykód vagy név', en: '9-digit ÁNTSZ/NNK permit code or name' },
  'minihis.username': { hu: 'Felhasználónév', en: 'Username (Felhasználónév)' },
  'minihis.usernameHint': { hu: 'pl. O123456', en: 'e.g. O123456' },
  'minihis.method': { hu: 'Belépési mód', en: 'Login method' },
  'minihis.methodCard': { hu: 'eSzemélyi igazolvány', en: 'eID card (eSzemélyi)' },
  'minihis.methodToken': { hu: 'EESZT mobilToken', en: 'EESZT mobilToken' },
  'minihis.token': { hu: 'Token', en: 'Token' },
  'minihis.tokenHint': { hu: 'A mobilToken által abban a percben generált 6 számjegy.', en: 'The 6 digits the mobilToken shows this minute.' },
  'minihis.tokenHelper': { hu: 'Aktuális kód (szimulátor)', en: 'Current code (simulator)' },
  'minihis.enter': { hu: 'Belépés', en: 'Log in (Belépés)' },
  'minihis.logout': { hu: 'Kijelentkezés', en: 'Log out' },
  'minihis.session': { hu: '{name} ({username}) – {institution}, {unit}', en: '{name} ({username}) – {institution}, {unit}' },
  'minihis.needLogin': { hu: 'Nincs miniHIS munkamenet: jelentkezzen be.', en: 'No miniHIS session: log in.' },
  'minihis.terms': { hu: 'Általános Szerződési Feltételek (ÁSZF)', en: 'Terms (ÁSZF)' },
  'minihis.termsAccept': { hu: 'Elfogadom az ÁSZF-et', en: 'I accept the ÁSZF' },
  'minihis.termsNextHint': {
    hu: 'A „Következő” gomb az ÁSZF elfogadása (a négyzet bejelölése) után használható. Aki nem fogadja el, a „Nem fogadom el” gombbal jelezheti; ekkor a munkamenet véget ér.',
    en: '“Next” can be used once the ÁSZF is accepted (the box ticked). To refuse, use “I do not accept”; the session then ends.',
  },
  'minihis.termsReject': { hu: 'Nem fogadom el', en: 'I do not accept' },
  'minihis.termsRejected': { hu: 'Az ÁSZF elfogadása nélkül a szolgáltatás nem vehető igénybe; a munkamenet véget ért.', en: 'Without accepting the ÁSZF the service cannot be used; the session ended.' },
  'minihis.config': { hu: 'Konfiguráció', en: 'Configuration' },
  'minihis.configIntro': { hu: 'Első használat: a szervezeti egység adatai.', en: 'First use: the unit’s details.' },
  'minihis.config.institutionId': { hu: 'Intézmény azonosító', en: 'Institution id' },
  'minihis.config.institutionIdHint': { hu: '6 jegyű ÁNTSZ/NNK azonosító', en: '6-character ÁNTSZ/NNK id' },
  'minihis.config.providerCode': { hu: 'Szolgáltató kódja', en: 'Provider code' },
  'minihis.config.providerCodeHint': { hu: 'A szervezeti egység 9 jegyű ÁNTSZ/NNK engedélykódja', en: 'The unit’s 9-digit ÁNTSZ/NNK permit code' },
  'minihis.config.contact': { hu: 'Kapcsolattartási adatok', en: 'Contact details' },
  'minihis.config.phone': { hu: 'Telefonszám', en: 'Phone' },
  'minihis.config.email': { hu: 'E-mail cím', en: 'E-mail' },
  'minihis.config.address': { hu: 'Cím', en: 'Address' },
  'minihis.config.visible': { hu: 'Megjelenjenek az Ambuláns lapon', en: 'Show them on the outpatient sheet' },
  'minihis.config.careType': { hu: 'Ellátás típusa', en: 'Care type' },
  'minihis.config.referralInstitutionType': { hu: 'Beutaló intézmény típusa', en: 'Referral institution type' },
  'minihis.config.prescriptionCategory': { hu: 'Vényírási kategória', en: 'Prescription category' },
  'minihis.config.prescriptionCertificateFormat': { hu: 'Nyomtatott Felírási Igazolás formátuma', en: 'Printed prescription certificate format' },
  'minihis.config.finish': { hu: 'Befejezés', en: 'Finish (Befejezés)' },
  'minihis.userData': { hu: 'Felhasználói adatok', en: 'User data' },
  'minihis.userData.email': { hu: 'E-mail cím', en: 'E-mail' },
  'minihis.userData.nameInCare': { hu: 'Az ellátás során használt név', en: 'Name used in care' },
  'minihis.userData.specialties': { hu: 'Szakvizsgák', en: 'Specialties' },
  'minihis.ojote': { hu: 'NEAK OJOTE', en: 'NEAK OJOTE' },
  'minihis.ojoteIntro': {
    hu: 'Betegjogviszony-ellenőrzés: felhasználónév OBVN-<pecsétszám>USER, jelszó a vényírási szerződés 10 jegyű azonosítója.',
    en: 'Eligibility check: username OBVN-<stamp>USER, password the 10-digit prescription-contract id.',
  },
  'minihis.ojote.username': { hu: 'OJOTE felhasználónév', en: 'OJOTE username' },
  'minihis.ojote.password': { hu: 'OJOTE jelszó', en: 'OJOTE password' },
  'minihis.ojote.saved': { hu: 'Az OJOTE adatok mentve.', en: 'OJOTE credentials saved.' },
  'minihis.ojote.check': { hu: 'Jogosultság-ellenőrzés', en: 'Eligibility check' },
  'minihis.ojote.taj': { hu: 'TAJ szám', en: 'TAJ number' },
  'minihis.ojote.run': { hu: 'Ellenőrzés', en: 'Check' },
  'minihis.ojote.green': { hu: 'zöld – érvényes jogviszony', en: 'green – valid eligibility' },
  'minihis.ojote.red': { hu: 'piros – nincs jogviszony', en: 'red – no eligibility' },
  'minihis.ojote.blue': { hu: 'kék – különleges jogcím', en: 'blue – special grounds' },
  'minihis.ojote.unknown': { hu: 'nincs adat', en: 'no status' },
  'minihis.home': { hu: 'Kezdőlap', en: 'Home' },
  'minihis.setup': { hu: 'Beállítás állapota', en: 'Setup status' },
  'minihis.setup.terms': { hu: 'ÁSZF', en: 'ÁSZF' },
  'minihis.setup.configuration': { hu: 'Konfiguráció', en: 'Configuration' },
  'minihis.setup.userData': { hu: 'Felhasználói adatok', en: 'User data' },
  'minihis.setup.ojote': { hu: 'NEAK OJOTE (nem kötelező)', en: 'NEAK OJOTE (optional)' },
  'minihis.setup.ready': { hu: 'A rendszer használatra kész.', en: 'The system is ready for use.' },
  'minihis.erecept': { hu: 'eRecept', en: 'eRecept' },
  'minihis.eeszt': { hu: 'EESZT kapcsolat', en: 'EESZT connection' },
  'minihis.eesztIntro': {
    hu: 'A kapcsolatot a rendelés megkezdése előtt aktiválni kell; 7 órán keresztül marad aktív. Az aktiválás SAML tokent kér az STS-től.',
    en: 'Activate the connection before the day’s work; it stays active for 7 hours. Activating asks the STS for a SAML token.',
  },
  'minihis.eesztCard': { hu: 'Kapcsolat aktiválása eSzemélyivel', en: 'Activate with the eID card' },
  'minihis.eesztPassword': { hu: 'EESZT jelszó', en: 'EESZT password' },
  'minihis.eesztPasswordButton': { hu: 'Aktiválás jelszóval', en: 'Activate with password' },
  'minihis.eesztNone': { hu: 'Nincs aktív EESZT kapcsolat.', en: 'No active EESZT connection.' },
  'minihis.eesztActive': { hu: 'Aktív: {username}, token érvényes eddig: {time}', en: 'Active: {username}, token valid until {time}' },
  'minihis.rx': { hu: 'Recept felírása', en: 'Issue a prescription' },
  'minihis.rx.taj': { hu: 'TAJ szám', en: 'TAJ number' },
  'minihis.rx.patientCard': { hu: 'Beteg azonosítása eSzemélyivel', en: 'Identify the patient by eSzemélyi' },
  'minihis.rx.patientFound': { hu: 'A beteg eSzemélyije alapján (hiteles adatkiolvasás): {name}, TAJ {taj}', en: 'From the patient’s eSzemélyi (authentic readout): {name}, TAJ {taj}' },
  'minihis.rx.medication': { hu: 'Gyógyszer', en: 'Medication' },
  'minihis.rx.dosage': { hu: 'Adagolás', en: 'Dosage' },
  'minihis.rx.quantity': { hu: 'Mennyiség', en: 'Quantity' },
  'minihis.rx.validUntil': { hu: 'Érvényesség vége', en: 'Valid until' },
  'minihis.rx.validUntilHint': { hu: 'ÉÉÉÉ-HH-NN, pl. 2026-06-30', en: 'YYYY-MM-DD, e.g. 2026-06-30' },
  'minihis.rx.submit': { hu: 'Felírás', en: 'Issue' },
  'minihis.rx.result': { hu: 'A felírt recept (eRecept válasza)', en: 'The prescription (eRecept’s answer)' },

  // --- traffic inspector
  'inspector.title': { hu: 'Forgalomfigyelő', en: 'Traffic inspector' },
  'inspector.intro': {
    hu: 'A szimulátor naplója élőben. A jelszavak, PIN-ek, kódok és kulcsok már a naplóban maszkolva vannak.',
    en: 'The simulator’s journal, live. Passwords, PINs, codes and keys are masked in the journal itself.',
  },
  'inspector.service': { hu: 'Szolgáltatás', en: 'Service' },
  'inspector.all': { hu: 'Mind', en: 'All' },
  'inspector.code': { hu: 'Hibakód', en: 'Error code' },
  'inspector.user': { hu: 'Felhasználó', en: 'User' },
  'inspector.text': { hu: 'Keresés a forgalomban', en: 'Search the traffic' },
  'inspector.showUi': { hu: 'A felület saját kérései is (oldalak, olvasófrissítés)', en: 'Also the UI’s own requests (pages, reader refresh)' },
  'inspector.uiMark': { hu: 'felület', en: 'UI' },
  'inspector.older': { hu: 'Régebbi bejegyzések', en: 'Older entries' },
  'inspector.countMore': { hu: '{shown} bejegyzés – vannak régebbiek is', en: '{shown} entries – older ones exist' },
  'inspector.live': { hu: 'Élő kapcsolat', en: 'Live' },
  'inspector.polling': { hu: 'Frissítés néhány másodpercenként', en: 'Refreshing every few seconds' },
  'inspector.clear': { hu: 'Napló ürítése', en: 'Clear the journal' },
  'inspector.empty': { hu: 'Még nincs forgalom.', en: 'No traffic yet.' },
  'inspector.count': { hu: '{shown} bejegyzés', en: '{shown} entries' },
  'inspector.request': { hu: 'Kérés', en: 'Request' },
  'inspector.response': { hu: 'Válasz', en: 'Response' },
  'inspector.headers': { hu: 'Fejlécek', en: 'Headers' },
  'inspector.body': { hu: 'Törzs', en: 'Body' },
  'inspector.noBody': { hu: '(üres)', en: '(empty)' },
  'inspector.truncated': { hu: 'csonkolva, eredetileg {bytes} bájt', en: 'truncated, originally {bytes} bytes' },
  'inspector.summary': { hu: 'Összefoglaló', en: 'Summary' },
  'inspector.correlation': { hu: 'Korrelációs azonosító', en: 'Correlation id' },
  'inspector.client': { hu: 'Hívó', en: 'Caller' },
  'inspector.time': { hu: 'Idő', en: 'Time' },
  'inspector.duration': { hu: '{ms} ms', en: '{ms} ms' },
  'inspector.token': { hu: 'SAML token', en: 'SAML token' },
  'inspector.tokenIn': { hu: 'SAML token ({part})', en: 'SAML token ({part})' },
  'inspector.token.id': { hu: 'Token azonosító', en: 'Token id' },
  'inspector.token.issuer': { hu: 'Kibocsátó', en: 'Issuer' },
  'inspector.token.subject': { hu: 'Alany (NameID)', en: 'Subject (NameID)' },
  'inspector.token.issued': { hu: 'Kiállítva', en: 'Issued' },
  'inspector.token.validity': { hu: 'Érvényesség', en: 'Validity' },
  'inspector.token.audience': { hu: 'Célközönség', en: 'Audience' },
  'inspector.token.authn': { hu: 'Hitelesítés', en: 'Authentication' },
  'inspector.token.attributes': { hu: 'Attribútumok', en: 'Attributes' },
  'inspector.token.signature': { hu: 'Aláírás', en: 'Signature' },
  'inspector.token.status': { hu: 'Állapot most', en: 'Status now' },
  'inspector.sig.valid': { hu: 'érvényes – az STS tanúsítványával ellenőrizve', en: 'valid – verified with the STS certificate' },
  'inspector.sig.invalid': { hu: 'érvénytelen', en: 'invalid' },
  'inspector.sig.missing': { hu: 'nincs aláírás', en: 'no signature' },
  'inspector.sig.unchecked': { hu: 'nem ellenőrizhető', en: 'not checked' },
  'inspector.status.valid': { hu: 'elfogadható a szimulátor órája szerint ({now})', en: 'acceptable at the simulator clock ({now})' },
  'inspector.status.refused': { hu: 'elutasítva: {code}', en: 'refused: {code}' },
  'inspector.auth.password': { hu: 'felhasználónév és jelszó', en: 'username and password' },
  'inspector.auth.card': { hu: 'eSzemélyi kártya (kétfaktoros)', en: 'eID card (two-factor)' },
  'inspector.auth.certificate': { hu: 'intézményi tanúsítvány', en: 'institutional certificate' },
  'inspector.part.request': { hu: 'kérésben', en: 'in the request' },
  'inspector.part.response': { hu: 'válaszban', en: 'in the response' },
  'inspector.eid': { hu: 'eID csomag', en: 'eID package' },
  'inspector.eid.request-package': { hu: 'eID hitelesítési kérőcsomag ({part})', en: 'eID authentication request package ({part})' },
  'inspector.eid.rid-package': { hu: 'rID csomag ({part})', en: 'rID package ({part})' },
  'inspector.eid.readout-package': { hu: 'Hiteles kiolvasási csomag ({part})', en: 'Authentic readout package ({part})' },
  'inspector.eid.purpose': { hu: 'Cél', en: 'Purpose' },
  'inspector.eid.purpose.login': { hu: 'bejelentkezés (login)', en: 'login' },
  'inspector.eid.purpose.activation': { hu: 'kártyaaktiválás (activation)', en: 'card activation' },
  'inspector.eid.purpose.readout': { hu: 'hiteles adatkiolvasás (readout)', en: 'authentic readout' },
  'inspector.eid.requester': { hu: 'Kérő (szektor-felhasználó)', en: 'Requester (sector user)' },
  'inspector.eid.expiry': { hu: 'Lejárat', en: 'Expiry' },
  'inspector.eid.nonce': { hu: 'Nonce', en: 'Nonce' },
  'inspector.eid.requestNonce': { hu: 'A kérőcsomag nonce-a', en: 'Nonce of the request package' },
  'inspector.eid.rid': { hu: 'RID (korlátozott azonosító)', en: 'RID (restricted identifier)' },
  'inspector.eid.readout': { hu: 'Hitelesített chipadatok', en: 'Certified chip data' },
  'inspector.eid.use': { hu: 'Felhasználás', en: 'Use' },
  'inspector.eid.use.issued': { hu: 'még nem használták fel (egyszer használható)', en: 'not used yet (single use)' },
  'inspector.eid.use.used': { hu: 'felhasználva – rID csomag: {id}', en: 'used – rID package: {id}' },
  'inspector.eid.use.unknown': { hu: 'ismeretlen (nem ez a szimulátor adta ki, vagy azóta alaphelyzetbe állt)', en: 'unknown (not issued here, or reset since)' },
  'inspector.eid.sig.valid': { hu: 'érvényes – az eID szerver tanúsítványával ellenőrizve', en: 'valid – verified with the eID server certificate' },
  'inspector.eid.status.valid': { hu: 'érvényes a szimulátor órája szerint ({now})', en: 'valid at the simulator clock ({now})' },
  'inspector.eidUnreadable': { hu: 'Az eID csomag nem olvasható: {message}', en: 'The eID package cannot be read: {message}' },
  'inspector.tokenUnreadable': { hu: 'A token nem olvasható: {message}', en: 'The token cannot be read: {message}' },

  // --- scenario
  'scenario.title': { hu: 'Forgatókönyv', en: 'Scenario' },
  'scenario.intro': { hu: 'Oktatói vezérlés: alaphelyzet, persona-készlet, óra.', en: 'Trainer controls: reset, persona set, clock.' },
  'scenario.clock': { hu: 'Szimulátor órája', en: 'Simulator clock' },
  'scenario.clockNow': { hu: 'Most: {time}', en: 'Now: {time}' },
  'scenario.frozen': { hu: 'Az óra áll.', en: 'The clock is frozen.' },
  'scenario.running': { hu: 'Az óra jár.', en: 'The clock runs.' },
  'scenario.plus7h': { hu: '+7 óra', en: '+7 hours' },
  'scenario.plus1h': { hu: '+1 óra', en: '+1 hour' },
  'scenario.plus5m': { hu: '+5 perc', en: '+5 minutes' },
  'scenario.expiryHint': {
    hu: 'A SAML token és a miniHIS munkamenet 7 óráig érvényes: +7 óra után a korábbi token lejárt.',
    en: 'SAML tokens and miniHIS sessions last 7 hours: after +7 hours the earlier token has expired.',
  },
  'scenario.duration': { hu: 'Időtartam (pl. 90m, 7h, -5m)', en: 'Duration (e.g. 90m, 7h, -5m)' },
  'scenario.advance': { hu: 'Előreállítás', en: 'Advance' },
  'scenario.freeze': { hu: 'Megállítás', en: 'Freeze' },
  'scenario.resume': { hu: 'Indítás', en: 'Resume' },
  'scenario.reset': { hu: 'Alaphelyzet', en: 'Reset' },
  'scenario.resetIntro': {
    hu: 'Visszaállítja a betöltött készletet: kártyák, aktiválások, jogosultságok, munkamenetek; a napló és az óra is alaphelyzetbe kerül.',
    en: 'Restores the loaded set: cards, activations, grants, sessions; the journal and the clock are reset too.',
  },
  'scenario.keepJournal': { hu: 'Napló megtartása', en: 'Keep the journal' },
  'scenario.keepClock': { hu: 'Óra megtartása', en: 'Keep the clock' },
  'scenario.resetButton': { hu: 'Alaphelyzetbe állítás', en: 'Reset now' },
  'scenario.resetDone': { hu: 'Alaphelyzetbe állítva ({ms} ms).', en: 'Reset ({ms} ms).' },
  'scenario.fixtures': { hu: 'Persona-készlet betöltése', en: 'Load a persona set' },
  'scenario.set': { hu: 'Készlet', en: 'Set' },
  'scenario.setDefault': { hu: 'Beépített alapkészlet (seed 1)', en: 'Embedded default set (seed 1)' },
  'scenario.setGenerated': { hu: 'Generált készlet', en: 'Generated set' },
  'scenario.setFile': { hu: 'Saját fájl (JSON)', en: 'Own file (JSON)' },
  'scenario.seed': { hu: 'Seed (generált készlethez)', en: 'Seed (for a generated set)' },
  'scenario.file': { hu: 'Fixture-fájl (saját fájlhoz)', en: 'Fixture file (for an own file)' },
  'scenario.load': { hu: 'Betöltés', en: 'Load' },
  'scenario.loaded': { hu: 'Betöltve: {users} felhasználó, {institutions} intézmény, {cards} kártya.', en: 'Loaded: {users} users, {institutions} institutions, {cards} cards.' },
  'scenario.personas': { hu: 'Personák (a betöltött készletből)', en: 'Personas (of the loaded set)' },
  'scenario.col.persona': { hu: 'Persona', en: 'Persona' },
  'scenario.col.username': { hu: 'Felhasználónév', en: 'Username' },
  'scenario.col.password': { hu: 'Jelszó', en: 'Password' },
  'scenario.col.place': { hu: 'Intézmény / egység', en: 'Institution / unit' },
  'scenario.col.card': { hu: 'Kártya', en: 'Card' },
  'scenario.col.secrets': { hu: 'CAN / aktiváló PIN / eAzonosítás PIN / PUK', en: 'CAN / activation PIN / eID PIN (eAzonosítás PIN) / PUK' },
  'scenario.col.purpose': { hu: 'Mire jó', en: 'What it is for' },
});

/** A key of the dictionary. */
export type LabelKey = keyof typeof DICTIONARY;

/** Values for the placeholders of a label. */
export type LabelValues = Readonly<Record<string, string | number>>;

/** Fill `{name}` placeholders; unknown ones stay as they are. */
export function fill(text: string, values: LabelValues = {}): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}

/**
 * A label in a language, placeholders filled.
 *
 * @example
 * ```ts
 * translate('hu', 'iam.create'); // 'LÉTREHOZÁS'
 * ```
 */
export function translate(lang: Lang, key: LabelKey, values?: LabelValues): string {
  return fill(DICTIONARY[key][lang], values);
}

/** A translator bound to one language. */
export type Translator = (key: LabelKey, values?: LabelValues) => string;

/** Bind {@link translate} to a language. */
export function translator(lang: Lang): Translator {
  return (key, values) => translate(lang, key, values);
}

/** Every label of one language, for the browser scripts (embedded in each page as JSON). */
export function labelsFor(lang: Lang): Record<string, string> {
  return Object.fromEntries(Object.entries(DICTIONARY).map(([k, v]) => [k, v[lang]]));
}
