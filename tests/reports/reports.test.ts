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
import { failingReport, passingReport } from '../fixtures/reports/sample.ts';

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
  it('maps the five format names to writers', () => {
    expect(Object.keys(FORMATS)).toEqual(['json', 'junit', 'md', 'html', 'badge']);
    expect(ALL_FORMATS).toEqual(Object.keys(FORMATS));
    for (const write of Object.values(FORMATS)) expect(write(failingReport()).length).toBeGreaterThan(100);
  });

  it('writes every format by default into a directory it creates, reporting true sizes', async () => {
    const out = join(dir, 'nested', 'conformance-report');
    const written = await writeReports(failingReport(), out);
    expect(written.map((w) => w.format)).toEqual(ALL_FORMATS);
    expect(written.map((w) => w.path)).toEqual(
      ['report.json', 'junit.xml', 'report.md', 'report.html', 'badge.svg'].map((f) => join(out, f)),
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
    expect(md).toContain('Checks: 24 passed · 6 failed · 2 skipped of 32.');
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
    expect(md).toContain('- `auth.required-401`: skipped with --skip auth.required-401');
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
  it('says level 3 conformant in green, not conformant in red', () => {
    const pass = renderBadge(passingReport());
    expect(pass).toContain('<title>customer-profiles: level 3 conformant</title>');
    expect(pass).toContain('fill="#4c1"');
    const fail = renderBadge(failingReport());
    expect(fail).toContain('<title>customer-profiles: not conformant</title>');
    expect(fail).toContain('fill="#e05d44"');
    expect(fail).not.toContain('#4c1');
  });

  it('names a lower level when that is what was required and achieved', () => {
    const report = failingReport();
    report.verdict = { ...report.verdict, conformant: true, requiredLevel: 1, levelAchieved: 1 };
    expect(badgeMessage(report)).toEqual({ message: 'level 1 conformant', color: '#a4a61d' });
    expect(renderBadge(report)).toContain('>level 1 conformant</text>');
  });

  it('sizes each half from its text, shields-style', () => {
    expect(textWidth('customer-profiles')).toBeGreaterThan(95);
    expect(textWidth('customer-profiles')).toBeLessThan(115);
    expect(textWidth('not conformant')).toBeLessThan(textWidth('level 3 conformant'));
    const width = (svg: string) => Number(/<svg[^>]* width="(\d+)"/.exec(svg)![1]);
    const pass = renderBadge(passingReport());
    const fail = renderBadge(failingReport());
    expect(width(pass)).toBe(Math.round(textWidth('customer-profiles')) + 10 + Math.round(textWidth('level 3 conformant')) + 10);
    expect(width(fail)).toBeLessThan(width(pass));
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
    expect(html).not.toMatch(/@import|url\((?!#)/i);
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
    expect(html).toContain('<dt>Skipped</dt><dd><code>auth.required-401</code>, <code>auth.code-20003</code></dd>');
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
