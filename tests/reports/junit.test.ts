import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { validateXML } from 'xmllint-wasm';
import { describe, expect, it } from 'vitest';
import type { Report } from '../../contracts/report.ts';
import { renderJunit } from '../../reports/junit.ts';
import { hostileReport } from '../fixtures/reports/hostile.ts';
import { CATALOG } from '../../contracts/catalog.ts';

/** how many catalog checks a level has, as JUnit writes it */
const n = (level: number) => String(CATALOG.filter((c) => c.level === level).length);
import { failingReport, lackingReport, partialReport, passingReport } from '../fixtures/reports/sample.ts';
import { dom, elements, type XmlElement } from '../fixtures/reports/xml.ts';

const XSD = readFileSync(fileURLToPath(new URL('../fixtures/reports/junit-10.xsd', import.meta.url)), 'utf8');

async function validate(xml: string) {
  return validateXML({ xml: [{ fileName: 'junit.xml', contents: xml }], schema: [XSD] });
}

type Element = XmlElement; // short name for the DOM element type

function suites(report: Report): Element[] {
  return elements(dom(renderJunit(report)), 'testsuite');
}

function testcase(suite: Element, id: string): Element {
  const found = elements(suite, 'testcase').find((t) => t.getAttribute('name')!.startsWith(`${id}:`));
  if (!found) throw new Error(`no testcase for ${id}`);
  return found;
}

function child(el: Element, tag: string): Element | undefined {
  return elements(el, tag)[0];
}

describe('JUnit XML against the junit-10 XSD', () => {
  it('the schema and validator do reject a malformed report (control)', async () => {
    const bad = renderJunit(failingReport()).replace('<testcase name=', '<testcase nom=');
    const result = await validate(bad);
    expect(result.valid).toBe(false);
    expect(result.errors[0]!.message).toMatch(/testcase/);
    const notWellFormed = await validate('<testsuites><testsuite></testsuites>');
    expect(notWellFormed.valid).toBe(false);
  });

  it.each([
    ['passing', passingReport],
    ['failing', failingReport],
    ['hostile', hostileReport],
  ])('the %s fixture validates', async (_name, make) => {
    const result = await validate(renderJunit(make()));
    expect(result.errors).toEqual([]);
    expect(result.valid).toBe(true);
  });
});

describe('JUnit XML content', () => {
  it('has one testsuite per level, one testcase per check, with consistent counts', () => {
    const report = failingReport();
    const root = dom(renderJunit(report)).documentElement;
    expect(root.tagName).toBe('testsuites');
    expect(root.getAttribute('tests')).toBe(String(CATALOG.length));
    expect(root.getAttribute('failures')).toBe('5'); // 6 failed checks, one of them a declared deviation
    expect(root.getAttribute('errors')).toBe('0');
    expect(root.getAttribute('time')).toBe('48.311');
    const all = suites(report);
    expect(all.map((s) => s.getAttribute('name'))).toEqual(['Level 1 — contract', 'Level 2 — validation', 'Level 3 — fidelity']);
    expect(all.map((s) => ['tests', 'failures', 'skipped'].map((a) => s.getAttribute(a)))).toEqual([
      [n(1), '0', '0'],
      [n(2), '2', '1'],
      [n(3), '3', '2'],
    ]);
    const names = all.flatMap((s) => elements(s, 'testcase').map((t) => t.getAttribute('name')));
    // one suite per level, each in catalog order
    expect(names).toEqual([...report.checks].sort((a, b) => a.level - b.level).map((c) => `${c.id}: ${c.title}`));
  });

  it('carries seed, target and tool version as properties of every suite', () => {
    for (const suite of suites(failingReport())) {
      const props = Object.fromEntries(elements(suite, 'property').map((p) => [p.getAttribute('name'), p.getAttribute('value')]));
      expect(props).toMatchObject({
        seed: '1337',
        runs: '100',
        target: 'https://cp-staging.example.com',
        tool: 'trusthub-conformance',
        'tool.version': '0.1.0',
        verdict: 'Not conformant',
        'level.achieved': '1',
      });
      expect(props['catalog.fingerprint']).toMatch(/^sha256:[0-9a-f]{64}$/);
    }
  });

  it('gives a failure the message, the counterexample and the replay curl', () => {
    const report = failingReport();
    const check = report.checks.find((c) => c.id === 'reject.invalid-4xx')!;
    const failure = child(testcase(suites(report)[1]!, 'reject.invalid-4xx'), 'failure')!;
    expect(failure.getAttribute('message')).toBe(check.firstFailure!.message);
    expect(failure.getAttribute('type')).toBe('MUST');
    const text = failure.textContent!;
    expect(text).toContain('Counterexample (minimal: shrunk): case #57 [policy-sid] PolicySid one hex digit short (33 characters)');
    expect(text).toContain('--- request\nPOST https://cp-staging.example.com/v1/CustomerProfiles\n');
    expect(text).toContain('\n\nFriendlyName=a&Email=a%40b.co&PolicySid=RN806dd6cd175f314e1f96a9727ee271f\n');
    expect(text).toContain('--- response\nHTTP 201 Created\n');
    expect(text).toContain(`Reproduce with:\n${check.firstFailure!.curl}\n`);
    expect(text).toContain('Seed: 1337');
  });

  it('marks skipped checks, and a declared deviation as skipped with its evidence in system-out', () => {
    const l3 = suites(failingReport())[2]!;
    expect(child(testcase(l3, 'auth.code-20003'), 'skipped')!.getAttribute('message')).toBe('no exchange of this run applied to it');
    const declared = testcase(l3, 'create.timestamps-now');
    expect(child(declared, 'failure')).toBeUndefined();
    expect(child(declared, 'skipped')!.getAttribute('message')).toBe(
      'declared deviation: the staging clock runs 5 minutes behind; fixed by NTP in release 4.2',
    );
    expect(child(declared, 'system-out')!.textContent).toContain('date_created 2026-03-02T10:15:04Z is 308 s before the Date header');
    expect(child(testcase(l3, 'extra-params.ignored'), 'failure')!.getAttribute('type')).toBe('SHOULD');
    expect(testcase(l3, 'echo.fields').childNodes.length).toBe(0);
  });

  it('a passing run has no failure and no skipped element', () => {
    const xml = renderJunit(passingReport());
    expect(xml).not.toMatch(/<failure|<skipped/);
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites')).toBe(true);
  });
});

describe('JUnit XML of a partial run', () => {
  it('says partial in the properties and lists each left-out check as a skipped testcase', async () => {
    // before: `run --only echo.fields` gave one passing testcase and verdict "Conformant at level 3"
    const report = partialReport(['echo.fields']);
    const xml = renderJunit(report);
    expect((await validate(xml)).errors).toEqual([]);
    const root = dom(xml).documentElement;
    expect(root.getAttribute('name')).toBe('trusthub-conformance: POST /v1/CustomerProfiles (partial run)');
    expect(root.getAttribute('tests')).toBe(String(CATALOG.length));
    const all = suites(report);
    expect(all.map((s) => ['tests', 'failures', 'skipped'].map((a) => s.getAttribute(a)))).toEqual([
      [n(1), '0', n(1)],
      [n(2), '0', n(2)],
      [n(3), '0', String(Number(n(3)) - 1)],
    ]);
    const props = Object.fromEntries(elements(all[0]!, 'property').map((p) => [p.getAttribute('name'), p.getAttribute('value')]));
    expect(props).toMatchObject({
      verdict: 'Partial run: level 1 not tested',
      'level.achieved': '0',
      partial: 'true',
      'partial.left-out': CATALOG.filter((c) => c.id !== 'echo.fields').map((c) => c.id).join(','),
      'level.supported': '3',
    });
    expect(props['partial.summary']).toMatch(new RegExp(`^Partial run: ${CATALOG.length - 1} of ${CATALOG.length} catalog checks left out`));
    const notRun = testcase(all[0]!, 'create.status-201');
    expect(notRun.getAttribute('classname')).toBe('customer-profiles.level1');
    expect(child(notRun, 'skipped')!.getAttribute('message')).toBe("not run: left out of this run (--only, --skip or the config's skip)");
    expect(testcase(all[2]!, 'echo.fields').childNodes.length).toBe(0);
  });

  it('a full run has no partial property', () => {
    const names = elements(dom(renderJunit(passingReport())), 'property').map((p) => p.getAttribute('name'));
    expect(names.filter((n) => n!.startsWith('partial') || n === 'level.supported')).toEqual([]);
  });
});

describe('JUnit XML of a run that lacked an input level 3 needs', () => {
  it('says it in the properties in one line, and each check not judged is skipped saying what it needs', async () => {
    // before: every testcase passed or skipped with a reason, and the verdict property said "Conformant at level 3"
    const report = lackingReport();
    const xml = renderJunit(report);
    expect((await validate(xml)).errors).toEqual([]);
    const all = suites(report);
    const props = Object.fromEntries(elements(all[0]!, 'property').map((p) => [p.getAttribute('name'), p.getAttribute('value')]));
    expect(props).toMatchObject({
      verdict: 'Not conformant: level 3 not tested',
      'level.achieved': '2',
      'level.3.not-tested':
        'Level 3 not tested: lookup.other-account-404 needs a second account (--second-account-sid, --second-auth-token); auth.pairs-one-account needs an API key beside the Auth Token (--api-key, --api-secret with --auth-token)',
    });
    const probe = testcase(all[2]!, 'lookup.other-account-404');
    expect(child(probe, 'skipped')!.getAttribute('message')).toBe('not judged: needs a second account (--second-account-sid, --second-auth-token); not run: no second-account');
    expect(Object.keys(props).filter((k) => k.endsWith('.not-tested'))).toEqual(['level.3.not-tested']);
  });
});

describe('JUnit XML stays well-formed whatever the target sends', () => {
  /** What a target can put in a response that an XML writer must not take for markup. */
  const NASTY = ['&e;', '&#0;', '&#x0;', '&#xD800;', '&lt;', '&amp;', '&', ']]>', '<![CDATA[', '\u0000', '\ud800', 'x\udfffy', '\r', '"', "'", '\t'];

  function nastyReport(): Report {
    const report = failingReport();
    const text = NASTY.join(' ');
    for (const check of report.checks) {
      check.title = `${check.title} ${text}`;
      if (check.skipReason) check.skipReason += ` ${text}`;
      const c = check.firstFailure;
      if (!c) continue;
      c.message += ` ${text}`;
      c.caseLabel += ` ${text}`;
      c.request.body += text;
      c.curl += ` ${text}`;
      if (c.response) {
        c.response.body = `{"friendly_name":"${text}"}`;
        c.response.statusText += text;
        c.response.headers['x-nasty'] = text;
      }
    }
    report.target.url += `/?q=${text}`;
    report.certificate.rerun += ` ${text}`;
    report.incomplete = { reason: text };
    return report;
  }

  it('validates against the XSD with entity-like text, NUL, lone surrogates and ]]> in every field', async () => {
    // before: "&e;" and "&#0;" reached the file as an undefined entity and an illegal character reference
    const xml = renderJunit(nastyReport());
    const result = await validate(xml);
    expect(result.errors).toEqual([]);
    expect(result.valid).toBe(true);
    expect(xml).not.toMatch(/&e;|&#0;|&#x0;|&#xD800;/);
  });

  it('keeps entity-like text as text: libxml2 reads back exactly what was sent (cleaned of what XML forbids)', async () => {
    // canonical XML (C14N) is libxml2's reading of the file, written with a fixed, small set of escapes
    const { normalized } = await validateXML({ xml: [{ fileName: 'junit.xml', contents: renderJunit(nastyReport()) }], normalization: 'c14n' });
    const unC14n = (s: string) =>
      s.replace(/&(amp|lt|gt|quot|#x9|#xA|#xD);/g, (_m, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#x9': '\t', '#xA': '\n', '#xD': '\r' })[e]!);
    const message = unC14n(/<failure message="([^"]*)"/.exec(normalized)![1]!);
    expect(message).toContain('&e; &#0; &#x0; &#xD800; &lt; &amp; & ]]> <![CDATA[ ␀ \ufffd x\ufffdy');
    const body = unC14n(/<failure [^>]*>([^<]*)</.exec(normalized)![1]!);
    expect(body).toContain('{"friendly_name":"&e; &#0; &#x0; &#xD800; &lt; &amp; & ]]> <![CDATA[ ␀ \ufffd x\ufffdy \r " \' \t"}');
  });
});
