import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { FaultName } from './faults.ts';

/**
 * list-cache-filter-keys-stale, list-cache-filter-kept-on-delete: list pages filtered by PolicySid or
 * Status (and not by FriendlyName) are cached for 60 s per account and query string. A write purges
 * the keys it can name cheaply — the unfiltered pages and the pages of its own FriendlyName (none of
 * which this cache holds) — because a SCAN over the account's keys was too slow; one of the two
 * handlers was given the pattern purge of the account's pages: under list-cache-filter-keys-stale
 * the DELETE's (a create leaves a page filtered by PolicySid or Status as it was), under
 * list-cache-filter-kept-on-delete the create's (a DELETE, written later, leaves it).
 */
export interface FilterListCache {
  /** the page kept for the caller's account and this URL (path and query), while it is fresh */
  cached(request: FastifyRequest): string | undefined;
  keep(request: FastifyRequest, text: string): void;
}

/** How long a page is kept. */
export const FILTER_CACHE_MS = 60_000;

const FAULTS: ReadonlySet<FaultName> = new Set(['list-cache-filter-keys-stale', 'list-cache-filter-kept-on-delete']);

/** A list page this cache keeps: filtered by PolicySid or Status, not by FriendlyName. */
function cacheable(url: string): boolean {
  const query = new URLSearchParams(url.split('?')[1] ?? '');
  return !query.has('FriendlyName') && (query.has('PolicySid') || query.has('Status'));
}

const accountOf = (request: FastifyRequest): string | undefined => (request as FastifyRequest & { caller?: { accountSid: string } | null }).caller?.accountSid;

export function filterListCache(app: FastifyInstance, fault: FaultName | null): FilterListCache {
  if (fault === null || !FAULTS.has(fault)) return { cached: () => undefined, keep: () => {} };
  const pages = new Map<string, { text: string; until: number }>();
  const key = (account: string, url: string) => `${account}\n${url}`;
  // the write whose handler was given the pattern purge: a create's under kept-on-delete, a DELETE's under keys-stale
  const purging = fault === 'list-cache-filter-kept-on-delete' ? 'POST' : 'DELETE';
  app.addHook('onSend', (request, reply, payload, done) => {
    const account = accountOf(request);
    // that write's 2xx purges every page of its account; the other write's none
    if (account !== undefined && request.method === purging && reply.statusCode < 300) {
      for (const k of [...pages.keys()]) if (k.startsWith(`${account}\n`)) pages.delete(k);
    }
    done(null, payload);
  });
  return {
    cached: (request) => {
      const account = accountOf(request);
      if (request.method !== 'GET' || account === undefined || !cacheable(request.url)) return undefined;
      const page = pages.get(key(account, request.url));
      return page !== undefined && page.until > Date.now() ? page.text : undefined;
    },
    keep: (request, text) => {
      const account = accountOf(request);
      if (request.method === 'GET' && account !== undefined && cacheable(request.url)) pages.set(key(account, request.url), { text, until: Date.now() + FILTER_CACHE_MS });
    },
  };
}
