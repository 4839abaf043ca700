// @ts-check
/**
 * `/ui/inspector`: the journal live. Entries come from the journal stream (or, when it is
 * refused, from polling `GET /_sim/journal`); each expands to its headers and bodies as the
 * journal recorded them (already redacted) and, when it carries a SAML token, to the token
 * decoded and judged by the shared validator (`GET /ui/api/journal/{seq}/token`).
 */
import '../common.js';
import { api, control, UPKEEP_HEADER } from '../core/api.js';
import { byId, clear, formatTime, h, showProblem } from '../core/dom.js';
import { t } from '../core/labels.js';
import { onJournalEntry, onStreamState } from '../journal-events.js';

const MAX_ENTRIES = 500;
/** @type {Map<number, any>} */
const entries = new Map();
const listEl = byId('inspector-entries');
const serviceSelect = /** @type {HTMLSelectElement} */ (byId('inspector-service'));
const hideUi = /** @type {HTMLInputElement} */ (byId('inspector-hide-ui'));

/** @param {any} entry */
function visible(entry) {
  if (serviceSelect.value !== '' && entry.service !== serviceSelect.value) return false;
  if (hideUi.checked && (entry.service === 'ui' || entry.request?.headers?.[UPKEEP_HEADER] !== undefined)) return false;
  return true;
}

/** @param {string} text */
function prettyXml(text) {
  let depth = 0;
  return text
    .replace(/>\s*</g, '>\n<')
    .split('\n')
    .map((line) => {
      if (/^<\//.test(line)) depth -= 1;
      const out = `${'  '.repeat(Math.max(depth, 0))}${line}`;
      if (/^<[^!?/][^>]*[^/]>/.test(line) && !/<\/[^>]+>\s*$/.test(line)) depth += 1;
      return out;
    })
    .join('\n');
}

/** @param {string} body @param {string} type */
function pretty(body, type) {
  if (body === '') return t('inspector.noBody');
  if (/json/i.test(type)) {
    try {
      return JSON.stringify(JSON.parse(body), null, 2);
    } catch {
      return body;
    }
  }
  return /xml/i.test(type) || body.trimStart().startsWith('<') ? prettyXml(body) : body;
}

/** @param {Record<string, string>} headers */
function headerTable(headers) {
  return h('table', { class: 'kv' }, h('tbody', {}, ...Object.entries(headers).map(([k, v]) => h('tr', {}, h('th', { scope: 'row', text: k }), h('td', { text: v })))));
}

/**
 * @param {string} title
 * @param {any} message
 */
function messageBlock(title, message) {
  const type = message.headers?.['content-type'] ?? '';
  return h(
    'section',
    { class: 'message' },
    h('h3', { text: title }),
    h('details', {}, h('summary', { text: t('inspector.headers') }), headerTable(message.headers ?? {})),
    h('p', { class: 'muted small' }, `${t('inspector.body')} (${message.bytes ?? 0} B)`, message.truncated ? ` – ${t('inspector.truncated', { bytes: message.bytes })}` : ''),
    h('pre', { class: 'body' }, pretty(message.body ?? '', type)),
  );
}

const AUTHN = /** @type {Record<string, string>} */ ({
  'urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport': 'inspector.auth.password',
  'urn:oasis:names:tc:SAML:2.0:ac:classes:SmartcardPKI': 'inspector.auth.card',
  'urn:oasis:names:tc:SAML:2.0:ac:classes:X509': 'inspector.auth.certificate',
});

/** @param {any} view the server's assertion view */
function tokenTable(view) {
  const tok = view.token;
  const sigKey = `inspector.sig.${view.signature === 'unchecked' ? 'unchecked' : view.signature}`;
  const verdict = view.verdict.ok
    ? h('span', { class: 'badge ok', text: t('inspector.status.valid', { now: formatTime(view.checkedAt) }) })
    : h('span', {}, h('span', { class: 'badge bad', text: t('inspector.status.refused', { code: view.verdict.code }) }), ' ', view.verdict.message);
  const rows = /** @type {Array<[string, string | Node]>} */ ([
    [t('inspector.token.subject'), h('span', {}, h('strong', { text: tok.nameId }), h('span', { class: 'muted small', text: ` ${tok.nameIdFormat}` }))],
    [t('inspector.token.validity'), `${formatTime(tok.notBefore)} – ${formatTime(tok.notOnOrAfter)}`],
    [t('inspector.token.status'), verdict],
    [t('inspector.token.signature'), h('span', { class: `badge ${view.signature === 'valid' ? 'ok' : 'bad'}`, 'data-signature': view.signature, text: t(sigKey) })],
    [t('inspector.token.authn'), `${AUTHN[tok.authnContextClassRef] === undefined ? tok.authnContextClassRef : t(AUTHN[tok.authnContextClassRef] ?? '')} (${formatTime(tok.authnInstant)})`],
    [t('inspector.token.audience'), tok.audiences.join(', ')],
    [t('inspector.token.issuer'), tok.issuer],
    [t('inspector.token.issued'), formatTime(tok.issueInstant)],
    [t('inspector.token.id'), h('code', { text: tok.id })],
  ]);
  const attributes = h(
    'table',
    { class: 'kv' },
    h('tbody', {}, ...tok.attributes.map((/** @type {any} */ a) => h('tr', {}, h('th', { scope: 'row', title: a.name, text: a.name.replace(/^urn:eeszt-sim:attribute:/, '') }), h('td', { text: a.values.join(', ') })))),
  );
  return h(
    'section',
    { class: 'token' },
    h('h3', { text: t('inspector.tokenIn', { part: t(`inspector.part.${view.part}`) }) }),
    h(
      'table',
      { class: 'kv token-table' },
      h('tbody', {}, ...rows.map(([k, v]) => h('tr', {}, h('th', { scope: 'row', text: k }), h('td', {}, v))), h('tr', {}, h('th', { scope: 'row', text: t('inspector.token.attributes') }), h('td', {}, attributes))),
    ),
  );
}

/** @param {any} entry */
function mentionsToken(entry) {
  const saml = 'urn:oasis:names:tc:SAML:2.0:assertion';
  return [entry.request?.body ?? '', entry.response?.body ?? ''].some((b) => b.includes(saml) && /Assertion[\s>]/.test(b));
}

/** @param {any} entry @param {HTMLElement} target */
async function fillDetails(entry, target) {
  const summary = entry.summary ?? {};
  target.append(
    h(
      'dl',
      { class: 'facts small' },
      h('dt', { text: t('inspector.correlation') }),
      h('dd', {}, h('code', { text: entry.correlationId })),
      h('dt', { text: t('inspector.client') }),
      h('dd', { text: [entry.client?.address, entry.client?.organisation].filter(Boolean).join(' · ') || '–' }),
      ...Object.entries(summary).flatMap(([k, v]) => [h('dt', { text: k }), h('dd', { text: typeof v === 'string' ? v : JSON.stringify(v) })]),
    ),
  );
  const tokenSlot = h('div', { class: 'token-slot' });
  target.append(tokenSlot, h('div', { class: 'messages' }, messageBlock(t('inspector.request'), entry.request), messageBlock(t('inspector.response'), entry.response)));
  if (mentionsToken(entry)) {
    try {
      tokenSlot.append(tokenTable(await api(`/ui/api/journal/${entry.seq}/token`, { control: true })));
    } catch (err) {
      tokenSlot.append(h('p', { class: 'error', text: t('inspector.tokenUnreadable', { message: err instanceof Error ? err.message : String(err) }) }));
    }
  }
}

/** @param {number} status */
function statusClass(status) {
  return status >= 500 ? 'bad' : status >= 400 ? 'warn' : 'ok';
}

/** @param {any} entry */
function entryItem(entry) {
  const details = /** @type {HTMLDetailsElement} */ (h(
    'details',
    { 'data-seq': String(entry.seq), 'data-service': entry.service },
    h(
      'summary',
      {},
      h('span', { class: 'seq', text: `#${entry.seq}` }),
      h('time', { datetime: entry.time, text: formatTime(entry.time).slice(11, 19) }),
      h('span', { class: 'svc', text: entry.service }),
      h('span', { class: 'method', text: entry.request.method }),
      h('span', { class: 'path', text: `${entry.request.path}${entry.request.query ?? ''}` }),
      h('span', { class: `badge ${statusClass(entry.response.status)}`, text: String(entry.response.status) }),
      entry.errorCode === undefined ? null : h('span', { class: 'code', text: entry.errorCode }),
      mentionsToken(entry) ? h('span', { class: 'badge token-mark', text: t('inspector.token') }) : null,
      h('span', { class: 'muted small', text: t('inspector.duration', { ms: entry.durationMs }) }),
    ),
  ));
  let filled = false;
  details.addEventListener('toggle', () => {
    if (!details.open || filled) return;
    filled = true;
    const body = h('div', { class: 'entry-body' });
    details.append(body);
    void fillDetails(entry, body);
  });
  return h('li', {}, details);
}

function render() {
  const open = new Set([...listEl.querySelectorAll('details[open]')].map((d) => /** @type {HTMLElement} */ (d).dataset.seq));
  const shown = [...entries.values()].filter(visible).sort((a, b) => b.seq - a.seq);
  const existing = new Map([...listEl.children].map((li) => [/** @type {HTMLElement | null} */ (li.firstElementChild)?.dataset.seq, li]));
  const items = shown.map((e) => existing.get(String(e.seq)) ?? entryItem(e));
  listEl.replaceChildren(...items);
  for (const d of listEl.querySelectorAll('details')) if (open.has(/** @type {HTMLElement} */ (d).dataset.seq)) /** @type {HTMLDetailsElement} */ (d).open = true;
  byId('inspector-empty').hidden = shown.length > 0;
  byId('inspector-count').textContent = t('inspector.count', { shown: shown.length, total: entries.size });
}

let pending = /** @type {ReturnType<typeof setTimeout> | undefined} */ (undefined);
function scheduleRender() {
  clearTimeout(pending);
  pending = setTimeout(render, 100);
}

/** @param {any} entry */
function add(entry) {
  if (typeof entry?.seq !== 'number') return;
  entries.set(entry.seq, entry);
  if (entries.size > MAX_ENTRIES) {
    const oldest = Math.min(...entries.keys());
    entries.delete(oldest);
  }
  scheduleRender();
}

/** @type {ReturnType<typeof setInterval> | undefined} */
let poller;
async function poll() {
  try {
    const data = await control('/journal?limit=100');
    for (const e of data.entries) add(e);
  } catch (err) {
    showProblem('inspector', err);
  }
}

onJournalEntry(add);
onStreamState((state) => {
  const live = byId('inspector-live');
  live.textContent = state === 'live' ? t('inspector.live') : state === 'offline' ? t('inspector.polling') : t('common.loading');
  live.dataset.state = state;
  if (state === 'offline' && poller === undefined) {
    void poll();
    poller = setInterval(poll, 3000);
  } else if (state === 'live' && poller !== undefined) {
    clearInterval(poller);
    poller = undefined;
  }
});

serviceSelect.addEventListener('change', render);
hideUi.addEventListener('change', render);
byId('inspector-clear').addEventListener('click', async () => {
  try {
    await control('/journal', { method: 'DELETE' });
    entries.clear();
    clear(listEl);
    render();
  } catch (err) {
    showProblem('inspector', err);
  }
});
render();
