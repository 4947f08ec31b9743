/**
 * The paths below a profile, as faulty implementations serve them. The mock itself has no route
 * there (its links name routes it does not implement: every path below a profile is the 404
 * envelope, credentials first); each fault adds the route a real implementer shipped:
 * - link-routes-skip-auth: the three routes the profile's links name (EntityAssignments,
 *   Evaluations, ChannelEndpointAssignments), added later as one small controller mounted before the
 *   authentication middleware (server.ts lets their GETs through without credentials);
 * - link-routes-ignore-account: that controller finds the profile by its sid alone (Profile.find(sid)),
 *   where fetch and delete use the account's scope;
 * - link-routes-find-deleted: it loads the profile through the write repository, which has no
 *   soft-delete scope: a deleted profile's links still answer;
 * - subpath-get-is-profile / subpath-delete-removes-profile: the member routes are dispatched by
 *   `path.split('/')[3]`, what follows the sid never looked at: a GET of <url>/NoSuchResource is the
 *   profile, a DELETE of it deletes the profile.
 * Each link route answers an empty list page (no entity, evaluation or endpoint is assigned).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { FaultName } from './faults.ts';
import type { ProfileStore, StoredProfile } from './store.ts';

/** What of the mock's state the routes read (server.ts MockState): baseUrl is set once the server listens. */
interface LinkState {
  readonly config: { readonly fault: FaultName | null };
  readonly store: ProfileStore;
  readonly baseUrl: string;
}

/** The routes the profile's links name. */
export const LINK_SEGMENTS = ['EntityAssignments', 'Evaluations', 'ChannelEndpointAssignments'] as const;

const LINK_PATH = /^\/v1\/CustomerProfiles\/[^/]+\/(EntityAssignments|Evaluations|ChannelEndpointAssignments)\/?$/;

/** link-routes-skip-auth: a GET of a link route needs no credentials (the controller is mounted before the auth middleware). */
export const linkSkipsAuth = (fault: FaultName | null, method: string, path: string): boolean =>
  fault === 'link-routes-skip-auth' && (method === 'GET' || method === 'HEAD') && LINK_PATH.test(path);

const LINK_FAULTS: ReadonlySet<string> = new Set(['link-routes-skip-auth', 'link-routes-ignore-account', 'link-routes-find-deleted']);
/** Deleted profiles kept by link-routes-find-deleted (their soft-deleted rows), at most this many. */
const TOMBSTONES = 10_000;

export interface LinkDeps {
  notFound(reply: FastifyReply, path: string): FastifyReply;
  /** the profile as the fetch shows it to the caller */
  shown(profile: StoredProfile, request: FastifyRequest): Record<string, unknown>;
}

export function addLinkFaults(app: FastifyInstance, state: LinkState, deps: LinkDeps): void {
  const fault = state.config.fault;
  if (fault !== null && LINK_FAULTS.has(fault)) {
    const deleted = new Map<string, StoredProfile>();
    if (fault === 'link-routes-find-deleted') {
      // the soft-deleted row stays in the table the links' controller reads
      app.addHook('preHandler', (request, _reply, done) => {
        const m = /^\/v1\/CustomerProfiles\/([^/?]+)$/.exec(request.url.split('?')[0]!);
        const profile = request.method === 'DELETE' && m && request.caller ? state.store.get(request.caller.accountSid, m[1]!) : undefined;
        if (profile) {
          if (deleted.size >= TOMBSTONES) deleted.clear();
          deleted.set(profile.sid, profile);
        }
        done();
      });
    }
    app.get<{ Params: { Sid: string; Link: string } }>('/v1/CustomerProfiles/:Sid/:Link', (request, reply) => {
      const path = request.url.split('?')[0]!;
      const { Sid: sid, Link: link } = request.params;
      if (!(LINK_SEGMENTS as readonly string[]).includes(link)) return deps.notFound(reply, path);
      const owner = state.store.owner(sid);
      const live = owner === undefined ? undefined : state.store.get(owner, sid);
      const row = live ?? (fault === 'link-routes-find-deleted' ? deleted.get(sid) : undefined);
      const account = request.caller?.accountSid;
      if (!row || (row.accountSid !== account && fault !== 'link-routes-ignore-account')) return deps.notFound(reply, path);
      const self = `${state.baseUrl}/v1/CustomerProfiles/${sid}/${link}?PageSize=50&Page=0`;
      const page = { results: [], meta: { page: 0, page_size: 50, first_page_url: self, previous_page_url: null, url: self, next_page_url: null, key: 'results' } };
      return reply.code(200).header('content-type', 'application/json').send(JSON.stringify(page));
    });
  }
  if (fault === 'subpath-get-is-profile') {
    app.get<{ Params: { Sid: string } }>('/v1/CustomerProfiles/:Sid/*', (request, reply) => {
      const profile = state.store.get(request.caller!.accountSid, request.params.Sid);
      if (!profile) return deps.notFound(reply, request.url.split('?')[0]!);
      return reply.code(200).header('content-type', 'application/json').send(JSON.stringify(deps.shown(profile, request)));
    });
  }
  if (fault === 'subpath-delete-removes-profile') {
    app.delete<{ Params: { Sid: string } }>('/v1/CustomerProfiles/:Sid/*', (request, reply) => {
      if (!state.store.delete(request.caller!.accountSid, request.params.Sid)) return deps.notFound(reply, request.url.split('?')[0]!);
      return reply.code(204).send();
    });
  }
}
