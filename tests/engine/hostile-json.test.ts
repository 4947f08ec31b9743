/**
 * Any JSON a target sends is judged in bounded time and never stops the run: a body nests as deep as
 * it likes (5,000-deep objects, 400,000-deep arrays), repeats members, holds numbers past a double's
 * range. Before: a 201 nested 5,000 deep overflowed the stack in a judge (exit 70, no report).
 */
import { describe, expect, it } from 'vitest';
import { jsonDepth, jsonShape, MAX_JSON_DEPTH, readJson, TOO_DEEP } from '../../contracts/answer.ts';
import { CHECKS } from '../../engine/checks/index.ts';
import { jsonText, show } from '../../engine/checks/util.ts';
import { buildReport } from '../../engine/judge/report.ts';
import { liveImbalance } from '../../engine/run/live.ts';
import { runSuite } from '../../engine/run/run.ts';
import { renderJson } from '../../reports/json.ts';
import { type Exchanged, startAccount } from '../helpers/account-server.ts';
import { HOSTILE_CREDENTIALS as credentials } from '../helpers/hostile-server.ts';

const deepObject = (n: number) => `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`;
const deepArray = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;

describe('reading an answer as JSON', () => {
  it('measures nesting in one pass, skipping brackets inside strings', () => {
    expect(jsonDepth('{"a": [1, {"b": "[[[{{{"}], "c": "\\"]"}')).toBe(3);
    expect(jsonDepth(deepArray(400_000), MAX_JSON_DEPTH)).toBe(MAX_JSON_DEPTH + 1);
    expect(jsonDepth('"\\\\"[')).toBe(1);
  });

  it('counts the member names of every object, never a colon inside a string', () => {
    expect(jsonShape('{"a:b": "c:d", "e": [{"f\\":": 1}, ":"], "g": {}}')).toEqual({ depth: 3, members: 4, escapedName: true });
    expect(jsonShape('[1, "x", {"a": 1, "a": 2}]')).toEqual({ depth: 2, members: 2, escapedName: false });
    expect(jsonShape('{"a": "\\\\", "b\\n": 1}').escapedName).toBe(true);
    expect(jsonShape('{"a\\\\b": 0}').escapedName).toBe(true);
    expect(jsonShape('{"a": "x\\"y", "b": "\\\\"}').escapedName).toBe(false);
    expect(readJson('{"a":1,"b":{"c":[1,2]}}')).toEqual({ json: { a: 1, b: { c: [1, 2] } }, members: 3 });
  });

  it('reads no deeper than MAX_JSON_DEPTH and says what the body is judged as', () => {
    expect(readJson(deepObject(MAX_JSON_DEPTH))).toEqual({ json: JSON.parse(deepObject(MAX_JSON_DEPTH)), members: MAX_JSON_DEPTH });
    expect(readJson(deepObject(MAX_JSON_DEPTH + 1))).toEqual({ jsonError: TOO_DEEP });
    expect(readJson(deepArray(400_000)).jsonError).toMatch(/^the body nests deeper than 128 levels: judged as a body that is not JSON/);
    expect(readJson('')).toEqual({ jsonError: 'empty body' });
    expect(readJson('{"a":').jsonError).toBeDefined();
  });

  it('shows numbers past a double and values nested past the stack without throwing', () => {
    const v = readJson('{"status": 1e400, "code": -1e999}').json as Record<string, number>;
    expect(show(v.status)).toBe('Infinity (a number beyond the range of a double)');
    expect(show(v.code)).toBe('-Infinity (a number beyond the range of a double)');
    // a value built otherwise than by reading an answer
    let deep: unknown = 1;
    for (let i = 0; i < 200_000; i++) deep = [deep];
    expect(jsonText(deep)).toBe('(a value nested too deep to show)');
    expect(show(deep)).toBe('(a value nested too deep to show)');
  });
});

describe('a run against a target whose 201s nest deep', () => {
  const cases: Array<[string, string]> = [
    ['a member nested 5,000 deep', deepObject(5_000)],
    ['an array nested 400,000 deep', deepArray(400_000)],
    ['a member repeated, numbers past a double', '"sid": "BU0", "status": 1e400, "errors": [-1e999]'],
  ];
  for (const [what, deep] of cases) {
    it(`${what}: judged, the report written, the profiles deleted`, async () => {
      const plant = (x: Exchanged) => {
        if (x.method !== 'POST' || x.answer.status !== 201) return 'pass' as const;
        const body = x.answer.body.toString('utf8');
        // members planted last win over the real ones (JSON.parse keeps the last of a repeated name)
        return { status: 201, body: deep.startsWith('"') ? `${body.slice(0, body.lastIndexOf('}'))}, ${deep}}` : body.replace('{', `{"deep": ${deep}, `) };
      };
      const account = await startAccount({ twist: plant });
      try {
        const run = await runSuite({ targetUrl: account.url, credentials, seed: 5, runs: 2, concurrency: 4, timeoutMs: 5000, maxResponseBytes: 2 * 1024 * 1024, checks: CHECKS, cleanup: true });
        if (deep.startsWith('"')) {
          expect(run.tally.firstFailure('response.unique-members')!.message).toContain('repeats the member "sid"');
          expect(run.tally.firstFailure('resource.schema')!.message).toContain('/status');
        } else expect(run.tally.firstFailure('resource.schema')!.message).toContain('nests deeper than 128 levels');
        const report = buildReport(run, { targetUrl: account.url, embedded: false, seed: 5, runs: 2, requiredLevel: 3, concurrency: 4, timeoutMs: 5000, rerun: 'test' });
        expect(JSON.parse(renderJson(report)).verdict.conformant).toBe(false);
        // a 201 whose sid cannot be read is still the run's: the list shows it, the cleanup deletes it
        expect(liveImbalance(run.live!)).toBeUndefined();
        expect(account.left()).toBe(0);
      } finally {
        await account.close();
      }
    });
  }
});
