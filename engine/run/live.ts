/** What a run against a real target says about itself: the proxy it went through, and what it created. */
import type { LiveSummary } from '../../contracts/report.ts';

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
