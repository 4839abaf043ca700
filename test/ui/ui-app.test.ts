/**
 * The UI's server side without a browser: every page renders in both languages with labelled
 * inputs and nothing from outside the simulator, the assets are served, the language toggle
 * sticks, the token view uses the shared validator, and the journal routes keep the control
 * API's access rule.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../../simulator/simulator.js';
import { passwordIssueRequest, SOAP12_ISSUE } from '../../simulator/sts/sts-client.js';
import { json, testSimulator } from '../helpers/sim.js';

const PAGES = [
  '/ui',
  '/ui/readers',
  '/ui/portal',
  '/ui/portal/activation',
  '/ui/portal/iam',
  '/ui/portal/iam/new',
  '/ui/portal/iam/records/1-1-O50123-E01620K-016200101',
  '/ui/portal/vmatrix',
  '/ui/minihis',
  '/ui/minihis/terms',
  '/ui/minihis/configuration',
  '/ui/minihis/user-data',
  '/ui/minihis/ojote',
  '/ui/minihis/home',
  '/ui/minihis/erecept',
  '/ui/inspector',
  '/ui/scenario',
];

let sim: Simulator;
beforeAll(async () => {
  sim = await testSimulator();
});
afterAll(() => sim.close());

/** Ids of inputs/selects and the `for` of labels in a page. */
function labelling(html: string): { controls: string[]; labelled: Set<string>; aria: string[] } {
  const controls = [...html.matchAll(/<(input|select|textarea)\b[^>]*\bid="([^"]+)"[^>]*>/g)].filter((m) => !/type="(radio|checkbox)"/.test(m[0] ?? '')).map((m) => m[2] ?? '');
  const labelled = new Set([...html.matchAll(/<label\b[^>]*\bfor="([^"]+)"/g)].map((m) => m[1] ?? ''));
  const aria = [...html.matchAll(/<(input|select)\b[^>]*\bid="([^"]+)"[^>]*aria-label(ledby)?="[^"]+"[^>]*>/g)].map((m) => m[2] ?? '');
  return { controls, labelled, aria };
}

describe('pages', () => {
  it.each(PAGES)('%s renders in Hungarian and English with every input labelled and no outside URL', async (path) => {
    for (const lang of ['hu', 'en']) {
      const res = await sim.app.request(`${path}?lang=${lang}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/text\/html/);
      expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
      const html = await res.text();
      expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
      expect(html).toContain(`<html lang="${lang}">`);
      const { controls, labelled, aria } = labelling(html);
      for (const id of controls) expect(labelled.has(id) || aria.includes(id), `${path}: #${id} has no label`).toBe(true);
      expect(html).not.toMatch(/(src|href)="(https?:)?\/\/(?!127\.0\.0\.1)/);
      expect(html).not.toMatch(/<img\b/);
    }
  });

  it('shows the real screens’ Hungarian labels and keeps EESZT names in English', async () => {
    const hu = await (await sim.app.request('/ui/portal/iam/new?lang=hu')).text();
    expect(hu).toContain('Új felhasználó jogosultság létrehozás');
    expect(hu).toContain('LÉTREHOZÁS');
    expect(hu).toContain('Szervezeti egység');
    const en = await (await sim.app.request('/ui/portal/iam/new?lang=en')).text();
    expect(en).toContain('CREATE (LÉTREHOZÁS)');
    expect(en).toContain('IAM + SSO Adminisztráció');
    expect(en).toContain('Ágazati portál');
    const roles = await (await sim.app.request('/ui/portal/iam/records/x?lang=hu')).text();
    expect(roles).toContain('TÁROL ÉS VISSZA');
    const mh = await (await sim.app.request('/ui/minihis?lang=hu')).text();
    expect(mh).toContain('Belépés');
    const cfg = await (await sim.app.request('/ui/minihis/configuration?lang=hu')).text();
    expect(cfg).toContain('Befejezés');
  });

  it('embeds the error catalogue in the page language for the scripts (Hungarian texts, English under the toggle)', async () => {
    const embedded = async (lang: string): Promise<Record<string, string>> => {
      const html = await (await sim.app.request(`/ui/portal?lang=${lang}`)).text();
      const m = /<script type="application\/json" id="ui-errors">([^<]*)<\/script>/.exec(html);
      expect(m, 'the page embeds #ui-errors').not.toBeNull();
      return JSON.parse(m?.[1] ?? '{}') as Record<string, string>;
    };
    const hu = await embedded('hu');
    const en = await embedded('en');
    expect(hu.MULTI_FACTOR_REQUIRED).toMatch(/többfaktoros bejelentkezés/);
    expect(en.MULTI_FACTOR_REQUIRED).toMatch(/multi-factor login/);
    expect(Object.keys(hu).sort()).toEqual(Object.keys(en).sort());
  });

  it('labels as the seeds do: the E-EGÉSZSÉGÜGY menu (000), Intézmény and Szervezeti egység picked at portal login (000), „Új eAzonosítás PIN” (002)', async () => {
    const iam = await (await sim.app.request('/ui/portal/iam?lang=hu')).text();
    expect(iam).toMatch(/<details open="">\s*<summary>E-EGÉSZSÉGÜGY<\/summary>\s*<ul>\s*<li>\s*<a href="\/ui\/portal\/iam" aria-current="page">IAM \+ SSO Adminisztráció<\/a>/);
    const login = await (await sim.app.request('/ui/portal?lang=hu')).text();
    expect(login).toMatch(/<details>\s*<summary>E-EGÉSZSÉGÜGY<\/summary>/);
    expect(login).toMatch(/<input id="login-institution"[^>]*role="combobox"/);
    expect(login).toMatch(/<input id="login-unit"[^>]*role="combobox"/);
    expect(login).toMatch(/<input id="login-mobiltoken"/);
    for (const path of ['/ui', '/ui/portal/activation', '/ui/scenario']) {
      const html = await (await sim.app.request(`${path}?lang=hu`)).text();
      expect(html, path).toContain('eAzonosítás PIN');
    }
    expect(await (await sim.app.request('/ui?lang=hu')).text()).toContain('Új eAzonosítás PIN');
  });

  it('remembers the language in a cookie', async () => {
    const res = await sim.app.request('/ui/scenario?lang=en');
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^eeszt-sim-ui-lang=en;/);
    const again = await sim.app.request('/ui/scenario', { headers: { cookie: 'eeszt-sim-ui-lang=en' } });
    expect(await again.text()).toContain('<html lang="en">');
    const plain = await sim.app.request('/ui/scenario');
    expect(await plain.text()).toContain('<html lang="hu">');
  });

  it('renders the environment prefix of an isolated run into every URL', async () => {
    const created = await json(await sim.app.request('/_sim/runs', { method: 'POST' }));
    const html = await (await sim.app.request(`${created.basePath}/ui/portal`)).text();
    expect(html).toContain(`data-base="${created.basePath}"`);
    expect(html).toContain(`href="${created.basePath}/ui/assets/ui.css"`);
  });
});

describe('assets', () => {
  it('serves the stylesheet and the browser modules with types and ETags', async () => {
    const css = await sim.app.request('/ui/assets/ui.css');
    expect(css.status).toBe(200);
    expect(css.headers.get('content-type')).toMatch(/text\/css/);
    const js = await sim.app.request('/ui/assets/js/pages/inspector.js');
    expect(js.headers.get('content-type')).toMatch(/text\/javascript/);
    const etag = js.headers.get('etag') ?? '';
    expect((await sim.app.request('/ui/assets/js/pages/inspector.js', { headers: { 'if-none-match': etag } })).status).toBe(304);
    const missing = await sim.app.request('/ui/assets/../../package.json');
    expect(missing.status).toBe(404);
  });

  it('imports only its own modules (no CDN)', async () => {
    for (const page of ['home', 'readers', 'inspector', 'scenario', 'portal-login', 'minihis-login', 'minihis-erecept', 'iam-new']) {
      const text = await (await sim.app.request(`/ui/assets/js/pages/${page}.js`)).text();
      for (const m of text.matchAll(/from '([^']+)'/g)) expect(m[1]).toMatch(/^\.\.?\//);
    }
  });
});

describe('token view and journal routes', () => {
  it('decodes the token of an STS answer and asks the shared validator, which says it expires after 7 hours', async () => {
    const xml = passwordIssueRequest({ username: 'O50123', password: 'Aktiv-Orvos-1', institutionId: 'E01620K', unitCode: '016200101', now: sim.deps.clock.now() });
    const issued = await sim.app.request('/sts', { method: 'POST', headers: { 'content-type': SOAP12_ISSUE }, body: xml });
    expect(issued.status).toBe(200);
    const entry = sim.deps.journal.list({ service: 'sts' }).at(-1);
    expect(entry).toBeDefined();
    const view = await json(await sim.app.request(`/ui/api/journal/${entry?.seq}/token`));
    expect(view.part).toBe('response');
    expect(view.token.nameId).toBe('O50123');
    expect(view.signature).toBe('valid');
    expect(view.verdict.ok).toBe(true);
    expect(view.token.attributes.map((a: { name: string }) => a.name)).toContain('urn:eeszt-sim:attribute:institution-id');
    sim.deps.clock.advance(7 * 3600_000);
    const later = await json(await sim.app.request(`/ui/api/journal/${entry?.seq}/token`));
    expect(later.signature).toBe('valid');
    expect(later.verdict).toMatchObject({ ok: false, code: 'TOKEN_EXPIRED' });
    expect(JSON.stringify(entry)).not.toContain('Aktiv-Orvos-1');
  });

  it('answers 404 for an entry without a token and keeps the control API access rule', async () => {
    await sim.app.request('/.well-known/eeszt-sim');
    const entry = sim.deps.journal.list({ service: 'discovery' }).at(-1);
    expect((await sim.app.request(`/ui/api/journal/${entry?.seq}/token`)).status).toBe(404);
    expect(await json(await sim.app.request(`/ui/api/journal/${entry?.seq}/eid-packages`))).toEqual({ packages: [] });
    const missing = await sim.app.request('/ui/api/journal/999999/eid-packages');
    expect(missing.status).toBe(404);
    expect((await json(missing)).code).toBe('JOURNAL_ENTRY_NOT_FOUND');
    const guarded = await testSimulator({ config: { controlToken: 's3cret' } });
    try {
      const refused = await guarded.app.request('/ui/api/journal/1/token');
      expect(refused.status).toBe(401);
      expect((await json(refused)).code).toBe('CONTROL_TOKEN_REQUIRED');
      expect((await guarded.app.request('/ui/api/journal/1/eid-packages')).status).toBe(401);
      const stream = await guarded.app.request('/ui/api/journal/stream');
      expect(stream.status).toBe(401);
      expect((await guarded.app.request('/ui/api/fixture-sets/default')).status).toBe(401);
      const allowed = await guarded.app.request('/ui/api/fixture-sets/default', { headers: { authorization: 'Bearer s3cret' } });
      expect(allowed.status).toBe(200);
    } finally {
      guarded.close();
    }
  });

  it('streams the journal as server-sent events: backlog, ready, then new entries', async () => {
    await sim.app.request('/.well-known/eeszt-sim');
    const res = await sim.app.request('/ui/api/journal/stream?backlog=1');
    expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
    const reader = res.body?.getReader();
    expect(reader).toBeDefined();
    const decoder = new TextDecoder();
    let text = '';
    const readUntil = async (needle: string): Promise<void> => {
      while (!text.includes(needle)) {
        const chunk = await reader?.read();
        if (chunk === undefined || chunk.done) throw new Error(`stream ended before ${needle}`);
        text += decoder.decode(chunk.value);
      }
    };
    await readUntil('event: ready');
    expect(text.match(/event: entry/g)?.length).toBe(1);
    await sim.app.request('/.well-known/eeszt-sim?after=1');
    await readUntil('after=1');
    await reader?.cancel();
  });

  it('offers persona sets for the control API to load', async () => {
    const set = await json(await sim.app.request('/ui/api/fixture-sets/generated?seed=7'));
    expect(set.seed).toBe(7);
    const loaded = await sim.app.request('/_sim/fixtures', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(set) });
    expect(loaded.status).toBe(200);
    expect((await sim.app.request('/ui/api/fixture-sets/generated?seed=x')).status).toBe(400);
    expect((await sim.app.request('/ui/api/fixture-sets/nope')).status).toBe(404);
    const back = await json(await sim.app.request('/ui/api/fixture-sets/default'));
    await sim.app.request('/_sim/fixtures', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(back) });
  });
});
