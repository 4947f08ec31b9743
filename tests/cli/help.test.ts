import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../cli/main.ts';
import { RUN_EXAMPLES, runHelpAfter } from '../../cli/commands/run.ts';
import { EXIT } from '../../cli/errors.ts';
import { CATALOG } from '../../contracts/catalog.ts';

const NODE = join(process.cwd(), 'node_modules/.bin/node');

/** Help text with its wrapping undone, so a description reads as one run of words. */
const flat = (s: string) => s.replace(/\s+/g, ' ');

function help(args: string[], suffix = ['--help']) {
  const r = spawnSync(NODE, ['cli/main.ts', ...args, ...suffix], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', COLUMNS: '100' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const program = buildProgram();
const commands = program.commands as Command[];

describe('--help of every command is complete', () => {
  it('the program lists every command with its description', () => {
    const text = flat(program.helpInformation());
    expect(commands.length).toBeGreaterThanOrEqual(4);
    for (const cmd of commands) {
      expect(cmd.description(), `${cmd.name()} has no description`).not.toBe('');
      expect(text).toContain(cmd.name());
      expect(text).toContain(flat(cmd.description()).slice(0, 40));
    }
  });

  it.each(commands.map((c) => [c.name(), c] as const))('%s: every option has a description and appears in the help', (_, cmd) => {
    const text = flat(cmd.helpInformation());
    expect(cmd.options.length).toBeGreaterThan(0);
    for (const option of cmd.options) {
      expect(option.description, `${cmd.name()} ${option.flags} has no description`).toMatch(/\w{3}/);
      expect(text).toContain(option.flags);
      expect(text).toContain(flat(option.description));
    }
    for (const arg of cmd.registeredArguments) expect(text).toContain(arg.name());
  });

  it('run: the flags a user needs, each explained', () => {
    const text = flat(commands.find((c) => c.name() === 'run')!.helpInformation());
    for (const [flag, words] of [
      ['--target <url>', 'base URL of the implementation'],
      ['--runs <n>', 'property runs per category'],
      ['--seed <n>', 'seed of the generated plan'],
      ['--concurrency <n>', 'requests in flight'],
      ['--timeout <ms>', 'timeout per request'],
      ['--only <ids|levels>', 'run only these checks or levels'],
      ['--skip <ids|levels>', 'skip these checks or levels'],
      ['--require-level <1|2|3>', 'level needed for exit code 0'],
      ['--report-dir <dir>', 'where the reports are written'],
      ['--policy-sid <RN…>', 'an existing policy'],
      ['--public-base-url <url>', 'the base the target builds resource URLs from'],
      // level 3 is not tested without them: the help says so where the flags are
      ['--api-key <SK…>', 'level 3 needs both pairs'],
      ['--second-account-sid <AC…>', 'a second account (level 3 needs one)'],
      ['--shard <i/n>', 'run only shard i of n of the same seeded plan'],
      ['--config <path>', 'config file'],
    ]) {
      expect(text).toContain(flag);
      expect(text).toContain(words);
    }
    expect(text).toMatch(/--runs <n> .*\(default: 100\)/);
  });

  it('merge: its arguments, options and exit codes', () => {
    const text = flat(commands.find((c) => c.name() === 'merge')!.helpInformation());
    expect(text).toContain("Usage: trusthub-conformance merge [options] <reports...>");
    expect(text).toContain("every shard's report.json");
    expect(text).toContain('--report-dir <dir> where the merged reports are written (default: "conformance-report")');
    expect(text).toContain('--require-level <1|2|3> level needed for exit code 0 (default: the level the shards required)');
    // the text after the options is printed by --help itself
    expect(flat(help(['merge']).stdout)).toContain('Exit codes: 0 conformant, 1 not conformant, 2 the reports do not make one certification, 74 a merged report could not be written.');
  });

  it.each([[[]], [['run']], [['merge']], [['mock']], [['checks']]])('the CLI prints the help of %j and exits 0', (args) => {
    const r = help(args);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^Usage: trusthub-conformance/);
    const cmd = args[0] ? commands.find((c) => c.name() === args[0])! : program;
    for (const option of cmd.options) expect(flat(r.stdout)).toContain(option.flags);
  });

  it('run --help ends with every exit code and examples, wrapped to the terminal', () => {
    const r = help(['run']);
    const after = r.stdout.slice(r.stdout.indexOf('\nExit codes:'));
    expect(after.length).toBeGreaterThan(20);
    // every exit code of cli/errors.ts but the internal one, each explained
    for (const code of [EXIT.conformant, EXIT.notConformant, EXIT.usage, EXIT.unreachable]) expect(after).toMatch(new RegExp(`\\n  ${code} +\\w`));
    expect(after).toMatch(/\n {2}129\/130\/143 +interrupted by SIGHUP\/SIGINT\/SIGTERM/);
    expect(flat(after)).toContain('target unreachable');
    expect(flat(after)).toContain('usage or bad input');
    expect(after).toContain('\nExamples:\n');
    for (const [, command] of RUN_EXAMPLES) expect(after).toContain(`\n  ${command}\n`);
    // piped, commander wraps to 80 columns: the text after the options does too (only a command may be longer)
    for (const line of after.split('\n').filter((l) => !l.startsWith('  trusthub-conformance '))) expect(line.length, line).toBeLessThanOrEqual(80);
    // and to a narrower terminal when it is one
    const narrow = runHelpAfter(60).split('\n');
    for (const line of narrow.filter((l) => !l.startsWith('  trusthub-conformance '))) expect(line.length, line).toBeLessThanOrEqual(60);
    expect(narrow.length).toBeGreaterThan(runHelpAfter(200).split('\n').length);
  });

  it('the examples of run --help are commands the CLI accepts', async () => {
    for (const [, command] of RUN_EXAMPLES) {
      const p = buildProgram();
      let ran = '';
      for (const c of p.commands as Command[])
        c.action(() => {
          ran = c.name();
        });
      await p.parseAsync(command.split(' ').slice(1), { from: 'user' });
      expect(ran, command).toBe('run');
    }
  });

  it('checks --help describes what checks prints: level, MUST/SHOULD, id, title; the source with --json', () => {
    const r = help(['checks']);
    expect(flat(r.stdout)).toContain('one line each: level, MUST/SHOULD, id, title');
    const rows = help(['checks'], []).stdout.trim().split('\n');
    expect(rows).toHaveLength(CATALOG.length);
    const [level, severity, id, ...title] = rows[0]!.split(/\s{2,}/);
    expect([level, severity, id, title.join('  ')]).toEqual([`L${CATALOG[0]!.level}`, CATALOG[0]!.severity, CATALOG[0]!.id, CATALOG[0]!.title]);
    expect(flat(r.stdout)).toContain('--json print the catalog as JSON, with the source of each check');
    const json = JSON.parse(help(['checks'], ['--json']).stdout) as Array<{ source: unknown }>;
    expect(json[0]!.source).toEqual(CATALOG[0]!.source);
  });
});
