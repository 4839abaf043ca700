// @ts-check
/**
 * `/ui/scenario`: the trainer's switches over the control API: the clock (`/_sim/clock`, +7 hours
 * shows token expiry), reset (`/_sim/reset`), loading a persona set (`POST /_sim/fixtures`, the
 * set from `/ui/api/fixture-sets/…` or a file), and the personas of the loaded set.
 */
import '../common.js';
import { api, control } from '../core/api.js';
import { updateClock } from '../core/clock.js';
import { busy, byId, clear, formatTime, h, showProblem, showStatus } from '../core/dom.js';
import { t } from '../core/labels.js';
import { save } from '../core/session.js';

/** @param {{ now: string, epochMs: number, frozen: boolean }} state */
function showClock(state) {
  byId('clock-now').textContent = t('scenario.clockNow', { time: formatTime(state.now) });
  byId('clock-state').textContent = state.frozen ? t('scenario.frozen') : t('scenario.running');
  updateClock(state);
}

/** @param {Record<string, unknown>} body */
async function clockDo(body) {
  try {
    showClock(await control('/clock', { body }));
    showStatus('clock', '');
  } catch (err) {
    showProblem('clock', err);
  }
}

byId('clock-plus-7h').addEventListener('click', () => void clockDo({ advance: '7h' }));
byId('clock-plus-1h').addEventListener('click', () => void clockDo({ advance: '1h' }));
byId('clock-plus-5m').addEventListener('click', () => void clockDo({ advance: '5m' }));
byId('clock-freeze').addEventListener('click', () => void clockDo({ freeze: true }));
byId('clock-resume').addEventListener('click', () => void clockDo({ resume: true }));
byId('clock-form').addEventListener('submit', (e) => {
  e.preventDefault();
  void clockDo({ advance: /** @type {HTMLInputElement} */ (byId('clock-duration')).value.trim() });
});

byId('reset-form').addEventListener('submit', (e) => {
  e.preventDefault();
  void busy(/** @type {HTMLButtonElement} */ (byId('reset-submit')), async () => {
    try {
      const result = await control('/reset', {
        body: { keepJournal: /** @type {HTMLInputElement} */ (byId('reset-keep-journal')).checked, keepClock: /** @type {HTMLInputElement} */ (byId('reset-keep-clock')).checked },
      });
      save('minihis', null); // the reset forgets every miniHIS session
      save('eeszt', null);
      showClock(result.clock);
      showStatus('reset', t('scenario.resetDone', { ms: result.tookMs }));
      await loadPersonas();
    } catch (err) {
      showProblem('reset', err);
    }
  });
});

/** @returns {Promise<unknown>} */
async function chosenSet() {
  const which = /** @type {HTMLSelectElement} */ (byId('fixtures-set')).value;
  if (which === 'file') {
    const file = /** @type {HTMLInputElement} */ (byId('fixtures-file')).files?.[0];
    if (file === undefined) return {};
    return JSON.parse(await file.text());
  }
  const seed = /** @type {HTMLInputElement} */ (byId('fixtures-seed')).value.trim();
  return api(`/ui/api/fixture-sets/${which}${which === 'generated' ? `?seed=${encodeURIComponent(seed)}` : ''}`, { control: true });
}

byId('fixtures-form').addEventListener('submit', (e) => {
  e.preventDefault();
  void busy(/** @type {HTMLButtonElement} */ (byId('fixtures-load')), async () => {
    try {
      const loaded = await control('/fixtures', { body: await chosenSet() });
      save('minihis', null);
      save('eeszt', null);
      showStatus('fixtures', t('scenario.loaded', { users: loaded.users, institutions: loaded.institutions, cards: loaded.cards }));
      await loadPersonas();
    } catch (err) {
      showProblem('fixtures', err);
    }
  });
});

/** The built-in personas' „Mire jó” texts in the page's language, by their English description. @type {Record<string, string>} */
const personaTexts = JSON.parse(document.getElementById('persona-texts')?.textContent ?? '{}');

async function loadPersonas() {
  const set = await control('/fixtures');
  const tbody = /** @type {HTMLElement} */ (byId('personas-table').querySelector('tbody'));
  clear(tbody);
  for (const p of set.personas) {
    const user = set.users.find((/** @type {any} */ u) => u.username === p.username);
    const card = set.cards.find((/** @type {any} */ c) => c.documentId === p.cardDocumentId);
    const unit = user?.memberships?.find((/** @type {any} */ m) => m.institutionId === p.institutionId)?.units?.[0] ?? '';
    tbody.append(
      h(
        'tr',
        {},
        h('td', {}, h('code', { text: p.name })),
        h('td', {}, h('code', { text: p.username })),
        h('td', {}, h('code', { text: user?.password ?? '–' })),
        h('td', { text: `${p.institutionId} / ${unit}` }),
        h('td', { text: card === undefined ? '–' : card.documentId }),
        h('td', { text: card === undefined ? '–' : [card.can, card.activationPin, card.pinState === 'activation' ? '–' : card.pin, card.puk].map((x) => x ?? '–').join(' / ') }),
        h('td', { class: 'small', text: personaTexts[p.description] ?? p.description, lang: p.description in personaTexts ? undefined : 'en' }),
      ),
    );
  }
}

async function init() {
  showClock(await control('/clock'));
  await loadPersonas();
}

init().catch((err) => showProblem('clock', err));
