import { describe, expect, it } from 'vitest';
import { validateCreateRequest, validateCustomerProfile } from '../../contracts/validators.ts';
import { readBackIndices } from '../../engine/phases/follow-ups.ts';
import { plan } from '../../engine/plan/plan.ts';
import { JSON_UNDER_FORM_TYPE_RULE } from '../../contracts/exchange.ts';
import { coverageRows, textExpectation } from '../../generators/index.ts';

const COVERAGE_EMAIL = 'coverage@example.com';

const rows = coverageRows();
/** What a WHATWG form parser reads from a body: the first value of each name (of the four, unless `all`). */
const read = (body: string, all = false): Record<string, string> => {
  const out: Record<string, string> = {};
  for (const [n, v] of new URLSearchParams(body)) if (all || ['FriendlyName', 'Email', 'PolicySid', 'StatusCallback'].includes(n)) out[n] ??= v;
  return out;
};

describe('coverage tables', () => {
  it('stay within the budget of the default run (150 to 300 requests), every row labelled, with a rule and a source', () => {
    expect(rows.length).toBeGreaterThanOrEqual(150);
    // 260 since red team r6's rows (User-Agents, Expect, multipart, Accept-Language), 270 since r7's (normalization forms, Content-Type parameters): each is one create of a few ms
    // 300 since r9's (markup and SQL in FriendlyName, trailing-dot callback hosts)
    expect(rows.length).toBeLessThanOrEqual(300);
    expect(new Set(rows.map((r) => r.case.label)).size).toBe(rows.length);
    for (const r of rows) {
      expect(r.case.category).toBe('coverage');
      expect(r.case.expect).toBe(r.expect);
      expect(r.case.rule).toBe(r.rule);
      expect(r.source.length).toBeGreaterThan(10);
      expect(r.shown.length).toBeGreaterThan(0);
    }
  });

  /** The fields of a multipart/form-data body: each part's name and value. */
  const readParts = (body: string, boundary: string): Record<string, string> => {
    expect(body.endsWith(`--${boundary}--\r\n`)).toBe(true);
    const parts = body.split(`--${boundary}`).slice(1, -1);
    return Object.fromEntries(parts.map((p) => [/name="([^"]*)"/.exec(p)![1]!, p.slice(p.indexOf('\r\n\r\n') + 4, -2)]));
  };

  it('encode exactly: a form parser reads every create (and every echo-judged maybe) as its fields', () => {
    for (const r of rows.filter((x) => x.expect === 'create' || x.case.echoWhenCreated)) {
      // a multipart body (the row of curl -F) holds the fields as its parts
      const boundary = /^multipart\/form-data; boundary=(.+)$/.exec(r.case.contentType ?? '')?.[1];
      expect(boundary === undefined ? read(r.case.body) : readParts(r.case.body, boundary), r.case.label).toEqual(r.case.fields);
    }
  });

  it('ask a create only of requests the contract allows, and a refusal only of requests it forbids', () => {
    for (const r of rows.filter((x) => x.expect === 'create')) expect(validateCreateRequest(read(r.case.body)), r.case.label).toBe(true);
    for (const r of rows.filter((x) => x.expect === 'reject')) {
      const fields = read(r.case.body);
      const emptyHost = /^https?:\/\/\//.test(fields.StatusCallback ?? '');
      expect(validateCreateRequest(fields) && !emptyHost, r.case.label).toBe(false);
    }
  });

  it('make each PolicySid digit position non-hex once, and put each whitespace kind on each side', () => {
    const sids = rows.filter((r) => r.parameter === 'PolicySid').map((r) => read(r.case.body).PolicySid ?? '');
    for (let at = 2; at < 34; at++) {
      expect(sids.some((s) => s.length === 34 && s.startsWith('RN') && !/[0-9a-fA-F]/.test(s[at]!) && /^[0-9a-fA-F]*$/.test(s.slice(2, at) + s.slice(at + 1))), `position ${at}`).toBe(true);
    }
    for (const ws of [' ', '\t', '\n', '\r\n', '\u0000', '\u00a0']) {
      expect(sids.some((s) => s.startsWith(ws) && s.slice(ws.length).startsWith('RN')), JSON.stringify(ws)).toBe(true);
      expect(sids.some((s) => s.endsWith(ws) && s.startsWith('RN')), JSON.stringify(ws)).toBe(true);
    }
    expect(new Set(sids.map((s) => s.length))).toEqual(new Set([0, 1, 33, 34, 35, 36]));
  });

  it('send a raw ; and escapes that are not UTF-8 as they are', () => {
    expect(rows.some((r) => r.case.body.includes('FriendlyName=Acme;Corp'))).toBe(true);
    for (const esc of ['%80', '%E2%82', '%ED%A0%80', '%C0%AF']) {
      const row = rows.find((r) => r.case.body.endsWith(`FriendlyName=Acme${esc}`));
      expect(row, esc).toMatchObject({ expect: 'either' });
      // once created, the name is the form parser's reading: U+FFFD for each invalid sequence
      expect(row!.case.echoWhenCreated).toBe(true);
      expect(row!.case.fields.FriendlyName).toMatch(/^Acme\uFFFD+$/);
    }
  });

  it('never require a create of an Email that is no address (format checks are not documented)', () => {
    for (const r of rows.filter((x) => x.parameter === 'Email' && x.expect === 'create')) {
      expect(read(r.case.body).Email).toMatch(/^[^@\s;]+@(?:example|gmail|googlemail|outlook|yahoo)\.com$/i);
    }
  });

  it('send Email with a display name and with a comment: refused, or created and echoed whole (a parser that keeps the bare address fails)', () => {
    for (const email of ['Jane Doe <jane@example.com>', '"Doe, Jane" <jane@example.com>', 'jane@example.com (Jane)']) {
      const row = rows.find((r) => r.parameter === 'Email' && read(r.case.body).Email === email);
      expect(row, email).toMatchObject({ expect: 'either', rule: 'echo.exact' });
      expect(row!.case.echoWhenCreated, email).toBe(true);
      expect(row!.case.fields.Email).toBe(email);
    }
  });

  it('send a name with a leading space, a body after a byte order mark and JSON under the form type: each refused, as the parameters are missing', () => {
    const spaced = rows.find((r) => r.case.body.includes('&%20Email='));
    expect(spaced).toMatchObject({ expect: 'reject', case: { missing: ['Email'] } });
    expect(read(spaced!.case.body, true)[' Email']).toBe(COVERAGE_EMAIL);
    const bom = rows.find((r) => r.case.body.startsWith('\ufeffFriendlyName='));
    expect(bom).toMatchObject({ expect: 'reject' });
    expect(Object.keys(read(bom!.case.body, true))[0]).toBe('\ufeffFriendlyName');
    const json = rows.find((r) => r.case.rule === JSON_UNDER_FORM_TYPE_RULE);
    expect(json).toMatchObject({ expect: 'reject', case: { contentType: 'application/x-www-form-urlencoded; charset=UTF-8', missing: ['FriendlyName', 'Email', 'PolicySid'] } });
    expect(JSON.parse(json!.case.body)).toMatchObject({ FriendlyName: 'Coverage Corp', Email: COVERAGE_EMAIL });
  });

  it('never fail an exact echo of a value they let a server create: the resource schema holds it (the either rows decided by the sources)', () => {
    const profile = (f: Record<string, string>) => ({
      sid: `BU${'0'.repeat(32)}`,
      account_sid: `AC${'0'.repeat(32)}`,
      policy_sid: f.PolicySid ?? null,
      friendly_name: f.FriendlyName ?? null,
      status: 'draft',
      email: f.Email ?? null,
      status_callback: f.StatusCallback ?? null,
      date_created: '2026-01-01T00:00:00Z',
      date_updated: '2026-01-01T00:00:00Z',
      url: `https://example.com/v1/CustomerProfiles/BU${'0'.repeat(32)}`,
      valid_until: null,
      links: {},
      errors: null,
    });
    for (const r of rows.filter((x) => x.expect === 'create' || x.case.echoWhenCreated)) {
      expect(validateCustomerProfile(profile(r.case.fields)), `${r.case.label}: ${JSON.stringify(validateCustomerProfile.errors)}`).toBe(true);
    }
    // an IRI would break it: those rows ask for a refusal, and say why
    const iri = rows.filter((r) => r.parameter === 'StatusCallback' && /[^\x00-\x7f]/.test(r.case.fields.StatusCallback ?? ''));
    expect(iri.length).toBeGreaterThanOrEqual(2);
    for (const r of iri) expect(r).toMatchObject({ expect: 'reject', source: expect.stringContaining('RFC 3986 §2') });
  });

  it('cover the Unicode range in FriendlyName: every C0 and C1 control, the BOM, noncharacters, private use, every plane; the expectation is textExpectation', () => {
    const names = rows.filter((r) => r.parameter === 'FriendlyName').map((r) => r.case.fields.FriendlyName ?? '');
    const points = new Set(names.flatMap((n) => [...n].map((c) => c.codePointAt(0)!)));
    for (let cp = 0; cp <= 0x9f; cp++) if (cp < 0x20 || cp >= 0x7f) expect(points.has(cp), `U+${cp.toString(16)}`).toBe(true);
    for (const cp of [0xfeff, 0xfdd0, 0xfffe, 0xffff, 0x10ffff, 0xe000, 0x10fffd, 0x0301, 0x202e, 0x2067, 0x2028]) expect(points.has(cp), `U+${cp.toString(16)}`).toBe(true);
    for (let plane = 0; plane <= 16; plane++) expect([...points].some((cp) => cp >> 16 === plane), `plane ${plane}`).toBe(true);
    for (const r of rows.filter((x) => x.rule === 'echo.exact' && x.parameter === 'FriendlyName')) expect(r.expect, r.case.label).toBe(textExpectation(r.case.fields.FriendlyName!));
  });

  it('send bodies of 64 KiB and more, the long value last so a cut body alters it', () => {
    const sizes = rows.map((r) => Buffer.byteLength(r.case.body));
    expect(sizes).toContain(64 * 1024);
    const over = rows.find((r) => Buffer.byteLength(r.case.body) > 64 * 1024 && r.case.body.split('&').at(-1)!.startsWith('FriendlyName='));
    expect(over).toMatchObject({ expect: 'either' });
  });

  it('send parameters the create does not take: the update Status, case twins, copies and required parameters in the query string', () => {
    const bodies = rows.map((r) => r.case.body);
    expect(bodies.some((b) => /(^|&)Status=twilio-approved/.test(b))).toBe(true);
    expect(bodies.some((b) => /(^|&)Email=.*&email=/.test(b))).toBe(true);
    expect(bodies.some((b) => /(^|&)email=.*&Email=/.test(b))).toBe(true);
    const queried = rows.filter((r) => r.case.query !== undefined);
    expect(queried.some((r) => r.expect === 'either' && read(r.case.query!).FriendlyName && read(r.case.body).FriendlyName)).toBe(true);
    for (const r of queried.filter((x) => x.expect === 'reject')) {
      for (const name of r.case.missing!) {
        expect(read(r.case.body)[name]).toBeUndefined();
        expect(read(r.case.query!)[name]).toBeDefined();
      }
    }
  });

  it('write values each legal way: %20 and + for spaces, escapes in either hex case, raw ; and =, raw UTF-8', () => {
    const bodies = rows.map((r) => r.case.body);
    expect(bodies.some((b) => b.includes('FriendlyName=Acme%20Corp'))).toBe(true);
    expect(bodies.some((b) => /%[0-9a-f]?[a-f]/.test(b))).toBe(true);
    expect(bodies.some((b) => b.includes('FriendlyName=a=b=c'))).toBe(true);
    expect(bodies.some((b) => /FriendlyName=[^&]*[^\x00-\x7f]/.test(b))).toBe(true);
    expect(bodies.some((b) => b.includes('%46riendly%4Eame='))).toBe(true);
  });

  it('keep a create with astral text among the creates read back (the storage faults are judged on them)', () => {
    const entries = [...plan({ seed: 1, runs: 1, generators: {} })];
    const picked = entries.filter((e) => readBackIndices(entries).has(e.index));
    expect(picked.some((e) => /[\u{10000}-\u{10FFFF}]/u.test(e.case.fields.FriendlyName ?? ''))).toBe(true);
  });
});

