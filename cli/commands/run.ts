import type { Command } from 'commander';

/** `trusthub-conformance run`: placeholder until the runner lands. */
export function registerRun(program: Command): void {
  program.command('run').description('run the conformance suite against a target');
}
