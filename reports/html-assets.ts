/**
 * The fixed parts of report.html: stylesheet, filter/copy script and icons. Nothing here holds
 * report data, so nothing here needs escaping; the page's CSP allows exactly these inline blocks.
 */

export const CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:";

export const ICONS = {
  pass: '<svg class="icon" viewBox="0 0 16 16" aria-hidden="true"><path d="M13.8 4.2a1 1 0 0 1 0 1.4l-6.5 6.5a1 1 0 0 1-1.4 0L2.2 8.4a1 1 0 1 1 1.4-1.4l3 3 5.8-5.8a1 1 0 0 1 1.4 0z"/></svg>',
  fail: '<svg class="icon" viewBox="0 0 16 16" aria-hidden="true"><path d="M4.3 3a1 1 0 0 0-1.3 1.3L6.6 8 3 11.7A1 1 0 1 0 4.3 13L8 9.4l3.7 3.6a1 1 0 0 0 1.3-1.3L9.4 8 13 4.3A1 1 0 0 0 11.7 3L8 6.6z"/></svg>',
  skip: '<svg class="icon" viewBox="0 0 16 16" aria-hidden="true"><path d="M3 7h10a1 1 0 0 1 0 2H3a1 1 0 0 1 0-2z"/></svg>',
  warn: '<svg class="icon" viewBox="0 0 16 16" aria-hidden="true"><path d="M8 1.5a1.2 1.2 0 0 1 1 .6l6.3 11a1.2 1.2 0 0 1-1 1.8H1.7a1.2 1.2 0 0 1-1-1.8l6.3-11a1.2 1.2 0 0 1 1-.6zM8 5a.9.9 0 0 0-.9.9v3.3a.9.9 0 0 0 1.8 0V5.9A.9.9 0 0 0 8 5zm0 6.1a1 1 0 1 0 0 2 1 1 0 0 0 0-2z"/></svg>',
  seal: '<svg class="seal" viewBox="0 0 48 48" aria-hidden="true"><circle cx="24" cy="20" r="15" fill="none" stroke="currentColor" stroke-width="2.5"/><circle cx="24" cy="20" r="10" fill="none" stroke="currentColor" stroke-width="1.2" stroke-dasharray="2 2"/><path d="M16 32l-4 12 6-3 4 5 2-11M32 32l4 12-6-3-4 5-2-11" fill="none" stroke="currentColor" stroke-width="2" stroke-linejoin="round"/></svg>',
} as const;

/** A data: favicon, so the browser asks nothing of the network or the file system for one. */
export function favicon(pass: boolean): string {
  const color = pass ? '%231a7f37' : '%23cf222e';
  return `data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 16 16'%3E%3Ccircle cx='8' cy='8' r='7' fill='${color}'/%3E%3C/svg%3E`;
}

export const STYLE = `
:root {
  --bg: #f4f5f7; --card: #fff; --ink: #1f2328; --muted: #5b6570; --line: #dde2e7; --soft: #f6f8fa;
  --pass: #1a7f37; --pass-bg: #dcf5e3; --fail: #cf222e; --fail-bg: #ffebe9; --warn: #9a6700; --warn-bg: #fff4c9;
  --skip: #6e7781; --skip-bg: #eceff2; --accent: #0969da; --bar: #5b8def; --code-bg: #f6f8fa;
  --mono: ui-monospace, "SFMono-Regular", "JetBrains Mono", Menlo, Consolas, "DejaVu Sans Mono", monospace;
  color-scheme: light dark;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #0d1117; --card: #161b22; --ink: #e6edf3; --muted: #9198a1; --line: #30363d; --soft: #1c2128;
    --pass: #3fb950; --pass-bg: rgba(46,160,67,.16); --fail: #ff7b72; --fail-bg: rgba(248,81,73,.14);
    --warn: #d29922; --warn-bg: rgba(187,128,9,.18); --skip: #9198a1; --skip-bg: rgba(110,118,129,.18);
    --accent: #4493f8; --bar: #4d7ee8; --code-bg: #0d1117;
  }
}
* { box-sizing: border-box; }
[hidden] { display: none !important; }
html { -webkit-text-size-adjust: 100%; }
body {
  margin: 0; background: var(--bg); color: var(--ink);
  font: 15px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", "Noto Sans", "DejaVu Sans", sans-serif;
}
code, pre, .mono { font-family: var(--mono); font-size: 12.5px; }
.wrap { max-width: 1140px; margin: 0 auto; padding: 0 24px; }
.muted { color: var(--muted); }
h2 { font-size: 18px; margin: 0 0 14px; letter-spacing: -.01em; }
h3 { font-size: 13px; margin: 0 0 8px; text-transform: uppercase; letter-spacing: .06em; color: var(--muted); font-weight: 600; }
.icon { width: 1em; height: 1em; fill: currentColor; vertical-align: -0.125em; flex: none; }

/* top bar */
.topbar { border-bottom: 1px solid var(--line); background: var(--card); }
.topbar .wrap { display: flex; gap: 16px; align-items: baseline; justify-content: space-between; flex-wrap: wrap; padding-top: 12px; padding-bottom: 12px; }
.brand { font-weight: 650; letter-spacing: -.01em; }
.brand .op { font-family: var(--mono); font-size: 13px; font-weight: 500; color: var(--muted); margin-left: 8px; }
.runline { color: var(--muted); font-size: 13px; }
.runline code { color: var(--ink); }

main.wrap { padding-top: 24px; padding-bottom: 48px; display: grid; gap: 20px; }
/* grid items may shrink below their content, and long target text wraps instead of widening the page */
main.wrap > *, .verdict > *, .stats > *, .charts > *, .two > *, .ladder > * { min-width: 0; }
.runline, .notice, .ctitle, .id, .declared, .failure .meta, table.checks td, dl.kv dd, footer { overflow-wrap: anywhere; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 12px; padding: 20px 22px; }

/* verdict */
.verdict { display: grid; grid-template-columns: auto 1fr; gap: 6px 18px; align-items: center; border-width: 1px 1px 1px 6px; }
.verdict.pass { border-left-color: var(--pass); }
.verdict.fail { border-left-color: var(--fail); }
.verdict.partial { border-left-color: var(--warn); }
.verdict .big { width: 56px; height: 56px; border-radius: 50%; display: grid; place-items: center; font-size: 28px; grid-row: span 2; }
.verdict.pass .big { background: var(--pass-bg); color: var(--pass); }
.verdict.fail .big { background: var(--fail-bg); color: var(--fail); }
.verdict.partial .big { background: var(--warn-bg); color: var(--warn); }
.verdict h1 { margin: 0; font-size: 28px; line-height: 1.15; letter-spacing: -.02em; }
.verdict.pass h1 { color: var(--pass); }
.verdict.fail h1 { color: var(--fail); }
.verdict.partial h1 { color: var(--warn); }
.notice p { margin: 0; }
.notice .left-out { margin-top: 4px; font-size: 13px; color: var(--ink); }
.verdict .detail { margin: 0; color: var(--muted); }
.notice { grid-column: 1 / -1; margin: 8px 0 0; padding: 8px 12px; border-radius: 8px; background: var(--warn-bg); color: var(--warn); }

.ladder { grid-column: 1 / -1; list-style: none; margin: 14px 0 0; padding: 0; display: grid; grid-template-columns: repeat(3, 1fr); gap: 10px; }
.ladder li { position: relative; border: 1px solid var(--line); border-radius: 10px; padding: 10px 14px 10px 46px; background: var(--soft); }
.ladder li .dot { position: absolute; left: 12px; top: 50%; transform: translateY(-50%); width: 24px; height: 24px; border-radius: 50%; display: grid; place-items: center; font-size: 13px; }
.ladder li.pass .dot { background: var(--pass); color: #fff; }
.ladder li.fail .dot { background: var(--fail); color: #fff; }
.ladder li.untested .dot { background: var(--skip); color: #fff; }
.ladder li.untested { border-style: dashed; }
.ladder li.achieved { border-color: var(--pass); background: var(--pass-bg); }
.ladder li.fail { border-color: color-mix(in srgb, var(--fail) 45%, var(--line)); }
.ladder .lvl { font-weight: 650; }
.ladder .name { color: var(--muted); margin-left: 4px; }
.ladder .state { display: block; font-size: 13px; }
.ladder li.pass .state { color: var(--pass); }
.ladder li.fail .state { color: var(--fail); }
.ladder li.untested .state { color: var(--skip); }

/* stats */
.stats { display: grid; grid-template-columns: repeat(auto-fit, minmax(240px, 1fr)); gap: 12px; }
.stat { padding: 14px 18px; }
.stat .k { font-size: 12px; text-transform: uppercase; letter-spacing: .06em; color: var(--muted); font-weight: 600; }
.stat .v { font-size: 24px; font-weight: 650; letter-spacing: -.02em; font-variant-numeric: tabular-nums; }
.stat .s { font-size: 13px; color: var(--muted); }
/* a tile's lines never wrap: the texts are kept short; anything longer is cut with an ellipsis rather than widening the tile */
.stat .k, .stat .v, .stat .s { white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.stat .s b { font-weight: 600; }
.c-pass { color: var(--pass); } .c-fail { color: var(--fail); } .c-skip { color: var(--skip); } .c-warn { color: var(--warn); }

/* charts */
.charts { display: grid; grid-template-columns: 1fr 1fr; gap: 12px; }
.chart { width: 100%; height: auto; display: block; font-family: inherit; }
.chart .grid { stroke: var(--line); stroke-width: 1; }
.chart .axis { fill: var(--muted); font-size: 10.5px; }
.chart .axis-title { fill: var(--muted); font-size: 10.5px; }
.chart .value { fill: var(--ink); font-size: 11px; font-variant-numeric: tabular-nums; paint-order: stroke; stroke: var(--card); stroke-width: 3px; stroke-linejoin: round; }
.chart .bar { fill: var(--bar); }
.chart .marker { stroke: var(--warn); stroke-width: 1.2; stroke-dasharray: 3 3; opacity: .9; }
.chart .leader { stroke: var(--warn); stroke-width: 1; opacity: .7; }
.chart .marker-label { fill: var(--warn); font-size: 10.5px; font-weight: 600; }
.chart .cat { fill: var(--ink); font-size: 12px; font-family: var(--mono); }
.chart .track { fill: var(--soft); }
.chart .ok { fill: var(--pass); opacity: .85; }
.chart .ko { fill: var(--fail); }
.chart .ko-text { fill: var(--fail); font-weight: 650; }

/* checks */
.toolbar { display: flex; flex-wrap: wrap; gap: 10px 22px; align-items: center; margin-bottom: 14px; }
.toolbar .label { font-size: 12px; text-transform: uppercase; letter-spacing: .06em; color: var(--muted); font-weight: 600; margin-right: 8px; }
.seg { display: inline-flex; flex-wrap: wrap; max-width: 100%; border: 1px solid var(--line); border-radius: 8px; overflow: hidden; background: var(--soft); }
.seg button { border: 0; background: transparent; color: var(--ink); font: inherit; font-size: 13px; padding: 5px 12px; cursor: pointer; border-right: 1px solid var(--line); }
.seg button:last-child { border-right: 0; }
.seg button:hover { background: var(--card); }
.seg button[aria-pressed="true"] { background: var(--ink); color: var(--card); }
.seg button .n { opacity: .7; margin-left: 4px; font-variant-numeric: tabular-nums; }
table.checks { width: 100%; border-collapse: separate; border-spacing: 0; table-layout: fixed; }
table.checks col.c-status { width: 118px; } table.checks col.c-level { width: 128px; }
table.checks col.c-sev { width: 96px; } table.checks col.c-n { width: 180px; }
table.checks th { text-align: left; font-size: 12px; text-transform: uppercase; letter-spacing: .06em; color: var(--muted); font-weight: 600; padding: 8px 10px; border-bottom: 1px solid var(--line); }
table.checks td { padding: 10px; border-bottom: 1px solid var(--line); vertical-align: top; }
table.checks tr.check.fail td { background: color-mix(in srgb, var(--fail-bg) 55%, transparent); }
table.checks tr.check.fail.should td, table.checks tr.check.fail.excused td { background: color-mix(in srgb, var(--warn-bg) 55%, transparent); }
table.checks tr.detail td { padding: 0 10px 16px; background: color-mix(in srgb, var(--fail-bg) 55%, transparent); }
table.checks tr.detail.should td, table.checks tr.detail.excused td { background: color-mix(in srgb, var(--warn-bg) 55%, transparent); }
table.checks tr.check.has-detail td { border-bottom: 0; }
.id { font-weight: 600; }
.ctitle { font-size: 14px; }
.num, table.checks th.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
table.checks td.lvl { white-space: nowrap; }
table.checks td.num .reason { display: block; white-space: normal; text-align: left; overflow-wrap: anywhere; }
.pill { display: inline-flex; align-items: center; gap: 5px; padding: 2px 10px 2px 8px; border-radius: 999px; font-size: 12.5px; font-weight: 600; white-space: nowrap; }
.pill.pass { background: var(--pass-bg); color: var(--pass); }
.pill.fail { background: var(--fail-bg); color: var(--fail); }
.pill.warn { background: var(--warn-bg); color: var(--warn); }
.pill.skip { background: var(--skip-bg); color: var(--skip); }
.narrow-meta { display: none; }
.src { font-size: 12.5px; color: var(--muted); margin-top: 2px; overflow-wrap: anywhere; }
.src .doc { font-weight: 600; }
details.explain { margin-top: 6px; font-size: 13.5px; }
details.explain summary { cursor: pointer; color: var(--accent); font-size: 13px; width: max-content; }
details.explain p { margin: 8px 0; }
details.explain blockquote { margin: 6px 0; padding: 4px 10px; border-left: 3px solid var(--line); color: var(--muted); }
details.explain .exchange { grid-template-columns: 1fr; }
details.explain figcaption { justify-content: flex-start; }
details.explain figcaption code { text-transform: none; letter-spacing: 0; font-weight: 500; }
details.explain pre.http + pre.http { margin-top: 4px; }
.sev { font-size: 11px; font-weight: 700; letter-spacing: .05em; padding: 1px 6px; border-radius: 4px; border: 1px solid var(--line); color: var(--muted); }
.sev.MUST { color: var(--ink); border-color: var(--muted); }
.empty { text-align: center; color: var(--muted); padding: 24px 0 8px; margin: 0; }

/* a failure */
.failure { background: var(--card); border: 1px solid var(--line); border-radius: 10px; padding: 14px 16px; display: grid; gap: 12px; }
.failure .message { margin: 0; font-weight: 600; font-size: 14.5px; border-left: 3px solid var(--fail); padding-left: 10px; white-space: pre-wrap; overflow-wrap: anywhere; }
.detail.should .failure .message, .detail.excused .failure .message { border-left-color: var(--warn); }
.failure .meta { margin: 0; display: flex; flex-wrap: wrap; gap: 6px; align-items: center; font-size: 13px; color: var(--muted); }
.tag { display: inline-block; border: 1px solid var(--line); border-radius: 6px; padding: 0 7px; font-size: 12px; background: var(--soft); color: var(--ink); }
.tag.min { border-color: var(--accent); color: var(--accent); }
.declared { margin: 0; padding: 8px 12px; border-radius: 8px; background: var(--warn-bg); color: var(--warn); font-size: 13.5px; }
.exchange { display: grid; grid-template-columns: 1fr 1fr; gap: 12px; min-width: 0; }
.exchange figure, .replay { margin: 0; min-width: 0; }
.exchange figcaption, .replay .head { font-size: 12px; text-transform: uppercase; letter-spacing: .06em; color: var(--muted); font-weight: 600; margin-bottom: 4px; display: flex; align-items: center; justify-content: space-between; gap: 8px; min-width: 0; }
.exchange figcaption .mono { text-transform: none; letter-spacing: 0; font-weight: 500; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; min-width: 0; }
.exchange figcaption .fmt { text-transform: none; letter-spacing: 0; font-weight: 400; }
/* evidence is read in full on the page: no inner scroll box (bodies are cut at 16 KiB by the writer) */
pre.http { margin: 0; background: var(--code-bg); border: 1px solid var(--line); border-radius: 8px; padding: 10px 12px; white-space: pre-wrap; overflow-wrap: anywhere; line-height: 1.5; }
pre.http .start { font-weight: 700; }
pre.http .st-ok { color: var(--pass); } pre.http .st-ko { color: var(--fail); }
pre.http .hn { color: var(--muted); }
pre.cmd { margin: 0; background: #1f2328; color: #e6edf3; border-radius: 8px; padding: 10px 12px; white-space: pre-wrap; overflow-wrap: anywhere; }
pre.cmd::before { content: "$ "; color: #8b949e; }
/* the classes of a check's failures, each example behind its summary line */
.classes { display: grid; gap: 6px; }
.classes > .head { font-size: 12px; text-transform: uppercase; letter-spacing: .06em; color: var(--muted); font-weight: 600; }
details.klass { border: 1px solid var(--line); border-radius: 8px; padding: 6px 10px; overflow-wrap: anywhere; }
details.klass summary { cursor: pointer; font-size: 13.5px; }
details.klass[open] { display: grid; gap: 10px; }
.sequence { margin: 0; }
.sequence figcaption { font-size: 12px; text-transform: uppercase; letter-spacing: .06em; color: var(--muted); font-weight: 600; margin-bottom: 4px; }
button.copy { font: inherit; font-size: 12px; text-transform: none; letter-spacing: 0; border: 1px solid var(--line); background: var(--card); color: var(--ink); border-radius: 6px; padding: 1px 10px; cursor: pointer; }
button.copy:hover { border-color: var(--accent); color: var(--accent); }
button.copy.done { border-color: var(--pass); color: var(--pass); }

/* run + certificate */
.two { display: grid; grid-template-columns: 1fr 1fr; gap: 12px; align-items: start; }
dl.kv { display: grid; grid-template-columns: max-content 1fr; gap: 6px 16px; margin: 0; font-size: 14px; }
dl.kv dt { color: var(--muted); }
dl.kv dd { margin: 0; min-width: 0; overflow-wrap: anywhere; font-variant-numeric: tabular-nums; }
.certificate { position: relative; border: 1px solid var(--line); background:
  linear-gradient(var(--card), var(--card)) padding-box,
  repeating-linear-gradient(45deg, var(--line) 0 6px, transparent 6px 12px) border-box; border: 3px double transparent; }
.certificate .seal { position: absolute; right: 18px; top: 16px; width: 52px; height: 52px; color: var(--muted); opacity: .55; }
.certificate.pass .seal { color: var(--pass); opacity: .8; }
.certificate h2 { margin-bottom: 4px; }
.certificate .replay { margin-top: 14px; }
.certificate .lead { margin: 0 0 14px; color: var(--muted); font-size: 14px; }
.fp { font-family: var(--mono); font-size: 12px; overflow-wrap: anywhere; }
.certificate.partial .seal { color: var(--warn); opacity: .8; }
table.divergences { width: 100%; table-layout: fixed; border-collapse: collapse; font-size: 13px; }
table.divergences th, table.divergences td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--line); vertical-align: top; overflow-wrap: anywhere; }
footer { color: var(--muted); font-size: 12.5px; text-align: center; padding: 0 24px 32px; }

@media (max-width: 860px) {
  .stats, .charts, .two, .exchange, .ladder { grid-template-columns: 1fr; }
  table.checks col.c-level, table.checks col.c-sev { width: 0; }
  table.checks th:nth-child(3), table.checks th:nth-child(4), table.checks tr.check td:nth-child(3), table.checks tr.check td:nth-child(4) { display: none; }
  /* their level and MUST/SHOULD move into the check's cell */
  .narrow-meta { display: inline; }
}
/* a phone: the checks table becomes one block per check (status and check side by side, figures below) */
@media (max-width: 640px) {
  .wrap { padding: 0 12px; }
  .card { padding: 14px; }
  .verdict h1 { font-size: 22px; }
  .toolbar { gap: 8px; }
  table.checks, table.checks tbody, table.checks tr, table.checks td { display: block; }
  table.checks colgroup, table.checks thead { display: none; }
  table.checks tr.check { display: grid; grid-template-columns: auto minmax(0, 1fr); border-bottom: 1px solid var(--line); }
  table.checks tr.check.has-detail { border-bottom: 0; }
  table.checks tr.check td { border-bottom: 0; padding: 8px 6px 2px; }
  table.checks tr.check td.num { grid-column: 1 / -1; text-align: left; white-space: normal; padding-top: 0; padding-bottom: 10px; }
  table.checks tr.detail td { padding: 0 6px 12px; }
  .stats { grid-template-columns: 1fr; }
  .ladder li { padding-left: 42px; }
}
@media print {
  body { background: #fff; }
  .toolbar, button.copy { display: none; }
  .card { break-inside: avoid; }
}
`;

/**
 * Level and status filters (buttons with data-filter/data-value) and copy buttons (data-copy =
 * id of the element whose text to copy). Rows carry data-level and data-status; a failure's
 * detail row carries its check's, so it hides and shows with it.
 */
export const SCRIPT = `
(function () {
  'use strict';
  var state = { level: 'all', status: 'all' };
  var rows = Array.prototype.slice.call(document.querySelectorAll('#checks tbody tr'));
  var buttons = Array.prototype.slice.call(document.querySelectorAll('button[data-filter]'));
  var empty = document.getElementById('no-match');
  var shownCount = document.getElementById('shown-count');
  function apply() {
    var shown = 0;
    rows.forEach(function (row) {
      var ok = (state.level === 'all' || row.getAttribute('data-level') === state.level) &&
        (state.status === 'all' || row.getAttribute('data-status') === state.status);
      row.hidden = !ok;
      if (ok && row.classList.contains('check')) shown++;
    });
    buttons.forEach(function (b) {
      b.setAttribute('aria-pressed', String(state[b.getAttribute('data-filter')] === b.getAttribute('data-value')));
    });
    if (empty) empty.hidden = shown > 0;
    if (shownCount) shownCount.textContent = String(shown);
  }
  function copy(button) {
    var source = document.getElementById(button.getAttribute('data-copy'));
    if (!source) return;
    var text = source.textContent || '';
    var done = function () {
      button.classList.add('done');
      button.textContent = 'Copied';
      setTimeout(function () { button.classList.remove('done'); button.textContent = 'Copy'; }, 1600);
    };
    var fallback = function () {
      var range = document.createRange();
      range.selectNodeContents(source);
      var sel = window.getSelection();
      sel.removeAllRanges();
      sel.addRange(range);
      try { if (document.execCommand('copy')) done(); } catch (e) { /* text stays selected: copy by hand */ }
    };
    if (navigator.clipboard && window.isSecureContext) navigator.clipboard.writeText(text).then(done, fallback);
    else fallback();
  }
  document.addEventListener('click', function (event) {
    var target = event.target;
    var button = target && target.closest ? target.closest('button') : null;
    if (!button) return;
    if (button.hasAttribute('data-filter')) {
      state[button.getAttribute('data-filter')] = button.getAttribute('data-value');
      apply();
    } else if (button.hasAttribute('data-copy')) {
      copy(button);
    }
  });
  apply();
})();
`;
