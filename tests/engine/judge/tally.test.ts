import { describe, expect, it } from 'vitest';
import { CHECKS } from '../../../engine/checks/index.ts';
import { Tally } from '../../../engine/judge/tally.ts';
import { exchangeOf, response, TOKEN, validCaseOf } from '../../helpers/exchange.ts';

const tally = () => new Tally(CHECKS, { secrets: [TOKEN], apiKey: false });

describe('Tally counterexamples', () => {
  it('redact a body before cutting it: a secret across the cut leaves nothing of itself', () => {
    const pct = [...TOKEN].map((c) => `%${c.charCodeAt(0).toString(16)}`).join('');
    for (const at of [4096 - 10, 4096 - 40, 4096 - 1]) {
      const body = `${'x'.repeat(at)}${pct}${'y'.repeat(100)}`;
      const c = tally().counterexample('leak', exchangeOf(validCaseOf(), response(201, body)), false);
      expect(c.response!.body).not.toContain(pct.slice(0, 9));
      expect(c.response!.body.length).toBeLessThanOrEqual(4097);
    }
  });

  it('redact the status text, header names and values, and a transport error', () => {
    const res = { ...response(201, '{}', { [`x-${TOKEN}`]: 'a', 'x-b': TOKEN.toUpperCase() }), statusText: `OK ${encodeURIComponent(TOKEN)}` };
    const c = tally().counterexample('m', exchangeOf(validCaseOf(), res), false);
    expect(JSON.stringify(c).toLowerCase()).not.toContain(TOKEN.toLowerCase());
    const e = tally().counterexample('m', exchangeOf(validCaseOf(), undefined, { error: { code: 'X', message: `bad ${TOKEN}` } }), false);
    expect(e.error).toEqual({ code: 'X', message: 'bad [redacted]' });
  });

  it('keep a long body cut at 4 KiB with its tail marked', () => {
    const c = tally().counterexample('m', exchangeOf(validCaseOf(), response(201, 'z'.repeat(200_000))), false);
    expect(c.response!.body).toBe(`${'z'.repeat(4096)}…`);
  });
});
