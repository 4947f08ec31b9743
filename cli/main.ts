#!/usr/bin/env node
import * as nodeModule from 'node:module';
import { pathToFileURL } from 'node:url';
import { Command, CommanderError } from 'commander';
import { TOOL } from '../contracts/tool.ts';
import { registerChecks } from './commands/checks.ts';
import { registerDiff } from './commands/diff.ts';
import { registerExplain } from './commands/explain.ts';
import { registerMerge } from './commands/merge.ts';
import { registerMock } from './commands/mock.ts';
import { registerObserve } from './commands/observe.ts';
import { registerReplay } from './commands/replay.ts';
import { registerRun } from './commands/run.ts';
import { registerVerify } from './commands/verify.ts';
import { isToolError } from '../contracts/errors.ts';
import { EXIT, EXIT_FOR_CODE } from './errors.ts';
import { refuseEmptyValues } from './options.ts';
import { guardTerminal } from './terminal.ts';

export function buildProgram(): Command {
  const program = new Command('trusthub-conformance')
    .description('Conformance suite for Twilio TrustHub POST /v1/CustomerProfiles')
    .version(TOOL.version)
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)');
  registerRun(program);
  registerMock(program);
  registerChecks(program);
  registerExplain(program);
  registerMerge(program);
  registerDiff(program);
  registerObserve(program);
  registerReplay(program);
  registerVerify(program);
  // `--target ''` (an unset CI variable) is refused, not read as "no target": every command registered above
  refuseEmptyValues(program);
  return program;
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  // a secret this run uses never reaches the terminal, whoever's text carries it (cli/terminal.ts)
  const unguard = guardTerminal();
  try {
    await program.parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      // commander already printed its message (or the help / version text)
      return err.exitCode === 0 ? 0 : EXIT.usage;
    }
    // flags, config, files, pacts, shards, the mock's options: one line, the exit code its code maps to
    if (isToolError(err)) {
      process.stderr.write(`trusthub-conformance: ${err.message}\n`);
      return EXIT_FOR_CODE[err.code];
    }
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(`trusthub-conformance: internal error: ${message}\n`);
    return EXIT.internal;
  } finally {
    unguard();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  // what run loads on demand (runner, fastify, ajv, reports) comes from Node's compile cache
  // on later runs: no TypeScript stripping or compiling again (NODE_DISABLE_COMPILE_CACHE=1 turns it off)
  nodeModule.enableCompileCache?.();
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
