import type { FastifyInstance } from 'fastify';
import type { FaultName } from './faults.ts';
import type { StoredProfile } from './store.ts';

/**
 * The faults of a profile lookup that finds a profile by more than its sid (the path's segment, decoded):
 * - lookup-friendly-id-slug: Rails friendly_id, the FriendlyName as a slug (acme-corp) beside the sid;
 * - lookup-numeric-row-id: `find_by(sid:) || find(id)`, a small integer is a row's id: the store's counter, over every account's rows;
 * - lookup-sid-regex-prefix: a MongoDB query by /^segment/ (no `$`): a sid's first characters name it;
 * - lookup-sid-dollar-newline: a /^BU[0-9a-f]{32}$/ guard whose `$` matches before a final newline, the newline then stripped.
 * The sid of the profile it finds among the account's, or undefined.
 */
export function lookalike(fault: FaultName | null, profiles: readonly StoredProfile[], segment: string): string | undefined {
  switch (fault) {
    case 'lookup-friendly-id-slug':
      return profiles.find((p) => p.friendlyName && slug(p.friendlyName) === segment)?.sid;
    case 'lookup-numeric-row-id':
      return /^[1-9]\d{0,5}$/.test(segment) ? profiles.find((p) => p.seq === Number(segment))?.sid : undefined;
    case 'lookup-sid-regex-prefix':
      return segment.length >= 4 ? profiles.find((p) => p.sid.startsWith(segment))?.sid : undefined;
    case 'lookup-sid-dollar-newline':
      return /^BU[0-9a-fA-F]{32}\n$/.test(segment) ? segment.slice(0, -1) : undefined;
    default:
      return undefined;
  }
}

/** friendly_id's parameterize: lower case, every run of other characters one hyphen, none at the ends. */
const slug = (name: string): string => name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');

/**
 * The faults of a profile's routes that take its sid from more than the path (mock/faults.ts), as a
 * hook that rebinds the route's Sid before the handler reads it:
 * - path-sid-overridden-by-query: the handler binds one object from the route and the query, the query
 *   last (`{ ...req.params, ...req.query }`; Spring's ExtendedServletRequestDataBinder adds a URI
 *   variable only when no request parameter of its name exists): ?Sid= (or ?sid=) names the profile
 *   a GET, HEAD or DELETE acts on;
 * - delete-sid-from-body: the DELETE reads its sid as `request.values.get('Sid') or sid` (Flask's
 *   request.values merges the query and a form body on every method): a form body Sid= names the
 *   profile it deletes.
 */
export function addSidParamFaults(app: FastifyInstance, fault: FaultName | null, item: string): void {
  if (fault !== 'path-sid-overridden-by-query' && fault !== 'delete-sid-from-body') return;
  app.addHook('preHandler', (request, _reply, done) => {
    if (request.routeOptions.url === item) {
      const params = request.params as { Sid: string };
      const query = request.query as Record<string, unknown>;
      const named = fault === 'path-sid-overridden-by-query' ? (['GET', 'HEAD', 'DELETE'].includes(request.method) ? (query.Sid ?? query.sid) : undefined) : request.method === 'DELETE' && request.body instanceof URLSearchParams ? request.body.get('Sid') : undefined;
      if (typeof named === 'string') params.Sid = named;
    }
    done();
  });
}
