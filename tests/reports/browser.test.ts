/**
 * report.html in a real browser: headless Chromium (the one @sparticuz/chromium ships in its npm
 * package; tests/helpers/chromium.ts) loads the page from a file:// URL, and a person's view of it
 * is checked: verdict, failures with evidence, working filters, no network request, no injected
 * script running. No Chromium is a failure, not a skip.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderHtml } from '../../reports/html.ts';
import type { Report } from '../../contracts/report.ts';
import { hostileReport } from '../fixtures/reports/hostile.ts';
import { failingReport, partialReport } from '../fixtures/reports/sample.ts';
import { launchChromium } from '../helpers/chromium.ts';

const SCREENSHOT = fileURLToPath(new URL('../tmp/report.png', import.meta.url));

let browser: Browser;
let dir: string;

beforeAll(async () => {
  ({ browser } = await launchChromium());
  dir = await mkdtemp(join(tmpdir(), 'report-html-'));
});

afterAll(async () => {
  await browser?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

interface Opened {
  page: Page;
  /** every request for something other than a file: or data: URL */
  network: string[];
  dialogs: string[];
  errors: string[];
}

async function open(report: Report, name: string, width = 1280): Promise<Opened> {
  const file = join(dir, name);
  await writeFile(file, renderHtml(report), 'utf8');
  const page = await browser.newPage({ viewport: { width, height: 900 } });
  const opened: Opened = { page, network: [], dialogs: [], errors: [] };
  page.on('request', (r) => {
    if (!/^(file|data):/.test(r.url())) opened.network.push(r.url());
  });
  page.on('dialog', (d) => {
    opened.dialogs.push(d.message());
    void d.dismiss();
  });
  page.on('pageerror', (e) => opened.errors.push(e.message));
  // a CSP violation (our own inline script or style refused) is logged as a console error
  page.on('console', (m) => {
    if (m.type() === 'error') opened.errors.push(m.text());
  });
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  return opened;
}

/** ids of the check rows a person can see */
async function visibleChecks(page: Page): Promise<string[]> {
  return page.locator('#checks tr.check:visible code.id').allTextContents();
}

async function filter(page: Page, kind: 'level' | 'status', value: string): Promise<void> {
  await page.click(`button[data-filter="${kind}"][data-value="${value}"]`);
}

describe('report.html in Chromium', () => {
  it('shows the verdict, the failures with their evidence, and filters rows; asks nothing of the network', async () => {
    const report = failingReport();
    const { page, network, errors } = await open(report, 'failing.html');

    expect(await page.locator('#verdict h1').isVisible()).toBe(true);
    expect(await page.locator('#verdict h1').textContent()).toBe('Not conformant');
    expect(await page.locator('.ladder li').allTextContents()).toEqual([
      expect.stringContaining('Level 1contractachieved'),
      expect.stringContaining('Level 2validation2 MUST failures'),
      expect.stringContaining('Level 3fidelity2 MUST failures, 1 SHOULD warning'),
    ]);

    // a failed check, its counterexample and replay command, in view
    const row = page.locator('#checks tr.check', { hasText: 'reject.invalid-4xx' });
    expect(await row.isVisible()).toBe(true);
    expect(await row.locator('.pill').textContent()).toBe('Failed');
    const card = page.locator('#checks tr.detail .failure').first();
    expect(await card.isVisible()).toBe(true);
    expect(await card.locator('.message').textContent()).toBe(report.checks.find((c) => c.id === 'reject.invalid-4xx')!.firstFailure!.message);
    expect(await card.locator('pre.http').first().textContent()).toContain('PolicySid=RN806dd6cd175f314e1f96a9727ee271f');
    expect(await card.locator('pre.http').nth(1).textContent()).toContain('HTTP 201 Created');
    const curl = report.checks.find((c) => c.id === 'reject.invalid-4xx')!.firstFailure!.curl;
    expect(await card.locator('pre.cmd').textContent()).toBe(curl);
    expect(await card.locator('text=minimal counterexample').isVisible()).toBe(true);
    expect(await card.locator('text=seed 1337').isVisible()).toBe(true);

    // the check's explanation, opened from its row: the rule, both answers and the command that prints it
    const explain = row.locator('details.explain');
    expect(await explain.getAttribute('id')).toBe('explain-reject.invalid-4xx');
    expect(await explain.locator('summary').isVisible()).toBe(true);
    await explain.locator('summary').click();
    expect(await explain.locator('.cmd-line').textContent()).toBe('In a terminal: trusthub-conformance explain reject.invalid-4xx');
    expect(await explain.locator('figcaption').allTextContents()).toEqual(['Passing: the reference mock', 'Failing: the mock with the fault policy-pattern-unchecked']);
    await explain.locator('summary').click();

    await mkdir(join(SCREENSHOT, '..'), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });

    // a failed run opens on its failures: failed checks first (lowest level, MUST first), then the rest in catalog order
    const failedFirst = ['reject.invalid-4xx', 'reject.no-side-effect', 'missing.code-20001', 'delete.gone', 'create.timestamps-now', 'extra-params.ignored'];
    const all = [...failedFirst, ...report.checks.map((c) => c.id).filter((id) => !failedFirst.includes(id))];
    expect(await visibleChecks(page)).toEqual(all);

    await filter(page, 'level', '1');
    expect(await visibleChecks(page)).toEqual(report.checks.filter((c) => c.level === 1).map((c) => c.id));
    expect(await row.isVisible()).toBe(false);
    expect(await card.isVisible()).toBe(false);

    await filter(page, 'status', 'fail'); // level 1 has no failure
    expect(await visibleChecks(page)).toEqual([]);
    expect(await page.locator('#no-match').isVisible()).toBe(true);

    await filter(page, 'level', 'all');
    const failed = failedFirst;
    expect(await visibleChecks(page)).toEqual(failed);
    expect(await page.locator('#checks tr.detail:visible .failure').count()).toBe(failed.length);
    expect(await page.locator('#no-match').isVisible()).toBe(false);
    expect(await page.locator('#shown-count').textContent()).toBe(String(failed.length));
    expect(await page.locator('button[data-filter="status"][data-value="fail"]').getAttribute('aria-pressed')).toBe('true');

    await filter(page, 'status', 'skip');
    expect(await visibleChecks(page)).toEqual(['auth.required-401', 'auth.code-20003']);

    await filter(page, 'level', '1');
    await filter(page, 'status', 'all');
    expect(await visibleChecks(page)).toEqual(report.checks.filter((c) => c.level === 1).map((c) => c.id));

    await filter(page, 'level', '3');
    await filter(page, 'status', 'pass');
    expect(await visibleChecks(page)).toEqual(report.checks.filter((c) => c.level === 3 && c.status === 'pass').map((c) => c.id));

    await filter(page, 'level', 'all');
    await filter(page, 'status', 'all');
    expect(await visibleChecks(page)).toEqual(all);

    // charts and certificate are drawn
    expect(await page.locator('svg.chart').count()).toBe(2);
    expect(await page.locator('svg.chart rect.bar').count()).toBe(report.latencyMs.histogram.upperMs.length);
    expect(await page.locator('#certificate').textContent()).toContain(report.certificate.catalogFingerprint);

    expect(network).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('runs no injected script and keeps working with a hostile report', async () => {
    const { page, network, dialogs, errors } = await open(hostileReport(), 'hostile.html');
    const count = (selector: string) => page.locator(selector).count();
    const dom = {
      scripts: await count('script'),
      styles: await count('style'),
      images: await count('img, image'),
      h1: await count('h1'),
      // any element with an on… attribute (event handler)
      handlers: await count('xpath=//*[@*[starts-with(name(), "on")]]'),
      links: await count('a[href], [src], iframe, object, embed, form, base, meta[http-equiv="refresh"]'),
    };
    expect(dom).toEqual({ scripts: 1, styles: 1, images: 0, h1: 1, handlers: 0, links: 0 });
    expect(await page.locator('#verdict h1').textContent()).toBe('Not conformant (incomplete)');
    // the payload is on the page as text
    expect(await page.locator('.failure .message').first().textContent()).toContain('<script>alert(1)</script>');

    await filter(page, 'status', 'fail');
    expect((await visibleChecks(page)).length).toBe(6);

    expect(dialogs).toEqual([]);
    expect(network).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('a partial run reads as partial: no "Conformant", the left-out checks listed', async () => {
    const report = partialReport(['echo.fields']);
    const { page, errors } = await open(report, 'partial.html');
    expect(await page.locator('#verdict h1').textContent()).toBe('Partial run: level 1 not tested');
    expect(await page.locator('body').textContent()).not.toContain('Conformant');
    expect(await page.locator('#partial').isVisible()).toBe(true);
    expect(await page.locator('#partial .left-out code').count()).toBe(report.partial!.leftOut.length);
    expect(await page.locator('.ladder li.untested').count()).toBe(3);
    expect(await page.locator('#certificate').textContent()).toContain('Partial run');
    expect(errors).toEqual([]);
    await page.close();
  });
});

// The page's globals, for the code page.evaluate runs in Chromium (the project's lib has no DOM types).
interface PageElement {
  tagName: string;
  textContent: string | null;
  scrollWidth: number;
  clientWidth: number;
  scrollHeight: number;
  clientHeight: number;
  getAttribute(name: string): string | null;
  getBoundingClientRect(): { left: number; right: number; top: number; bottom: number; height: number };
}
interface PageElement {
  querySelectorAll(selector: string): Iterable<PageElement>;
  getClientRects(): { length: number };
}
declare const document: { documentElement: PageElement; querySelectorAll(selector: string): Iterable<PageElement> };
declare function getComputedStyle(element: PageElement): { lineHeight: string };

/**
 * The "first hour" layout (issue: first-hour report items): what a person sees on a laptop
 * (1280 px) and a phone (390 px) with a report that used to break the page: a long skip reason,
 * percentiles close together, a long response body.
 */
describe('report.html layout', () => {
  function firstHourReport(): Report {
    const report = failingReport();
    report.checks.find((c) => c.id === 'auth.code-20003')!.skipReason =
      'no exchange of this run applied to it: every auth case was answered before authentication by a gateway that returned 403 with an HTML body, so nothing here could be judged against the rule';
    const body = JSON.stringify({ items: Array.from({ length: 40 }, (_, i) => ({ i, name: `profile ${i}`, note: 'x'.repeat(60) })) });
    report.checks.find((c) => c.id === 'reject.invalid-4xx')!.firstFailure!.response!.body = body;
    // p50, p95 and p99 close together: their labels used to be drawn on top of each other; and
    // figures as long as a real run's, which used to cut the tile's value to "52.4 ms / 9…"
    report.latencyMs = { ...report.latencyMs, p50: 52.4, p95: 96.4, p99: 99.7, max: 1234.5 };
    return report;
  }

  interface Measured {
    scrollWidth: number;
    clientWidth: number;
    wide: string[];
    labels: Array<{ text: string | null; left: number; right: number; top: number; bottom: number }>;
    axis: Array<{ text: string | null; left: number; right: number }>;
    rows: Array<{ id: string | null; meta: string; source: string; sourceShown: boolean }>;
    tiles: Array<{ text: string | null; lines: number; cut: boolean }>;
    boxes: Array<{ scrollsY: boolean; scrollsX: boolean }>;
    longBody: string | null;
    errors: string[];
  }

  describe.each([1280, 1440, 390])('at %i px', (width) => {
    let m: Measured;
    beforeAll(async () => {
      const { page, errors } = await open(firstHourReport(), `layout-${width}.html`, width);
      const measured = await page.evaluate(() => {
        const doc = document.documentElement;
        const box = (e: PageElement) => e.getBoundingClientRect();
        return {
          scrollWidth: doc.scrollWidth,
          clientWidth: doc.clientWidth,
          // elements reaching past the right edge of the viewport
          wide: [...document.querySelectorAll('body *')].filter((e) => box(e).right > doc.clientWidth + 0.5).map((e) => `${e.tagName}.${e.getAttribute('class') ?? ''}`),
          labels: [...document.querySelectorAll('svg.chart text.marker-label')].map((e) => {
            const r = box(e);
            return { text: e.textContent, left: r.left, right: r.right, top: r.top, bottom: r.bottom };
          }),
          // the bucket labels under the latency chart's bars
          axis: [...document.querySelectorAll('svg.chart text.axis[text-anchor="middle"]')].map((e) => {
            const r = box(e);
            return { text: e.textContent, left: r.left, right: r.right };
          }),
          // what a person sees of each check's row: its level, MUST/SHOULD and source, as text on the page
          rows: [...document.querySelectorAll('#checks tr.check')].map((e) => {
            const shown = (selector: string) =>
              [...e.querySelectorAll(selector)].filter((x) => x.getClientRects().length > 0 && box(x).height > 0).map((x) => x.textContent ?? '').join(' ');
            const src = [...e.querySelectorAll('.src')][0];
            return {
              id: [...e.querySelectorAll('code.id')][0]?.textContent ?? null,
              meta: shown('td.lvl, td > .sev, .narrow-meta').replace(/\s+/g, ' ').trim(),
              source: src?.textContent ?? '',
              sourceShown: src !== undefined && src.getClientRects().length > 0 && box(src).height > 0,
            };
          }),
          tiles: [...document.querySelectorAll('.stat .k, .stat .v, .stat .s')].map((e) => ({
            text: e.textContent,
            lines: Math.round(box(e).height / Number.parseFloat(getComputedStyle(e).lineHeight)),
            cut: e.scrollWidth > e.clientWidth,
          })),
          boxes: [...document.querySelectorAll('pre.http')].map((e) => ({
            scrollsY: e.scrollHeight > e.clientHeight + 1,
            scrollsX: e.scrollWidth > e.clientWidth + 1,
          })),
        };
      });
      const longBody = await page.locator('pre.http', { hasText: '"note"' }).first().textContent();
      await page.close();
      m = { ...measured, longBody, errors };
    });

    it('no horizontal scrolling', () => {
      // before: a long skip reason pushed the page to 1358 px at 1280, and the checks table off a phone's screen
      expect(m.wide).toEqual([]);
      expect(m.scrollWidth).toBe(m.clientWidth);
      expect(m.errors).toEqual([]);
    });

    it('the p50, p95 and p99 labels of the latency chart do not overlap', () => {
      // before: with the percentiles in one bucket, their labels were drawn over each other
      expect(m.labels.map((l) => l.text)).toEqual(['p50 52.4 ms', 'p95 96.4 ms', 'p99 99.7 ms']);
      for (let i = 0; i < m.labels.length; i++) {
        for (let j = i + 1; j < m.labels.length; j++) {
          const a = m.labels[i]!;
          const b = m.labels[j]!;
          const apart = a.right <= b.left || b.right <= a.left || a.bottom <= b.top || b.bottom <= a.top;
          expect(apart, `${a.text} overlaps ${b.text}`).toBe(true);
        }
      }
    });

    it('the latency axis labels stay apart, and each names its bucket', () => {
      // before: "100ms200ms500ms" ran together under the bars
      expect(m.axis.map((a) => a.text)).toEqual(['1', '2', '5', '10', '20', '50', '100', '200', '500', '1s', '2s', '5s', '>5s']);
      for (let i = 1; i < m.axis.length; i++) {
        const gap = m.axis[i]!.left - m.axis[i - 1]!.right;
        expect(gap, `${m.axis[i - 1]!.text} and ${m.axis[i]!.text}`).toBeGreaterThanOrEqual(2);
      }
    });

    it("each check shows its level, MUST or SHOULD, and its source as text", () => {
      // before: the source was only a tooltip, and at 390 px the level and MUST/SHOULD columns were hidden
      const report = firstHourReport();
      expect(m.rows.map((r) => r.id)).toEqual(expect.arrayContaining(report.checks.map((c) => c.id)));
      for (const row of m.rows) {
        const check = report.checks.find((c) => c.id === row.id)!;
        expect(row.meta, row.id!).toContain(`L${check.level}`);
        expect(row.meta, row.id!).toContain(check.severity);
        expect(row.sourceShown, row.id!).toBe(true);
        expect(row.source, row.id!).toContain(check.source.ref);
      }
    });

    it('each line of a stat tile stays on one line, uncut', () => {
      // before: "100 runs · 3 transport errors · 5 retries" wrapped onto a second line at 1280,
      // and the latency value was cut ("52.4 ms / 9…") at 1280 and 1440
      expect(m.tiles.length).toBe(12);
      expect(m.tiles.map((t) => t.text)).toContain('52.4 / 96.4 ms');
      for (const t of m.tiles) expect({ text: t.text, lines: t.lines, cut: t.cut }).toEqual({ text: t.text, lines: 1, cut: false });
    });

    it('a response body reads in full, without a scroll box of its own', () => {
      // before: a response body sat in a 300 px box with its own scroll bar
      expect(m.boxes.length).toBeGreaterThan(0);
      expect(m.boxes.filter((b) => b.scrollsY || b.scrollsX)).toEqual([]);
      expect(m.longBody).toContain('"name": "profile 39"');
    });
  });
});
