/** What a run against a real target says about itself: the proxy it went through, and what it created. */
import type { LiveSummary } from '../contracts/report.ts';

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

/** One line on the terminal: what was created and what became of it. */
export function liveLine(live: LiveSummary | undefined): string | undefined {
  if (!live) return undefined;
  const parts = [`created ${live.creates} profile${live.creates === 1 ? '' : 's'}`];
  if (live.storedByRefusals) parts.push(`${live.storedByRefusals} more stored by refused requests`);
  if (live.maxCreates !== undefined) {
    parts.push(`budget ${live.maxCreates}${live.heldForRefusals ? ` (${live.heldForRefusals} kept for refusals)` : ''}`);
    if (live.notSent) parts.push(`${live.notSent} planned case${live.notSent === 1 ? '' : 's'} not sent for it`);
  }
  if (live.uncertain) parts.push(`${live.uncertain} request${live.uncertain === 1 ? '' : 's'} without an answer may have created`);
  if (live.kept) parts.push('kept (--keep-created)');
  if (live.cleanup) {
    parts.push(`deleted ${live.cleanup.deleted}`);
    if (live.cleanup.failed.length) {
      const shown = live.cleanup.failed.slice(0, 5).map((f) => f.sid.replace(/[^\x20-\x7e]/g, '?'));
      parts.push(`COULD NOT DELETE ${live.cleanup.failed.length}: ${shown.join(', ')}${live.cleanup.failed.length > 5 ? ', …' : ''} (see the report)`);
    }
  }
  if (live.withoutSid) parts.push(`${live.withoutSid} create${live.withoutSid === 1 ? '' : 's'} named no sid (not deletable)`);
  return parts.join('; ');
}
