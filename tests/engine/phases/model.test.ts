/**
 * The account model phase (engine/phases/model/model.ts): the same commands for the same seed, inside
 * the create budget (what the plan's cases leave it), blind to every profile but its own (parallel
 * shards on one account never flag it), and a failing sequence shrunk, every request of it shown.
 */
import { describe, expect, it } from 'vitest';
import type { Reply } from '../../../contracts/exchange.ts';
import { CHECKS } from '../../../engine/checks/index.ts';
import { filtersOf } from '../../../engine/phases/model/execution.ts';
import { MAX_MODEL_SEQUENCES, modelSequences } from '../../../engine/phases/model/model.ts';
import { plannedCreates } from '../../../engine/plan/plan.ts';
import { type RunOptions, runSuite } from '../../../engine/run/run.ts';
import { startMock } from '../../../mock/index.ts';
import { certifyMock, MOCK_CREDENTIALS } from '../../helpers/certify.ts';
import { startHostile } from '../../helpers/hostile-server.ts';

const MODEL_RULES = ['account.model', 'list.exact', 'account.list-paging', 'reject.no-trace'];

/** Run the suite against a target, keeping every answer of the model phase. */
async function runModel(target: { url: string }, o: Partial<RunOptions> = {}) {
  const answers: Reply[] = [];
  const result = await runSuite({
    targetUrl: target.url,
    credentials: MOCK_CREDENTIALS,
    seed: 7,
    runs: 2,
    concurrency: 4,
    timeoutMs: 5000,
    checks: CHECKS,
    coverage: false,
    followUps: 0,
    ...o,
    onReply: (reply) => {
      if (reply.purpose.startsWith('account model')) answers.push(reply);
    },
  });
  return { result, answers };
}

/** The requests, with the sids the server chose (and the page tokens after them) written alike. */
const requests = (answers: readonly Reply[]) =>
  answers.map((a) => `${a.request.method} ${a.request.url.replace(/^https?:\/\/[^/]+/, '')} ${a.request.body}`.replace(/BU[0-9a-f]{32}/g, 'BU…'));

const modelCreates = (answers: readonly Reply[]) => answers.filter((a) => a.route === 'create' && (a.response?.status ?? 0) < 300 && (a.response?.status ?? 0) >= 200).length;

describe('the model phase', () => {
  it('sends the same commands for the same seed, and others for another seed', async () => {
    const runs = await Promise.all(
      [7, 7, 8].map(async (seed) => {
        const mock = await startMock({ port: 0 });
        try {
          return requests((await runModel(mock, { seed })).answers);
        } finally {
          await mock.close();
        }
      }),
    );
    expect(runs[0]!.length).toBeGreaterThan(20);
    expect(runs[1]).toEqual(runs[0]);
    expect(runs[2]).not.toEqual(runs[0]);
    // creates, fetches, lists (PageSize from the seed, pages followed by next_page_url) and deletes
    const all = runs[0]!.join('\n');
    for (const pattern of [/^POST \/v1\/CustomerProfiles /m, /^GET \/v1\/CustomerProfiles\/BU/m, /^GET \/v1\/CustomerProfiles\?PageSize=\d+ /m, /PageToken=PA\d+/, /^DELETE \/v1\/CustomerProfiles\/BU/m]) {
      expect(all).toMatch(pattern);
    }
  });

  it('judges every command by the rules of the model and leaves the account as it found it', async () => {
    const mock = await startMock({ port: 0 });
    try {
      const { result, answers } = await runModel(mock, { checks: CHECKS.filter((c) => MODEL_RULES.includes(c.id)) });
      for (const id of MODEL_RULES) expect(result.tally.byCheck.get(id), id).toMatchObject({ failed: 0 });
      expect(result.tally.byCheck.get('account.model')!.passed).toBeGreaterThan(10);
      expect(result.tally.byCheck.get('account.list-paging')!.passed).toBeGreaterThan(2);
      // every profile the model created it also deleted; what is left is the plan's
      expect(modelCreates(answers)).toBeGreaterThan(4);
      expect(result.live!.deletedByChecks).toBe(modelCreates(answers));
      expect(mock.profileCount()).toBe(result.live!.creates - modelCreates(answers));
    } finally {
      await mock.close();
    }
  });

  it('sends nothing when no rule of the model is selected', async () => {
    const mock = await startMock({ port: 0 });
    try {
      const { answers } = await runModel(mock, { checks: CHECKS.filter((c) => c.id === 'create.status-201') });
      expect(answers).toEqual([]);
    } finally {
      await mock.close();
    }
  });
});

describe('how many sequences a run sends', () => {
  it('one per 50 runs, at least 2 and at most MAX_MODEL_SEQUENCES: each reads the whole list after every command', () => {
    expect([1, 2, 100, 101, 450, 451, 2000, 1e6].map(modelSequences)).toEqual([2, 2, 2, 3, 9, MAX_MODEL_SEQUENCES, MAX_MODEL_SEQUENCES, MAX_MODEL_SEQUENCES]);
    expect(MAX_MODEL_SEQUENCES).toBe(10);
  });
});

describe('the create budget, counted by the server', () => {
  const planOpts = { seed: 7, runs: 2, generators: {}, coverage: false };

  it('the model creates only what the plan leaves it (the budget less the plan and the slot for refusals)', async () => {
    const leftover = 6;
    const maxCreates = plannedCreates(planOpts) + 1 + leftover;
    const h = await startHostile('faithful');
    try {
      const { result, answers } = await runModel(h, { maxCreates });
      expect(modelCreates(answers)).toBeGreaterThan(0);
      expect(modelCreates(answers)).toBeLessThanOrEqual(leftover);
      expect(h.created).toBeLessThanOrEqual(maxCreates);
      expect(h.created).toBe(result.live!.creates);
      // the plan's cases were all sent
      expect(result.live!.notSent).toBe(0);
    } finally {
      await h.close();
    }
  });

  it('no create at all when the plan needs the whole budget', async () => {
    const h = await startHostile('faithful');
    try {
      const { answers } = await runModel(h, { maxCreates: 3 });
      expect(answers.filter((a) => a.route === 'create')).toEqual([]);
      expect(h.created).toBeLessThanOrEqual(3);
    } finally {
      await h.close();
    }
  });

  it('a refused create the target stored anyway spends the budget and is deleted by the cleanup', async () => {
    const h = await startHostile('faithful', { mock: { fault: 'stores-rejected' } });
    try {
      const { result } = await runModel(h, { checks: CHECKS.filter((c) => MODEL_RULES.includes(c.id)), cleanup: true });
      expect(result.tally.byCheck.get('reject.no-trace')!.failed).toBeGreaterThan(0);
      expect(result.live!.storedByRefusals).toBeGreaterThan(0);
      expect(result.live!.cleanup?.failed).toEqual([]);
    } finally {
      await h.close();
    }
  });
});

describe('parallel shards of one certification on one account', () => {
  it('never flag each other: the model judges only the profiles its own sequences created', async () => {
    const mock = await startMock({ port: 0 });
    try {
      const count = 4;
      const runs = 100;
      let othersCreated = 0;
      // shard 1 runs the sequences (like the fixed cases); the other shards create and delete in the same account meanwhile
      const shards = await Promise.all(
        Array.from({ length: count }, (_, i) =>
          runModel(mock, { runs, shard: { index: i + 1, count }, followUps: 2, onCreated: () => { if (i > 0) othersCreated++; } }),
        ),
      );
      for (const { result } of shards) for (const id of MODEL_RULES) expect(result.tally.byCheck.get(id)?.failed, id).toBe(0);
      expect(shards[0]!.result.tally.byCheck.get('list.exact')!.passed).toBeGreaterThan(4);
      const sequences = new Set(shards[0]!.answers.map((a) => /sequence (\d+)/.exec(a.purpose)?.[1]));
      expect(sequences.size).toBe(modelSequences(runs));
      for (const { answers } of shards.slice(1)) expect(answers).toEqual([]);
      expect(othersCreated).toBeGreaterThan(100);
    } finally {
      await mock.close();
    }
  });
});

describe('a failing sequence', () => {
  it('shrinks to a shorter one that still fails, and the failure shows every request of it in order', async () => {
    const report = await certifyMock({ fault: 'list-page-skips' }, { seed: 3, runs: 2, coverage: false });
    const check = report.checks.find((c) => c.id === 'list.exact')!;
    expect(check.status).toBe('fail');
    const failure = check.firstFailure!;
    expect(failure.shrunk).toBe(true);
    const [, from, to] = /shrunk from (\d+) to (\d+) commands/.exec(failure.message)!;
    expect(Number(to)).toBeLessThan(Number(from));
    const lines = failure.message.split('\n').filter((l) => /^ {2}\d+\. /.test(l));
    expect(lines.length).toBeGreaterThanOrEqual(Number(to));
    expect(lines.some((l) => /GET \/v1\/CustomerProfiles\?PageSize=1&Page=1&PageToken=PA\d+ → 200/.test(l))).toBe(true);
    // the evidence is the last page of the walk that lost a profile, with a command that replays it
    expect(failure.request.url).toMatch(/PageToken=PA\d+/);
    expect(failure.curl).toMatch(/^curl /);
  });
});

describe('filtersOf: what the audit lists by after reading every live profile again', () => {
  const P = 'RN0123456789abcdef0123456789abcdef';
  const live = (name: string, policy = P, sid = `BU${'0'.repeat(31)}${name.length % 10}`) => ({ sid, fields: { FriendlyName: name, Email: 'e@x.test', PolicySid: policy }, by: 1 });
  it('takes the first eight names a query can carry, then each PolicySid once', () => {
    const names = ['Acme', '😀 + %41', '\ud800 lone', 'x'.repeat(3000), ...Array.from({ length: 9 }, (_, i) => `n${i}`)];
    const filters = filtersOf(names.map((n, i) => live(n, i === 1 ? 'RN0123456789abcdef0123456789abcdee' : P)));
    expect(filters.filter((f) => f.param === 'FriendlyName').map((f) => f.value)).toEqual(['Acme', '😀 + %41', 'n0', 'n1', 'n2', 'n3', 'n4', 'n5']);
    expect(filters.filter((f) => f.param === 'PolicySid').map((f) => f.value)).toEqual([P, 'RN0123456789abcdef0123456789abcdee']);
  });
});
