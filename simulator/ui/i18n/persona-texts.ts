/**
 * The „Mire jó” (what it is for) column of the scenario page's persona table in both languages.
 * Persona sets carry one English `description` per persona (fixtures/schema.ts); for the built-in
 * personas (the default set and the core of every generated set) this table gives the Hungarian
 * text. It is keyed by the English description, so a set whose persona says something else shows
 * its own words. A test checks that every built-in persona is covered.
 *
 * @example
 * ```ts
 * personaTextsFor('hu')['Nurse (S user) with …']; // 'Szakdolgozó (S felhasználó) …'
 * ```
 */
import type { Lang } from './dictionary.js';

/** The built-in personas' descriptions: `en` exactly as in the persona sets, `hu` for the UI. */
export const PERSONA_TEXTS: Readonly<Record<string, { en: string; hu: string }>> = Object.freeze({
  'doctor-activated': {
    en: 'Doctor with an activated eID card (PIN set) and the ORVOS and miniHIS Orvos roles: the happy path of every login method.',
    hu: 'Orvos aktivált eSzemélyivel (PIN beállítva), ORVOS és miniHIS Orvos szerepkörrel: minden belépési mód sikeres útja.',
  },
  'doctor-not-activated': {
    en: 'Doctor whose card has its eID PIN set but was never activated at the Ágazati portál: card login is refused until activation.',
    hu: 'Orvos, akinek a kártyáján be van állítva az eAzonosítás PIN, de az Ágazati portálon sosem aktiválta: a kártyás belépést az aktiválásig elutasítja a rendszer.',
  },
  'doctor-activation-pin': {
    en: 'Doctor whose new card is still on its 5-digit activation PIN: the reader must demand the PIN change first.',
    hu: 'Orvos, akinek az új kártyája még az 5 jegyű aktiváló PIN-nel van: az olvasónak először a PIN cseréjét kell kérnie.',
  },
  'doctor-pin-blocked': {
    en: 'Doctor whose activated card has a blocked PIN (no tries left); the PUK unblocks it.',
    hu: 'Orvos, akinek az aktivált kártyáján letiltott a PIN (nincs több próbálkozás); a PUK oldja fel.',
  },
  'doctor-expired-card': {
    en: 'Doctor whose activated card expired on 2024-12-31: the eID server must refuse it.',
    hu: 'Orvos, akinek az aktivált kártyája 2024-12-31-én lejárt: az eID-szervernek el kell utasítania.',
  },
  'no-role': {
    en: 'Doctor with an activated card but no V-MÁTRIX role anywhere: login succeeds, every operation is refused.',
    hu: 'Orvos aktivált kártyával, de sehol sincs V-MÁTRIX szerepköre: a belépés sikerül, minden művelet elutasítva.',
  },
  nurse: {
    en: 'Nurse (S user) with SZAKDOLGOZO and miniHIS Szakdolgozó in two units of the main hospital; cannot write prescriptions.',
    hu: 'Szakdolgozó (S felhasználó) SZAKDOLGOZO és miniHIS Szakdolgozó szerepkörrel a kórház két szervezeti egységében; receptet nem írhat.',
  },
  'data-entry': {
    en: 'Non-health staff (X user) with ADATROGZITO and miniHIS Adatrögzítő.',
    hu: 'Nem egészségügyi dolgozó (X felhasználó) ADATROGZITO és miniHIS Adatrögzítő szerepkörrel.',
  },
  pharmacist: {
    en: 'Pharmacist (G user) at the pharmacy P012345 with GYOGYSZERESZ: dispenses eRecept prescriptions.',
    hu: 'Gyógyszerész (G felhasználó) a P012345 gyógyszertárban, GYOGYSZERESZ szerepkörrel: eRecepteket vált ki.',
  },
  'permission-admin': {
    en: "The main hospital's permission admin (JOGOSULTSAG_ADMIN): grants V-MÁTRIX roles and IAM+SSO records at the portal.",
    hu: 'A kórház intézményi jogosultság adminisztrátora (JOGOSULTSAG_ADMIN): az Ágazati portálon V-MÁTRIX szerepköröket és IAM + SSO rekordokat ad.',
  },
  'institution-with-certificate': {
    en: 'The outpatient clinic E30217B, which authenticates with its institutional certificate; its system user X90001 holds INTEZMENYI_RENDSZER.',
    hu: 'Az E30217B járóbeteg-rendelőintézet, amely intézményi tanúsítvánnyal azonosítja magát; X90001 rendszerfelhasználója INTEZMENYI_RENDSZER szerepkörű.',
  },
  psychologist: {
    en: 'Clinical psychologist (C user) with KLINIKAI_SZAKPSZICHOLOGUS at the psychiatric outpatient unit.',
    hu: 'Klinikai szakpszichológus (C felhasználó) KLINIKAI_SZAKPSZICHOLOGUS szerepkörrel a pszichiátriai járóbeteg-egységben.',
  },
});

/** English description → the text in `lang` (what the scenario page embeds for its script). */
export function personaTextsFor(lang: Lang): Record<string, string> {
  return Object.fromEntries(Object.values(PERSONA_TEXTS).map((p) => [p.en, p[lang]]));
}
