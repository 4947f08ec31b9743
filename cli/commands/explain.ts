import type { Command } from 'commander';
import { UsageError } from '../errors.ts';

/**
 * `trusthub-conformance explain <check-id>`: what a check asks, where the rule comes from, a
 * passing and a failing answer, and the usual mistake. Loads the catalog and the explanations
 * only (no engine, no mock): it answers at once.
 */
export function registerExplain(program: Command): void {
  program
    .command('explain')
    .argument('<check-id>', 'a check id, as the table of a run and `checks` print it')
    .description('explain a check: its rule and source, a passing and a failing answer, how implementations get it wrong')
    .option('--json', 'print the explanation as JSON')
    .action(async (id: string, opts: { json?: boolean }) => {
      const [{ explanationJson, explanationText }, { CHECK_IDS }] = await Promise.all([import('../../reports/explain.ts'), import('../../contracts/catalog.ts')]);
      const text = explanationText(id.trim());
      if (text === undefined) {
        const near = CHECK_IDS.filter((c) => c.includes(id.trim()) || id.trim().includes(c.split('.')[0]!));
        const hint = near.length ? `; did you mean ${near.slice(0, 5).join(', ')}?` : '; `trusthub-conformance checks` lists them';
        throw new UsageError(`explain: no check ${JSON.stringify(id)} in the catalog${hint}`);
      }
      process.stdout.write(opts.json ? `${JSON.stringify(explanationJson(id.trim()), null, 2)}\n` : text);
    });
}
