import type { Level } from '../contracts/check.ts';
import { CSP, favicon, ICONS, SCRIPT, STYLE } from './html-assets.ts';
import { categoryChart, latencyChart } from './html-charts.ts';
import { certificateTarget, type CheckReport, type Counterexample, type Report } from '../contracts/report.ts';
import { explanationHtml, SOURCE_NAMES } from './explain.ts';
import { casesWords, classCount, classesOf, classLabel, moreClassesWords, replayCommand, sequenceLines, shownClasses } from './failures.ts';
import { withoutCredentials } from './redact.ts';
import { escapeHtml as h } from './text.ts';
import {
  checkCounts,
  cutShortClean,
  failedChecks,
  formatMs,
  incompleteWords,
  isExcused,
  LEVEL_NAMES,
  LEVELS,
  neededLines,
  notSentWords,
  numberText,
  plural,
  requestLine,
  statusSummary,
  partialSummary,
  stoppedByUntested,
  untestedWords,
  verdictDetail,
  verdictHeadline,
} from './view.ts';

/**
 * report.html: one self-contained page (inline CSS, JS and SVG; a CSP that forbids every
 * network load) a person can open from a CI artifact, offline. Every string from the report is
 * escaped with `h` where it is interpolated; no report data reaches the script, which reads
 * only data-* attributes holding our own level numbers and status words.
 */
export function renderHtml(input: Report): string {
  const report = withoutCredentials(input);
  const pass = report.verdict.conformant;
  let host = report.target.url;
  try {
    host = new URL(report.target.url).host || host;
  } catch {
    // keep the URL as given
  }
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="${h(`${report.tool.name} ${report.tool.version}`)}">
<title>${h(`${verdictHeadline(report)} · ${host} · TrustHub CustomerProfiles`)}</title>
<link rel="icon" href="${favicon(pass)}">
<style>${STYLE}</style>
</head>
<body>
<header class="topbar"><div class="wrap">
<div class="brand">TrustHub conformance<span class="op">POST /v1/CustomerProfiles</span></div>
<div class="runline">target <code>${h(report.target.url)}</code>${report.target.embedded ? ' (embedded mock)' : ''} · ${h(when(report.startedAt))} · seed <code>${h(String(report.seed))}</code></div>
</div></header>
<main class="wrap">
${verdictSection(report)}
${statsSection(report)}
<section class="charts">
<div class="card"><h3>Latency</h3>${latencyChart(report.latencyMs)}</div>
<div class="card"><h3>Exchanges by case category</h3>${categoryChart(report.exchanges.byCategory)}</div>
</section>
${checksSection(report)}
${divergenceSection(report)}
<section class="two">
${runSection(report)}
${certificateSection(report)}
</section>
</main>
<footer>${h(`${report.tool.name} ${report.tool.version}`)} · report schema v${h(String(report.schemaVersion))} · this page is self-contained and makes no network requests</footer>
<script>${SCRIPT}</script>
</body>
</html>
`;
}

/** "2026-03-02 10:19:40 UTC" from an ISO date; the text as given when it does not parse. */
function when(iso: string): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  return `${new Date(t).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

function num(n: number): string {
  return Number.isFinite(n) ? n.toLocaleString('en-US') : '—';
}

/** pass, fail, or partial when an untested level (checks left out) stopped the achieved level */
function verdictTone(report: Report): 'pass' | 'fail' | 'partial' {
  if (report.verdict.conformant) return 'pass';
  return stoppedByUntested(report) || cutShortClean(report) ? 'partial' : 'fail';
}

function verdictSection(report: Report): string {
  const tone = verdictTone(report);
  const ladder = report.levels
    .map((l) => {
      const achieved = report.verdict.levelAchieved >= l.level;
      const state =
        l.status === 'untested'
          ? untestedWords(l)
          : l.status === 'incomplete'
            ? `not claimed: ${notSentWords(report)}`
            : l.status === 'pass'
            ? achieved
              ? 'achieved'
              : 'MUST checks pass, a lower level fails'
            : [l.mustFailed > 0 ? plural(l.mustFailed, 'MUST failure') : 'failed', l.shouldFailed > 0 ? plural(l.shouldFailed, 'SHOULD warning') : '']
                .filter(Boolean)
                .join(', ');
      const shouldNote = l.status !== 'fail' && l.shouldFailed > 0 ? ` · ${plural(l.shouldFailed, 'SHOULD warning')}` : '';
      const icon = l.status === 'pass' ? ICONS.pass : l.status === 'fail' ? ICONS.fail : ICONS.skip;
      const status = l.status === 'pass' || l.status === 'fail' ? l.status : 'untested';
      return `<li class="${status}${achieved ? ' achieved' : ''}" data-level="${numberText(l.level)}"><span class="dot">${icon}</span><span class="lvl">Level ${numberText(l.level)}</span><span class="name">${LEVEL_NAMES[l.level as Level] ?? ''}</span><span class="state">${h(state + shouldNote)}</span></li>`;
    })
    .join('');
  const cut = incompleteWords(report);
  const incomplete = report.incomplete
    ? `<p class="notice" id="incomplete">${ICONS.warn} ${h(`${cut![0]!.toUpperCase()}${cut!.slice(1)}`)}: ${h(report.incomplete.reason)}. No level is claimed: the checks did not see all their cases. The report holds what was gathered.</p>`
    : '';
  return `<section class="card verdict ${tone}" id="verdict">
<div class="big">${tone === 'pass' ? ICONS.pass : tone === 'partial' ? ICONS.warn : ICONS.fail}</div>
<h1>${h(verdictHeadline(report))}</h1>
<p class="detail">${h(verdictDetail(report))}</p>
${incomplete}${partialNotice(report)}${neededNotice(report)}
<ol class="ladder" aria-label="Level ladder">${ladder}</ol>
</section>`;
}

/** Levels a MUST check could not judge for lack of an input: what each check needs, one line per level. */
function neededNotice(report: Report): string {
  return neededLines(report)
    .map((line) => `<p class="notice needs">${ICONS.warn} ${h(line)}</p>`)
    .join('');
}

/** A partial run: what it left out and what the checks that ran support. */
function partialNotice(report: Report): string {
  const text = partialSummary(report);
  if (!text || !report.partial) return '';
  const ids = report.partial.leftOut.map((id) => `<code>${h(id)}</code>`).join(', ');
  return `<div class="notice partial" id="partial"><p>${ICONS.warn} ${h(text)}</p><p class="left-out">Left out: ${ids}</p></div>`;
}

function statsSection(report: Report): string {
  const c = checkCounts(report.checks);
  const x = report.exchanges;
  const l = report.latencyMs;
  return `<section class="stats">
<div class="card stat"><div class="k">Checks</div><div class="v">${num(c.total)}</div><div class="s"><b class="c-pass">${num(c.pass)} passed</b> · <b class="c-fail">${num(c.fail)} failed</b> · <b class="c-skip">${num(c.skip)} skipped</b></div></div>
<div class="card stat"><div class="k">Exchanges</div><div class="v">${num(x.total)}</div><div class="s">${plural(x.transportErrors, 'transport error')} · ${num(x.retries)} ${x.retries === 1 ? 'retry' : 'retries'}</div></div>
<div class="card stat"><div class="k">Latency p50 / p95</div><div class="v">${pairMs(l.p50, l.p95)}</div><div class="s">p99 ${h(formatMs(l.p99))} · max ${h(formatMs(l.max))}</div></div>
<div class="card stat"><div class="k">Duration</div><div class="v">${h(formatMs(report.durationMs))}</div><div class="s">${num(report.runs)} runs · concurrency ${num(report.options.concurrency)}</div></div>
</section>`;
}

/**
 * "45.2 / 120 ms": two latencies sharing their unit, so the tile's value fits its width (before:
 * "45.2 ms / 120 ms" was cut to "45.2 ms / 1…" at 1280 px); "850 ms / 1.2 s" when the units differ.
 */
function pairMs(a: number, b: number): string {
  const [x, y] = [formatMs(a), formatMs(b)];
  const unit = (s: string) => s.split(' ')[1];
  const slash = ' <span class="muted">/</span> ';
  return unit(x) && unit(x) === unit(y) ? `${h(x.split(' ')[0]!)}${slash}${h(y)}` : `${h(x)}${slash}${h(y)}`;
}

function filterButtons(report: Report): string {
  const c = checkCounts(report.checks);
  const button = (filter: string, value: string, label: string, n?: number) =>
    `<button type="button" data-filter="${filter}" data-value="${value}" aria-pressed="${value === 'all'}">${label}${n === undefined ? '' : `<span class="n">${n}</span>`}</button>`;
  const levels = LEVELS.map((l) => button('level', String(l), `L${l} ${LEVEL_NAMES[l]}`, report.checks.filter((x) => x.level === l).length)).join('');
  return `<div class="toolbar" role="group" aria-label="Filters">
<div><span class="label">Level</span><span class="seg">${button('level', 'all', 'All')}${levels}</span></div>
<div><span class="label">Status</span><span class="seg">${button('status', 'all', 'All')}${button('status', 'fail', 'Failed', c.fail)}${button('status', 'pass', 'Passed', c.pass)}${button('status', 'skip', 'Skipped', c.skip)}</span></div>
<div class="muted">showing <b id="shown-count">${c.total}</b> of ${c.total}</div>
</div>`;
}

function checksSection(report: Report): string {
  // a failed run opens on its failures: failed checks first (lowest level, MUST first), then the rest in catalog order
  const failed = failedChecks(report);
  const ordered = [...failed, ...report.checks.filter((c) => !failed.includes(c))];
  let seq = 0;
  const rows = ordered.map((check) => checkRows(check, report, seq++)).join('\n');
  return `<section class="card" id="checks">
<h2>Checks</h2>
${filterButtons(report)}
<table class="checks">
<colgroup><col class="c-status"><col><col class="c-level"><col class="c-sev"><col class="c-n"></colgroup>
<thead><tr><th>Status</th><th>Check</th><th>Level</th><th>Severity</th><th class="num">Exchanges</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
<p class="empty" id="no-match" hidden>No check matches these filters.</p>
</section>`;
}

function statusPill(check: CheckReport): string {
  if (check.status === 'pass') return `<span class="pill pass">${ICONS.pass}Passed</span>`;
  if (check.status === 'skip') return `<span class="pill skip">${ICONS.skip}Skipped</span>`;
  if (isExcused(check)) return `<span class="pill warn">${ICONS.warn}Declared</span>`;
  if (check.severity === 'SHOULD') return `<span class="pill warn">${ICONS.warn}Warning</span>`;
  return `<span class="pill fail">${ICONS.fail}Failed</span>`;
}

function checkRows(check: CheckReport, report: Report, seq: number): string {
  const level = String(Number(check.level));
  const status = check.status === 'fail' || check.status === 'skip' ? check.status : 'pass';
  const tone = [status, check.severity === 'SHOULD' ? 'should' : '', isExcused(check) ? 'excused' : ''].filter(Boolean).join(' ');
  const judged = check.passed + check.failed;
  const figures =
    status === 'skip'
      ? `<span class="muted reason">${h(check.skipReason ?? 'skipped')}</span>`
      : status === 'fail'
        ? `<b class="c-fail">${num(check.failed)}</b> of ${num(judged)} failed`
        : `${num(check.passed)} of ${num(judged)}`;
  const hasDetail = status === 'fail';
  const levelName = LEVEL_NAMES[check.level as Level] ?? '';
  // the source as text a person sees (a tooltip alone is invisible on touch screens and in print);
  // level and severity again inside the cell, shown when the narrow layout hides their columns
  const row = `<tr class="check ${tone}${hasDetail ? ' has-detail' : ''}" data-level="${level}" data-status="${status}" id="check-${seq}">
<td>${statusPill(check)}</td>
<td><code class="id">${h(check.id)}</code><span class="narrow-meta"> · L${level} ${levelName} · <span class="sev ${check.severity === 'MUST' ? 'MUST' : 'SHOULD'}">${h(check.severity)}</span></span><div class="ctitle">${h(check.title)}</div><div class="src"><span class="doc">${h(SOURCE_NAMES[check.source.doc] ?? check.source.doc)}:</span> ${h(check.source.ref)}</div>${explanationHtml(check.id)}</td>
<td class="lvl">L${level} <span class="muted">${levelName}</span></td>
<td><span class="sev ${check.severity === 'MUST' ? 'MUST' : 'SHOULD'}">${h(check.severity)}</span></td>
<td class="num">${figures}</td>
</tr>`;
  if (!hasDetail) return row;
  return `${row}
<tr class="detail ${tone}" data-level="${level}" data-status="${status}"><td colspan="5">${failureCard(check, report, seq)}</td></tr>`;
}

function declaredNote(check: CheckReport): string {
  if (!check.declared) return '';
  const d = check.declared;
  const expiry = d.expires ? ` (expires ${h(d.expires)}${d.expired ? ': <b>expired</b>, so it counts again' : ''})` : '';
  return `<p class="declared">${ICONS.warn} Declared deviation${expiry}: ${h(d.reason)}</p>`;
}

function failureCard(check: CheckReport, report: Report, seq: number): string {
  const c = check.firstFailure;
  if (!c) {
    return `<div class="failure"><p class="message">Failed on ${num(check.failed)} exchange(s); no counterexample was recorded.</p>${declaredNote(check)}</div>`;
  }
  return `<div class="failure">
${exampleHtml(c, report, `${seq}`)}
${declaredNote(check)}
${classesHtml(check, report, seq)}
</div>`;
}

/** One failure: its message, where it was found, the requests before it (a sequence), the exchange and the replay command. */
function exampleHtml(c: Counterexample, report: Report, id: string): string {
  const step = c.step && c.category !== 'lifecycle' ? `<span class="tag">${h(c.step.purpose)}</span><span>after</span>` : '';
  const steps = sequenceLines(c);
  const sequence = steps.length
    ? `<figure class="sequence"><figcaption>The sequence: the last request broke the check</figcaption><pre class="http">${h(steps.join('\n'))}</pre></figure>`
    : '';
  const whole = c.sequence?.length ? `<pre class="cmd">${h(replayCommand(c))}   # the whole sequence</pre>` : '';
  return `<p class="message">${h(c.message)}</p>
<p class="meta">${step}<span class="tag">case #${num(c.index)}</span><span class="tag">${h(c.category)}</span><span>${h(c.caseLabel)}</span>${c.shrunk ? '<span class="tag min" title="the property run shrank the failing case to a minimal one">minimal counterexample</span>' : ''}<span class="tag">seed ${h(String(report.seed))}</span></p>
${sequence}<div class="exchange">
<figure><figcaption>Request <span class="mono">${h(requestLine(c.request))}</span></figcaption>${requestPre(c)}</figure>
<figure><figcaption>Response <span class="mono">${h(statusSummary(c))}</span></figcaption>${responsePre(c)}</figure>
</div>
<div class="replay"><div class="head">Replay <button type="button" class="copy" data-copy="curl-${id}">Copy</button></div>${whole}<pre class="cmd" id="curl-${id}">${h(c.curl)}</pre></div>`;
}

/** A check failing in more than one class: every class with its failures, each example behind its summary line. */
function classesHtml(check: CheckReport, report: Report, seq: number): string {
  const all = classesOf(check);
  if (all.length <= 1) return '';
  const items = shownClasses(check)
    .map((fc, i) => {
      const f = fc.example!;
      const cases = casesWords(fc);
      return `<details class="klass"><summary><b>${num(fc.failed)}×</b> ${h(classLabel(fc))}: <span class="muted">${h(f.message)}</span></summary>${cases ? `<p class="muted cases">${h(cases)}</p>` : ''}${exampleHtml(f, report, `${seq}-${i}`)}</details>`;
    })
    .join('\n');
  const more = moreClassesWords(check);
  return `<div class="classes"><div class="head">${h(classCount(all.length))} of failure, each with its first failure</div>
${items}${more ? `\n<p class="muted">${h(more[0]!.toUpperCase() + more.slice(1))}</p>` : ''}</div>`;
}

function headersHtml(headers: Record<string, string>): string {
  return Object.entries(headers)
    .map(([name, value]) => `<span class="hn">${h(name)}:</span> ${h(value)}`)
    .join('\n');
}

function requestPre(c: Counterexample): string {
  const r = c.request;
  const headers = headersHtml(r.headers);
  return `<pre class="http"><span class="start">${h(r.method)} ${h(r.url)}</span>${headers ? `\n${headers}` : ''}${r.body ? `\n\n${h(r.body)}` : ''}</pre>`;
}

function responsePre(c: Counterexample): string {
  if (!c.response) {
    const e = c.error;
    return `<pre class="http"><span class="start st-ko">No response</span>${e ? `\n${h(e.code)}: ${h(e.message)}` : ''}</pre>`;
  }
  const r = c.response;
  const ok = r.status >= 200 && r.status < 400;
  const headers = headersHtml(r.headers);
  const shown = prettyJson(r.body);
  const body = shown.length > 16_384 ? `${shown.slice(0, 16_384)}… [${shown.length - 16_384} more characters]` : shown;
  return `<pre class="http"><span class="start ${ok ? 'st-ok' : 'st-ko'}">HTTP ${h(String(r.status))}${r.statusText ? ` ${h(r.statusText)}` : ''}</span>${headers ? `\n${headers}` : ''}${body ? `\n\n${h(body)}` : ''}</pre>`;
}

/**
 * A compact JSON body, indented for reading, when that changes nothing but whitespace: the body
 * must equal JSON.stringify of its own parse (so no number, escape or duplicate key is rewritten).
 * Any other body is shown as received.
 */
export function prettyJson(body: string): string {
  if (body.length > 100_000 || !/^[[{]/.test(body)) return body;
  try {
    const value: unknown = JSON.parse(body);
    return JSON.stringify(value) === body ? JSON.stringify(value, null, 2) : body;
  } catch {
    return body;
  }
}

function runSection(report: Report): string {
  const o = report.options;
  const statuses = Object.entries(report.exchanges.byStatus)
    .map(([status, n]) => `<span class="tag">${h(status)}</span> ${num(n)}`)
    .join(' &nbsp; ');
  const rows: Array<[string, string]> = [
    ['Tool', h(`${report.tool.name} ${report.tool.version}`)],
    ['Target', `<code>${h(report.target.url)}</code>${report.target.embedded ? ' (embedded mock)' : ''}`],
    ['Seed', `<code>${h(String(report.seed))}</code>`],
    ['Runs', num(report.runs)],
    ['Started', h(when(report.startedAt))],
    ['Finished', h(when(report.finishedAt))],
    ['Duration', h(formatMs(report.durationMs))],
    ['Concurrency', num(o.concurrency)],
    ['Timeout', h(formatMs(o.timeoutMs))],
    ['HTTP statuses', statuses || '—'],
    ['Transport errors', num(report.exchanges.transportErrors)],
    ['Retries', num(report.exchanges.retries)],
  ];
  if (o.only?.length) rows.push(['Only', o.only.map((s) => `<code>${h(s)}</code>`).join(', ')]);
  if (o.skip?.length) rows.push(['Skipped', o.skip.map((s) => `<code>${h(s)}</code>`).join(', ')]);
  if (o.insecure) rows.push(['TLS', '<b class="c-warn">certificate verification off (--insecure)</b>']);
  if (report.incomplete) rows.push(['Incomplete', `<b class="c-warn">${h(report.incomplete.reason)}</b>`]);
  return `<section class="card" id="run"><h2>Run</h2><dl class="kv">${rows.map(([k, v]) => `<dt>${k}</dt><dd>${v}</dd>`).join('')}</dl></section>`;
}

/** The certificate's declared deviations (run --deviations): "conformant with N declared deviations" and the list. */
function declaredDeviationsRow(report: Report): string {
  const list = report.certificate.declaredDeviations;
  if (!list?.length) return '';
  const excused = list.filter((d) => d.excused).length;
  const head = report.certificate.conformant ? `Conformant with ${plural(excused, 'declared deviation')}` : `${plural(excused, 'declared deviation')} in effect`;
  const items = list
    .map((d) => {
      const state = d.expired ? '<b class="c-fail">expired</b>, counts as a failure again' : d.excused ? 'declared' : 'declared, not needed';
      return `<li><code>${h(d.check)}</code> (${state}${d.expires ? `, expires ${h(d.expires)}` : ''}): ${h(d.reason)}</li>`;
    })
    .join('');
  return `<dt>Declared deviations</dt><dd>${h(head)}<ul>${items}</ul></dd>`;
}

/** A differential run (`diff`): what was compared with what, and where the target and the reference differ. */
function divergenceSection(report: Report): string {
  const d = report.diff;
  if (!d) return '';
  const rows = report.divergences ?? [];
  const ref =
    d.reference.kind === 'cassette'
      ? `cassette <code>${h(d.reference.file ?? '')}</code>, recorded at <code>${h(d.reference.url)}</code>${d.reference.recordedAt ? ` on ${h(when(d.reference.recordedAt))}` : ''}`
      : `<code>${h(d.reference.url)}</code>`;
  const table =
    rows.length === 0
      ? '<p>No divergence.</p>'
      : `<table class="divergences">
<thead><tr><th>Case</th><th>Request class</th><th>Aspect</th><th>Target</th><th>Reference</th><th>Declared</th></tr></thead>
<tbody>
${rows
  .map(
    (r) =>
      `<tr class="${r.expected ? 'expected' : 'unexpected'}"><td class="num">#${num(r.index)}</td><td><code>${h(r.requestClass)}</code></td><td>${h(r.aspect)}</td><td><code>${h(r.target)}</code></td><td><code>${h(r.reference)}</code></td><td>${r.expected ? `expected: ${h(r.expected.reason)}` : '—'}</td></tr>`,
  )
  .join('\n')}
</tbody>
</table>`;
  const more = d.rows > rows.length ? `<p class="muted">${num(d.rows - rows.length)} more row(s) are counted, not listed.</p>` : '';
  return `<section class="card" id="divergences">
<h2>Divergences from the reference</h2>
<p>Reference: ${ref}. ${num(d.divergent)} of ${num(d.compared)} cases diverge; ${num(d.unexpected)} in ways not declared expected${d.unmatched ? `; ${num(d.unmatched)} could not be compared` : ''}.</p>
${table}${more}
</section>`;
}

function certificateSection(report: Report): string {
  const c = report.certificate;
  const partial = report.partial;
  const cut = incompleteWords(report);
  const excused = (c.declaredDeviations ?? []).filter((d) => d.excused);
  const withDeviations = excused.length > 0 ? ` <b class="c-warn">with ${h(plural(excused.length, 'declared deviation'))} (expiring ${h(excused.map((d) => d.expires ?? '?').sort()[0]!)})</b>` : '';
  const verdict = c.conformant
    ? `<b class="c-pass">Conformant at level ${h(String(c.levelAchieved))}</b>${withDeviations}${partial ? ' <b class="c-warn">(partial run)</b>' : ''}`
    : cut
      ? `<b class="c-warn">${h(verdictHeadline(report))}</b>: no level certified`
      : stoppedByUntested(report)
      ? `<b class="c-warn">${partial ? 'Partial run' : 'Not conformant'}</b>: not certified (level ${h(String(c.levelAchieved))} achieved)`
      : `<b class="c-fail">Not conformant</b> (level ${h(String(c.levelAchieved))} achieved)${partial ? ' <b class="c-warn">(partial run)</b>' : ''}`;
  const partialRow = partial
    ? `<dt>Partial run</dt><dd>${plural(partial.leftOut.length, 'catalog check')} left out: ${partial.leftOut.map((id) => `<code>${h(id)}</code>`).join(', ')}. ` +
      `The checks that ran support ${partial.levelSupported === 0 ? 'no level' : `level ${h(String(partial.levelSupported))}`}.</dd>`
    : '';
  const needed = neededLines(report).map((line) => `<dt>Not tested</dt><dd>${h(line)}</dd>`).join('');
  const tone = verdictTone(report);
  return `<section class="card certificate ${tone}" id="certificate">
${ICONS.seal}
<h2>Certificate</h2>
<p class="lead">What this run vouches for, and how to reproduce it.</p>
<dl class="kv">
<dt>Verdict</dt><dd>${verdict}</dd>
${partialRow}${needed}
<dt>Target</dt><dd><code>${h(certificateTarget(c.targetUrl, report.target.embedded, c.tool.version))}</code></dd>
<dt>Date</dt><dd>${h(when(c.date))}</dd>
<dt>Tool</dt><dd>${h(`${c.tool.name} ${c.tool.version}`)}</dd>
<dt>Catalog</dt><dd class="fp">${h(c.catalogFingerprint)}</dd>
<dt>Seed · runs</dt><dd><code>${h(String(c.seed))}</code> · ${num(c.runs)}</dd>
${declaredDeviationsRow(report)}
</dl>
<div class="replay"><div class="head">Rerun <button type="button" class="copy" data-copy="rerun">Copy</button></div><pre class="cmd" id="rerun">${h(c.rerun)}</pre></div>
</section>`;
}
