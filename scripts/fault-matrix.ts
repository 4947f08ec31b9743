/**
 * Prints the fault matrix as a Markdown table: each named fault of the reference mock, the rule
 * it breaks, the check that must catch it, and what the suite concluded. `npm run fault-matrix`.
 */
import { DEFAULT_ACCOUNT_SID, DEFAULT_AUTH_TOKEN, FAULTS, startMock } from '../mock/index.ts';
import { CHECKS } from '../engine/checks/index.ts';
import { buildReport } from '../engine/report.ts';
import { runSuite } from '../engine/run.ts';

const credentials = { accountSid: DEFAULT_ACCOUNT_SID, username: DEFAULT_ACCOUNT_SID, password: DEFAULT_AUTH_TOKEN, kind: 'auth-token' as const };

async function certify(fault?: string) {
  const mock = await startMock({ port: 0, fault });
  try {
    const opts = { targetUrl: mock.url, credentials, seed: 20261127, runs: 25, concurrency: 8, timeoutMs: 5000, checks: CHECKS, publicBaseUrl: mock.publicBaseUrl };
    const result = await runSuite(opts);
    return buildReport(result, { targetUrl: mock.url, embedded: true, seed: opts.seed, runs: opts.runs, requiredLevel: 3, concurrency: 8, timeoutMs: 5000, rerun: '' });
  } finally {
    await mock.close();
  }
}

const rows = ['| fault | rule it breaks | level | caught by | verdict | other failing checks |', '|---|---|---|---|---|---|'];
const clean = await certify();
rows.push(`| (none) | — | — | — | level ${clean.verdict.levelAchieved} ${clean.verdict.conformant ? 'conformant' : 'NOT conformant'} | ${clean.checks.filter((c) => c.status === 'fail').length} |`);
for (const f of FAULTS) {
  const r = await certify(f.name);
  const caught = r.checks.find((c) => c.id === f.checkId)?.status === 'fail';
  const others = r.checks.filter((c) => c.status === 'fail' && c.id !== f.checkId).map((c) => `\`${c.id}\``);
  rows.push(
    `| \`${f.name}\` | ${f.rule} | ${f.level} | \`${f.checkId}\` ${caught ? '✅' : '❌ MISSED'} | level ${r.verdict.levelAchieved} | ${others.join(', ') || '—'} |`,
  );
}
process.stdout.write(`${rows.join('\n')}\n`);
