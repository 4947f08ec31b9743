import type { Command } from 'commander';

/** `trusthub-conformance checks`: print the catalog. */
export function registerChecks(program: Command): void {
  program
    .command('checks')
    .description('print the catalog of checks, one line each: level, MUST/SHOULD, id, title')
    .option('--json', 'print the catalog as JSON, with the source of each check')
    .addHelpText('after', '\nA check id or a level (L1, L2, L3) is what run --only and --skip take.')
    .action(async (opts: { json?: boolean }) => {
      // loaded here, not at start-up: --help of every other command needs none of it
      const { CATALOG } = await import('../../contracts/catalog.ts');
      if (opts.json) {
        process.stdout.write(`${JSON.stringify(CATALOG, null, 2)}\n`);
        return;
      }
      const rows = CATALOG.map((c) => `L${c.level}  ${c.severity.padEnd(6)}  ${c.id.padEnd(28)}  ${c.title}`);
      process.stdout.write(`${rows.join('\n')}\n`);
    });
}
