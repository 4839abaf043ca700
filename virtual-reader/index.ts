/**
 * The virtual eID card, the virtual reader, the card session helper and the PC/SC bridge
 * (docs/card-apdus.md).
 *
 * @example
 * ```ts
 * import { CardSession, VirtualCard, VirtualReader, createScriptedCardholder } from './virtual-reader/index.js';
 * const reader = new VirtualReader({ pinPad: true });
 * reader.insert(new VirtualCard({ card, authKey, certificateDer, clock }));
 * const { certificateDer: cert, signature, rid } = await new CardSession({ reader }).authenticate({
 *   serviceRidPublicKey, challenge, cardholder: createScriptedCardholder([{ enter: '246810' }]),
 * });
 * ```
 */
export * from './card/apdu.js';
export * from './card/atr.js';
export { budapestDate, isCardExpired } from './card/card-validity.js';
export { ecPublicPoint, InvalidServiceKey, restrictedIdentifier, ridPublicPoint, signChallenge, P256_POINT_LENGTH } from './card/card-crypto.js';
export * as commands from './card/commands.js';
export type { PasswordKind } from './card/commands.js';
export * from './card/document-data.js';
export * from './card/eid-application.js';
export { decodePinStatus, type PinStatus } from './card/pin-status.js';
export * from './card/status-words.js';
export { decodeTlv, findTlv, tlv, TlvError, type TlvObject } from './card/tlv.js';
export * from './card/virtual-card.js';
export * from './card-session.js';
export * from './errors.js';
export * from './pcsc/pcsc-channel.js';
export * from './pcsc/pcsc-helper-client.js';
export * from './pcsc/secure-pin-entry.js';
export * from './pcsc/vpcd-bridge.js';
export * from './pcsc/vpcd-protocol.js';
export * from './reader/card-channel.js';
export * from './reader/cardholder.js';
export * from './reader/interactive-cardholder.js';
export type { PinPad, PinPadRequest } from './reader/pin-pad.js';
export * from './reader/scripted-cardholder.js';
export * from './reader/timer.js';
export * from './reader/virtual-reader.js';
