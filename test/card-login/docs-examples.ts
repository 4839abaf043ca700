/**
 * Generates the example messages of docs/card-login.md by running the card login and the card
 * activation against an in-process simulator (default fixtures, seed-1 PKI, clock frozen at
 * 2026-03-02T08:00:00Z) and printing what its journal recorded — redacted as the journal
 * redacts (PINs are `***`). Values that are random on every run (nonces, ids, challenges,
 * signatures) are replaced by named placeholders, and long base64 is cut, so the output is
 * stable. `docs-examples.test.ts` compares it with the doc.
 *
 * @example
 * ```ts
 * const markdown = await generateCardLoginExamples();
 * ```
 */
import type { JournalEntry } from '../../simulator/core/journal.js';
import { cardIssueRequest, SOAP12_ISSUE } from '../../simulator/sts/sts-client.js';
import type { Simulator } from '../../simulator/simulator.js';
import { json, testSimulator } from '../helpers/sim.js';
import { sectorUserHeaders } from '../helpers/eid.js';
import { CONTEXT } from './card-login-helpers.js';

const STATUS_TEXT: Record<number, string> = { 200: 'OK', 201: 'Created', 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 409: 'Conflict', 502: 'Bad Gateway' };

/** Replace each random value by its placeholder, longest first. */
function masker(): { add(value: string | undefined, placeholder: string): void; apply(text: string): string } {
  const pairs: Array<[string, string]> = [];
  return {
    add(value, placeholder) {
      if (value !== undefined && value !== '' && !pairs.some(([v]) => v === value)) pairs.push([value, placeholder]);
    },
    apply(text) {
      let out = text;
      for (const [v, p] of [...pairs].sort((a, b) => b[0].length - a[0].length)) out = out.split(v).join(p);
      return out
        .replace(/urn:uuid:[0-9a-f-]{36}/g, 'urn:uuid:…')
        .replace(/"correlationId":(\s*)"[^"]*"/g, '"correlationId":$1"…"')
        .replace(/(<ds:(?:DigestValue|SignatureValue|X509Certificate)>)[^<]*(<\/ds:)/g, '$1…$2');
    },
  };
}

/** Cut long base64-looking strings inside JSON to their first 32 characters. */
function cutJson(value: unknown): unknown {
  if (typeof value === 'string') return value.length > 80 && /^[A-Za-z0-9+/=_-]+$/.test(value) ? `${value.slice(0, 32)}… (${value.length} characters)` : value;
  if (Array.isArray(value)) return value.map(cutJson);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, cutJson(v)]));
  return value;
}

function prettyBody(body: string): string {
  if (body.trim() === '') return '';
  try {
    return JSON.stringify(cutJson(JSON.parse(body)), null, 2);
  } catch {
    return body;
  }
}

/** Indent canonical one-line XML for reading (the real message is one line). */
export function indentXml(xml: string): string {
  const tokens = xml.replace(/^<\?xml[^>]*\?>/, '').match(/<[^>]+>|[^<]+/g) ?? [];
  const lines: string[] = [];
  let depth = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.startsWith('</')) {
      depth--;
      lines.push(`${'  '.repeat(depth)}${t}`);
    } else if (t.startsWith('<')) {
      const next = tokens[i + 1];
      const after = tokens[i + 2];
      if (next !== undefined && !next.startsWith('<') && after?.startsWith('</') === true) {
        lines.push(`${'  '.repeat(depth)}${t}${next}${after}`);
        i += 2;
      } else if (next?.startsWith('</') === true) {
        lines.push(`${'  '.repeat(depth)}${t}${next}`);
        i += 1;
      } else {
        lines.push(`${'  '.repeat(depth)}${t}`);
        if (!t.endsWith('/>')) depth++;
      }
    } else if (t.trim() !== '') {
      lines.push(`${'  '.repeat(depth)}${t}`);
    }
  }
  return lines.join('\n');
}

function exchange(e: JournalEntry, m: ReturnType<typeof masker>, path = e.request.path): string {
  const reqBody = prettyBody(m.apply(e.request.body));
  const resBody = prettyBody(m.apply(e.response.body));
  const reqType = e.request.headers['content-type'];
  const auth = e.request.headers.authorization === undefined ? [] : ["authorization: SAML <base64 of the sector user's saml:Assertion>"];
  const request = [`${e.request.method} ${path}${e.request.query}`, ...(reqType === undefined ? [] : [`content-type: ${reqType}`]), ...auth, ...(reqBody === '' ? [] : ['', reqBody])].join('\n');
  const response = [`HTTP/1.1 ${e.response.status} ${STATUS_TEXT[e.response.status] ?? ''}`.trimEnd(), `content-type: ${e.response.headers['content-type'] ?? ''}`, ...(resBody === '' ? [] : ['', resBody])].join('\n');
  return `\`\`\`http\n${m.apply(request)}\n\`\`\`\n\n\`\`\`http\n${m.apply(response)}\n\`\`\``;
}

function entry(sim: Simulator, method: string, path: string | RegExp, nth = 0): JournalEntry {
  const found = sim.deps.journal.list().filter((e) => e.request.method === method && (typeof path === 'string' ? e.request.path === path : path.test(e.request.path)));
  const e = found[nth];
  if (e === undefined) throw new Error(`no journal entry ${method} ${String(path)} #${nth}`);
  return e;
}

async function call(sim: Simulator, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<any> {
  const init = body === undefined ? { method, headers } : { method, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) };
  return json(await sim.app.request(path, init));
}

/** Run the flows and render the examples section (markdown). */
export async function generateCardLoginExamples(): Promise<string> {
  const sim = await testSimulator();
  const m = masker();
  const out: string[] = [];

  // ---- Card login ----
  const sectorUser = await sectorUserHeaders(sim); // the HIS's configured sector user (X12345), logged in with its password
  const pkg = await call(sim, 'POST', '/eid/request-package', {}, sectorUser);
  m.add(pkg.nonce, '<nonce>');
  m.add(pkg.id, '_<request-package-id>');
  await call(sim, 'POST', '/card-client/readers/0/card', { documentId: '123456AB' });
  await call(sim, 'PUT', '/card-client/cardholder', { mode: 'scripted', steps: [{ pin: '123456' }] });
  const rid = await call(sim, 'POST', '/card-client/authenticate', { requestPackage: pkg.requestPackage });
  m.add(rid.id, '_<rid-package-id>');
  const session = JSON.parse(entry(sim, 'POST', '/eid-server/sessions').response.body) as { sessionId: string; challenge: string };
  m.add(session.sessionId, '<session-id>');
  m.add(session.challenge, '<challenge: 32 random bytes, base64>');
  const cardAnswer = JSON.parse(entry(sim, 'POST', /^\/eid-server\/sessions\/.+\/response$/).request.body) as { signature: string };
  m.add(cardAnswer.signature, '<signature: r||s, 64 bytes, base64>');
  const ridXml = Buffer.from(rid.ridPackage, 'base64').toString('utf8');
  const stsReq = cardIssueRequest({ ...CONTEXT, username: 'O50123', ridPackageXml: ridXml, now: sim.deps.clock.now(), messageId: 'urn:uuid:00000000-0000-4000-8000-000000000001' });
  const stsRes = await (await sim.app.request('/sts', { method: 'POST', headers: { 'content-type': SOAP12_ISSUE }, body: stsReq })).text();

  out.push('### Leg 1: the HIS gets an eID authentication request package', '', exchange(entry(sim, 'POST', '/eid/request-package'), m), '');
  out.push('The package (`requestPackage`, base64-decoded; shown indented, it is one line in exclusive canonical form):', '', '```xml', m.apply(indentXml(Buffer.from(pkg.requestPackage, 'base64').toString('utf8'))), '```', '');
  out.push('### Leg 2: the card client runs it with the card and the eID server', '', 'The HIS sets up the (virtual) card and cardholder, then hands the package to the card client:', '');
  out.push(exchange(entry(sim, 'POST', '/card-client/readers/0/card'), m), '', exchange(entry(sim, 'PUT', '/card-client/cardholder'), m), '', exchange(entry(sim, 'POST', '/card-client/authenticate'), m), '');
  out.push('Meanwhile the card client talked to the eID server (the journal records these as service `eid-server`):', '');
  out.push(exchange(entry(sim, 'POST', '/eid-server/sessions'), m), '', exchange(entry(sim, 'POST', /^\/eid-server\/sessions\/.+\/response$/), m), '');
  out.push('The rID package (`ridPackage`, base64-decoded, indented):', '', '```xml', m.apply(indentXml(ridXml)), '```', '');
  out.push('### Leg 3: the HIS sends the rID package with the username to the STS', '', 'The WS-Trust Issue request (`POST /sts`; the rID package travels base64-encoded in the BinarySecurityToken):', '');
  const bst = /(<wsse:BinarySecurityToken[^>]*>)([^<]*)(<\/wsse:BinarySecurityToken>)/;
  out.push('```xml', m.apply(indentXml(stsReq.replace(bst, (_all, a: string, v: string, b: string) => `${a}${v.slice(0, 32)}…${b}`))), '```', '');
  const authn = /<saml:AuthnStatement[\s\S]*?<\/saml:AuthnStatement>/.exec(stsRes)?.[0] ?? '(no AuthnStatement)';
  const nameId = /<saml:NameID[^>]*>[^<]*<\/saml:NameID>/.exec(stsRes)?.[0] ?? '';
  out.push('The token\'s subject and authentication context (from the Issue response): two-factor card login.', '', '```xml', nameId, indentXml(authn), '```', '');

  // ---- Errors ----
  const pkg2 = await call(sim, 'POST', '/eid/request-package', {}, sectorUser);
  m.add(pkg2.nonce, '<nonce>');
  m.add(pkg2.id, '_<request-package-id>');
  await call(sim, 'PUT', '/card-client/cardholder', { mode: 'scripted', steps: [{ wrongPin: true }, { wrongPin: true }, { pin: '123456' }] });
  await call(sim, 'POST', '/card-client/authenticate', { requestPackage: pkg2.requestPackage });
  await call(sim, 'POST', '/card-client/authenticate', { requestPackage: pkg2.requestPackage });
  await call(sim, 'POST', '/card-client/authenticate', { requestPackage: pkg2.requestPackage });
  sim.deps.clock.advance(5 * 60_000);
  await call(sim, 'POST', '/card-client/authenticate', { requestPackage: pkg2.requestPackage, cardholder: [{ can: '482915' }, { pin: '123456' }] });
  sim.deps.clock.advance(-5 * 60_000);
  out.push('### Card client errors', '', 'A wrong PIN (the answer says how many tries are left):', '', exchange(entry(sim, 'POST', '/card-client/authenticate', 1), m), '');
  out.push('The second wrong PIN suspends the PIN; the next try finds the CAN demanded and the cardholder script has none ready:', '', exchange(entry(sim, 'POST', '/card-client/authenticate', 3), m), '');
  out.push('A refusal of the eID server is passed on with its code and `details.source: "eid-server"` (here the request package expired):', '', exchange(entry(sim, 'POST', '/card-client/authenticate', 4), m), '');

  // ---- Activation ----
  const shown = await call(sim, 'GET', '/portal/activation/check-code');
  m.add(shown.checkCodeId, '<check-code-id>');
  m.add(shown.checkCode, 'K7M2QX');
  await sim.app.request('/card-client/readers/0/card', { method: 'DELETE' });
  await call(sim, 'POST', '/card-client/readers/0/card', { documentId: '345678CD' });
  const started = await call(sim, 'POST', '/portal/activations', { username: 'O61234', checkCodeId: shown.checkCodeId, checkCode: shown.checkCode });
  m.add(started.activationId, '<activation-id>');
  const startedPkg = Buffer.from(started.requestPackage, 'base64').toString('utf8');
  m.add(/<eid:Nonce>([^<]+)</.exec(startedPkg)?.[1], '<nonce>');
  const activationRid = await call(sim, 'POST', '/card-client/authenticate', {
    requestPackage: started.requestPackage,
    cardholder: [{ activationPin: '11223' }, { newPin: '246810' }, { newPinRepeat: '246810' }, { pin: '246810' }],
  });
  m.add(activationRid.id, '_<rid-package-id>');
  await call(sim, 'POST', `/portal/activations/${started.activationId}/complete`, { ridPackage: activationRid.ridPackage });
  const sessions = sim.deps.journal.list().filter((e) => e.request.path === '/eid-server/sessions');
  const last = JSON.parse(sessions.at(-1)!.response.body) as { sessionId: string; challenge: string };
  m.add(last.sessionId, '<session-id>');
  m.add(last.challenge, '<challenge: 32 random bytes, base64>');
  out.push('### Card activation at the Ágazati portál', '', 'The page shows a check code:', '', exchange(entry(sim, 'GET', '/portal/activation/check-code'), m), '');
  out.push('The user types the username and the code; the portal answers a request package (purpose `activation`, audience the portal):', '', exchange(entry(sim, 'POST', '/portal/activations'), m), '');
  out.push('The user presents the new card, still on its activation PIN: the card client changes it (activation PIN, new PIN twice), then authenticates with the new PIN:', '', exchange(entry(sim, 'POST', '/card-client/authenticate', 5), m), '');
  out.push('The portal binds the card\'s RID to the username:', '', exchange(entry(sim, 'POST', /^\/portal\/activations\/.+\/complete$/), m, '/portal/activations/<activation-id>/complete'), '');
  return `${out.join('\n').trimEnd()}\n`;
}
