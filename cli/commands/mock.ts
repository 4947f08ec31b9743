import type { Command } from 'commander';

/** `trusthub-conformance mock`: placeholder until the mock lands. */
export function registerMock(program: Command): void {
  program.command('mock').description('start the reference mock server');
}
