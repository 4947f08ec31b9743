import { setTimeout as delay } from 'node:timers/promises';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { FaultName } from './faults.ts';

/** fetch-cache-half-filled: how long the cache's second query takes, and how long an entry lives once filled. */
export const FILL_MS = 30;
const ENTRY_MS = 200;
/** create-overflow-drops-callback: the writer pool's connections, and how long a create holds one (its database round trip). */
export const WRITER_POOL = 10;
const HOLD_MS = 40;

const LOAD_FAULTS: ReadonlySet<FaultName> = new Set<FaultName>(['fetch-cache-half-filled', 'create-overflow-drops-callback']);

/**
 * Faults that show only in answers to requests sent at once (registered after the auth hook, mock/server.ts):
 * - fetch-cache-half-filled: a read-through cache of profiles filled in two steps (the row, then its contact
 *   columns in a second query FILL_MS later) and served meanwhile: fetches of a profile that come while the
 *   first one fills its entry show email and status_callback null; one at a time, each sees it whole;
 * - create-overflow-drops-callback: past WRITER_POOL creates in flight a create goes to a batch writer whose
 *   column list predates StatusCallback: the profile is stored and answered without it.
 */
export function addLoadFaults(app: FastifyInstance, fault: FaultName | null, collection: string, item: string): void {
  if (fault === null || !LOAD_FAULTS.has(fault)) return;
  const route = (request: FastifyRequest) => request.routeOptions.url;
  if (fault === 'fetch-cache-half-filled') {
    const entries = new Map<string, { at: number; filled: boolean }>();
    const halfFilled = new WeakSet<FastifyRequest>();
    app.addHook('preHandler', async (request) => {
      if (request.method !== 'GET' || route(request) !== item || !request.caller) return;
      const key = `${request.caller.accountSid} ${(request.params as { Sid: string }).Sid}`;
      const entry = entries.get(key);
      if (entry && Date.now() - entry.at < ENTRY_MS) {
        if (!entry.filled) halfFilled.add(request);
        return;
      }
      if (entries.size >= 10_000) entries.clear();
      const filling = { at: Date.now(), filled: false };
      entries.set(key, filling);
      await delay(FILL_MS);
      filling.filled = true;
    });
    app.addHook('onSend', async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
      if (!halfFilled.has(request) || reply.statusCode !== 200 || typeof payload !== 'string') return payload;
      return payload.replace(/"email":(?:null|"(?:[^"\\]|\\.)*")/, '"email":null').replace(/"status_callback":(?:null|"(?:[^"\\]|\\.)*")/, '"status_callback":null');
    });
  }
  if (fault === 'create-overflow-drops-callback') {
    let inFlight = 0;
    const counted = new WeakSet<FastifyRequest>();
    app.addHook('preHandler', async (request) => {
      if (request.method !== 'POST' || route(request) !== collection || !request.caller) return;
      counted.add(request);
      const crowded = ++inFlight > WRITER_POOL;
      await delay(HOLD_MS);
      if (crowded && request.body instanceof URLSearchParams) request.body.delete('StatusCallback');
    });
    app.addHook('onResponse', async (request) => {
      if (counted.delete(request)) inFlight--;
    });
  }
}
