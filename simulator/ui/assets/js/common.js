// @ts-check
/**
 * What every page starts with: the ticking simulator clock in the top bar and the reader panel
 * (with the card client's host pop-up), so a flow waiting for the cardholder is answered from
 * any page, and the control token form for a simulator that demands one.
 */
import { setControlToken } from './core/api.js';
import { syncClock } from './core/clock.js';
import { onJournalEntry } from './journal-events.js';
import { initReaderPanel } from './reader-panel.js';
import './step-caption.js';

// A simulator started with --control-token: ask for it once, keep it for this tab, reload.
const tokenBox = document.getElementById('control-token-box');
document.addEventListener('control-token-needed', () => {
  if (tokenBox !== null) tokenBox.hidden = false;
});
document.getElementById('control-token-form')?.addEventListener('submit', (e) => {
  e.preventDefault();
  const input = /** @type {HTMLInputElement | null} */ (document.getElementById('control-token'));
  setControlToken(input?.value.trim() ?? '');
  location.reload();
});

initReaderPanel();

// Another tab moved the clock, reset the simulator or loaded a persona set: take the clock anew.
onJournalEntry((entry) => {
  const path = String(entry.request?.path ?? '');
  if (entry.request?.method === 'POST' && /\/_sim\/(clock|reset|fixtures)$/.test(path)) void syncClock();
});
