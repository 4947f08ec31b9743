import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../cli/main.ts';
import { CATALOG, formerIds } from '../contracts/catalog.ts';
import { FAULTS } from '../mock/faults.ts';
import { CHECKS_DOC, renderChecksDoc } from '../scripts/gen-checks-doc.ts';

const read = (path: string) => readFileSync(path, 'utf8');
/** A GitHub Actions expression, `${{ … }}`. */
const gh = (expr: string) => `\${{ ${expr} }}`;

describe('docs/checks.md', () => {
  it('is what `npm run docs:checks` generates from the catalog today', () => {
    const committed = read(CHECKS_DOC);
    // on failure: the catalog or the faults changed; run `npm run docs:checks` and commit docs/checks.md
    expect(committed, 'docs/checks.md is stale: run npm run docs:checks').toBe(renderChecksDoc());
  });

  it('lists every check once with its level and severity, what it judges, its former ids, and every fault beside its check', () => {
    const doc = renderChecksDoc();
    for (const c of CATALOG) {
      const rows = doc.split('\n').filter((l) => l.startsWith(`| \`${c.id}\` |`));
      expect(rows, c.id).toHaveLength(1);
      expect(rows[0]).toContain(`| ${c.severity} |`);
      expect(doc.indexOf(rows[0]!)).toBeGreaterThan(doc.indexOf(`## Level ${c.level}:`));
      for (const f of FAULTS.filter((x) => x.checkId === c.id)) expect(rows[0]).toContain(`\`${f.name}\``);
      for (const old of formerIds(c.id)) expect(rows[0]).toContain(`formerly \`${old}\``);
      if ('answers' in c) expect(rows[0]).toContain(' of ');
    }
  });

  it('keeps a table cell a cell whatever the text', () => {
    const doc = renderChecksDoc([{ id: 'x.y', title: 'a | b\nc', level: 1, severity: 'MUST', source: { doc: 'seed', ref: 'r|s' } }]);
    expect(doc).toContain('| `x.y` | MUST | a \\| b c | cases | `seed` r\\|s | — |');
    const scoped = renderChecksDoc([{ id: 'x.z', title: 't', level: 2, severity: 'MUST', source: { doc: 'seed', ref: 'r' }, answers: { routes: ['fetch', 'list'], statuses: [200], body: true } }]);
    expect(scoped).toContain('| `x.z` | MUST | t | 200 of fetch, list | `seed` r | — |');
    // a rule of the status or headers judges HEAD answers too (contracts/check.ts inScope), and says so
    const headers = renderChecksDoc([{ id: 'x.h', title: 't', level: 3, severity: 'MUST', source: { doc: 'seed', ref: 'r' }, answers: { routes: 'any', statuses: ['2xx'] } }]);
    expect(headers).toContain('| `x.h` | MUST | t | 2xx of every route, HEAD answers too | `seed` r | — |');
  });
});

describe('README.md', () => {
  const readme = read('README.md');

  it('has every run flag in a flag table, or in the docs page of its subject', () => {
    // before: --no-progress, which every CI recipe uses, was in no table
    const run = buildProgram().commands.find((c) => c.name() === 'run')!;
    const rows = readme.split('\n').filter((l) => l.startsWith('| `'));
    const elsewhere: Record<string, string> = { 'docs/pact.md': read('docs/pact.md'), 'docs/evidence.md': read('docs/evidence.md') };
    const missing: string[] = [];
    for (const flag of run.options.map((o) => o.long!)) {
      const inTable = rows.some((r) => new RegExp(`\`${flag}[ \`]`).test(r));
      const page = Object.keys(elsewhere).find((p) => elsewhere[p]!.includes(`\`${flag}`) || elsewhere[p]!.includes(`${flag} `));
      if (!inTable && !page) missing.push(flag);
    }
    expect(missing).toEqual([]);
    expect(rows.some((r) => r.startsWith('| `--no-progress` |'))).toBe(true);
  });

  it('keeps the two-command Quickstart', () => {
    const quickstart = /## Quickstart\n\n```sh\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
    const commands = quickstart
      .split('\n')
      .filter(Boolean)
      .map((l) => l.replace(/\s+#.*$/, ''));
    expect(commands).toEqual(['npm ci && npm start', 'npm test']);
  });

  it('tells the three uses, the levels, the fault matrix, and links the docs that exist', () => {
    for (const heading of ['## Three ways to use it', '## Levels', '## Fault matrix', '## The config file', '## In your vitest run', '## Sharding']) {
      expect(readme).toContain(heading);
    }
    // absolute, so they work on the npm page too: the repository's URL (package.json) + blob/main/
    const { repository } = JSON.parse(read('package.json')) as { repository: { url: string } };
    const blob = `${repository.url.replace(/^git\+/, '').replace(/\.git$/, '')}/blob/main/`;
    const links = [...readme.matchAll(/\]\((https:\/\/github\.com\/[^)#]+)/g)].map((m) => m[1]!);
    for (const link of links) expect(link.startsWith(blob), link).toBe(true);
    const files = links.map((l) => l.slice(blob.length));
    expect(files).toEqual(expect.arrayContaining(['docs/checks.md', 'docs/ci.md']));
    for (const file of files) expect(existsSync(file), file).toBe(true);
    // no relative link: npm renders the README away from the repository
    expect([...readme.matchAll(/\]\((?!https?:|#)([^)]+)\)/g)].map((m) => m[1])).toEqual([]);
  });
});

describe('CI recipes', () => {
  it("this repository's workflow tests, certifies the reference mock and keeps report.html and junit.xml", () => {
    const wf = read('.github/workflows/ci.yml');
    for (const step of ['npm ci', 'npm test', 'npm run lint', 'npm run typecheck', 'npm start', 'actions/upload-artifact@', 'conformance-report/report.html', 'conformance-report/junit.xml']) {
      expect(wf).toContain(step);
    }
    expect(wf).toMatch(/if: always\(\)\n\s+uses: actions\/upload-artifact@/);
  });

  it('docs/ci.md covers GitHub Actions and GitLab CI: secrets, JUnit, artifacts and a shard matrix', () => {
    const ci = read('docs/ci.md');
    for (const text of [
      '## GitHub Actions',
      gh('secrets.TWILIO_ACCOUNT_SID'),
      gh('secrets.TWILIO_AUTH_TOKEN'),
      'report_paths: conformance-report/junit.xml',
      'actions/upload-artifact@',
      `shard: ${gh('matrix.shard')}/4`,
      'uses: trusthub-conformance/trusthub-conformance@',
      'codequality: conformance-report/gl-code-quality-report.json',
      'npx trusthub-conformance merge shards/*/report.json',
      '## GitLab CI',
      'junit: conformance-report/junit.xml',
      'parallel: 4',
      '--shard "$CI_NODE_INDEX/$CI_NODE_TOTAL"',
    ]) {
      expect(ci).toContain(text);
    }
    // credentials only ever come from the secret store
    expect(ci).not.toMatch(/--auth-token|--api-secret|authToken:/);
  });
});
