/**
 * The HTML report: one self-contained file (inline CSS, no scripts, no external resources) that
 * opens offline. The summary comes first (verdict, counts, the must checks to fix), then every
 * check by area: what was found, expected and observed, what to change, the requirement, the
 * scenario, the adapter's answers and the request/response excerpts that decided it (secrets
 * masked).
 *
 * @example
 * ```ts
 * writeFileSync('conformance-report.html', renderHtml(report));
 * ```
 */
import { areasOf, type CheckReport, type SuiteReport } from './result-model.js';
import { escapeMarkup as h } from './xml-escape.js';

const CSS = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1d2430;background:#f6f7f9}
main{max-width:1100px;margin:0 auto;padding:24px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 8px;border-bottom:1px solid #d6dae1;padding-bottom:4px}
.meta{color:#5b6573;font-size:13px}
.verdict{padding:14px 18px;border-radius:8px;font-size:18px;font-weight:600;margin:16px 0}
.verdict.pass{background:#e3f6e8;color:#135c2a}.verdict.fail{background:#fde8e8;color:#8a1c1c}
table{border-collapse:collapse;width:100%;background:#fff}td,th{border:1px solid #e1e4ea;padding:6px 8px;text-align:left;vertical-align:top;overflow-wrap:anywhere}td code{white-space:pre-wrap;word-break:break-all}
th{background:#eef0f4}
.badge{display:inline-block;min-width:64px;text-align:center;border-radius:4px;padding:1px 6px;font-size:12px;font-weight:700;color:#fff}
.b-pass{background:#1f8a3b}.b-fail{background:#c62828}.b-error{background:#6a1b9a}.b-blocked{background:#ef6c00}.b-skipped{background:#78909c}.b-xfail{background:#8d6e63}
.check{background:#fff;border:1px solid #e1e4ea;border-radius:8px;margin:10px 0;padding:10px 14px}
.check h3{font-size:15px;margin:0 0 6px}.check .id{font-family:ui-monospace,Consolas,monospace}
.level{font-size:12px;color:#5b6573;margin-left:6px}
.fix{background:#fff8e1;border-left:4px solid #f9a825;padding:6px 10px;margin:8px 0}
.kv{display:grid;grid-template-columns:110px 1fr;gap:2px 10px;margin:6px 0}.kv div:nth-child(odd){color:#5b6573}
pre{background:#1e2430;color:#e8ecf2;padding:8px;border-radius:6px;overflow:auto;max-height:360px;white-space:pre-wrap;word-break:break-all;font-size:12px}
details{margin:6px 0}summary{cursor:pointer;color:#2d4f8a}
code{font-family:ui-monospace,Consolas,monospace;background:#eef0f4;padding:0 3px;border-radius:3px}
`;

function badge(c: CheckReport): string {
  const xfail = c.expectedFailure && c.status !== 'pass';
  const cls = xfail ? 'xfail' : c.status;
  const word = xfail ? 'known' : c.status;
  return `<span class="badge b-${cls}">${h(word.toUpperCase())}</span>`;
}

function kv(rows: Array<[string, string | undefined]>): string {
  const cells = rows.filter(([, v]) => v !== undefined && v !== '').map(([k, v]) => `<div>${h(k)}</div><div>${h(v ?? '')}</div>`);
  return cells.length === 0 ? '' : `<div class="kv">${cells.join('')}</div>`;
}

function adapterSteps(c: CheckReport): string {
  if (c.adapter.length === 0) return '';
  const rows = c.adapter.map((s) => {
    const answer = s.failure !== undefined ? `no answer: ${s.failure}` : s.ok === true ? 'ok' : `error ${s.error?.code ?? ''}: ${s.error?.message ?? ''}`;
    return `<tr><td><code>${h(s.action)}</code></td><td><code>${h(JSON.stringify(s.params))}</code></td><td>${h(answer)}</td><td>${s.durationMs} ms</td></tr>`;
  });
  return `<details><summary>What the HIS adapter was asked and answered (${c.adapter.length})</summary><table><tr><th>action</th><th>parameters</th><th>answer</th><th>time</th></tr>${rows.join('')}</table></details>`;
}

/** Longest message shown in the page; the whole text is in the JSON report written next to it. */
const MESSAGE_CHARS = 6000;

/** A message, cut to {@link MESSAGE_CHARS} with a pointer to the JSON report. */
function message(text: string): string {
  if (text.length <= MESSAGE_CHARS) return `<pre>${h(text)}</pre>`;
  return `<pre>${h(text.slice(0, MESSAGE_CHARS))}</pre><div class="meta">… ${text.length - MESSAGE_CHARS} more characters: the full message is in conformance-report.json (checks[].evidence)</div>`;
}

/**
 * The journal entries that decided a check. The page stays light: messages are folded, shown
 * only for checks that did not pass (cut to a few KiB); every message stays whole in the JSON
 * report written next to the page.
 */
function evidence(c: CheckReport): string {
  const withBodies = c.status !== 'pass';
  return c.evidence
    .map(
      (e) =>
        `<details${c.status === 'fail' ? ' open' : ''}><summary>#${e.seq} ${h(e.service)}: ${h(e.method)} ${h(e.path)} → ${e.status}${e.errorCode === undefined ? '' : ` ${h(e.errorCode)}`} <span class="meta">${h(e.time)}${e.client === undefined ? '' : `, ${h(e.client)}`}</span></summary>` +
        (withBodies ? `<div class="meta">request</div>${message(e.request)}<div class="meta">response</div>${message(e.response)}` : '<div class="meta">request and response: in conformance-report.json (checks[].evidence)</div>') +
        '</details>',
    )
    .join('');
}

function checkSection(c: CheckReport): string {
  const failed = c.status !== 'pass' && c.status !== 'skipped';
  return (
    `<section class="check" id="${h(c.id)}" data-check-id="${h(c.id)}" data-status="${h(c.status)}" data-expected-failure="${c.expectedFailure}">` +
    `<h3>${badge(c)} <span class="id">${h(c.id)}</span> ${h(c.title)}<span class="level">${h(c.level)}</span></h3>` +
    `<div>${h(c.message)}</div>` +
    kv([['expected', c.expected], ['observed', c.observed], ['blocked by', c.blockedBy?.join(', ')]]) +
    (failed && c.fix !== undefined ? `<div class="fix"><strong>What to change:</strong> ${h(c.fix)}</div>` : '') +
    kv([['requirement', `${c.requirement.ref}: ${c.requirement.text}`], ['scenario', c.scenario], ['time', `${c.durationMs} ms`]]) +
    adapterSteps(c) +
    evidence(c) +
    '</section>'
  );
}

/** Render the report as one HTML file. */
export function renderHtml(report: SuiteReport): string {
  const s = report.summary;
  const title = `EESZT conformance: ${report.his.name ?? report.his.adapter}`;
  const toFix = report.checks.filter((c) => s.mustFailed.includes(c.id));
  const shouldFailed = report.checks.filter((c) => c.level === 'should' && c.status === 'fail' && !c.expectedFailure);
  const fixRows = [...toFix, ...shouldFailed]
    .map((c) => `<tr><td>${badge(c)}</td><td><a href="#${h(c.id)}"><code>${h(c.id)}</code></a> ${h(c.level)}</td><td>${h(c.message)}</td><td>${h(c.fix ?? '')}</td></tr>`)
    .join('');
  const areaRows = areasOf(report)
    .map((a) => {
      const n = (st: string): number => a.checks.filter((c) => c.status === st && !c.expectedFailure).length;
      return `<tr><td><a href="#area-${h(a.id)}">${h(a.title)}</a></td><td>${a.checks.length}</td><td>${n('pass')}</td><td>${n('fail') + n('error')}</td><td>${n('blocked')}</td><td>${n('skipped')}</td></tr>`;
    })
    .join('');
  const sections = areasOf(report)
    .map((a) => `<h2 id="area-${h(a.id)}">${h(a.title)}</h2>${a.checks.map(checkSection).join('')}`)
    .join('');
  const verdictText =
    s.verdict === 'pass'
      ? `PASS: every must check passed (${s.passed} of ${s.total} checks passed)`
      : `FAIL: ${s.mustFailed.length} must check${s.mustFailed.length === 1 ? '' : 's'} did not pass`;
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${h(title)}</title><style>${CSS}</style></head>
<body><main data-verdict="${s.verdict}">
<h1>${h(title)}</h1>
<div class="meta">${h(report.mode)} run, ${h(report.startedAt)} – ${h(report.finishedAt)} (${(report.durationMs / 1000).toFixed(1)} s); adapter ${h(report.his.adapter)}; simulator ${h(report.simulator.url)}${report.simulator.embedded ? ' (embedded)' : ''}${report.simulator.tls ? ', TLS' : ''}; eeszt-sim ${h(report.tool.version)}</div>
<div class="verdict ${s.verdict}">${h(verdictText)}</div>
<table><tr><th>checks</th><th>passed</th><th>failed</th><th>blocked</th><th>skipped</th><th>errors</th><th>known failures</th></tr>
<tr><td>${s.total}</td><td>${s.passed}</td><td>${s.failed}</td><td>${s.blocked}</td><td>${s.skipped}</td><td>${s.errors}</td><td>${s.expectedFailures}</td></tr></table>
${fixRows === '' ? '' : `<h2>What to fix first</h2><table><tr><th></th><th>check</th><th>finding</th><th>what to change</th></tr>${fixRows}</table>`}
<h2>By area</h2><table><tr><th>area</th><th>checks</th><th>passed</th><th>failed</th><th>blocked</th><th>skipped</th></tr>${areaRows}</table>
${sections}
</main></body></html>
`;
}
