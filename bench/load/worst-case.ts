/**
 * Worst-case parse and verification times: the costliest documents the safe-XML limits
 * (simulator/soap/safe-xml.ts) let through, each just inside every limit and up to the 1 MiB body
 * limit, sent where they cost most. Prints a table for docs/hardening.md ("Parse time").
 *
 * Placements:
 * - `parse`: parseUntrustedXml alone (scan + DOM), against the parse time budget;
 * - `STS signed Body`: inside the signed Body of an X.509 request (the digest over the Body is
 *   computed before the signature value is checked, so an attacker without the key gets this far);
 * - `STS header`: in an unsigned header of the same request (xml-crypto still re-parses and
 *   searches the whole message);
 * - `token at a service`: inside the SAML assertion of a service request (re-parsed and
 *   canonicalised by the token validator).
 *
 * Run (after `npm run build`): `node dist/bench/load/worst-case.js [--runs 3]`; best of N per cell.
 */
import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';

const MiB = 1024 * 1024;

async function main(): Promise<void> {
  const runsArg = process.argv.indexOf('--runs');
  const runs = runsArg === -1 ? 3 : Math.max(1, Number(process.argv[runsArg + 1]));
  const { createSimulator, createLogger } = await import('../../simulator/simulator.js');
  const { loadDefaultFixtures } = await import('../../fixtures/default-set.js');
  const { loadPki, defaultCacheDir } = await import('../../simulator/pki/create-pki.js');
  const { certificateIssueRequest, passwordIssueRequest, extractAssertion } = await import('../../simulator/sts/sts-client.js');
  const { parseUntrustedXml, DEFAULT_XML_LIMITS } = await import('../../simulator/soap/safe-xml.js');
  const pki = await loadPki({ seed: 1, cacheDir: defaultCacheDir() });
  const sim = createSimulator({ fixtures: loadDefaultFixtures(), pki, log: createLogger('silent'), clock: { start: '2026-03-02T08:00:00Z', frozen: true } });
  const now = sim.deps.clock.now();
  const SOAP12 = 'application/soap+xml; charset=utf-8';
  const post = async (path: string, body: string): Promise<{ ms: number; code: string }> => {
    const t = performance.now();
    const res = await sim.app.request(path, { method: 'POST', headers: { 'content-type': SOAP12 }, body });
    const text = await res.text();
    return { ms: performance.now() - t, code: /<sim:Code>([^<]+)/.exec(text)?.[1] ?? String(res.status) };
  };
  const tokenAnswer = await sim.app.request('/sts', { method: 'POST', headers: { 'content-type': SOAP12 }, body: passwordIssueRequest({ username: 'O50123', password: 'Aktiv-Orvos-1', institutionId: 'E30217B', unitCode: '302170101', now }) });
  const token = extractAssertion(await tokenAnswer.text());
  const signed = certificateIssueRequest({ institutionId: 'E30217B', unitCode: '302170101', credential: pki.institution('E30217B'), now });
  const ns = (n: number): string => Array.from({ length: n }, (_, i) => `xmlns:p${i}="urn:p${i}"`).join(' ');
  const attrs = (n: number): string => Array.from({ length: n }, (_, i) => `a${i}="v"`).join(' ');
  const fill = MiB - 60_000;
  const shapes: Record<string, string> = {
    'text (1 MiB in one element)': 'q'.repeat(fill),
    'character references (1 MiB)': '&#x41;'.repeat(Math.floor(fill / 6)),
    'entity references (1 MiB)': '&amp;'.repeat(Math.floor(fill / 5)),
    'elements (4 900, with 1 MiB of text)': `${'x<j:E/>'.repeat(4_900)}${'x'.repeat(fill - 40_000)}`,
    'attributes (9 600: 160 elements x 60)': `<j:A ${attrs(60)}/>`.repeat(160),
    'namespace declarations (9 600) + deep nesting (40)': `${`<j:N ${ns(40)}>`.repeat(40)}${`<j:M ${ns(60)}/>`.repeat(130)}${'z'.repeat(fill - 400_000)}${'</j:N>'.repeat(40)}`,
    'comments and CDATA (1 000) + 1 MiB of text': `${'<!--c-->'.repeat(500)}${'<![CDATA[c]]>'.repeat(480)}${'y'.repeat(fill - 20_000)}`,
  };
  const junk = (inner: string): string => `<j:Junk xmlns:j="urn:junk">${inner}</j:Junk>`;
  const place: Record<string, (inner: string) => { path: string; body: string } | { parse: string }> = {
    parse: (inner) => ({ parse: signed.replace('</wst:Claims>', `</wst:Claims>${junk(inner)}`) }),
    'STS signed Body': (inner) => ({ path: '/sts', body: signed.replace('</wst:Claims>', `</wst:Claims>${junk(inner)}`) }),
    'STS header': (inner) => ({ path: '/sts', body: signed.replace('<s:Header>', `<s:Header>${junk(inner)}`) }),
    'token at a service': (inner) => ({
      path: '/services/ehr',
      body: `<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Header><wsse:Security xmlns:wsse="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd">${token.replace('</saml:Issuer>', `</saml:Issuer>${junk(inner)}`)}</wsse:Security></s:Header><s:Body><svc:GetHealthDocumentRequest xmlns:svc="urn:eeszt-sim:services:ehr:2026"><svc:Id>EHR-000001</svc:Id></svc:GetHealthDocumentRequest></s:Body></s:Envelope>`,
    }),
  };
  // warm up the code paths
  for (let i = 0; i < 20; i++) await post('/sts', signed);
  const header = `| document | size KiB | ${Object.keys(place).join(' | ')} |`;
  const rows: string[] = [header, `|---|---|${Object.keys(place).map(() => '---').join('|')}|`];
  for (const [name, inner] of Object.entries(shapes)) {
    const cells: string[] = [];
    let size = 0;
    for (const make of Object.values(place)) {
      const p = make(inner);
      let best = Infinity;
      let code = '';
      for (let r = 0; r < runs; r++) {
        if ('parse' in p) {
          size = Buffer.byteLength(p.parse);
          const t = performance.now();
          try {
            parseUntrustedXml(p.parse);
            code = 'parsed';
          } catch (err) {
            code = (err as { code?: string }).code ?? 'error';
          }
          best = Math.min(best, performance.now() - t);
        } else {
          const a = await post(p.path, p.body);
          best = Math.min(best, a.ms);
          code = a.code;
        }
      }
      cells.push(`${best.toFixed(0)} ms${code === 'parsed' ? '' : ` (${code})`}`);
    }
    rows.push(`| ${name} | ${(size / 1024).toFixed(0)} | ${cells.join(' | ')} |`);
  }
  sim.close();
  console.log(`Worst cases inside the limits (${JSON.stringify(DEFAULT_XML_LIMITS)}), best of ${runs}, ${cpus().length} cores (${(cpus()[0]?.model ?? '').trim()}), Node.js ${process.version}:\n`);
  console.log(rows.join('\n'));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
