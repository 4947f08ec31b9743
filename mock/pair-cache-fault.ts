import type { FastifyInstance } from 'fastify';
import type { FaultName } from './faults.ts';

/**
 * list-cache-per-credential: list pages cached per principal, the key the Authorization header and
 * the URL (a cache honouring Vary: Authorization), and a write (a create's or a DELETE's 2xx)
 * purges only the writer's entries (`cache.deleteByPrefix(authHeader)`). An account's Auth Token
 * and its API key are two principals of one account: after the key deletes a profile, the Auth
 * Token's cached list still shows it, and a create with one pair is missing from the other's.
 */
export interface PairListCache {
  /** the page kept for this Authorization and URL (path and query), when a GET asked it since that Authorization last wrote */
  cached(method: string, authorization: string | undefined, url: string): string | undefined;
  keep(method: string, authorization: string | undefined, url: string, text: string): void;
}

export function pairListCache(app: FastifyInstance, fault: FaultName | null): PairListCache {
  if (fault !== 'list-cache-per-credential') return { cached: () => undefined, keep: () => {} };
  const pages = new Map<string, string>();
  const key = (authorization: string, url: string) => `${authorization}\n${url}`;
  app.addHook('onSend', (request, reply, payload, done) => {
    const auth = request.headers.authorization;
    // the writer's own pages purged, every other principal's (the account's other pair too) kept
    if (auth !== undefined && (request.method === 'POST' || request.method === 'DELETE') && reply.statusCode < 300) {
      for (const k of [...pages.keys()]) if (k.startsWith(`${auth}\n`)) pages.delete(k);
    }
    done(null, payload);
  });
  return {
    cached: (method, authorization, url) => (method === 'GET' && authorization !== undefined ? pages.get(key(authorization, url)) : undefined),
    keep: (method, authorization, url, text) => {
      if (method === 'GET' && authorization !== undefined) pages.set(key(authorization, url), text);
    },
  };
}

/**
 * fetch-cache-per-credential: the fetch cached per principal (Spring's @Cacheable keyed by the
 * principal and the sid) and the DELETE evicting the deleter's entry alone (@CacheEvict with the
 * same key): after one pair of the account deletes a profile, the other pair, which read it before,
 * still reads it.
 */
export interface PairFetchCache<T> {
  cached(authorization: string | undefined, sid: string): T | undefined;
  keep(authorization: string | undefined, sid: string, profile: T): void;
}

export function pairFetchCache<T>(app: FastifyInstance, fault: FaultName | null): PairFetchCache<T> {
  if (fault !== 'fetch-cache-per-credential') return { cached: () => undefined, keep: () => {} };
  const reads = new Map<string, T>();
  const key = (authorization: string, sid: string) => `${authorization}\n${sid}`;
  app.addHook('onSend', (request, reply, payload, done) => {
    const auth = request.headers.authorization;
    const sid = /^\/v1\/CustomerProfiles\/([^/?]+)/.exec(request.url)?.[1];
    // the deleter's own entry evicted, the other principals' (the account's other pair too) kept
    if (auth !== undefined && sid !== undefined && request.method === 'DELETE' && reply.statusCode < 300) reads.delete(key(auth, sid));
    done(null, payload);
  });
  return {
    cached: (authorization, sid) => (authorization === undefined ? undefined : reads.get(key(authorization, sid))),
    keep: (authorization, sid, profile) => {
      if (authorization !== undefined && reads.size < 10_000) reads.set(key(authorization, sid), profile);
    },
  };
}
