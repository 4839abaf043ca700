// @ts-check
/**
 * `/ui/inspector`: the journal, filtered on the server. The entries come from
 * `GET /_sim/journal` with the chosen filters (service, error code, user, text; the UI's own
 * requests left out unless "also the UI's own" is ticked), newest first, a page at a time
 * ("Régebbi bejegyzések" follows the answer's `next`). Live journal events only say that
 * something new happened: the page then asks the server for what matches since the newest entry
 * it holds, so the UI's own upkeep traffic can never push the HIS traffic out of view. Each entry
 * expands to its headers and bodies as the journal recorded them (already redacted) and, when it
 * carries a SAML token or an eID package, to it decoded and judged by the verifier the services
 * use (`GET /ui/api/journal/{seq}/token`, `/eid-packages`).
 */
import '../common.js';
import { api, control } from '../core/api.js';
import { byId, clear, formatTime, h, showProblem } from '../core/dom.js';
import { t } from '../core/labels.js';
import { onJournalEntry, onStreamState } from '../journal-events.js';

/** Entries asked for per page. */
const PAGE = 200;
/** Most entries kept on the page (the oldest go first; "older entries" brings them back). */
const MAX_ENTRIES = 1000;
/** @type {Map<number, any>} */
const entries = new Map();
const listEl = byId('inspector-entries');
const serviceSelect = /** @type {HTMLSelectElement} */ (byId('inspector-service'));
const codeInput = /** @type {HTMLInputElement} */ (byId('inspector-code'));
const userInput = /** @type {HTMLInputElement} */ (byId('inspector-user'));
const textInput = /** @type {HTMLInputElement} */ (byId('inspector-text'));
const showUi = /** @type {HTMLInputElement} */ (byId('inspector-show-ui'));
const olderButton = /** @type {HTMLButtonElement} */ (byId('inspector-older'));
/** Cursor to the older page (the server's `next`), if any. */
let older = /** @type {string | undefined} */ (undefined);
/** Newest sequence number asked for: what came after it is fetched on the next live event. */
let newest = 0;
/** Bumped by each new query: answers to an older one are dropped. */
let generation = 0;
let loaded = false;

/**
 * The filters as query parameters.
 * @param {Record<string, string>} [extra]
 */
function query(extra = {}) {
  const q = new URLSearchParams({ limit: String(PAGE), ...extra });
  if (serviceSelect.value !== '') q.set('service', serviceSelect.value);
  const code = codeInput.value.trim().toUpperCase();
  if (code !== '') q.set('code', code);
  if (userInput.value.trim() !== '') q.set('user', userInput.value.trim());
  if (textInput.value.trim() !== '') q.set('text', textInput.value.trim());
  if (!showUi.checked) q.set('ui', 'exclude');
  return q.toString();
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

/**
 * Does a body carry an eID package? (Base64 of XML in the eID namespace: the server decodes it.)
 * @param {string} body
 */
function bodyMentionsEid(body) {
  for (const m of body.matchAll(/[A-Za-z0-9+/]{200,}/g)) {
    try {
      if (atob(m[0].slice(0, 200)).includes('urn:eeszt-sim:eid:2026')) return true;
    } catch {
      // not base64 after all
    }
  }
  return /BinarySecurityToken[^>]*RidPackage/.test(body);
}

/** @param {any} entry */
function mentionsEid(entry) {
  return bodyMentionsEid(entry.request?.body ?? '') || bodyMentionsEid(entry.response?.body ?? '');
}

/** @param {any} view the server's eID package view */
function eidTable(view) {
  const f = view.fields;
  const sigKey = view.signature === 'valid' ? 'inspector.eid.sig.valid' : `inspector.sig.${view.signature}`;
  const verdict = view.verdict.ok
    ? h('span', { class: 'badge ok', text: t('inspector.eid.status.valid', { now: formatTime(view.checkedAt) }) })
    : h('span', {}, h('span', { class: 'badge bad', text: t('inspector.status.refused', { code: view.verdict.code }) }), ' ', view.verdict.message);
  /** @type {Array<[string, string | Node]>} */
  const rows = [];
  if (f.purpose !== undefined) rows.push([t('inspector.eid.purpose'), h('strong', { 'data-purpose': f.purpose, text: ['login', 'activation', 'readout'].includes(f.purpose) ? t(`inspector.eid.purpose.${f.purpose}`) : f.purpose })]);
  if (f.requester !== undefined) rows.push([t('inspector.eid.requester'), h('code', { text: f.requester })]);
  rows.push(
    [t('inspector.token.validity'), `${formatTime(f.issueInstant)} – ${formatTime(f.notOnOrAfter)}`],
    [t('inspector.eid.expiry'), h('span', { 'data-expiry': f.notOnOrAfter, text: formatTime(f.notOnOrAfter) })],
    [t('inspector.token.status'), verdict],
    [t('inspector.token.signature'), h('span', { class: `badge ${view.signature === 'valid' ? 'ok' : 'bad'}`, 'data-signature': view.signature, text: t(sigKey) })],
  );
  if (view.use !== undefined) rows.push([t('inspector.eid.use'), h('span', { 'data-use': view.use.status, text: t(`inspector.eid.use.${view.use.status}`, { id: view.use.ridPackageId ?? '' }) })]);
  rows.push([t('inspector.token.audience'), f.audience], [t('inspector.token.issuer'), f.issuer]);
  if (f.nonce !== undefined) rows.push([t('inspector.eid.nonce'), h('code', { text: f.nonce })]);
  if (f.requestNonce !== undefined) rows.push([t('inspector.eid.requestNonce'), h('code', { text: f.requestNonce })]);
  if (f.rid !== undefined) rows.push([t('inspector.eid.rid'), h('code', { text: f.rid })]);
  if (f.readout !== undefined) rows.push([t('inspector.eid.readout'), Object.entries(f.readout).map(([k, v]) => `${k}: ${v}`).join(', ')]);
  rows.push([t('inspector.token.id'), h('code', { text: f.id })]);
  return h(
    'section',
    { class: 'token eid-package', 'data-kind': view.kind },
    h('h3', { text: t(`inspector.eid.${view.kind}`, { part: t(`inspector.part.${view.part}`) }) }),
    h('table', { class: 'kv token-table' }, h('tbody', {}, ...rows.map(([k, v]) => h('tr', {}, h('th', { scope: 'row', text: k }), h('td', {}, v))))),
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
  if (mentionsEid(entry)) {
    try {
      const { packages } = await api(`/ui/api/journal/${entry.seq}/eid-packages`, { control: true });
      for (const view of packages) tokenSlot.append(eidTable(view));
    } catch (err) {
      tokenSlot.append(h('p', { class: 'error', text: t('inspector.eidUnreadable', { message: err instanceof Error ? err.message : String(err) }) }));
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
    { 'data-seq': String(entry.seq), 'data-service': entry.service, ...(entry.origin === 'ui' ? { 'data-origin': 'ui' } : {}) },
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
      mentionsEid(entry) ? h('span', { class: 'badge token-mark eid-mark', text: t('inspector.eid') }) : null,
      entry.origin === 'ui' ? h('span', { class: 'badge ui-mark', text: t('inspector.uiMark') }) : null,
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
  const shown = [...entries.values()].sort((a, b) => b.seq - a.seq);
  const existing = new Map([...listEl.children].map((li) => [/** @type {HTMLElement | null} */ (li.firstElementChild)?.dataset.seq, /** @type {HTMLElement} */ (li)]));
  const items = shown.map((e) => {
    const li = existing.get(String(e.seq));
    // an entry that was in progress when listed is drawn again once it completed
    return li !== undefined && li.dataset.status === String(e.response.status) ? li : withStatus(entryItem(e), e);
  });
  listEl.replaceChildren(...items);
  for (const d of listEl.querySelectorAll('details')) if (open.has(/** @type {HTMLElement} */ (d).dataset.seq)) /** @type {HTMLDetailsElement} */ (d).open = true;
  byId('inspector-empty').hidden = !loaded || shown.length > 0;
  olderButton.hidden = older === undefined;
  byId('inspector-count').textContent = loaded ? t(older === undefined ? 'inspector.count' : 'inspector.countMore', { shown: shown.length }) : '';
}

/** @param {HTMLElement} li @param {any} entry */
function withStatus(li, entry) {
  li.dataset.status = String(entry.response.status);
  return li;
}

let pending = /** @type {ReturnType<typeof setTimeout> | undefined} */ (undefined);
function scheduleRender() {
  clearTimeout(pending);
  pending = setTimeout(render, 50);
}

/** @param {any[]} list */
function keep(list) {
  for (const e of list) {
    if (typeof e?.seq !== 'number') continue;
    entries.set(e.seq, e);
    if (e.seq > newest) newest = e.seq;
  }
  while (entries.size > MAX_ENTRIES) {
    const oldest = Math.min(...entries.keys());
    entries.delete(oldest);
    older = String(oldest + 1);
  }
}

/** Ask the server again from the newest page (a filter changed, or the list is stale). */
async function reload() {
  const mine = ++generation;
  try {
    const data = await control(`/journal?${query()}`);
    if (mine !== generation) return;
    entries.clear();
    newest = 0;
    older = data.next;
    keep(data.entries);
    loaded = true;
    byId('inspector-problem').replaceChildren();
    render();
  } catch (err) {
    if (mine === generation) showProblem('inspector', err);
  }
}

let refreshing = false;
let refreshAgain = false;
/** Fetch what matches since the newest entry held (live events, or the poll when offline). */
async function refresh() {
  if (!loaded) return reload();
  if (refreshing) {
    refreshAgain = true;
    return;
  }
  refreshing = true;
  const mine = generation;
  try {
    const data = await control(`/journal?${query(newest > 0 ? { after: String(newest) } : {})}`);
    if (mine !== generation) return;
    if (data.next !== undefined && newest > 0) {
      // more came than one page: start again from the newest page
      await reload();
      return;
    }
    keep(data.entries);
    scheduleRender();
  } catch (err) {
    if (mine === generation) showProblem('inspector', err);
  } finally {
    refreshing = false;
    if (refreshAgain) {
      refreshAgain = false;
      void refresh();
    }
  }
}

let refreshTimer = /** @type {ReturnType<typeof setTimeout> | undefined} */ (undefined);
function scheduleRefresh() {
  if (refreshTimer !== undefined) return;
  refreshTimer = setTimeout(() => {
    refreshTimer = undefined;
    void refresh();
  }, 150);
}

/**
 * A live journal event: a completed entry already listed is replaced; anything newer that the
 * filters may keep makes the page ask the server for it.
 * @param {any} entry
 */
function onEntry(entry) {
  if (typeof entry?.seq !== 'number') return;
  if (entries.has(entry.seq)) {
    entries.set(entry.seq, entry);
    scheduleRender();
    return;
  }
  if (entry.seq <= newest && loaded) return;
  if (entry.origin === 'ui' && !showUi.checked) return;
  scheduleRefresh();
}

/** @type {ReturnType<typeof setInterval> | undefined} */
let poller;
onJournalEntry(onEntry);
onStreamState((state) => {
  const live = byId('inspector-live');
  live.textContent = state === 'live' ? t('inspector.live') : state === 'offline' ? t('inspector.polling') : t('common.loading');
  live.dataset.state = state;
  if (state === 'offline' && poller === undefined) poller = setInterval(() => void refresh(), 3000);
  else if (state === 'live' && poller !== undefined) {
    clearInterval(poller);
    poller = undefined;
  }
  if (state === 'live') scheduleRefresh();
});

let typing = /** @type {ReturnType<typeof setTimeout> | undefined} */ (undefined);
for (const input of [codeInput, userInput, textInput]) {
  input.addEventListener('input', () => {
    clearTimeout(typing);
    typing = setTimeout(() => void reload(), 300);
  });
}
serviceSelect.addEventListener('change', () => void reload());
showUi.addEventListener('change', () => void reload());
byId('inspector-controls').addEventListener('submit', (e) => {
  e.preventDefault();
  void reload();
});
olderButton.addEventListener('click', async () => {
  if (older === undefined) return;
  const mine = generation;
  try {
    const data = await control(`/journal?${query({ cursor: older })}`);
    if (mine !== generation) return;
    older = data.next;
    for (const e of data.entries) entries.set(e.seq, e);
    render();
  } catch (err) {
    showProblem('inspector', err);
  }
});
byId('inspector-clear').addEventListener('click', async () => {
  try {
    await control('/journal', { method: 'DELETE' });
    entries.clear();
    clear(listEl);
    await reload();
  } catch (err) {
    showProblem('inspector', err);
  }
});
void reload();
