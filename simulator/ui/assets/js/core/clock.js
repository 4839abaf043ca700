// @ts-check
/**
 * The simulator clock in the top bar. Rendered by the server; the browser keeps it ticking
 * (when not frozen) and takes new states from the control API's answers. No polling: a page
 * back from the back/forward cache, or told by the journal that another tab moved the clock or
 * reset the simulator ({@link syncClock}), asks `GET /_sim/clock` once.
 */
import { control } from './api.js';
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

/** Ask the simulator for its clock now (the page may have missed a change). */
export async function syncClock() {
  try {
    updateClock(await control('/clock', { housekeeping: true }));
  } catch {
    // the control API may be closed to this browser: the clock keeps its last state
  }
}

window.addEventListener('pageshow', (e) => {
  if (e.persisted) void syncClock();
});

setInterval(render, 1000);
