/**
 * What a command that sends (run, diff, replay) does on a terminal about real targets: SIGHUP,
 * SIGINT and SIGTERM (the first stops sending and lets the cleanup run; a second exits at once and leaves
 * word of what is left behind). The rules themselves (the production guard, the budget) are the
 * options model's (engine/options).
 */
import { knownSecretsMatcher } from '../contracts/secrets.ts';
import { errorWords, LEFT_BEHIND_FILE, WriteError, writeOutput } from '../reports/files.ts';
import { join } from 'node:path';
import type { ResolvedOptions } from '../engine/options/model.ts';
import { EXIT } from './errors.ts';

export { liveLine, proxyOf } from '../engine/run/live.ts';

/** What a sending command holds while it runs. */
export interface LiveRun {
  signal: AbortSignal;
  /** a profile created / deleted on this base URL: what a second signal names as left behind */
  onCreated(sid: string, base: string): void;
  onDeleted(sid: string, base: string): void;
  /** the exit code: 129/130/143 when interrupted, else the one given; stops listening for signals */
  finish(code: number): number;
}

/** The real targets the options send to (a diff's URL reference too), each with the file its leftovers are listed in. */
function sitesOf(options: ResolvedOptions): Array<{ url: string; file: string }> {
  const sites: Array<{ url: string; file: string }> = [];
  if (options.target) sites.push({ url: options.target.url, file: LEFT_BEHIND_FILE });
  if (options.reference?.kind === 'url') sites.push({ url: options.reference.url, file: LEFT_BEHIND_REFERENCE_FILE });
  return sites;
}

/**
 * Start the live part of a sending command: listen for signals, and keep what it created and has
 * not deleted, per site, for a second signal to name. `dir` is where left-behind.txt goes.
 */
export function startLive(options: ResolvedOptions, log: (line: string) => void, dir: string): LiveRun {
  const sites = sitesOf(options);
  const created = new Map(sites.map((s) => [s.url, new Set<string>()]));
  // kept on purpose (--keep-created): not remembered, a long run would hold every sid
  const kept = options.live.keepCreated;
  const interruptions = listenForInterruptions(
    log,
    sites.map((s) => ({ target: s.url, dir, file: s.file, sids: () => [...(created.get(s.url) ?? [])], kept })),
  );
  return {
    signal: interruptions.signal,
    onCreated: (sid, base) => {
      if (!kept) created.get(base)?.add(sid);
    },
    onDeleted: (sid, base) => created.get(base)?.delete(sid),
    finish(code) {
      interruptions.dispose();
      return interruptions.exitCode() ?? code;
    },
  };
}

// ---------------------------------------------------------------------------------------------
// SIGHUP / SIGINT / SIGTERM

export interface Interruptions {
  /** aborts on the first SIGHUP, SIGINT or SIGTERM */
  signal: AbortSignal;
  /** 129 after SIGHUP, 130 after SIGINT, 143 after SIGTERM, undefined when none came */
  exitCode(): number | undefined;
  /** stop listening */
  dispose(): void;
}

/** What a run on a real target has created and not deleted yet, for a second signal to leave word of. */
export interface LeftBehind {
  /** the target, named in the line */
  target: string;
  /** the report folder: left-behind.txt goes there */
  dir: string;
  /** the file's name (default left-behind.txt; a diff's reference has its own) */
  file?: string;
  /** the sids created and not deleted so far */
  sids(): readonly string[];
  /** --keep-created: the profiles stay on purpose, and are not listed */
  kept?: boolean;
}

/** The name of the file a second signal lists the profiles it leaves behind in. */
export { LEFT_BEHIND_FILE };
/** Where a diff lists what it leaves on its URL reference. */
export const LEFT_BEHIND_REFERENCE_FILE = 'left-behind-reference.txt';

/**
 * Write the sids left behind (one a line) into the report folder; returns the end of the stderr
 * line that names them. Synchronous: the process exits right after.
 */
function leaveWord(left: LeftBehind): string {
  if (left.kept) return `; the profiles the run created stay on ${left.target} (--keep-created)`;
  // a sid is the target's text: one word, no control characters, no secret of the run, whatever it sent
  const secrets = knownSecretsMatcher();
  const sids = left.sids().map((sid) => secrets.redact(sid).replace(/[^\x21-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
  const file = join(left.dir, left.file ?? LEFT_BEHIND_FILE);
  let where: string;
  try {
    writeOutput({ path: file, what: left.file ?? LEFT_BEHIND_FILE, mode: 'replace' }, sids.map((sid) => `${sid}\n`).join(''));
    where = `listed in ${file}`;
  } catch (err) {
    where = `could not write ${file} (${err instanceof WriteError ? errorWords(err.cause) : (err as Error).message})`;
  }
  const inFlight = 'a create still in flight may have made one more';
  if (sids.length === 0) return `; no profile the run created is left on ${left.target} (${where}; ${inFlight})`;
  return `; ${sids.length} profile${sids.length === 1 ? '' : 's'} left on ${left.target}, delete them with DELETE /v1/CustomerProfiles/{Sid}: ${sids.join(' ')} (${where}; ${inFlight})`;
}

/** The signals that stop a sending command: a closed terminal (SIGHUP) is an interruption like the others. */
const SIGNALS = ['SIGHUP', 'SIGINT', 'SIGTERM'] as const;
const CODE: Readonly<Record<(typeof SIGNALS)[number], number>> = { SIGHUP: EXIT.sighup, SIGINT: EXIT.sigint, SIGTERM: EXIT.sigterm };

/**
 * The first SIGHUP/SIGINT/SIGTERM stops sending: requests in flight finish or time out, the run
 * cleans up and the partial report is written. A second one exits at once, naming (on stderr and
 * in left-behind.txt) the profiles the run created and had not deleted yet.
 */
export function listenForInterruptions(log: (line: string) => void, leftBehind: readonly LeftBehind[] = []): Interruptions {
  const controller = new AbortController();
  let received: NodeJS.Signals | undefined;
  const code = (s: NodeJS.Signals) => CODE[s as (typeof SIGNALS)[number]] ?? EXIT.sigterm;
  const handler = (s: NodeJS.Signals) => {
    if (received) {
      log(`${s} again: exiting now; the cleanup and the report are abandoned${leftBehind.map(leaveWord).join('')}`);
      process.exit(code(s));
    }
    received = s;
    log(`${s}: sending stops; waiting for the requests in flight, then cleaning up and writing the partial report (${s} again exits at once)`);
    controller.abort(s);
  };
  for (const s of SIGNALS) process.on(s, handler);
  return {
    signal: controller.signal,
    exitCode: () => (received ? code(received) : undefined),
    dispose: () => {
      for (const s of SIGNALS) process.off(s, handler);
    },
  };
}
