import type { Command } from 'commander';
import { CATALOG } from '../../contracts/catalog.ts';

/** `trusthub-conformance checks`: print the catalog. */
export function registerChecks(program: Command): void {
  program
    .command('checks')
    .description('print the catalog of checks (id, level, MUST/SHOULD, source)')
    .option('--json', 'print the catalog as JSON')
    .action((opts: { json?: boolean }) => {
      if (opts.json) {
        process.stdout.write(`${JSON.stringify(CATALOG, null, 2)}\n`);
        return;
      }
      const rows = CATALOG.map((c) => `L${c.level}  ${c.severity.padEnd(6)}  ${c.id.padEnd(28)}  ${c.title}`);
      process.stdout.write(`${rows.join('\n')}\n`);
    });
}
