/**
 * What the command handlers of the virtual card work on: the card record, its keys, the clock
 * and the per-session state. Internal to `virtual-reader/card/`.
 */
import type { KeyObject } from 'node:crypto';
import type { Card } from '../../fixtures/schema.js';
import type { Clock } from '../../simulator/core/clock.js';
import type { SecurityState } from './pin-policy.js';

/** An elementary file of the eID application. */
export interface ElementaryFile {
  fid: number;
  sfi: number;
  name: string;
  /** Readable only after the PIN was verified in this session (`6982` before). */
  pinProtected?: boolean;
  /** The file's current content. */
  content(): Uint8Array;
}

/** The state one command handler sees. */
export interface CardContext {
  readonly card: Card;
  readonly clock: Clock;
  readonly authKey: KeyObject;
  readonly files: readonly ElementaryFile[];
  readonly security: SecurityState;
  /** The EF chosen by the last SELECT EF / READ BINARY with SFI. */
  currentEf: ElementaryFile | undefined;
}

/** A handler's answer. */
export interface CardResponse {
  sw: number;
  data?: Uint8Array;
}
