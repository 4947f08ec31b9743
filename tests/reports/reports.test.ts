import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CATALOG, catalogFingerprint as contractsFingerprint } from '../../contracts/catalog.ts';
import type { CheckInfo } from '../../contracts/check.ts';
import {
  ALL_FORMATS,
  appendStepSummary,
  badgeMessage,
  buildCertificate,
  catalogFingerprint,
  FILE_NAMES,
  FORMATS,
  parseFormats,
  githubAnnotations,
  renderBadge,
  renderHtml,
  renderJson,
  renderMarkdown,
  textWidth,
  UnknownReportFormatError,
  writeReports,
} from '../../reports/index.ts';
import { redactCurl, redactHeaders, redactUrlCredentials } from '../../reports/redact.ts';
import { cleanText, escapeHtmlInMarkdown, escapeMarkdown, markdownCode, markdownFence, stripAnsi } from '../../reports/text.ts';
import { histogramBars } from '../../reports/view.ts';
import { certificateTarget, judgeLevels, type Report } from '../../contracts/report.ts';
import { reportProblem } from '../../contracts/report-check.ts';
import { ICONS } from '../../reports/html-assets.ts';

const ICON_WARN = ICONS.warn;
import { failingReport, lackingReport, partialReport, passingReport } from '../fixtures/reports/sample.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'reports-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('fixtures', () => {
  it('hold every catalog check once, with figures that add up', () => {
    for (const report of [passingReport(), failingReport()]) {
      expect(report.checks.map((c) => c.id)).toEqual(CATALOG.map((c) => c.id));
      const failing = report.checks.filter((c) => c.status === 'fail');
      for (const c of failing) expect(c.failed).toBeGreaterThan(0);
      const total = Object.values(report.exchanges.byCategory).reduce((a, v) => a + (v?.total ?? 0), 0);
      expect(total).toBe(report.exchanges.total);
      expect(report.latencyMs.histogram.counts.reduce((a, b) => a + b, 0)).toBe(report.exchanges.total);
    }
    expect(passingReport().verdict).toMatchObject({ conformant: true, levelAchieved: 3, mustFailures: 0 });
    expect(failingReport().verdict).toMatchObject({ conformant: false, levelAchieved: 1, mustFailures: 4, shouldWarnings: 1 });
  });
});

describe('FORMATS and writeReports', () => {
  it('maps the six format names to writers', () => {
    expect(Object.keys(FORMATS)).toEqual(['json', 'junit', 'md', 'html', 'badge', 'codequality']);
    expect(ALL_FORMATS).toEqual(Object.keys(FORMATS));
    for (const write of Object.values(FORMATS)) expect(write(failingReport()).length).toBeGreaterThan(100);
  });

  it('writes every format by default into a directory it creates, reporting true sizes', async () => {
    const out = join(dir, 'nested', 'conformance-report');
    const written = await writeReports(failingReport(), out);
    expect(written.map((w) => w.format)).toEqual(ALL_FORMATS);
    expect(written.map((w) => w.path)).toEqual(
      ['report.json', 'junit.xml', 'report.md', 'report.html', 'badge.svg', 'gl-code-quality-report.json'].map((f) => join(out, f)),
    );
    for (const w of written) {
      expect((await stat(w.path)).size).toBe(w.bytes);
      expect(await readFile(w.path, 'utf8')).toBe(FORMATS[w.format](failingReport()));
    }
  });

  it('writes only the formats asked for', async () => {
    const written = await writeReports(passingReport(), dir, ['badge', 'md']);
    expect(written.map((w) => w.path)).toEqual([join(dir, FILE_NAMES.badge), join(dir, FILE_NAMES.md)]);
    await expect(stat(join(dir, 'report.json'))).rejects.toThrow();
  });
});

describe('parseFormats', () => {
  it('reads a comma-separated list: trimmed, case-folded, deduplicated, in order', () => {
    expect(parseFormats('json')).toEqual(['json']);
    expect(parseFormats(' HTML, md ,junit,md,')).toEqual(['html', 'md', 'junit']);
  });

  it('rejects an unknown name, naming it and the known ones', () => {
    expect(() => parseFormats('json,pdf')).toThrow(UnknownReportFormatError);
    expect(() => parseFormats('json,pdf')).toThrow('unknown report format "pdf": choose from json, junit, md, html, badge');
    expect(() => parseFormats('markdown')).toThrow(/"markdown"/);
    expect(() => parseFormats(' , ')).toThrow('no report format given: choose from json, junit, md, html, badge');
    // inherited object keys are not formats
    expect(() => parseFormats('constructor')).toThrow(UnknownReportFormatError);
    expect(() => parseFormats('__proto__')).toThrow(UnknownReportFormatError);
  });
});

describe('appendStepSummary', () => {
  it('appends the Markdown report to $GITHUB_STEP_SUMMARY, after what is there', async () => {
    const file = join(dir, 'summary.md');
    await writeFile(file, '# earlier step\n');
    const path = await appendStepSummary(failingReport(), { GITHUB_STEP_SUMMARY: file });
    expect(path).toBe(file);
    await appendStepSummary(passingReport(), { GITHUB_STEP_SUMMARY: file });
    const text = await readFile(file, 'utf8');
    expect(text).toBe(`# earlier step\n${renderMarkdown(failingReport())}\n${renderMarkdown(passingReport())}\n`);
  });

  it("says which shard a shard's summary is of", async () => {
    // before: four shard jobs wrote four summaries that read alike
    const file = join(dir, 'shard-summary.md');
    const report = { ...failingReport(), shard: { index: 2, count: 4, planFingerprint: 'sha256:x', latency: { pairs: [], max: 0 } } };
    await appendStepSummary(report, { GITHUB_STEP_SUMMARY: file });
    const text = await readFile(file, 'utf8');
    expect(text.split('\n')[0]).toBe('## ❌ Not conformant: TrustHub `POST /v1/CustomerProfiles` (shard 2 of 4)');
    expect(text).toContain("> This is shard 2 of 4 of seed `1337`: its verdict covers its part of the plan; `merge` the shards' report.json files for the whole certification.");
    expect(renderMarkdown(failingReport())).not.toContain('shard');
  });

  it('does nothing when the variable is unset or empty', async () => {
    expect(await appendStepSummary(failingReport(), {})).toBeUndefined();
    expect(await appendStepSummary(failingReport(), { GITHUB_STEP_SUMMARY: '' })).toBeUndefined();
  });
});

describe('catalogFingerprint and buildCertificate', () => {
  const catalog: CheckInfo[] = CATALOG.map((c) => ({ ...c, source: { ...c.source } }));

  it('is a sha256 of ids, levels, severities and sources, the same the runner puts in certificates', () => {
    const fp = catalogFingerprint(catalog);
    expect(fp).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(catalogFingerprint(catalog)).toBe(fp);
    expect(catalogFingerprint(catalog.map((c) => ({ ...c, title: `${c.title}!` })))).toBe(fp);
    expect(fp).toBe(contractsFingerprint());
    expect(failingReport().certificate.catalogFingerprint).toBe(fp);
  });

  it('changes when a check is added, removed, relevelled, re-severitied or re-sourced', () => {
    const fp = catalogFingerprint(catalog);
    const [first, ...rest] = catalog;
    const variants: CheckInfo[][] = [
      rest,
      [...catalog, { ...first!, id: 'new.check' }],
      [{ ...first!, level: 2 }, ...rest],
      [{ ...first!, severity: 'SHOULD' }, ...rest],
      [{ ...first!, source: { ...first!.source, ref: `${first!.source.ref} (amended)` } }, ...rest],
      [{ ...first!, source: { ...first!.source, doc: 'suite' } }, ...rest],
    ];
    const fps = variants.map(catalogFingerprint);
    for (const other of fps) expect(other).not.toBe(fp);
    expect(new Set(fps).size).toBe(fps.length);
  });

  it('builds the certificate section, with a rerun command and no credentials in the URL', () => {
    const cert = buildCertificate({
      tool: { name: 'trusthub-conformance', version: '1.2.3' },
      catalog,
      targetUrl: 'https://user:secret@cp.example.com/base',
      date: '2026-03-02T10:00:00.000Z',
      seed: 42,
      runs: 250,
      verdict: { conformant: true, levelAchieved: 3 },
    });
    expect(cert).toEqual({
      tool: { name: 'trusthub-conformance', version: '1.2.3' },
      catalogFingerprint: catalogFingerprint(catalog),
      targetUrl: 'https://[redacted]@cp.example.com/base',
      date: '2026-03-02T10:00:00.000Z',
      seed: 42,
      runs: 250,
      levelAchieved: 3,
      conformant: true,
      rerun: "npx trusthub-conformance@1.2.3 run --target 'https://[redacted]@cp.example.com/base' --seed 42 --runs 250",
    });
    expect(buildCertificate({ ...certInput(), rerun: 'make certify' }).rerun).toBe('make certify');
  });

  function certInput() {
    return {
      tool: { name: 't', version: '0' },
      catalog,
      targetUrl: 'http://x',
      date: 'd',
      seed: 1,
      runs: 1,
      verdict: { conformant: false, levelAchieved: 0 as const },
    };
  }
});

describe('JSON', () => {
  it('\\u-escapes the control characters JSON.stringify leaves raw, and still parses back', () => {
    const report = failingReport();
    report.checks[0]!.title = 'a\u009b31m b\u007f c\u2028 d\u001b';
    const text = renderJson(report);
    expect(text).toContain('"title": "a\\u009b31m b\\u007f c\\u2028 d\\u001b"');
    expect(JSON.parse(text)).toEqual(report);
  });

  it('is the report as is, pretty-printed', () => {
    const report = failingReport();
    const text = renderJson(report);
    expect(JSON.parse(text)).toEqual(report);
    expect(text).toContain('\n  "schemaVersion": 1,\n');
    expect(text.endsWith('}\n')).toBe(true);
  });
});

describe('Markdown', () => {
  const md = renderMarkdown(failingReport());

  it('opens with the verdict and the level ladder', () => {
    const lines = md.split('\n');
    expect(lines[0]).toBe('## ❌ Not conformant: TrustHub `POST /v1/CustomerProfiles`');
    expect(md).toContain('**Level 1 of 3 achieved (level 3 required) · 4 MUST failures · 1 SHOULD warning**');
    expect(md).toContain('✅ **L1** contract → ❌ **L2** validation (2 MUST failed) → ❌ **L3** fidelity (2 MUST, 1 SHOULD failed)');
    expect(md).toContain(`Checks: ${CATALOG.length - 8} passed · 6 failed · 2 skipped of ${CATALOG.length}.`);
    expect(renderMarkdown(passingReport()).split('\n')[0]).toBe('## ✅ Conformant at level 3: TrustHub `POST /v1/CustomerProfiles`');
  });

  it('tables every failed check, MUST first, with its message and counterexample line', () => {
    const rows = md.split('\n').filter((l) => /^\| (❌|⚠️) /.test(l));
    expect(rows.map((r) => /`([^`]+)`/.exec(r)![1])).toEqual([
      'reject.invalid-4xx',
      'reject.no-side-effect',
      'missing.code-20001',
      'delete.gone',
      'create.timestamps-now',
      'extra-params.ignored',
    ]);
    expect(rows[0]).toContain('| L2 MUST | expected a 4xx refusal \\(PolicySid must match');
    expect(rows[0]).toContain('| `POST /v1/CustomerProfiles` → `201 Created` |');
    expect(rows[3]).toContain('`no response: UND_ERR_HEADERS_TIMEOUT`');
    expect(rows[4]).toContain('*declared deviation*: the staging clock runs 5 minutes behind');
  });

  it('gives each counterexample its request, short response body and curl in fenced blocks', () => {
    const report = failingReport();
    const curl = report.checks.find((c) => c.id === 'reject.invalid-4xx')!.firstFailure!.curl;
    expect(md).toContain(`\`\`\`sh\n${curl}\n\`\`\``);
    expect(md).toContain('```http\nPOST https://cp-staging.example.com/v1/CustomerProfiles\nContent-Type: application/x-www-form-urlencoded\n');
    expect(md).toContain('HTTP 201 Created\ncontent-type: application/json; charset=utf-8');
    expect(md).toMatch(/"links":\{"customer_profiles_entity_assignments":"[^`]*… \[\d+ more characters\]\n```/);
    expect(md).toContain('(no response) UND_ERR_HEADERS_TIMEOUT: Headers Timeout Error');
    expect(md).toContain('- `auth.required-401`: no exchange of this run applied to it');
  });

  it('stays short enough for a PR comment', () => {
    expect(Buffer.byteLength(md)).toBeLessThan(65_536);
  });
});

describe('Markdown escaping', () => {
  it('escapes inline text so it cannot open a link, image, code span, cell or tag', () => {
    expect(escapeMarkdown('[x](javascript:alert(1))')).toBe('\\[x\\]\\(javascript:alert\\(1\\)\\)');
    expect(escapeMarkdown('![i](http://t/p.png)')).toBe('\\!\\[i\\]\\(http://t/p.png\\)');
    expect(escapeMarkdown('a | b `c` <script>&')).toBe('a \\| b \\`c\\` &lt;script&gt;&amp;');
    expect(escapeMarkdown('1. not a list')).toBe('1\\. not a list');
    expect(escapeMarkdown('line\nbreak\u001b[31m')).toBe('line break');
  });

  it('escapes HTML-block text with entities only, on one line', () => {
    expect(escapeHtmlInMarkdown('![t](x) <b>\n\n# h')).toBe('&#33;&#91;t&#93;&#40;x&#41; &lt;b&gt; &#35; h');
  });

  it('fences content with a fence longer than any backtick run inside', () => {
    expect(markdownFence('plain')).toBe('```\nplain\n```');
    expect(markdownFence('a ``` b ````` c', 'sh')).toBe('``````sh\na ``` b ````` c\n``````');
    expect(markdownCode('POST /v1/CustomerProfiles')).toBe('`POST /v1/CustomerProfiles`');
    expect(markdownCode('a`b|c<d>')).toBe('<code>a\\`b\\|c&lt;d&gt;</code>');
    expect(markdownCode('[x](y)\nz')).toBe('<code>\\[x\\]\\(y\\) z</code>');
  });
});

describe('text hygiene', () => {
  it('strips ANSI sequences: colours, OSC 8 links, titles, 8-bit CSI', () => {
    expect(stripAnsi('\u001b[1;31mred\u001b[0m')).toBe('red');
    expect(stripAnsi('\u001b]8;;http://x\u0007link\u001b]8;;\u0007')).toBe('link');
    expect(stripAnsi('\u001b]0;title\u001b\\after')).toBe('after');
    expect(stripAnsi('\u009b2Jclear')).toBe('clear');
    expect(stripAnsi('\u001b]unterminated')).toBe('');
  });

  it('leaves only XML-legal characters: controls made visible, lone surrogates replaced', () => {
    expect(cleanText('a\u0000b\u007f\td\r\n\u001b')).toBe('a␀b␡\td\r\n␛');
    expect(cleanText('\u001bcreset')).toBe('reset'); // ESC c (RIS) is a sequence: stripped whole
    expect(cleanText('\ud800 x \udfff \ud83d\ude00')).toBe('\ufffd x \ufffd \ud83d\ude00');
    expect(cleanText('\u0085\ufffe\uffff')).toBe('\ufffd\ufffd\ufffd');
  });
});

describe('credential redaction', () => {
  it('redacts Authorization headers in any casing, and nothing else', () => {
    expect(redactHeaders({ AUTHORIZATION: 'Basic abc', 'Proxy-Authorization': 'x', Accept: '*/*' })).toEqual({
      AUTHORIZATION: '[redacted]',
      'Proxy-Authorization': '[redacted]',
      Accept: '*/*',
    });
  });

  it('redacts user:password in URLs, not an @ in a query', () => {
    expect(redactUrlCredentials('see https://u:p@h.example/x and http://h.example/?e=a@b')).toBe(
      'see https://[redacted]@h.example/x and http://h.example/?e=a@b',
    );
  });

  it('keeps curl credentials that are environment variables, redacts inline ones', () => {
    const runnerCurl = `curl -sS -i -X POST https://h/v1 -u "$TWILIO_ACCOUNT_SID:$TWILIO_AUTH_TOKEN-wrong" --data-binary 'a=b'`;
    expect(redactCurl(runnerCurl)).toBe(runnerCurl);
    expect(redactCurl(`curl -u AC1:tok -H 'Authorization: Basic QUM=' https://h`)).toBe(
      `curl -u '[redacted]' -H 'Authorization: [redacted]' https://h`,
    );
    expect(redactCurl(`curl --user="AC1:tok" -H "authorization: Bearer $TOKEN" x`)).toBe(
      `curl --user='[redacted]' -H "authorization: Bearer $TOKEN" x`,
    );
  });
});

describe('badge', () => {
  const title = (svg: string) => /<title>([^<]*)<\/title>/.exec(svg)![1];

  it('names what it certifies, TrustHub create, and the level achieved: green at level 3', () => {
    const pass = renderBadge(passingReport());
    expect(title(pass)).toBe('TrustHub create: level 3');
    expect(pass).toContain('fill="#4c1"');
  });

  it('reads the level a failing run achieved, not "not conformant": level 1 in orange when 3 was required', () => {
    // before: "customer-profiles: not conformant" in red for a level-1 (or level-2) result
    const fail = renderBadge(failingReport());
    expect(title(fail)).toBe('TrustHub create: level 1');
    expect(fail).toContain('fill="#fe7d37"');
    expect(fail).not.toContain('#4c1');
    const level2 = failingReport();
    for (const c of level2.checks) if (c.level === 2 && c.status === 'fail') c.status = 'pass';
    Object.assign(level2, judgeLevels(level2.checks, 3));
    expect(level2.verdict).toMatchObject({ conformant: false, levelAchieved: 2 });
    expect(badgeMessage(level2)).toEqual({ message: 'level 2', color: '#fe7d37' });
    const none = failingReport();
    none.checks[0]!.status = 'fail';
    Object.assign(none, judgeLevels(none.checks, 3));
    expect(badgeMessage(none)).toEqual({ message: 'no level', color: '#e05d44' });
  });

  it('names a lower level when that is what was required and achieved', () => {
    const report = failingReport();
    report.verdict = { ...report.verdict, conformant: true, requiredLevel: 1, levelAchieved: 1 };
    expect(badgeMessage(report)).toEqual({ message: 'level 1', color: '#a4a61d' });
    expect(renderBadge(report)).toContain('>level 1</text>');
  });

  it('says partial, in grey, when the run left checks out, never a green level it did not test', () => {
    // before: `run --only echo.fields` drew a green "level 3 conformant"
    const only = renderBadge(partialReport(['echo.fields']));
    expect(title(only)).toBe('TrustHub create: no level, partial');
    expect(only).toContain('fill="#9f9f9f"');
    expect(only).not.toMatch(/#4c1|#97ca00|#a4a61d/);
    const l1 = partialReport(CATALOG.filter((c) => c.level === 1).map((c) => c.id), 1);
    expect(l1.verdict).toMatchObject({ conformant: true, levelAchieved: 1 });
    expect(badgeMessage(l1)).toEqual({ message: 'level 1, partial', color: '#9f9f9f' });
    // a failure among the checks that ran still reads red
    expect(badgeMessage(partialReport(['no-server-error', 'echo.fields'], 3, ['no-server-error']))).toEqual({ message: 'no level, partial', color: '#e05d44' });
    const l2 = partialReport(CATALOG.filter((c) => c.level === 2).map((c) => c.id), 3, ['reject.invalid-4xx']);
    expect(badgeMessage(l2)).toEqual({ message: 'no level, partial', color: '#e05d44' });
    expect(renderMarkdown(l2).split('\n')[0]).toBe('## ❌ Not conformant (partial run): TrustHub `POST /v1/CustomerProfiles`');
  });

  it('sizes each half from its text, shields-style', () => {
    expect(textWidth('customer-profiles')).toBeGreaterThan(95);
    expect(textWidth('customer-profiles')).toBeLessThan(115);
    expect(textWidth('level 1')).toBeLessThan(textWidth('level 1, partial'));
    const width = (svg: string) => Number(/<svg[^>]* width="(\d+)"/.exec(svg)![1]);
    const pass = renderBadge(passingReport());
    const partial = renderBadge(partialReport());
    expect(width(pass)).toBe(Math.round(textWidth('TrustHub create')) + 10 + Math.round(textWidth('level 3')) + 10);
    expect(width(partial)).toBe(Math.round(textWidth('TrustHub create')) + 10 + Math.round(textWidth('no level, partial')) + 10);
  });
});

describe('HTML', () => {
  const html = renderHtml(failingReport());

  it('is one self-contained page under a CSP that forbids network loads', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain(
      `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">`,
    );
    // no external resource of any kind: every src/href is a data: URL or an in-page anchor
    const refs = [...html.matchAll(/\b(?:src|href|xlink:href|action)\s*=\s*"([^"]*)"/gi)].map((m) => m[1]!);
    for (const ref of refs) expect(ref).toMatch(/^(data:|#)/);
    // nor a stylesheet or attribute that loads one (CSS url() but an in-page #id, @import); text may say "new URL(v)"
    const styles = [...html.matchAll(/<style\b[^>]*>([\s\S]*?)<\/style>/gi)].map((m) => m[1]!);
    const attributes = [...html.matchAll(/\s[\w:-]+\s*=\s*"([^"]*)"/g)].map((m) => m[1]!);
    expect(styles).toHaveLength(1);
    expect([...styles, ...attributes].filter((text) => /@import|url\((?!#)/i.test(text))).toEqual([]);
    expect(html.match(/<script\b/gi)).toHaveLength(1);
    expect(html.match(/<style\b/gi)).toHaveLength(1);
  });

  it('shows the verdict, the ladder, the charts, each failure with its evidence, the run and the certificate', () => {
    const report = failingReport();
    expect(html).toContain('<h1>Not conformant</h1>');
    expect(html).toMatch(/<li class="pass achieved" data-level="1">/);
    expect(html).toMatch(/<li class="fail" data-level="2">/);
    expect(html.match(/<svg class="chart"/g)).toHaveLength(2);
    expect(html).toContain('<title>Latency histogram: p50 84 ms, p95 412 ms, p99 1.9 s, max 10 s</title>');
    expect(html).toContain('>missing-field</text>');
    expect(html.match(/<tr class="check /g)).toHaveLength(report.checks.length);
    expect(html.match(/<tr class="detail /g)).toHaveLength(6);
    for (const check of report.checks.filter((c) => c.firstFailure)) {
      const c = check.firstFailure!;
      expect(html).toContain(c.curl.replace(/&/g, '&amp;').replace(/'/g, '&#39;').replace(/"/g, '&quot;'));
      expect(html).toContain(`case #${c.index}`);
    }
    expect(html).toContain('minimal counterexample');
    expect(html).toContain('seed 1337');
    expect(html).toContain('UND_ERR_HEADERS_TIMEOUT: Headers Timeout Error');
    expect(html).toContain('Declared deviation (expires 2026-06-30)');
    expect(html).toContain(report.certificate.catalogFingerprint);
    expect(html).toContain('id="certificate"');
    const skipped = failingReport();
    skipped.options.skip = ['auth.required-401', 'auth.code-20003'];
    expect(renderHtml(skipped)).toContain('<dt>Skipped</dt><dd><code>auth.required-401</code>, <code>auth.code-20003</code></dd>');
  });

  it('indents a compact JSON body only when nothing but whitespace changes', () => {
    expect(html).toContain('{\n  &quot;code&quot;: 21201,');
    const report = failingReport();
    const c = report.checks.find((x) => x.id === 'missing.code-20001')!.firstFailure!;
    c.response!.body = '{"code": 1.0, "dup": 1, "dup": 2}';
    expect(renderHtml(report)).toContain('{&quot;code&quot;: 1.0, &quot;dup&quot;: 1, &quot;dup&quot;: 2}');
  });

  it('marks a passing run green', () => {
    const pass = renderHtml(passingReport());
    expect(pass).toContain('<section class="card verdict pass" id="verdict">');
    expect(pass).toContain('<h1>Conformant at level 3</h1>');
    expect(pass).not.toContain('<tr class="detail');
  });
});

describe('histogram bars', () => {
  it('labels buckets by upper bound, the catch-all as above the previous bound', () => {
    const bars = histogramBars({ upperMs: [1, 50, 1000, 1e5], counts: [1, 2, 3, 4] });
    expect(bars).toEqual([
      { label: '≤ 1 ms', count: 1 },
      { label: '≤ 50 ms', count: 2 },
      { label: '≤ 1 s', count: 3 },
      { label: '> 1 s', count: 4 },
    ]);
    expect(histogramBars({ upperMs: [10], counts: [1, 5] })).toEqual([
      { label: '≤ 10 ms', count: 1 },
      { label: '> 10 ms', count: 5 },
    ]);
  });
});

describe('a partial run (run --only echo.fields)', () => {
  // before: every writer said "Conformant at level 3" for a run of one L3 check
  const report = partialReport(['echo.fields']);
  const leftOut = CATALOG.filter((c) => c.id !== 'echo.fields').map((c) => c.id);
  const summary =
    `Partial run: ${CATALOG.length - 1} of ${CATALOG.length} catalog checks left out (--only, --skip or the config's skip); levels 1, 2 and 3 not tested. ` +
    'The checks that ran support level 3; only a full run certifies it.';

  it('report.json holds what was left out and what the checks that ran support, on the report and its certificate', () => {
    const json = JSON.parse(renderJson(report)) as Report;
    expect(json.partial).toEqual({ leftOut, levelSupported: 3 });
    expect(json.certificate).toMatchObject({ conformant: false, levelAchieved: 0, partial: { leftOut, levelSupported: 3 } });
    expect(json.verdict).toMatchObject({ conformant: false, levelAchieved: 0 });
    expect(json.levels.map((l) => l.status)).toEqual(['untested', 'untested', 'untested']);
  });

  it('Markdown: a partial headline, the left-out checks, untested levels on the ladder; never "Conformant"', () => {
    const md = renderMarkdown(report);
    expect(md.split('\n')[0]).toBe('## ⚠️ Partial run: level 1 not tested: TrustHub `POST /v1/CustomerProfiles`');
    expect(md).not.toMatch(/Conformant at/);
    expect(md).toContain(`> ⚠️ **${summary.replace(/[()]/g, (c) => `\\${c}`)}**`);
    expect(md).toContain(`> Left out: ${leftOut.map((id) => `\`${id}\``).join(', ')}`);
    const out = (level: number) => CATALOG.filter((c) => c.level === level && c.id !== 'echo.fields').length;
    expect(md).toContain(
      `⬜ **L1** contract (not tested: ${out(1)} checks left out) → ⬜ **L2** validation (not tested: ${out(2)} checks left out) → ⬜ **L3** fidelity (not tested: ${out(3)} checks left out)`,
    );
  });

  it('HTML: a partial verdict, notice, ladder and certificate; never "Conformant"', () => {
    const html = renderHtml(report);
    expect(html).toContain('<section class="card verdict partial" id="verdict">');
    expect(html).toContain('<h1>Partial run: level 1 not tested</h1>');
    expect(html).not.toMatch(/Conformant at/);
    expect(html).toContain(`<p>${ICON_WARN} ${summary.replace(/'/g, '&#39;')}</p>`);
    expect(html).toContain(`<p class="left-out">Left out: ${leftOut.map((id) => `<code>${id}</code>`).join(', ')}</p>`);
    const l1 = CATALOG.filter((c) => c.level === 1).length;
    expect(html).toMatch(new RegExp(`<li class="untested" data-level="1">.*<span class="state">not tested: ${l1} checks left out</span></li>`));
    expect(html).toContain('<section class="card certificate partial" id="certificate">');
    expect(html).toContain('<dt>Verdict</dt><dd><b class="c-warn">Partial run</b>: not certified (level 0 achieved)</dd>');
    expect(html).toContain(`<dt>Partial run</dt><dd>${CATALOG.length - 1} catalog checks left out: <code>create.status-201</code>,`);
    expect(html).toContain('The checks that ran support level 3.</dd>');
  });

  it('a partial run conformant at its required level says "(partial run)" wherever it says conformant', () => {
    const l1 = partialReport(CATALOG.filter((c) => c.level === 1).map((c) => c.id), 1);
    expect(renderMarkdown(l1).split('\n')[0]).toBe('## ✅ Conformant at level 1 (partial run): TrustHub `POST /v1/CustomerProfiles`');
    const html = renderHtml(l1);
    expect(html).toContain('<h1>Conformant at level 1 (partial run)</h1>');
    expect(html).toContain('<dt>Verdict</dt><dd><b class="c-pass">Conformant at level 1</b> <b class="c-warn">(partial run)</b></dd>');
  });

  it('buildCertificate carries the partial run', () => {
    const cert = buildCertificate({ ...certBase(), partial: { leftOut: ['echo.fields'], levelSupported: 2 } });
    expect(cert.partial).toEqual({ leftOut: ['echo.fields'], levelSupported: 2 });
    expect('partial' in buildCertificate(certBase())).toBe(false);
  });
});

function certBase() {
  return { tool: { name: 't', version: '9.9.9' }, catalog: CATALOG, targetUrl: 'http://127.0.0.1:41234', date: 'd', seed: 1, runs: 1, verdict: { conformant: true, levelAchieved: 3 as const } };
}

describe("the embedded mock's certificate", () => {
  it('names the embedded reference mock and its version, not an ephemeral 127.0.0.1 port', () => {
    // before: the certificate named http://127.0.0.1:<random port>, which nobody can rerun against
    const cert = buildCertificate({ ...certBase(), embedded: true });
    expect(cert.targetUrl).toBe('embedded reference mock 9.9.9');
    expect(cert.rerun).toBe('npx t@9.9.9 run --seed 1 --runs 1');
    expect(buildCertificate(certBase()).targetUrl).toBe('http://127.0.0.1:41234');
    expect(certificateTarget('http://127.0.0.1:41234', true, '0.1.0')).toBe('embedded reference mock 0.1.0');
  });

  it('report.html names it so even for a report whose certificate still holds the URL', () => {
    const report = passingReport();
    report.target.embedded = true;
    expect(report.certificate.targetUrl).toBe('http://127.0.0.1:4010');
    expect(renderHtml(report)).toContain('<dt>Target</dt><dd><code>embedded reference mock 0.1.0</code></dd>');
  });
});

describe('Markdown keeps significant whitespace visible', () => {
  it('runs of spaces, and leading or trailing ones, survive rendering as no-break spaces', () => {
    // before: "  Acme   Corp  " was printed as " Acme Corp " (or "Acme Corp"), hiding the defect reported
    // a space then no-break spaces: HTML collapses runs of spaces and Markdown trims a cell's ends, neither touches &nbsp;
    expect(escapeMarkdown('  Acme   Corp  ')).toBe('&nbsp;&nbsp;Acme &nbsp;&nbsp;Corp &nbsp;');
    expect(escapeMarkdown('a b')).toBe('a b');
    expect(markdownCode('"  Acme   Corp  "')).toBe('<code>" &nbsp;Acme &nbsp;&nbsp;Corp &nbsp;"</code>');
    expect(markdownCode('"Acme Corp"')).toBe('`"Acme Corp"`');
    expect(escapeHtmlInMarkdown('case  a')).toBe('case &nbsp;a');
  });

  it('in a failure message of report.md', () => {
    const report = failingReport();
    const c = report.checks.find((x) => x.id === 'reject.invalid-4xx')!;
    c.firstFailure!.message = 'friendly_name is "Acme Corp", the request sent FriendlyName="  Acme   Corp  "';
    const md = renderMarkdown(report);
    expect(md).toContain('FriendlyName=" &nbsp;Acme &nbsp;&nbsp;Corp &nbsp;"');
    expect(md).not.toContain('FriendlyName=" Acme Corp "');
  });
});

describe('a run that lacked an input level 3 needs (one Auth Token, no second account)', () => {
  // before: "Conformant at level 3" while account isolation and API-key authentication were never tried
  const report = lackingReport();
  const line =
    'Level 3 not tested: lookup.other-account-404 needs a second account (--second-account-sid, --second-auth-token); ' +
    'auth.pairs-one-account needs an API key beside the Auth Token (--api-key, --api-secret with --auth-token)';

  it('report.json: level 2, level 3 untested naming the checks and what they need; each check says its input; verify agrees', () => {
    const json = JSON.parse(renderJson(report)) as Report;
    expect(json.verdict).toMatchObject({ conformant: false, levelAchieved: 2, mustFailures: 0 });
    expect(json.levels[2]).toMatchObject({ status: 'untested', needs: [{ check: 'lookup.other-account-404' }, { check: 'auth.pairs-one-account' }] });
    expect(json.checks.find((c) => c.id === 'lookup.other-account-404')!.needs).toEqual({ input: 'second-account', words: 'a second account (--second-account-sid, --second-auth-token)' });
    expect('partial' in json).toBe(false);
    expect(reportProblem(json)).toBeUndefined();
    // a report that drops what level 3 needs, or keeps `needs` on a check that passed, is refused
    const dropped = structuredClone(json);
    delete dropped.levels[2]!.needs;
    expect(reportProblem(dropped)?.message).toBe('says other checks of level 3 lacked an input than its checks make (lookup.other-account-404, auth.pairs-one-account)');
    const passed = structuredClone(json);
    Object.assign(passed.checks.find((c) => c.id === 'auth.pairs-one-account')!, { status: 'pass', passed: 1, skipped: 0 });
    expect(reportProblem(passed)?.message).toMatch(/^says auth\.pairs-one-account needs an API key .*, but it is pass/);
  });

  it('Markdown: a warning headline and the one line of what level 3 needs; the ladder says why it is not tested', () => {
    const md = renderMarkdown(report);
    expect(md.split('\n')[0]).toBe('## ⚠️ Not conformant: level 3 not tested: TrustHub `POST /v1/CustomerProfiles`');
    expect(md).toContain(`> ⚠️ **${escapeMarkdown(line)}**`);
    expect(md).toContain('⬜ **L3** fidelity (not tested: 2 checks lacked inputs)');
    expect(md).not.toMatch(/Conformant at/);
  });

  it('HTML: the line in the verdict card and the certificate', () => {
    const html = renderHtml(report);
    expect(html).toContain('<h1>Not conformant: level 3 not tested</h1>');
    expect(html).toContain(`<p class="notice needs">${ICON_WARN} ${line}</p>`);
    expect(html).toContain(`<dt>Not tested</dt><dd>${line}</dd>`);
    expect(html).toMatch(/<li class="untested" data-level="3">.*<span class="state">not tested: 2 checks lacked inputs<\/span><\/li>/);
    expect(html).not.toMatch(/Conformant at/);
  });

  it('GitHub annotations: one warning with the line', () => {
    expect(githubAnnotations(report)).toEqual([`::warning title=Level 3 not tested::${line}`]);
  });

  it('required level 2: conformant at level 2, and every writer still says what level 3 needs', () => {
    const at2 = lackingReport(2);
    expect(renderMarkdown(at2).split('\n')[0]).toBe('## ✅ Conformant at level 2: TrustHub `POST /v1/CustomerProfiles`');
    expect(renderMarkdown(at2)).toContain(`> ⚠️ **${escapeMarkdown(line)}**`);
    expect(renderHtml(at2)).toContain(`<dt>Not tested</dt><dd>${line}</dd>`);
  });

  it('the library and the vitest adapter name their keys', () => {
    expect(renderMarkdown(lackingReport(3, 'keys'))).toContain(
      escapeMarkdown('Level 3 not tested: lookup.other-account-404 needs a second account (secondCredentials); auth.pairs-one-account needs an API key beside the Auth Token (credentials.apiKey, credentials.apiSecret with credentials.authToken)'),
    );
  });
});
