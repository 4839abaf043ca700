/**
 * The presentation mode's step captions: which dictionary label describes a page when no flow
 * step is under way (the browser script `step-caption.js` then follows the flow's steps and the
 * reader's prompts, with labels `caption.step.*`, `caption.pin`, `caption.hostPrompt`).
 *
 * @example
 * ```ts
 * t(captionOfPage('minihis-erecept')); // 'eRecept: EESZT-kapcsolat ...'
 * ```
 */
import { DICTIONARY, type LabelKey } from './dictionary.js';

/** The caption label of a page (by its script name), the overview's when it has none. */
export function captionOfPage(script: string): LabelKey {
  const key = `caption.page.${script}`;
  return key in DICTIONARY ? (key as LabelKey) : 'caption.page.home';
}
