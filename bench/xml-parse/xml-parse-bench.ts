/**
 * Lean XML parse benchmark: CPU time per parse of a real STS password request (as
 * `passwordIssueRequest` writes it, and the same indented as a pretty-printing client sends it) and
 * of a business service call carrying a token the simulator's STS issued, into the lean tree the STS reads (`parseUntrustedXmlLean`: the fast path of
 * simulator/soap/lean-xml.ts), against the same parse without the fast path (the safe-XML scan
 * and saxes: `parseUntrustedXmlLeanFull`), into an xmldom DOM (`parseUntrustedXml`), and saxes
 * alone reading the text with no handler (the baseline), in alternating rounds in one process so
 * that all see the same machine load. Run: `npm run bench:xml-parse` (BENCH_ROUNDS, BENCH_PER_ROUND;
 * BENCH_NO_WRITE=1 leaves docs/performance.md alone). Writes its section of docs/performance.md.
 */
import { cpus, loadavg } from 'node:os';
import { createRequire } from 'node:module';
import type { SaxesParser } from 'saxes';
import { DEFAULT_XML_LIMITS, parseUntrustedXml, parseUntrustedXmlLean, parseUntrustedXmlLeanFull } from '../../simulator/soap/safe-xml.js';
import { passwordIssueRequest } from '../../simulator/sts/sts-client.js';
import { median, runBenchMain, writePerformanceSection } from '../report-section.js';

const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 7);
const PER_ROUND = Number(process.env['BENCH_PER_ROUND'] ?? 5_000);
const NO_WRITE = process.env['BENCH_NO_WRITE'] === '1';

const { SaxesParser: Saxes } = createRequire(import.meta.url)('saxes') as { SaxesParser: typeof SaxesParser };

const request = passwordIssueRequest({ username: 'O50123', password: 'Aktiv-Orvos-1', institutionId: 'E01620K', unitCode: '016200101', now: new Date(), withNonce: true });

/** A business service call carrying a SAML token the simulator's STS issued for `request`. */
async function serviceCall(): Promise<string> {
  const { createSimulator, createLogger } = await import('../../simulator/simulator.js');
  const { loadDefaultFixtures } = await import('../../fixtures/default-set.js');
  const { loadPki, defaultCacheDir } = await import('../../simulator/pki/create-pki.js');
  const { extractAssertion } = await import('../../simulator/sts/sts-client.js');
  const pki = await loadPki({ seed: 1, cacheDir: defaultCacheDir() });
  const sim = createSimulator({ fixtures: loadDefaultFixtures(), pki, log: createLogger('silent') });
  const answer = await sim.app.request('/sts', { method: 'POST', headers: { 'content-type': 'application/soap+xml; charset=utf-8' }, body: request });
  const token = extractAssertion(await answer.text());
  sim.close();
  return (
    '<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Header><wsa:MessageID xmlns:wsa="http://www.w3.org/2005/08/addressing">urn:uuid:0b7e3c1a-5d1f-4c47-9a8e-2f7c9d6e4a10</wsa:MessageID>' +
    `<wsse:Security xmlns:wsse="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd" s:mustUnderstand="true">${token}</wsse:Security></s:Header>` +
    '<s:Body><svc:GetPrescriptionRequest xmlns:svc="urn:eeszt-sim:services:erecept:2026"><svc:PrescriptionId>RX-1</svc:PrescriptionId></svc:GetPrescriptionRequest></s:Body></s:Envelope>'
  );
}

const saxes = new Saxes({ xmlns: true });
// The parse time budget is wall-clock time: on a machine shared with other work a parse can be
// descheduled past it, which is not what this bench measures.
const LIMITS = { ...DEFAULT_XML_LIMITS, maxParseMs: 60_000 };
const WAYS: Record<string, (text: string) => unknown> = {
  'saxes alone (baseline)': (text) => saxes.write(text).close(),
  'lean tree (fast path)': (text) => parseUntrustedXmlLean(text, LIMITS),
  'lean tree, scan + saxes': (text) => parseUntrustedXmlLeanFull(text, LIMITS),
  'xmldom DOM, scan + saxes': (text) => parseUntrustedXml(text, LIMITS),
};

/** CPU µs per parse of `text` by `way`, over one round. */
function round(way: (text: string) => unknown, text: string): number {
  const c0 = process.cpuUsage();
  for (let i = 0; i < PER_ROUND; i++) way(text);
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / PER_ROUND;
}

async function main(): Promise<void> {
  const DOCUMENTS = [
    { name: 'STS password request', text: request },
    { name: 'the same, indented', text: request.replace(/></g, '>\n  <') },
    { name: 'service call with its SAML token', text: await serviceCall() },
  ];
  const load = loadavg()[0]?.toFixed(1) ?? '?';
  const rows = DOCUMENTS.map((d) => {
    const names = Object.keys(WAYS);
    const runs = new Map<string, number[]>(names.map((n) => [n, []]));
    for (const n of names) round(WAYS[n] as (text: string) => unknown, d.text);
    for (let r = 0; r < ROUNDS; r++) for (const n of names) runs.get(n)?.push(round(WAYS[n] as (text: string) => unknown, d.text));
    const us = new Map(names.map((n) => [n, median(runs.get(n) ?? [])]));
    return { name: d.name, bytes: Buffer.byteLength(d.text), us };
  });
  const baseline = 'saxes alone (baseline)';
  const lines = rows.flatMap((r) => [...r.us].map(([way, us]) => `${r.name} (${r.bytes} bytes), ${way}: ${us.toFixed(2)} µs CPU, ${(us / (r.us.get(baseline) as number)).toFixed(2)}x saxes alone`));
  for (const line of lines) console.log(line);
  if (NO_WRITE) return;
  const ways = Object.keys(WAYS);
  const file = writePerformanceSection(
    'xml-parse',
    `## Lean XML parse

CPU time per parse of the STS request, and of a business service call with its SAML token, into
the lean tree the STS reads, with the fast path of
\`simulator/soap/lean-xml.ts\` (plain XML in one pass; anything else goes to the safe-XML scan and
saxes, as the other columns do), against the same parse without it, an xmldom DOM, and saxes alone
reading the text with no handler; median of ${ROUNDS} alternating rounds of ${PER_ROUND} parses by
\`bench/xml-parse\` on ${cpus().length} cores (${new Date().toISOString().slice(0, 10)}, load average ${load}); in brackets the ratio to saxes alone.

| document | bytes | ${ways.join(' | ')} |
|---|---|${ways.map(() => '---|').join('')}
${rows.map((r) => `| ${r.name} | ${r.bytes} | ${ways.map((w) => `${(r.us.get(w) as number).toFixed(1)} µs (${((r.us.get(w) as number) / (r.us.get(baseline) as number)).toFixed(2)}x)`).join(' | ')} |`).join('\n')}`,
  );
  console.log(`written to ${file}`);
}

runBenchMain(main);
