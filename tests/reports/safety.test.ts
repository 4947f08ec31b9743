/**
 * Every writer stays inert and well-formed whatever a target puts in a report, and never prints
 * a credential. The HTML is also opened in Chromium with the hostile fixture (tests/reports/browser.test.ts).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { validateXML } from 'xmllint-wasm';
import { describe, expect, it } from 'vitest';
import { FORMATS } from '../../reports/index.ts';
import { CANARY, hostileReport, leakyReport, PAYLOADS } from '../fixtures/reports/hostile.ts';
import { failingReport } from '../fixtures/reports/sample.ts';
import { dom, elements } from '../fixtures/reports/xml.ts';

const XSD = readFileSync(fileURLToPath(new URL('../fixtures/reports/junit-10.xsd', import.meta.url)), 'utf8');

const hostile = hostileReport();
const out = Object.fromEntries(Object.entries(FORMATS).map(([name, write]) => [name, write(hostile)])) as Record<
  keyof typeof FORMATS,
  string
>;

/** What XML 1.0 and a terminal must never see: C0 controls but TAB/LF/CR, DEL, C1, U+FFFE/F, lone surrogates. */
const FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

describe('the hostile fixture', () => {
  it('puts the payloads in every string the writers print', () => {
    const c = hostile.checks.find((x) => x.firstFailure?.error === undefined && x.firstFailure)!.firstFailure!;
    for (const s of [hostile.target.url, c.message, c.request.url, c.request.body, c.response!.body, c.curl, hostile.incomplete!.reason]) {
      expect(s).toContain(PAYLOADS);
    }
    expect(Object.keys(c.response!.headers).every((k) => k.includes('<script>'))).toBe(true);
  });
});

describe.each(Object.keys(FORMATS))('%s with target-controlled payloads', (name) => {
  it('holds no ESC, NUL, other control character or lone surrogate', () => {
    const text = out[name as keyof typeof FORMATS];
    expect(text).not.toContain('\u001b');
    expect(text).not.toContain('\u0000');
    expect(FORBIDDEN.exec(text)?.[0]).toBeUndefined();
  });
});

/** Bidi embeddings, overrides and isolates, and the line/paragraph separators. */
const BIDI = /[\u202a-\u202e\u2066-\u2069\u2028\u2029]/;

describe.each(['md', 'html', 'junit', 'badge'] as const)('%s with bidi controls from the target', (name) => {
  it('holds none raw: each shows as its \\uXXXX escape', () => {
    const text = out[name];
    expect(BIDI.exec(text)?.[0]).toBeUndefined();
    if (name !== 'badge') {
      // the badge prints no target text; the others show the payload's controls, made visible
      for (const code of ['202A', '202B', '202C', '202D', '202E', '2066', '2067', '2068', '2069', '2028', '2029']) {
        expect(text).toMatch(new RegExp(`\\\\{1,2}u${code}`));
      }
    }
  });
});

describe('JSON', () => {
  it('parses back to the report (strings kept verbatim, escaped by JSON itself)', () => {
    expect(JSON.parse(out.json)).toEqual(hostile);
  });

  it('\\u-escapes bidi controls, so `cat report.json` shows them in place', () => {
    expect(BIDI.exec(out.json)?.[0]).toBeUndefined();
    expect(out.json).toContain('\\u202eRLO');
  });
});

describe('JUnit XML', () => {
  it('parses, validates against the XSD, and keeps the payloads as text', async () => {
    const result = await validateXML({ xml: [{ fileName: 'junit.xml', contents: out.junit }], schema: [XSD] });
    expect(result.errors).toEqual([]);
    const doc = dom(out.junit);
    const failure = elements(doc, 'failure')[0]!;
    expect(failure.textContent).toContain('<script>alert(1)</script> </script><script>alert(2)</script>');
    expect(failure.textContent).toContain(']]>');
    expect(failure.getAttribute('message')).toContain('<img src=x onerror=alert(3)>');
    // exactly the elements the writer makes: none injected
    const names = new Set(elements(doc, '*').map((e) => e.tagName));
    expect([...names].sort()).toEqual(['failure', 'properties', 'property', 'skipped', 'system-out', 'testcase', 'testsuite', 'testsuites']);
  });
});

describe('HTML', () => {
  const html = out.html;

  /**
   * A small tokenizer, enough for a page that quotes every attribute value with " and escapes
   * text: every raw '<' outside the script and style must open one of our tags.
   */
  function tags(page: string) {
    const body = page.replace(/(<script>)[\s\S]*?(<\/script>)/, '$1$2').replace(/(<style>)[\s\S]*?(<\/style>)/, '$1$2');
    const tag = /<(\/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[a-zA-Z_:][-a-zA-Z0-9_:.]*(?:="[^"<]*")?)*)\s*\/?>/y;
    const found: Array<{ name: string; attrs: Array<[string, string]> }> = [];
    for (let i = body.indexOf('<'); i !== -1; i = body.indexOf('<', i + 1)) {
      if (body.startsWith('<!doctype html>', i)) continue;
      tag.lastIndex = i;
      const m = tag.exec(body);
      expect(m, `stray '<' at ${body.slice(i, i + 60)}`).not.toBeNull();
      const attrs = [...m![3]!.matchAll(/([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:="([^"]*)")?/g)].map((a) => [a[1]!, a[2] ?? ''] as [string, string]);
      found.push({ name: m![2]!.toLowerCase(), attrs });
    }
    return found;
  }

  it('has no tag, attribute, comment or URL but its own', () => {
    const found = tags(html);
    const reference = tags(FORMATS.html(failingReport()));
    const names = (list: typeof found) => new Set(list.map((t) => t.name));
    const attrs = (list: typeof found) => new Set(list.flatMap((t) => t.attrs.map(([a]) => a.toLowerCase())));
    // the hostile report's own tags are a subset of a clean report's (its made-up check ids have no explanation)
    expect([...names(found)].filter((n) => !names(reference).has(n))).toEqual([]);
    expect([...attrs(found)].filter((a) => !attrs(reference).has(a))).toEqual([]);
    expect([...attrs(found)].filter((a) => a.startsWith('on'))).toEqual([]);
    for (const t of found) {
      for (const [a, v] of t.attrs) if (/^(src|href|action|formaction|xlink:href)$/i.test(a)) expect(v).toMatch(/^(data:image\/svg\+xml,|#)/);
    }
    expect(found.filter((t) => t.name === 'script')).toHaveLength(2); // <script> and </script>
    expect(found.filter((t) => t.name === 'h1')).toHaveLength(2);
    expect(html).not.toMatch(/<!--|<!\[CDATA\[/);
  });

  it('shows the payloads as text', () => {
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &lt;/script&gt;&lt;script&gt;alert(2)&lt;/script&gt;');
    expect(html).toContain('&lt;img src=x onerror=alert(3)&gt;');
    expect(html).toContain('&amp;lt;script&amp;gt;'); // pre-escaped text is escaped again, not trusted
    expect(html).toContain('&quot;&#39;&gt;&lt;svg onload=alert(4)&gt;');
  });

  it('keeps the one script free of report data', () => {
    const script = /<script>([\s\S]*?)<\/script>/.exec(html)![1]!;
    expect(script).toBe(/<script>([\s\S]*?)<\/script>/.exec(FORMATS.html(failingReport()))![1]);
  });
});

describe('Markdown', () => {
  const md = out.md;

  /** Split into prose and fenced blocks, by CommonMark's fence rules (backtick fences only are used). */
  function split(text: string): { prose: string[]; fences: string[] } {
    const prose: string[] = [];
    const fences: string[] = [];
    let fence: string | undefined;
    let body: string[] = [];
    for (const line of text.split('\n')) {
      if (fence === undefined) {
        const open = /^(`{3,})[^`]*$/.exec(line);
        if (open) {
          fence = open[1]!;
          body = [];
        } else prose.push(line);
      } else if (new RegExp(`^ {0,3}${fence}\`*\\s*$`).test(line)) {
        fences.push(body.join('\n'));
        fence = undefined;
      } else body.push(line);
    }
    expect(fence, 'an unclosed fence swallows the rest of the comment').toBeUndefined();
    return { prose, fences };
  }

  it('every fence closes where the writer closes it', () => {
    const { fences } = split(md);
    const withEvidence = hostile.checks.filter((c) => c.status === 'fail' && c.firstFailure).length;
    expect(fences).toHaveLength(withEvidence * 3 + 1); // request, response, curl each; then the rerun
    for (const f of fences) expect(f).toContain('<script>alert(1)</script>'); // verbatim inside, inert
  });

  it('outside fences: no raw HTML but its own, no link or image, tables intact', () => {
    const { prose } = split(md);
    const text = prose.join('\n');
    expect(text).not.toMatch(/<script|<img|<svg|<style|<h1|<!--/i);
    const tags = [...text.matchAll(/<\/?([a-z][a-z0-9]*)/gi)].map((m) => m[1]!.toLowerCase());
    expect(new Set(tags)).toEqual(new Set(['details', 'summary', 'sub', 'code', 'br']));
    // an unescaped [ … ]( or ![ would be a link or image
    expect(text).not.toMatch(/(?<!\\)\]\(/);
    expect(text).not.toMatch(/(?<!\\)!\[/);
    expect(text).not.toMatch(/^\s{0,3}\[[^\]]*\]:/m); // link reference definition
    // every row of the failures table has as many unescaped pipes as its header
    const rows = prose.filter((l) => l.startsWith('|'));
    const pipes = (l: string) => (l.match(/(?<!\\)\|/g) ?? []).length;
    expect(rows.length).toBeGreaterThan(2);
    for (const row of rows) expect(pipes(row)).toBe(pipes(rows[0]!));
  });

  it('keeps headings and lists to the writer: payload newlines are folded', () => {
    const { prose } = split(md);
    expect(prose.filter((l) => l.startsWith('#'))).toEqual(prose.filter((l) => /^#{2,3} (❌|✅|Failed checks)/.test(l)));
    expect(prose.some((l) => l.startsWith('# heading'))).toBe(false);
  });
});

describe('badge', () => {
  it('is well-formed XML', async () => {
    const result = await validateXML({ xml: [{ fileName: 'badge.svg', contents: out.badge }], normalization: 'format' });
    expect(result.errors).toEqual([]);
    expect(result.normalized).toContain('<title>TrustHub create: incomplete</title>');
  });
});

describe('credentials', () => {
  it('a report with redacted Authorization values prints none of the credentials', () => {
    for (const [name, write] of Object.entries(FORMATS)) {
      const text = write(failingReport());
      expect(text, name).not.toMatch(/Authorization: (?!\[redacted\])/i);
    }
  });

  it('no writer prints a credential the runner failed to redact from headers, URLs or curl', () => {
    const leaky = leakyReport();
    expect(JSON.stringify(leaky)).toContain(CANARY); // the fixture does leak
    for (const [name, write] of Object.entries(FORMATS)) {
      const text = write(leaky);
      expect(text.includes(CANARY), `${name} prints the canary`).toBe(false);
    }
    const json = JSON.parse(FORMATS.json(leaky));
    const c = json.checks.find((x: { id: string }) => x.id === 'reject.invalid-4xx').firstFailure;
    expect(c.request.headers.Authorization).toBe('[redacted]');
    expect(c.response.headers.authorization).toBe('[redacted]');
    expect(c.request.url).toBe('https://[redacted]@cp-staging.example.com/v1/CustomerProfiles');
    expect(c.curl).toContain(`-H 'Authorization: [redacted]' --user '[redacted]' -u '[redacted]'`);
    expect(c.curl).toContain('-u "$TWILIO_ACCOUNT_SID:$TWILIO_AUTH_TOKEN"');
  });
});
