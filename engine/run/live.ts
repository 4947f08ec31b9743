/** What a run against a real target says about itself: the proxy it went through, what it may create, and what it created. */
import type { LiveSummary } from '../../contracts/report.ts';
import { isLoopback } from '../options/guard.ts';
import type { ResolvedOptions } from '../options/model.ts';

/**
 * The line said before the first request to a real target (a diff's URL reference too): what the
 * run may create and what becomes of it. Undefined for the embedded mock alone.
 */
export function budgetLine(options: ResolvedOptions): string | undefined {
  const urls = [options.target?.url, options.reference?.kind === 'url' ? options.reference.url : undefined].filter((u): u is string => u !== undefined);
  if (!urls.length) return undefined;
  const max = options.live.maxCreates;
  const each = urls.length > 1 ? ' on each side' : '';
  // a target on this machine is a test double: no budget is nothing to warn about there
  const budget = max !== undefined ? `at most ${max} creates${each}; ` : urls.every((u) => isLoopback(u)) ? '' : 'no create budget (--max-creates); ';
  const fate = options.live.keepCreated ? 'kept (--keep-created)' : 'deleted at the end, also when interrupted';
  return `${budget}created profiles are ${fate}${options.transport.insecure ? '; TLS certificates NOT verified (--insecure)' : ''}`;
}

/** The proxy the environment names for this target's scheme (as undici's EnvHttpProxyAgent reads it), credentials removed. */
export function proxyOf(targetUrl: string, env: NodeJS.ProcessEnv = process.env): { url: string; noProxy?: string } | undefined {
  const http = env.http_proxy || env.HTTP_PROXY;
  const raw = targetUrl.startsWith('https:') ? env.https_proxy || env.HTTPS_PROXY || http : http;
  if (!raw) return undefined;
  let url = raw;
  try {
    const u = new URL(raw);
    u.username = '';
    u.password = '';
    url = u.href.replace(/\/$/, '');
  } catch {
    url = '(unparsable proxy URL)';
  }
  const noProxy = env.no_proxy || env.NO_PROXY;
  return noProxy ? { url, noProxy } : { url };
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/**
 * The profiles a run can call its own, each once: the sids its 2xx answers named (less those naming
 * none, one listed before the run, or one named already) and those list reads showed it stored
 * without a 2xx naming them.
 */
export function ownProfiles(live: LiveSummary): number {
  const named = live.creates - live.withoutSid - (live.namedExisting ?? 0) - (live.namedTwice ?? 0);
  return named + (live.storedByRefusals ?? 0) + (live.storedUnnamed ?? 0);
}

/**
 * Why a live section does not add up, or undefined when it does: every profile of the run was
 * deleted by the suite's own delete checks, deleted at the end or named as not deleted (with a
 * cleanup), and the budget holds every POST that may have created — 2xx answers, refusals seen to
 * store, unknown outcomes.
 */
export function liveImbalance(live: LiveSummary): string | undefined {
  const own = ownProfiles(live);
  const byChecks = live.deletedByChecks ?? 0;
  if (live.maxCreates !== undefined) {
    const spent = live.creates + (live.storedByRefusals ?? 0) + live.uncertain;
    if (spent > live.maxCreates) return `the budget is ${live.maxCreates} but ${spent} POSTs may have created (${live.creates} 2xx, ${live.storedByRefusals ?? 0} refusals that stored, ${live.uncertain} unknown)`;
  }
  if (live.cleanup) {
    const { deleted, failed } = live.cleanup;
    const settled = byChecks + deleted + failed.length;
    if (settled !== own) return `${own} profiles are the run's, but ${byChecks} deleted by the checks + ${deleted} deleted at the end + ${failed.length} not deleted = ${settled}`;
  } else if (byChecks > own) return `${byChecks} profiles deleted by the checks, more than the run's ${own}`;
  return undefined;
}

/**
 * One line on the terminal: what was created and what became of each profile. The numbers add
 * up: every create was deleted by the suite's own delete checks, deleted at the end, kept, could
 * not be deleted, or named no sid; what is left over is said too.
 */
export function liveLine(live: LiveSummary | undefined): string | undefined {
  if (!live) return undefined;
  const parts = [`created ${plural(live.creates, 'profile')}`];
  if (live.storedByRefusals) parts.push(`${live.storedByRefusals} more stored by refused requests`);
  if (live.storedUnnamed) parts.push(`${live.storedUnnamed} more stored by requests whose answer named none (seen in the list)`);
  if (live.namedExisting) parts.push(`${plural(live.namedExisting, 'create')} named a profile listed before the run (not the run's: left alone)`);
  if (live.maxCreates !== undefined) {
    parts.push(`budget ${live.maxCreates}${live.heldForRefusals ? ` (${live.heldForRefusals} kept for refusals)` : ''}`);
    if (live.notSent) parts.push(`${plural(live.notSent, 'planned case')} not sent for it`);
  }
  if (live.uncertain) parts.push(`${plural(live.uncertain, 'request')} with an unknown outcome (5xx, reset, timeout) may have created`);
  const byChecks = live.deletedByChecks ?? 0;
  if (byChecks) parts.push(`${byChecks} deleted by the suite's own delete checks`);
  const extra = (live.storedByRefusals ?? 0) + (live.storedUnnamed ?? 0) - (live.namedExisting ?? 0) - (live.namedTwice ?? 0);
  let accounted = byChecks + live.withoutSid;
  if (live.kept) {
    const kept = Math.max(0, live.creates + extra - accounted);
    parts.push(`${byChecks || live.withoutSid ? 'the other ' : ''}${kept} kept (--keep-created)`);
    accounted += kept;
  }
  if (live.cleanup) {
    parts.push(`${live.cleanup.deleted} deleted at the end`);
    accounted += live.cleanup.deleted + live.cleanup.failed.length;
    if (live.cleanup.failed.length) {
      const shown = live.cleanup.failed.slice(0, 5).map((f) => f.sid.replace(/[^\x20-\x7e]/g, '?'));
      const stopped = live.cleanup.stopped ? ` (the cleanup stopped: ${live.cleanup.stopped})` : '';
      parts.push(`COULD NOT DELETE ${live.cleanup.failed.length}: ${shown.join(', ')}${live.cleanup.failed.length > 5 ? ', …' : ''}${stopped} (see the report)`);
    }
  }
  if (live.withoutSid) parts.push(`${plural(live.withoutSid, 'create')} named no sid (not deletable)`);
  // a target that names the same sid twice: one profile, one delete
  const rest = live.namedTwice ?? live.creates + extra - accounted;
  if ((live.cleanup || live.kept) && rest > 0) parts.push(`${plural(rest, 'create')} named a sid an earlier create had named (one profile, deleted once)`);
  if (live.listing) parts.push(live.listing);
  return parts.join('; ');
}
