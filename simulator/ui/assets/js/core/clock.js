// @ts-check
/**
 * The simulator clock in the top bar. Rendered by the server; the browser keeps it ticking
 * (when not frozen) and takes new states from the control API's answers. No polling.
 */
import { formatTime } from './dom.js';

/** @typedef {{ epochMs: number, frozen: boolean }} ClockState */

const el = /** @type {HTMLTimeElement | null} */ (document.getElementById('sim-clock'));
const frozenMark = document.getElementById('sim-clock-frozen');
let anchor = { epochMs: Number(el?.dataset.epoch ?? Date.now()), frozen: el?.dataset.frozen === 'true', at: Number(el?.dataset.rendered ?? Date.now()) };

/** The simulator time as this page believes it is now (ms). */
export function simNow() {
  return anchor.frozen ? anchor.epochMs : anchor.epochMs + (Date.now() - anchor.at);
}

function render() {
  if (el === null) return;
  const now = simNow();
  el.textContent = formatTime(now);
  el.dateTime = new Date(now).toISOString();
  if (frozenMark !== null) frozenMark.hidden = !anchor.frozen;
}

/**
 * Take a clock state from the control API (`{ epochMs, frozen }`).
 * @param {ClockState} state
 */
export function updateClock(state) {
  anchor = { epochMs: state.epochMs, frozen: state.frozen, at: Date.now() };
  render();
  document.dispatchEvent(new CustomEvent('sim-clock', { detail: state }));
}

setInterval(render, 1000);
