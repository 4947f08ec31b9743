import type { Command } from 'commander';
import type { OutputTarget } from '../../reports/files.ts';

interface ObserveFlags {
  cassette: string;
  out?: string;
}

/** observe --out: replaces an existing file only when it is an observations file (this tool's). */
function observationsOutput(path: string): OutputTarget {
  return { path, what: '--out', mode: 'own', owns: (head) => /^\{\s*"observationsVersion"/.test(head), kind: 'an observations file' };
}

/** `trusthub-conformance observe`: derive an observations file from a recorded run. */
export function registerObserve(program: Command): void {
  program
    .command('observe')
    .description('derive an observations file (for run --observations) from a cassette recorded with run --record')
    .requiredOption('--cassette <file.har>', 'the recorded run')
    .option('--out <file>', 'where to write the observations (default: standard output)')
    .action(async (flags: ObserveFlags) => {
      process.exitCode = await executeObserve(flags);
    });
}

export async function executeObserve(flags: ObserveFlags): Promise<number> {
  const [{ readCassette }, { deriveObservations }] = await Promise.all([import('../../evidence/har.ts'), import('../../evidence/observations.ts')]);
  const { inert } = await import('../output.ts');
  const [{ checkRecordPath }, { checkInputFile }, { writeOutput }] = await Promise.all([
    import('../preflight.ts'),
    import('../../engine/options/files.ts'),
    import('../../reports/files.ts'),
  ]);
  await checkInputFile('--cassette', flags.cassette, 'cassette');
  const out = flags.out ? observationsOutput(flags.out) : undefined;
  if (out) await checkRecordPath(out.path, '--out', out);
  const cassette = await readCassette(flags.cassette, '--cassette');
  const derived = await deriveObservations(cassette);
  const text = `${JSON.stringify(derived.file, null, 2)}\n`;
  if (out) writeOutput(out, text);
  else process.stdout.write(text);
  const meta = cassette.meta;
  const from = meta ? ` (recorded at ${inert(meta.target)} on ${meta.startedAt.slice(0, 10)})` : '';
  const lines = [
    `${derived.file.observations.length} observation(s) from ${derived.exchanges} recorded exchange(s) of ${inert(flags.cassette)}${from}${flags.out ? `: ${inert(flags.out)}` : ''}`,
  ];
  if (derived.unanswered) lines.push(`${derived.unanswered} exchange(s) got no answer: not observations`);
  for (const c of derived.conflicts) lines.push(`conflict in ${inert(c.requestClass)}: ${inert(c.note ?? '')}`);
  process.stderr.write(`${lines.join('\n')}\n`);
  return 0;
}
