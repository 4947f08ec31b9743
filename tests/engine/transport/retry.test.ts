import { describe, expect, it } from 'vitest';
import type { HttpResult } from '../../../engine/transport/http.ts';
import { type Clock, CreateBudget, RateLimiter, slotOutcome } from '../../../engine/transport/limit.ts';
import { backoffMs, DEFAULT_RETRY_POLICY, parseRetryAfter, type RetryPolicy, retryReason, sendWithRetry, sleep } from '../../../engine/transport/retry.ts';

const answer = (status: number, headers: Record<string, string> = {}): HttpResult => ({
  ok: true,
  response: { status, statusText: '', headers, bodyText: '', json: undefined },
  latencyMs: 1,
  receivedAt: 0,
});
const failure = (code: string): HttpResult => ({ ok: false, error: { code, message: code }, latencyMs: 1, receivedAt: 0 });

/** A clock whose sleeps pass instantly, advancing virtual time. */
function virtualClock(): Clock & { slept: number[] } {
  let t = 1_000_000;
  const slept: number[] = [];
  return {
    slept,
    now: () => t,
    sleep: async (ms) => {
      slept.push(ms);
      t += ms;
      return true;
    },
  };
}

describe('Retry-After', () => {
  const now = Date.parse('2026-11-27T10:00:00Z');
  it.each([
    ['0', 0],
    ['3', 3000],
    [' 120 ', 120_000],
    ['Fri, 27 Nov 2026 10:00:05 GMT', 5000],
    ['Friday, 27-Nov-26 10:00:02 GMT', 2000],
    ['Fri Nov 27 10:00:01 2026', 1000],
    ['Fri, 27 Nov 2026 09:00:00 GMT', 0],
  ])('reads %j as %d ms', (value, ms) => {
    expect(parseRetryAfter(value, now)).toBe(ms);
  });

  it.each([[undefined], [''], ['1.5'], ['-1'], ['soon'], ['Fri, 99 Nov 2026 xx GMT']])('ignores %j', (value) => {
    expect(parseRetryAfter(value, now)).toBeUndefined();
  });
});

describe('backoff', () => {
  const policy: RetryPolicy = { retries: 5, maxTotalMs: 60_000, baseMs: 100, capMs: 1000 };
  it('grows exponentially under a cap, with full jitter', () => {
    expect([0, 1, 2, 3, 4, 5].map((r) => backoffMs(r, policy, () => 0.999_999))).toEqual([99, 199, 399, 799, 999, 999]);
    expect(backoffMs(3, policy, () => 0)).toBe(0);
    expect(backoffMs(2, policy, () => 0.5)).toBe(200);
  });
});

describe('retryReason', () => {
  it('retries 429, 503 and connection resets, nothing else', () => {
    expect(retryReason(answer(429))).toBe(429);
    expect(retryReason(answer(503))).toBe(503);
    expect(retryReason(failure('ECONNRESET'))).toBe('reset');
    expect(retryReason(failure('UND_ERR_SOCKET'))).toBe('reset');
    for (const r of [answer(200), answer(201), answer(400), answer(500), answer(502), failure('ECONNREFUSED'), failure('UND_ERR_HEADERS_TIMEOUT'), failure('TIMEOUT')]) {
      expect(retryReason(r)).toBeUndefined();
    }
  });
});

describe('sendWithRetry', () => {
  const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, retries: 3, baseMs: 1, capMs: 2 };
  const scripted = (answers: HttpResult[]) => {
    let i = 0;
    const fn = async () => answers[Math.min(i++, answers.length - 1)]!;
    return { fn, calls: () => i };
  };

  it('retries until a final answer and returns only that one', async () => {
    const s = scripted([answer(503), failure('ECONNRESET'), answer(429, { 'retry-after': '0' }), answer(201)]);
    const r = await sendWithRetry(s.fn, policy);
    expect(r?.retries).toBe(3);
    expect(r?.result.ok && r.result.response.status).toBe(201);
    expect(s.calls()).toBe(4);
  });

  it('stops at the retry bound and gives the last answer', async () => {
    const s = scripted([answer(503)]);
    const r = await sendWithRetry(s.fn, { ...policy, retries: 2 });
    expect(r?.retries).toBe(2);
    expect(s.calls()).toBe(3);
    expect(r?.result.ok && r.result.response.status).toBe(503);
  });

  it('does not retry when Retry-After would outlast the time bound', async () => {
    const s = scripted([answer(429, { 'retry-after': '3600' }), answer(201)]);
    const paused: number[] = [];
    const r = await sendWithRetry(s.fn, { ...policy, maxTotalMs: 30_000 }, { onRetryAfter: (ms) => paused.push(ms) });
    expect(r?.retries).toBe(0);
    expect(s.calls()).toBe(1);
    expect(paused).toEqual([]);
  });

  it('passes a Retry-After on to every sender and waits at least that long', async () => {
    const s = scripted([answer(429, { 'retry-after': '0' }), answer(201)]);
    const paused: number[] = [];
    await sendWithRetry(s.fn, policy, { onRetryAfter: (ms) => paused.push(ms) });
    expect(paused).toEqual([0]);
  });

  it('does not retry other answers', async () => {
    for (const first of [answer(500), answer(400), failure('ECONNREFUSED')]) {
      const s = scripted([first, answer(201)]);
      expect((await sendWithRetry(s.fn, policy))?.retries).toBe(0);
    }
  });

  it('stops waiting when the run is interrupted, keeping the last answer', async () => {
    const controller = new AbortController();
    const s = scripted([answer(429, { 'retry-after': '20' }), answer(201)]);
    const pending = sendWithRetry(s.fn, policy, { signal: controller.signal });
    setTimeout(() => controller.abort('SIGINT'), 10);
    const r = await pending;
    expect(r?.retries).toBe(0);
    expect(r?.result.ok && r.result.response.status).toBe(429);
  });

  it('sends nothing when the first turn is refused, and respects a veto', async () => {
    const s = scripted([answer(201)]);
    expect(await sendWithRetry(s.fn, policy, { beforeAttempt: async () => false })).toBeUndefined();
    expect(s.calls()).toBe(0);
    const t = scripted([failure('ECONNRESET'), answer(201)]);
    const r = await sendWithRetry(t.fn, policy, { mayRetry: (reason) => reason !== 'reset' });
    expect(r?.retries).toBe(0);
    expect(t.calls()).toBe(1);
  });
});

describe('RateLimiter', () => {
  it('spaces requests at 1/rps with no burst', async () => {
    const clock = virtualClock();
    const limiter = new RateLimiter(4, clock);
    const start = clock.now();
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      await limiter.acquire();
      times.push(clock.now() - start);
    }
    expect(times).toEqual([0, 250, 500, 750, 1000]);
  });

  it('holds every sender during a pause the target asked for', async () => {
    const clock = virtualClock();
    const limiter = new RateLimiter(undefined, clock);
    const start = clock.now();
    await limiter.acquire();
    limiter.pause(2000);
    await limiter.acquire();
    expect(clock.now() - start).toBe(2000);
    await limiter.acquire();
    expect(clock.now() - start).toBe(2000);
  });

  it('says no when interrupted', async () => {
    const controller = new AbortController();
    controller.abort();
    expect(await new RateLimiter(1).acquire(controller.signal)).toBe(false);
  });
});

describe('CreateBudget', () => {
  it('never lets reservations exceed the budget, and keeps a slot for refusals', () => {
    const b = new CreateBudget(3);
    expect(b.heldForRefusals).toBe(1);
    expect(b.tryReserve('create')).toBe(true);
    expect(b.tryReserve('create')).toBe(true);
    expect(b.tryReserve('create')).toBe(false);
    expect(b.tryReserve('probe')).toBe(true);
    expect(b.tryReserve('probe')).toBe(false);
    b.settle('created');
    b.settle('created');
    b.settle('none');
    expect(b.creates).toBe(2);
    expect(b.spent('create')).toBe(true);
    expect(b.spent('probe')).toBe(false);
    expect(b.tryReserve('probe')).toBe(true);
    b.settle('unknown');
    expect(b.uncertain).toBe(1);
    expect(b.spent('probe')).toBe(true);
  });

  it('a budget of 1 goes to whichever POST comes first', () => {
    const b = new CreateBudget(1);
    expect(b.heldForRefusals).toBe(0);
    expect(b.tryReserve('create')).toBe(true);
    expect(b.tryReserve('probe')).toBe(false);
  });

  it('waiters get a slot when one comes back, and give up when the budget is spent', async () => {
    const b = new CreateBudget(2);
    expect(await b.reserve('create')).toBe(true);
    expect(await b.reserve('probe')).toBe(true);
    const probe = b.reserve('probe');
    const create = b.reserve('create');
    b.settle('none'); // the probe's slot comes back: one waiter gets it
    b.settle('created'); // the create slot is spent: creates can no longer be sent
    expect(await create).toBe(false);
    expect(await probe).toBe(true);
    expect(b.pending).toBe(1);
  });

  it('holds a refusal\'s slot until a list read shows whether it stored, and reads the list when slots run out', async () => {
    const b = new CreateBudget(2);
    let reads = 0;
    let storedNext = 1;
    b.check = async () => {
      reads++;
      // the first read shows the refusal stored a profile, the next ones show nothing stored
      b.settleHeld(storedNext, b.held - storedNext);
      storedNext = 0;
    };
    expect(await b.reserve('probe')).toBe(true);
    b.settle('refused');
    expect(b.held).toBe(1);
    expect(await b.reserve('probe')).toBe(true);
    b.settle('refused');
    // both slots held by refusals: the next reservation reads the list first
    expect(b.tryReserve('probe')).toBe(false);
    expect(await b.reserve('probe')).toBe(true);
    expect(reads).toBe(1);
    expect(b.creates).toBe(1);
    expect(b.held).toBe(0);
    b.settle('none');
    expect(b.spent('probe')).toBe(false);
    b.settleHeld(0, 0, 0);
    // without a list to read, a refusal gives its slot back at once
    const blind = new CreateBudget(1);
    expect(await blind.reserve('probe')).toBe(true);
    blind.settle('refused');
    expect(blind.held).toBe(0);
    expect(blind.tryReserve('probe')).toBe(true);
  });

  it('counts refusals a list read could not check as uncertain', () => {
    const b = new CreateBudget(3);
    b.check = async () => undefined;
    expect(b.tryReserve('probe')).toBe(true);
    b.settle('refused');
    b.settleHeld(0, 0, 1);
    expect(b.uncertain).toBe(1);
    expect(b.held).toBe(0);
  });

  it('rejects a budget below 1', () => {
    expect(() => new CreateBudget(0)).toThrow(RangeError);
  });

  it('counts a 2xx as a create, a 4xx as a refusal a list read checks, and any other answer or a lost one as unknown unless it never arrived', () => {
    expect(slotOutcome(answer(201))).toBe('created');
    expect(slotOutcome(answer(200))).toBe('created');
    expect(slotOutcome(answer(400))).toBe('refused');
    expect(slotOutcome(answer(429))).toBe('refused');
    // a 5xx or a 3xx after a create: the target may have stored it
    expect(slotOutcome(answer(500))).toBe('unknown');
    expect(slotOutcome(answer(503))).toBe('unknown');
    expect(slotOutcome(answer(303))).toBe('unknown');
    // the tool's own machine failed: the request never left
    expect(slotOutcome(failure('EMFILE'))).toBe('none');
    expect(slotOutcome(failure('ECONNRESET'))).toBe('unknown');
    expect(slotOutcome(failure('UND_ERR_HEADERS_TIMEOUT'))).toBe('unknown');
    expect(slotOutcome(failure('ECONNREFUSED'))).toBe('none');
    expect(slotOutcome(failure('DEPTH_ZERO_SELF_SIGNED_CERT'))).toBe('none');
    expect(slotOutcome(failure('UNABLE_TO_VERIFY_LEAF_SIGNATURE'))).toBe('none');
  });
});

describe('sleep', () => {
  it('waits longer than a Node timer can hold (--rps 0.0000001) without a warning or firing at once', async () => {
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.name);
    process.on('warning', onWarning);
    try {
      const controller = new AbortController();
      let passed: boolean | undefined;
      const waiting = sleep(1000 / 0.0000001, controller.signal).then((r) => {
        passed = r;
        return r;
      });
      // a timer of more than 2^31-1 ms fires after 1 ms instead: it would have by now
      await new Promise((resolve) => setTimeout(resolve, 30));
      expect(passed).toBeUndefined();
      controller.abort();
      expect(await waiting).toBe(false);
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings).not.toContain('TimeoutOverflowWarning');
    } finally {
      process.off('warning', onWarning);
    }
  });
});
