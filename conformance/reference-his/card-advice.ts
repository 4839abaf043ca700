/**
 * What the reference HIS tells its user for each card-login refusal: the cause and the one thing
 * to do. A HIS shows this and stops; it does not try the card again by itself.
 *
 * @example
 * ```ts
 * cardAdvice('PIN_BLOCKED'); // 'The eID card's PIN is blocked: ...'
 * ```
 */

const ADVICE: Readonly<Record<string, string>> = {
  PIN_BLOCKED: "The eID card's PIN is blocked: unblock it with the PUK from the card's code card (card client → Unblock), then log in again.",
  CAN_REQUIRED: 'The card asks for its CAN (the 6 digits on the front, next to the photo) after wrong PINs: enter the CAN at the reader, then the PIN.',
  PIN_CANCELLED: 'The PIN entry was cancelled; log in again when you are ready.',
  PIN_WRONG: 'The PIN was wrong; log in again and type the eID PIN carefully (after further wrong PINs the card asks for the CAN).',
  CARD_NOT_ACTIVATED: 'This eID card is not activated for EESZT: activate it once at the Ágazati portál (Bejelentkezés → Aktiválás), then log in again.',
  CARD_ACTIVATED_FOR_OTHER_USER: 'This eID card is activated for another EESZT user; use your own card or activate this one for you at the Ágazati portál.',
  ACTIVATION_PIN_NOT_CHANGED: 'The card still has its 5-digit activation PIN: change it to a 6-digit eID PIN in the card client first ("Aktiváló PIN csere").',
  CARD_EXPIRED: 'The eID card has expired; use a valid card (a new card must be activated at the Ágazati portál).',
  CARD_DEAD: 'The eID card can no longer be used (PUK used up); request a new card.',
  NO_CARD: 'No card is in the reader; insert the eID card and log in again.',
  NO_READER: 'No card reader is attached; connect the reader and start the card client.',
  CARD_REMOVED: 'The card was removed during the login; insert it and log in again.',
};

/** The message for a card-login refusal code. */
export function cardAdvice(code: string, fallback = 'The card login failed.'): string {
  return ADVICE[code] ?? fallback;
}
