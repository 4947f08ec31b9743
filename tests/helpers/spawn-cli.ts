import { spawn } from 'node:child_process';
import { join } from 'node:path';

export const NODE = join(process.cwd(), 'node_modules/.bin/node');

export type CliRun = ProcessRun;

export interface SpawnedCli {
  /** resolves when the process exits */
  done: Promise<CliRun>;
  kill(signal: NodeJS.Signals): void;
  /** everything written to stderr so far */
  stderr(): string;
}

export interface ProcessRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Spawn any command asynchronously, collecting its output. */
export function spawnProcess(
  cmd: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): { done: Promise<ProcessRun>; kill(signal: NodeJS.Signals): void; stderr(): string } {
  const started = performance.now();
  const child = spawn(cmd, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => {
    stdout += d;
  });
  child.stderr.setEncoding('utf8').on('data', (d: string) => {
    stderr += d;
  });
  const done = new Promise<ProcessRun>((resolve) => {
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr, ms: Math.round(performance.now() - started) }));
  });
  return { done, kill: (s) => child.kill(s), stderr: () => stderr };
}

/** The environment without TWILIO_* or proxy variables, plus NO_COLOR and the given ones. */
export function cliEnv(env: Record<string, string> = {}): NodeJS.ProcessEnv {
  const clean: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^(TWILIO_|HTTPS?_PROXY$|NO_PROXY$)/i.test(k)) continue;
    clean[k] = v;
  }
  return { ...clean, NO_COLOR: '1', ...env };
}

/**
 * Spawn `cli/main.ts` asynchronously (the test's own servers keep answering meanwhile), with no
 * TWILIO_* or proxy variables inherited unless given.
 */
export function spawnCli(args: string[], env: Record<string, string> = {}): SpawnedCli {
  return spawnProcess(NODE, ['cli/main.ts', ...args], { env: cliEnv(env) });
}

export const runCli = (args: string[], env?: Record<string, string>): Promise<CliRun> => spawnCli(args, env).done;

/** What no run may ever print: an internal error or a stack trace. */
export function crashSigns(r: CliRun): string[] {
  const signs: string[] = [];
  if (/internal error/i.test(r.stderr)) signs.push('internal error');
  if (/unhandled/i.test(r.stderr)) signs.push('unhandled rejection');
  if (/\n\s+at .+:\d+:\d+/.test(r.stderr)) signs.push('stack trace');
  if (r.signal) signs.push(`killed by ${r.signal}`);
  return signs;
}
