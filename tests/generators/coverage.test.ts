import { describe, expect, it } from 'vitest';
import { validateCreateRequest } from '../../contracts/validators.ts';
import { coverageRows } from '../../generators/index.ts';

const rows = coverageRows();
/** What a WHATWG form parser reads from a body: the first value of each name. */
const read = (body: string): Record<string, string> => {
  const out: Record<string, string> = {};
  for (const [n, v] of new URLSearchParams(body)) out[n] ??= v;
  return out;
};

describe('coverage tables', () => {
  it('stay within the budget of the default run (100 to 200 requests), every row labelled, with a rule and a source', () => {
    expect(rows.length).toBeGreaterThanOrEqual(100);
    expect(rows.length).toBeLessThanOrEqual(200);
    expect(new Set(rows.map((r) => r.case.label)).size).toBe(rows.length);
    for (const r of rows) {
      expect(r.case.category).toBe('coverage');
      expect(r.case.expect).toBe(r.expect);
      expect(r.case.rule).toBe(r.rule);
      expect(r.source.length).toBeGreaterThan(10);
      expect(r.shown.length).toBeGreaterThan(0);
    }
  });

  it('encode exactly: a form parser reads every create (and every echo-judged maybe) as its fields', () => {
    for (const r of rows.filter((x) => x.expect === 'create' || x.case.echoWhenCreated)) {
      expect(read(r.case.body), r.case.label).toEqual(r.case.fields);
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
      expect(row!.case.echoWhenCreated).toBeUndefined();
    }
  });

  it('never require a create of an Email that is no address (format checks are not documented)', () => {
    for (const r of rows.filter((x) => x.parameter === 'Email' && x.expect === 'create')) {
      expect(read(r.case.body).Email).toMatch(/^[^@\s;]+@example\.com$/);
    }
  });
});
