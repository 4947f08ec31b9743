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
 * One line on the terminal: what was created and what became of each profile. The numbers add
 * up: every create was deleted by the suite's own delete checks, deleted at the end, kept, could
 * not be deleted, or named no sid; what is left over is said too.
 */
export function liveLine(live: LiveSummary | undefined): string | undefined {
  if (!live) return undefined;
  const parts = [`created ${plural(live.creates, 'profile')}`];
  if (live.storedByRefusals) parts.push(`${live.storedByRefusals} more stored by refused requests`);
  if (live.maxCreates !== undefined) {
    parts.push(`budget ${live.maxCreates}${live.heldForRefusals ? ` (${live.heldForRefusals} kept for refusals)` : ''}`);
    if (live.notSent) parts.push(`${plural(live.notSent, 'planned case')} not sent for it`);
  }
  if (live.uncertain) parts.push(`${plural(live.uncertain, 'request')} without an answer may have created`);
  const byChecks = live.deletedByChecks ?? 0;
  if (byChecks) parts.push(`${byChecks} deleted by the suite's own delete checks`);
  let accounted = byChecks + live.withoutSid;
  if (live.kept) {
    const kept = Math.max(0, live.creates - accounted);
    parts.push(`${byChecks || live.withoutSid ? 'the other ' : ''}${kept} kept (--keep-created)`);
    accounted += kept;
  }
  if (live.cleanup) {
    parts.push(`${live.cleanup.deleted} deleted at the end`);
    accounted += live.cleanup.deleted + live.cleanup.failed.length;
    if (live.cleanup.failed.length) {
      const shown = live.cleanup.failed.slice(0, 5).map((f) => f.sid.replace(/[^\x20-\x7e]/g, '?'));
      parts.push(`COULD NOT DELETE ${live.cleanup.failed.length}: ${shown.join(', ')}${live.cleanup.failed.length > 5 ? ', …' : ''} (see the report)`);
    }
  }
  if (live.withoutSid) parts.push(`${plural(live.withoutSid, 'create')} named no sid (not deletable)`);
  // a target that names the same sid twice: one profile, one delete
  const rest = live.creates - accounted;
  if ((live.cleanup || live.kept) && rest > 0) parts.push(`${plural(rest, 'create')} named a sid an earlier create had named (one profile, deleted once)`);
  return parts.join('; ');
}
