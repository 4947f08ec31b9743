/**
 * The faults of the update's own answer (POST /v1/CustomerProfiles/{Sid}, 200): the OpenAPI's
 * UpdateCustomerProfile answers application/json, the whole trusthub.v1.customer_profile, as the
 * fetch does. Each fault is a habit of a handler written apart from the create's and the fetch's.
 */
import type { FaultName } from './faults.ts';
import type { StoredProfile } from './store.ts';

/** The account an internal writer answers with (update-answer-service-account). */
const SERVICE_ACCOUNT_SID = 'AC5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e';

/** update-answer-date-ahead: the database's session time zone, one hour east of UTC, behind a timestamp column with no zone. */
const DB_ZONE_AHEAD_MS = 3_600_000;

/** What the update answers: its status is always 200; a body and a media type. */
export interface UpdateAnswer {
  body: string;
  type: string;
}

/**
 * The update's 200 for a fault of its answer; undefined when the fault is none of these (the
 * mock's own: `view` as application/json).
 * update-answer-raw-row: the handler returns the ORM row (Sequelize's profile.toJSON()), not the
 * serializer's view: camelCase columns, createdAt and updatedAt, no url or links.
 * update-answer-text-html: Express's res.send(JSON.stringify(view)): a string body is typed
 * text/html; charset=utf-8.
 * update-answer-local-time: the update sets date_updated from the host's local now(), written with its offset (+01:00).
 * update-answer-url-singular: the update's serializer builds url from a route template with the
 * singular /v1/CustomerProfile/ (and the links under it).
 * update-answer-service-account: the write goes through an internal worker that answers with the
 * profile as its own service account sees it: account_sid is the worker's.
 * update-answer-date-ahead: date_updated is the database's NOW() in a session one hour east of
 * UTC, stored in a timestamp column without a zone and written with Z: an hour after the answer.
 */
export function updateAnswer(fault: FaultName | null, profile: StoredProfile, view: Readonly<Record<string, unknown>>): UpdateAnswer | undefined {
  const json = (body: unknown, type = 'application/json'): UpdateAnswer => ({ body: JSON.stringify(body), type });
  switch (fault) {
    case 'update-answer-raw-row':
      return json({
        sid: profile.sid,
        accountSid: profile.accountSid,
        policySid: profile.policySid,
        friendlyName: profile.friendlyName,
        email: profile.email,
        statusCallback: profile.statusCallback,
        status: profile.status,
        createdAt: new Date(profile.created).toISOString(),
        updatedAt: new Date(profile.updated ?? profile.created).toISOString(),
      });
    case 'update-answer-text-html':
      return json(view, 'text/html; charset=utf-8');
    case 'update-answer-local-time':
      return json({ ...view, date_updated: `${new Date((profile.updated ?? profile.created) + 3_600_000).toISOString().slice(0, 19)}+01:00` });
    case 'update-answer-url-singular': {
      const url = String(view.url).replace('/v1/CustomerProfiles/', '/v1/CustomerProfile/');
      const links = Object.fromEntries(Object.entries((view.links ?? {}) as Record<string, string>).map(([k, v]) => [k, v.replace('/v1/CustomerProfiles/', '/v1/CustomerProfile/')]));
      return json({ ...view, url, links });
    }
    case 'update-answer-service-account':
      return json({ ...view, account_sid: SERVICE_ACCOUNT_SID });
    case 'update-answer-date-ahead':
      return json({ ...view, date_updated: `${new Date((profile.updated ?? profile.created) + DB_ZONE_AHEAD_MS).toISOString().slice(0, 19)}Z` });
    default:
      return undefined;
  }
}
