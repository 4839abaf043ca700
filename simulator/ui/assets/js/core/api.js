// @ts-check
/**
 * Calls to the simulator's own endpoints (same origin, under the environment's base path).
 * Refusals arrive as RFC 9457 problem JSON and become {@link Problem} errors; the UI shows
 * their `code` and `detail` as they are.
 */

/** Environment prefix: '' or `/run/<id>`. */
export const base = document.body.dataset.base ?? '';

const CONTROL_TOKEN_KEY = 'eeszt-sim-ui.control-token';

/** A refusal of the simulator (problem JSON or SOAP fault). */
export class Problem extends Error {
  /**
   * @param {number} status
   * @param {string} code
   * @param {string} detail
   * @param {Record<string, any>} [details]
   */
  constructor(status, code, detail, details = {}) {
    super(detail);
    this.status = status;
    this.code = code;
    this.detail = detail;
    this.details = details;
  }
}

/** The control token the trainer entered (when the simulator was started with --control-token). */
export function controlToken() {
  return sessionStorage.getItem(CONTROL_TOKEN_KEY) ?? '';
}

/** @param {string} token */
export function setControlToken(token) {
  if (token === '') sessionStorage.removeItem(CONTROL_TOKEN_KEY);
  else sessionStorage.setItem(CONTROL_TOKEN_KEY, token);
}

/**
 * @typedef {object} CallOptions
 * @property {string} [method]
 * @property {unknown} [body]
 * @property {Record<string, string>} [headers]
 * @property {AbortSignal} [signal]
 * @property {boolean} [control] send the control token (for `/_sim` and the UI's journal routes)
 * @property {boolean} [housekeeping] mark the call as the UI's own upkeep (refreshing the reader
 *   panel), so the inspector can hide it; calls that are part of a flow are never marked
 */

/** Request header that marks the UI's own upkeep calls in the journal. */
export const UPKEEP_HEADER = 'x-eeszt-sim-ui';

/**
 * Call a JSON endpoint. Resolves with the parsed answer (null for 204), rejects with a Problem.
 * @param {string} path e.g. `/card-client/readers`
 * @param {CallOptions} [options]
 * @returns {Promise<any>}
 */
export async function api(path, options = {}) {
  /** @type {Record<string, string>} */
  const headers = { accept: 'application/json', ...(options.headers ?? {}) };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.control === true && controlToken() !== '') headers.authorization = `Bearer ${controlToken()}`;
  if (options.housekeeping === true) headers[UPKEEP_HEADER] = 'upkeep';
  let res;
  try {
    res = await fetch(base + path, {
      method: options.method ?? (options.body === undefined ? 'GET' : 'POST'),
      headers,
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new Problem(0, 'NETWORK', err instanceof Error ? err.message : String(err));
  }
  if (res.status === 204) return null;
  const text = await res.text();
  /** @type {any} */
  let json = null;
  try {
    json = text === '' ? null : JSON.parse(text);
  } catch {
    json = null;
  }
  if (!res.ok) {
    const problem = new Problem(res.status, json?.code ?? `HTTP_${res.status}`, json?.detail ?? text.slice(0, 500), json?.details ?? {});
    if (problem.code === 'CONTROL_TOKEN_REQUIRED' || problem.code === 'CONTROL_TOKEN_INVALID') document.dispatchEvent(new CustomEvent('control-token-needed'));
    throw problem;
  }
  return json;
}

/**
 * Every item of a paged JSON list (`?limit=` and `?cursor=`, docs/control-api.md "Lists are
 * paged"): follows `next` until the last page; resolves with the last answer, its `field` holding
 * the items of all pages.
 * @param {string} path e.g. `/iam/api/records`
 * @param {string} field the list's field, e.g. `records`
 * @param {CallOptions} [options]
 * @returns {Promise<any>}
 */
export async function apiAll(path, field, options = {}) {
  const sep = path.includes('?') ? '&' : '?';
  /** @type {unknown[]} */
  const items = [];
  let answer = await api(`${path}${sep}limit=1000`, options);
  items.push(...(answer[field] ?? []));
  for (let pages = 1; typeof answer.next === 'string' && pages < 100; pages++) {
    answer = await api(`${path}${sep}limit=1000&cursor=${encodeURIComponent(answer.next)}`, options);
    items.push(...(answer[field] ?? []));
  }
  return { ...answer, [field]: items };
}

/**
 * Call the control API (`/_sim/…`).
 * @param {string} path below `/_sim`
 * @param {CallOptions} [options]
 */
export function control(path, options = {}) {
  return api(`/_sim${path}`, { ...options, control: true });
}

/**
 * POST a SOAP 1.2 envelope; resolves with the status and the answer's text (faults included).
 * @param {string} path
 * @param {string} xml
 * @returns {Promise<{ status: number, text: string }>}
 */
export async function postSoap(path, xml) {
  try {
    const res = await fetch(base + path, { method: 'POST', headers: { 'content-type': 'application/soap+xml; charset=utf-8' }, body: xml });
    return { status: res.status, text: await res.text() };
  } catch (err) {
    throw new Problem(0, 'NETWORK', err instanceof Error ? err.message : String(err));
  }
}
