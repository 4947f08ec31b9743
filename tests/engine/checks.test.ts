import { describe, expect, it } from 'vitest';
import { CATALOG } from '../../contracts/catalog.ts';
import { ACCEPTED_AUTH, type AuthMode, type Exchange, type FollowUp, type JudgeContext, JSON_UNDER_FORM_TYPE_RULE, type ListWalk, METHOD_OVERRIDE_RULE, REFUSED_AUTH, type Reply, type UpdateOwn, type UpdateRepeated } from '../../contracts/exchange.ts';
import { challengeSchemes } from '../../engine/checks/auth.ts';
import { CHECKS } from '../../engine/checks/index.ts';
import { fetchedAsCreated } from '../../engine/checks/fidelity.ts';
import { shownKey } from '../../engine/transport/sender.ts';
import { windowOf } from '../../engine/checks/clock.ts';
import { parseObservations, withObservations } from '../../evidence/observations.ts';
import {
  ACCOUNT,
  BASE,
  context,
  envelope,
  exchangeOf,
  followUp,
  POLICY,
  resource,
  response,
  SID,
  TOKEN,
  validCaseOf,
  replyTo,
} from '../helpers/exchange.ts';
import { inScope } from '../../contracts/check.ts';
import { linksFor } from '../../contracts/schemas.ts';

/** observed.behaviour judges only with observations loaded (run --observations): here, one for a missing Email */
const OBSERVED = withObservations(
  CHECKS,
  parseObservations(
    { observationsVersion: 1, observations: [{ requestClass: 'missing-field/Email.required', status: 400, code: 20001, observedAt: '2026-11-02', where: 'https://staging.example.test' }] },
    'observations.json',
  ),
);

/** A check's outcome on a case's exchange, or (a rule of `answers`) on any answer: null when out of its scope. */
const judge = (id: string, ex: Exchange | Reply, ctx: JudgeContext = context()) => {
  const check = OBSERVED.find((c) => c.id === id);
  if (!check) throw new Error(`no check ${id}`);
  if (!('route' in ex)) return check.judge(ex, ctx);
  if (!check.answers || !check.judgeReply) throw new Error(`${id} judges cases, not answers`);
  return inScope(check.answers, ex) ? check.judgeReply(ex, ctx) : null;
};

const ITEM = `/v1/CustomerProfiles/${SID}`;
const META = { page: 0, page_size: 50, first_page_url: `${BASE}/v1/CustomerProfiles?PageSize=50&Page=0`, previous_page_url: null, url: `${BASE}/v1/CustomerProfiles?PageSize=50&Page=0`, next_page_url: null, key: 'results' };
/** A 200 list page holding `results`, as an answer of the list route. */
const listPage = (results: unknown[], meta: Record<string, unknown> = META, headers: Record<string, string> = {}) =>
  replyTo('GET', '/v1/CustomerProfiles?PageSize=50', response(200, { results, meta }, headers), { purpose: 'list after the create' });
const fetched = (body: unknown, headers: Record<string, string> = {}) => replyTo('GET', ITEM, response(200, body, headers));
const notFound = (message: string, method = 'GET') => replyTo(method, ITEM, response(404, envelope(404, 20404, message)), { purpose: 'read after the delete' });
/** A walk of the list, page by page: each page's sids, PageSize 2, the whole list before and after. */
const walkOf = (pages: string[][], whole: string[], extra: Partial<ListWalk> = {}): Partial<Exchange> => {
  const sidPage = (sids: string[], i: number) => ({
    ...followUp(200, { results: sids.map((sid) => resource({ sid })), meta: { ...META, page: i, next_page_url: i + 1 < pages.length ? `${BASE}/v1/CustomerProfiles?PageSize=2&Page=${i + 1}` : null } }),
    request: { method: 'GET', url: `${BASE}/v1/CustomerProfiles?PageSize=2&Page=${i}`, headers: {}, body: '' },
  });
  const all = followUp(200, { results: whole.map((sid) => resource({ sid })), meta: META });
  return { listWalk: { pageSize: 2, pages: pages.map(sidPage), before: all, after: all, ...extra } };
};
const SIDS = ['BU00000000000000000000000000000001', 'BU00000000000000000000000000000002', 'BU00000000000000000000000000000003'];

const created = (body: Record<string, unknown> = resource(), headers: Record<string, string> = {}) =>
  exchangeOf(validCaseOf(), response(201, body, headers));
const missingEmail = validCaseOf({
  category: 'missing-field',
  label: 'Email missing',
  expect: 'reject',
  rule: 'Email.required',
  missing: ['Email'],
  fields: { FriendlyName: 'Acme', PolicySid: POLICY },
  body: `FriendlyName=Acme&PolicySid=${POLICY}`,
});
const refused = (status: number, body: unknown) => exchangeOf(missingEmail, response(status, body));
const noAuth = validCaseOf({ category: 'auth', label: 'no credentials', expect: 'reject', auth: 'none' });
const lowerScheme = validCaseOf({ category: 'auth', label: 'scheme written basic', expect: 'create', auth: 'scheme-lower' });

const withResponse = (ex: Exchange, change: Partial<Exchange['response'] & object>): Exchange => ({ ...ex, response: { ...ex.response!, ...change } });
const withoutDate = (ex: Exchange): Exchange => {
  const { date: _, ...headers } = ex.response!.headers;
  return withResponse(ex, { headers });
};

/** A create's 4xx answer to `body` sent as a form (or with `type`), for the case given. */
const createRefused = (body: string, message: string, tc = validCaseOf({ expect: 'either', label: 'a valid create after 1,000 unknown pairs', body }), type = 'application/x-www-form-urlencoded') =>
  replyTo('POST', '/v1/CustomerProfiles', response(400, envelope(400, 20001, message)), {
    request: { method: 'POST', url: `${BASE}/v1/CustomerProfiles`, headers: { 'Content-Type': type }, body },
    case: tc,
  });
const PADS = Array.from({ length: 1000 }, (_, i) => `Pad${i}=1`).join('&');

/** For every check: an exchange it passes and one it fails. */
const CASES: Record<string, { pass: Exchange | Reply; fail: Exchange | Reply; ctx?: JudgeContext }> = {
  'create.status-201': { pass: created(), fail: exchangeOf(validCaseOf(), response(200, resource())) },
  'create.success-201': {
    pass: created(),
    fail: exchangeOf(validCaseOf({ expect: 'either', label: 'FriendlyName with U+0001' }), response(202, { status: 'queued-for-review' })),
  },
  'update.status-200': {
    pass: replyTo('POST', ITEM, response(200, resource()), { purpose: 'update (POST) of a profile of the run with FriendlyName alone' }),
    fail: replyTo('POST', ITEM, response(201, resource()), { purpose: 'update (POST) of a profile of the run with FriendlyName alone' }),
  },
  'response.content-type-json': { pass: listPage([resource()], META, { 'content-type': 'Application/JSON; charset=utf-8' }), fail: listPage([resource()], META, { 'content-type': 'text/plain' }) },
  'resource.schema': { pass: listPage([resource()]), fail: listPage([resource(), resource({ valid_until: undefined })]) },
  'list.page-schema': { pass: listPage([resource()]), fail: listPage([resource()], { ...META, page: '0' }) },
  'delete.no-content': {
    pass: replyTo('DELETE', ITEM, response(204, '', { 'content-type': '' }), { purpose: 'delete' }),
    fail: replyTo('DELETE', ITEM, response(200, {}), { purpose: 'delete' }),
  },
  'response.json-interoperable': { pass: fetched(resource()), fail: withResponse(created(), { bodyText: JSON.stringify(resource()).replace('Acme Inc', 'Acme \\ud83c') }) },
  'no-server-error': { pass: created(), fail: exchangeOf(validCaseOf(), response(500, 'boom')) },
  'no-credential-leak': { pass: created(), fail: created(resource({ debug: TOKEN })) },
  'reject.invalid-4xx': { pass: refused(400, envelope(400, 20001)), fail: refused(201, resource()) },
  'error.envelope': { pass: notFound(`The requested resource ${ITEM} was not found`), fail: replyTo('PUT', '/v1/CustomerProfiles', response(405, 'Method Not Allowed')) },
  'error.envelope-status': { pass: refused(400, envelope(400, 20001)), fail: replyTo('DELETE', ITEM, response(401, envelope(403, 20003)), { auth: 'none' }) },
  'auth.required-401': { pass: exchangeOf(noAuth, response(401, envelope(401, 20003))), fail: exchangeOf(noAuth, response(201, resource())) },
  'reject.no-side-effect': {
    pass: exchangeOf(missingEmail, response(400, envelope(400, 20001)), {
      listBefore: followUp(200, { results: [], meta: {} }),
      listAfter: followUp(200, { results: [], meta: {} }),
    }),
    fail: exchangeOf(missingEmail, response(400, envelope(400, 20001)), {
      listBefore: followUp(200, { results: [], meta: {} }),
      listAfter: followUp(200, { results: [resource({ friendly_name: 'Acme', policy_sid: POLICY })], meta: {} }),
    }),
  },
  'missing.only-when-absent': {
    pass: createRefused(`FriendlyName=Acme&PolicySid=${POLICY}`, 'Missing required parameter Email in the post body'),
    fail: createRefused(`${PADS}&FriendlyName=Acme&Email=e%40x.com&PolicySid=${POLICY}`, 'Missing required parameter FriendlyName in the post body'),
  },
  'repeated-param.consistent': {
    pass: exchangeOf(
      validCaseOf({ category: 'repeated-param', expect: 'either', body: `FriendlyName=A&FriendlyName=B&Email=e&PolicySid=${POLICY}` }),
      response(201, resource({ friendly_name: 'B' })),
    ),
    fail: exchangeOf(
      validCaseOf({ category: 'repeated-param', expect: 'either', body: `FriendlyName=A&FriendlyName=B&Email=e&PolicySid=${POLICY}` }),
      response(201, resource({ friendly_name: 'A B' })),
    ),
  },
  'missing.code-20001': {
    pass: refused(400, envelope(400, 20001, 'Missing required parameter Email in the post body')),
    fail: refused(400, envelope(400, 20001, 'Missing required parameter FriendlyName in the post body')),
  },
  'auth.code-20003': {
    pass: exchangeOf(noAuth, response(401, envelope(401, 20003))),
    fail: replyTo('GET', '/v1/CustomerProfiles', response(401, envelope(401, 20005)), { auth: 'none' }),
  },
  'error.more-info': {
    pass: refused(400, envelope(400, 20001)),
    fail: replyTo('DELETE', ITEM, response(404, { ...envelope(404, 20404), more_info: 'http://www.twilio.com/docs/errors/20404' })),
  },
  'not-found.code-20404': { pass: notFound(`The requested resource ${ITEM} was not found`, 'DELETE'), fail: notFound('Not Found') },
  'rate-limit.code-20429': {
    pass: { ...replyTo('GET', '/v1/CustomerProfiles', response(429, envelope(429, 20429))), absorbed: true },
    fail: { ...replyTo('GET', '/v1/CustomerProfiles', response(429, envelope(429, 429))), absorbed: true },
  },
  'json-body.as-missing': {
    pass: exchangeOf(
      { ...missingEmail, category: 'body-encoding', contentType: 'application/json' },
      response(400, envelope(400, 20001)),
    ),
    fail: exchangeOf({ ...missingEmail, category: 'body-encoding', contentType: 'application/json' }, response(201, resource())),
  },
  'echo.fields': { pass: created(), fail: created(resource({ friendly_name: 'Acme  Inc' })) },
  'create.initial-state': { pass: created(), fail: created(resource({ status: 'pending-review' })) },
  'resource.timestamps-gmt': {
    pass: created(),
    fail: listPage([resource(), resource({ date_created: '2026-11-27T11:00:00+01:00', date_updated: '2026-11-27T11:00:00+01:00' })]),
  },
  'create.timestamps-now': { pass: created(), fail: created(resource({ date_created: '2020-01-01T00:00:00Z', date_updated: '2020-01-01T00:00:00Z' })) },
  'resource.url': {
    pass: listPage([resource()]),
    fail: listPage([resource({ links: { ...(resource().links as object), customer_profiles_evaluations: `/v1/CustomerProfiles/${SID}/Evaluations` } })]),
  },
  'resource.account-sid': { pass: fetched(resource()), fail: fetched(resource({ account_sid: `AC${'f'.repeat(32)}` })) },
  'create.unique-sid': { pass: created(), fail: created(), ctx: undefined },
  'extra-params.ignored': {
    pass: exchangeOf(validCaseOf({ category: 'extra-params', expect: 'create' }), response(201, resource())),
    fail: exchangeOf(validCaseOf({ category: 'extra-params', expect: 'create' }), response(400, envelope(400, 21000))),
  },
  'readback.same': {
    pass: exchangeOf(validCaseOf(), response(201, resource()), { readBack: followUp(200, resource()) }),
    fail: exchangeOf(validCaseOf(), response(201, resource()), { readBack: followUp(200, resource({ email: 'other' })) }),
  },
  // a profile of before the run, its item in the list then (date_updated a week old), fetched at 10:00:01 (the default Date)
  'fetch.no-update': {
    pass: exchangeOf(validCaseOf(), response(201, resource()), { preRunRead: { sid: SID, item: JSON.stringify(resource({ date_updated: '2026-11-20T09:00:00Z' })), fetch: followUp(200, resource({ date_updated: '2026-11-20T09:00:00Z' })) } }),
    fail: exchangeOf(validCaseOf(), response(201, resource()), { preRunRead: { sid: SID, item: JSON.stringify(resource({ date_updated: '2026-11-20T09:00:00Z' })), fetch: followUp(200, resource({ date_updated: '2026-11-27T10:00:01Z' })) } }),
  },
  'response.utf8-no-bom': { pass: created(), fail: withResponse(created(), { bom: true }) },
  'response.charset-utf8': {
    pass: created(resource(), { 'content-type': 'application/json; charset="UTF-8"' }),
    fail: created(resource(), { 'content-type': 'application/json; charset=iso-8859-1' }),
  },
  'response.unique-members': {
    pass: created(),
    fail: withResponse(created(), { bodyText: `{"status":"draft",${JSON.stringify(resource()).slice(1)}` }),
  },
  'error.content-type-json': {
    pass: refused(400, envelope(400, 20001)),
    fail: exchangeOf(missingEmail, response(400, envelope(400, 20001), { 'content-type': 'text/html; charset=utf-8' })),
  },
  'create.timestamps-server-clock': { pass: created(), fail: created(resource(), { date: 'Fri, 27 Nov 2026 13:00:01 GMT' }) },
  'response.date-header': { pass: created(), fail: fetched(resource(), { date: '2026-11-27T10:00:01Z' }) },
  'response.date-imf-fixdate': { pass: created(), fail: fetched(resource(), { date: 'Friday, 27-Nov-26 10:00:01 GMT' }) },
  'observed.behaviour': { pass: refused(400, envelope(400, 20001)), fail: refused(400, envelope(400, 21000)) },
  'auth.challenge': {
    pass: exchangeOf(noAuth, response(401, envelope(401, 20003), { 'www-authenticate': 'Basic realm="Twilio API"' })),
    fail: exchangeOf(noAuth, response(401, envelope(401, 20003))),
  },
  'response.allow-405': {
    pass: replyTo('PUT', '/v1/CustomerProfiles', response(405, envelope(405, 20004), { allow: 'GET, POST' })),
    fail: replyTo('PUT', '/v1/CustomerProfiles', response(405, envelope(405, 20004))),
  },
  'auth.scheme-case-insensitive': {
    pass: exchangeOf(lowerScheme, response(201, resource())),
    fail: exchangeOf(lowerScheme, response(401, envelope(401, 20003))),
  },
  'delete.gone': {
    pass: exchangeOf(validCaseOf(), response(201, resource()), {
      deleted: followUp(204, ''),
      readAfterDelete: followUp(404, envelope(404, 20404)),
    }),
    fail: exchangeOf(validCaseOf(), response(201, resource()), {
      deleted: followUp(204, ''),
      readAfterDelete: followUp(200, resource()),
    }),
  },
  'list.shows-created': {
    pass: exchangeOf(validCaseOf(), response(201, resource()), { listed: followUp(200, { results: [resource()], meta: {} }) }),
    fail: exchangeOf(validCaseOf(), response(201, resource()), { listed: followUp(200, { results: [], meta: {} }) }),
  },
  'list.own-account': {
    pass: listPage([resource()]),
    fail: listPage([resource(), resource({ sid: 'BUffffffffffffffffffffffffffffffff', account_sid: 'AC99999999999999999999999999999999' })]),
  },
  'list.paging': {
    pass: exchangeOf(validCaseOf(), response(201, resource()), walkOf([SIDS.slice(0, 2), SIDS.slice(2)], SIDS)),
    fail: exchangeOf(validCaseOf(), response(201, resource()), walkOf([SIDS.slice(0, 1), SIDS.slice(2)], SIDS)),
  },
  'list.page-size': {
    pass: replyTo('GET', '/v1/CustomerProfiles', response(200, { results: [resource()], meta: { page_size: 50, next_page_url: null, key: 'results' } }), { purpose: 'list' }),
    fail: replyTo('GET', '/v1/CustomerProfiles', response(200, { results: [resource()], meta: { page_size: 20, next_page_url: null, key: 'results' } }), { purpose: 'list' }),
  },
  'list.page-index': {
    pass: replyTo('GET', '/v1/CustomerProfiles?PageSize=1&Page=3', response(200, { results: [resource()], meta: { ...META, page: 3 } }), { purpose: 'list' }),
    fail: replyTo('GET', '/v1/CustomerProfiles?PageSize=1&Page=3', response(200, { results: [resource()], meta: { ...META, page: 0 } }), { purpose: 'list' }),
  },
  'list.meta-key': {
    pass: replyTo('GET', '/v1/CustomerProfiles', response(200, { results: [], meta: { key: 'results' } }), { purpose: 'list' }),
    fail: replyTo('GET', '/v1/CustomerProfiles', response(200, { results: [], meta: { key: 'customer_profiles' } }), { purpose: 'list' }),
  },
  'list.valid-query-200': {
    pass: replyTo('GET', '/v1/CustomerProfiles?PageSize=0', response(400, envelope(400, 60200)), { purpose: 'list' }),
    fail: replyTo('GET', '/v1/CustomerProfiles?Page=9', response(404, { detail: 'Invalid page.' }), { purpose: 'list' }),
  },
  'list.invalid-paging-4xx': {
    pass: replyTo('GET', '/v1/CustomerProfiles?PageSize=2', response(200, { results: [resource()], meta: { page_size: 2, key: 'results' } }), { purpose: 'list' }),
    fail: replyTo('GET', '/v1/CustomerProfiles?PageSize=2.5', response(200, { results: [resource()], meta: { page_size: 2, key: 'results' } }), { purpose: 'list' }),
  },
  'list.filters': {
    pass: replyTo('GET', '/v1/CustomerProfiles?FriendlyName=Acme%20Inc', response(200, { results: [resource()], meta: {} }), { purpose: 'list' }),
    fail: replyTo('GET', '/v1/CustomerProfiles?FriendlyName=Other', response(200, { results: [resource()], meta: {} }), { purpose: 'list' }),
  },
  'list.filter-complete': {
    pass: exchangeOf(validCaseOf(), response(201, resource()), { listFiltered: [followUp(200, { results: [resource()], meta: {} })] }),
    fail: exchangeOf(validCaseOf(), response(201, resource()), { listFiltered: [followUp(200, { results: [], meta: {} })] }),
  },
  'list.walk-complete': {
    pass: exchangeOf(validCaseOf(), response(201, resource()), { listWalkAll: { pages: [followUp(200, { results: [resource()], meta: {} })], own: [SID] } }),
    fail: exchangeOf(validCaseOf(), response(201, resource()), { listWalkAll: { pages: [followUp(200, { results: [], meta: {} })], own: [SID] } }),
  },
  'list.same-as-created': {
    pass: exchangeOf(validCaseOf(), response(201, resource()), { listed: followUp(200, { results: [resource()], meta: {} }) }),
    fail: exchangeOf(validCaseOf(), response(201, resource()), { listed: followUp(200, { results: [resource({ date_updated: '2026-11-27T11:00:00Z' })], meta: {} }) }),
  },
  'delete.unknown-404': {
    pass: exchangeOf(validCaseOf(), response(201, resource()), {
      deleted: followUp(204, ''),
      deletedAgain: followUp(404, envelope(404, 20404)),
      deleteUnknown: followUp(404, envelope(404, 20404)),
    }),
    fail: exchangeOf(validCaseOf(), response(201, resource()), {
      deleted: followUp(204, ''),
      deletedAgain: followUp(404, envelope(404, 20404)),
      deleteUnknown: followUp(204, ''),
    }),
  },
  'not-found.envelope': {
    pass: exchangeOf(validCaseOf(), response(201, resource()), {
      readBack: followUp(200, resource()),
      deleted: followUp(204, ''),
      readAfterDelete: followUp(404, envelope(404, 20404)),
    }),
    fail: exchangeOf(validCaseOf(), response(201, resource()), {
      readBack: followUp(200, resource()),
      deleted: followUp(204, ''),
      readAfterDelete: followUp(404, '<html>Not Found</html>'),
    }),
  },
  'auth.follow-up-routes': {
    pass: replyTo('GET', `/v1/CustomerProfiles/${SID}`, response(401, envelope(401, 20003)), { auth: 'wrong', purpose: 'fetch of the profile with a wrong password' }),
    fail: replyTo('GET', `/v1/CustomerProfiles/${SID}`, response(200, resource()), { auth: 'wrong', purpose: 'fetch of the profile with a wrong password' }),
  },
  'auth.before-lookup': {
    pass: replyTo('DELETE', `/v1/CustomerProfiles/${SID}`, response(401, envelope(401, 20003)), { auth: 'none', purpose: 'delete of a sid that never existed' }),
    fail: replyTo('DELETE', `/v1/CustomerProfiles/${SID}`, response(404, envelope(404, 20404)), { auth: 'none', purpose: 'delete of a sid that never existed' }),
  },
  // updates of the profile (and of a sid of no profile) with refused credentials, each naming its own FriendlyName, then a read
  'auth.refused-update-keeps': {
    pass: exchangeOf(validCaseOf(), response(201, resource()), {
      refusedUpdates: [
        { what: 'the profile', updates: [{ auth: 'wrong', marker: 'renamed (wrong)', answer: followUp(401, envelope(401, 20003)) }], readAfter: followUp(200, resource()) },
        { what: 'a sid that never existed', updates: [{ auth: 'none', marker: 'renamed (none)', answer: followUp(401, envelope(401, 20003)) }], readAfter: followUp(404, envelope(404, 20404)) },
      ],
    }),
    fail: exchangeOf(validCaseOf(), response(201, resource()), {
      refusedUpdates: [
        {
          what: 'the profile',
          updates: [
            { auth: 'none', marker: 'renamed (none)', answer: followUp(401, envelope(401, 20003)) },
            { auth: 'wrong', marker: 'renamed (wrong)', answer: followUp(401, envelope(401, 20003)) },
          ],
          readAfter: followUp(200, resource({ friendly_name: 'renamed (wrong)' })),
        },
      ],
    }),
  },
  'auth.refused-delete-keeps': {
    pass: exchangeOf(validCaseOf(), response(201, resource()), {
      refusedDeletes: { deletes: [{ auth: 'wrong', answer: followUp(401, envelope(401, 20003)) }], readBack: followUp(200, resource()) },
    }),
    fail: exchangeOf(validCaseOf(), response(201, resource()), {
      refusedDeletes: { deletes: [{ auth: 'wrong', answer: followUp(401, envelope(401, 20003)) }], readBack: followUp(404, envelope(404, 20404)) },
    }),
  },
};

/** The clock rules: a first answer at NOW seen with the server's clock on ours; then one on the same clock, and one 10 minutes behind it. */
const NOW = Date.parse('2026-11-27T10:00:00Z');
const first = { receivedAt: NOW, latencyMs: 5, purpose: 'the first answer' };
const CLOCK = { date: windowOf(NOW, first, 'Date Fri, 27 Nov 2026 10:00:00 GMT'), created: windowOf(NOW, first, 'date_created 2026-11-27T10:00:00Z') };
const dated = (ms: number) => replyTo('GET', ITEM, response(200, resource(), { date: new Date(ms).toUTCString() }), { receivedAt: NOW + 3000 });
const createdAt = (ms: number) => replyTo('POST', '/v1/CustomerProfiles', response(201, resource({ date_created: new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z') })), { receivedAt: NOW + 3000 });
CASES['response.date-advances'] = { pass: dated(NOW + 3000), fail: dated(NOW), ctx: context({ clock: CLOCK }) };
CASES['create.date-created-advances'] = { pass: createdAt(NOW + 3000), fail: createdAt(NOW - 600_000), ctx: context({ clock: CLOCK }) };
let UPDATE_OF_NONE_403: Exchange;
{
  // updates of sids no profile of the sender has: a 405 (no update route) and a 404 after it pass; an upsert (201, then 200) and another account's update showing on the caller's profile fail
  const UNKNOWN_UPDATE = `${BASE}/v1/CustomerProfiles/BU${'e'.repeat(32)}`;
  const at = (f: FollowUp, method: string): FollowUp => ({ ...f, request: { ...f.request, method, url: UNKNOWN_UPDATE } });
  const marker = 'updated by the run: a sid no profile has had';
  const attempt = (sent: FollowUp, readAfter: FollowUp, owned = false) => ({ what: 'a sid no profile has had', sent: at(sent, 'POST'), readAfter: at(readAfter, 'GET'), marker, owned });
  CASES['lookup.update-of-none'] = {
    pass: exchangeOf(validCaseOf(), response(201, resource()), {
      updatesOfNone: [attempt(followUp(405, envelope(405, 20004)), followUp(404, envelope(404, 20404))), attempt(followUp(404, envelope(404, 20404)), followUp(200, resource()), true)],
    }),
    fail: exchangeOf(validCaseOf(), response(201, resource()), { updatesOfNone: [attempt(followUp(404, envelope(404, 20404)), followUp(200, resource({ friendly_name: marker })), true)] }),
  };
  // another account's profile answered 403 (found, then its owner checked): the sender learns the sid exists
  UPDATE_OF_NONE_403 = exchangeOf(validCaseOf(), response(201, resource()), { updatesOfNone: [attempt(followUp(403, envelope(403, 20403)), followUp(200, resource()), true)] });
}
CASES['lookup.sid-exact'] = {
  pass: exchangeOf(validCaseOf(), response(201, resource()), { swappedFetch: followUp(404, envelope(404, 20404)), swappedDelete: followUp(404, envelope(404, 20404)), readAfterSwapped: followUp(200, resource()) }),
  fail: exchangeOf(validCaseOf(), response(201, resource()), { swappedFetch: followUp(200, resource()), swappedDelete: followUp(204, ''), readAfterSwapped: followUp(404, envelope(404, 20404)) }),
};

{
  // a create naming the run's profile's Sid, then that profile read back; fetch, list and delete with ?AccountSid= another account
  const OTHER = 'BU0000000000000000000000000000000f';
  const sidInBody = (madeSid: string, back: Record<string, unknown>) =>
    exchangeOf(validCaseOf(), response(201, resource()), {
      readBack: followUp(200, resource()),
      sidInBody: { create: exchangeOf(validCaseOf(), response(201, resource({ sid: madeSid }))), existing: SID, readBack: followUp(200, back), listBefore: followUp(200, { results: [resource()], meta: META }) },
    });
  CASES['create.sid-from-server'] = { pass: sidInBody(OTHER, resource()), fail: sidInBody(SID, resource({ friendly_name: 'Acme Inc (named an existing Sid)' })) };
  const param = (fetch: number, listed: string[], del: number) =>
    exchangeOf(validCaseOf(), response(201, resource()), {
      readBack: followUp(200, resource()),
      listed: followUp(200, { results: [resource()], meta: META }),
      accountParam: {
        account: 'AC0000000000000000000000000000000f',
        sid: SID,
        fetch: followUp(fetch, fetch === 404 ? envelope(404, 20404) : resource()),
        list: followUp(200, { results: listed.map((sid) => resource({ sid })), meta: META }),
        delete: followUp(del, del === 404 ? envelope(404, 20404) : ''),
        listBefore: followUp(200, { results: [resource()], meta: META }),
      },
    });
  CASES['lookup.account-param'] = { pass: param(200, [SID], 204), fail: param(404, [], 404) };
  const urls = (prefix: string) =>
    exchangeOf(validCaseOf(), response(201, resource()), {
      urlProbes: { plain: followUp(200, resource()), sent: [{ what: 'X-Forwarded-Prefix: /x', fetch: followUp(200, resource({ url: `${prefix}/v1/CustomerProfiles/${SID}` })), list: followUp(200, { results: [], meta: META }) }] },
    });
  CASES['resource.url-not-from-request'] = { pass: urls(BASE), fail: urls(`${BASE}/x`) };
  const conditional = (status: number) => exchangeOf(validCaseOf(), response(201, resource()), { conditionalReads: [{ after: 'a DELETE', answer: followUp(status, status === 304 ? '' : { results: [], meta: META }) }] });
  CASES['list.conditional-fresh'] = { pass: conditional(200), fail: conditional(304) };
  describe('create.sid-from-server and lookup.account-param', () => {
    it('fail a reused sid, an overwritten profile, a list of another account and a 404 for the caller\'s own profile', () => {
      expect(judge('create.sid-from-server', sidInBody(OTHER, resource({ email: 'x@example.com' })))).toMatchObject({ status: 'fail', message: expect.stringContaining('overwrote') });
      // two creates with one Idempotency-Key and different FriendlyNames: the second answered with the first's profile fails, its own profile or a 4xx passes
      const named = (name: string) => validCaseOf({ fields: { ...validCaseOf().fields, FriendlyName: name } });
      const keyed = (second: ReturnType<typeof exchangeOf>) => exchangeOf(validCaseOf(), response(201, resource()), { idempotentCreates: [exchangeOf(named('First'), response(201, resource({ friendly_name: 'First' }))), second] });
      expect(judge('create.sid-from-server', keyed(exchangeOf(named('Second'), response(201, resource({ friendly_name: 'First' })))))).toMatchObject({ status: 'fail', message: expect.stringContaining('Idempotency-Key') });
      expect(judge('create.sid-from-server', keyed(exchangeOf(named('Second'), response(201, resource({ sid: OTHER, friendly_name: 'Second' })))))).toEqual({ status: 'pass' });
      expect(judge('create.sid-from-server', keyed(exchangeOf(named('Second'), response(422, envelope(422, 20001)))))).toEqual({ status: 'pass' });
      expect(judge('lookup.account-param', param(200, [], 204))).toMatchObject({ status: 'fail', message: expect.stringContaining('does not hold') });
      expect(judge('lookup.account-param', param(200, [SID], 404))).toMatchObject({ status: 'fail', message: expect.stringContaining('DELETE') });
      expect(judge('lookup.account-param', param(400, [SID], 400))).toEqual({ status: 'pass' });
    });
    it("fail the caller's requests naming the second account (?AccountSid=, identity headers) that acted for it; the caller's own answers pass", () => {
      const SECOND_ACCOUNT = `AC${'f'.repeat(32)}`;
      const THEIRS = `BU${'e'.repeat(32)}`;
      const MINE = `BU${'d'.repeat(32)}`;
      const at = (f: FollowUp, path: string, method = 'GET'): FollowUp => ({ ...f, request: { ...f.request, method, url: `${BASE}${path}?AccountSid=${SECOND_ACCOUNT}` } });
      const switched = (own: number, theirs: number, listed: Array<Record<string, unknown>>, del: number) =>
        exchangeOf(validCaseOf(), response(201, resource()), {
          accountCreates: {
            made: [],
            switched: [
              {
                how: '?AccountSid= (the query string)',
                own: { sid: SID, fetch: at(followUp(own, own === 200 ? resource() : envelope(own, 20404)), ITEM) },
                other: { sid: THEIRS, fetch: at(followUp(theirs, theirs === 200 ? resource({ sid: THEIRS, account_sid: SECOND_ACCOUNT }) : envelope(404, 20404)), `/v1/CustomerProfiles/${THEIRS}`) },
                list: at(followUp(200, { results: listed, meta: META }), '/v1/CustomerProfiles'),
                delete: { sid: MINE, deleted: at(followUp(del, del === 204 ? '' : envelope(del, 20404)), `/v1/CustomerProfiles/${MINE}`, 'DELETE') },
              },
            ],
          },
        });
      expect(judge('lookup.account-param', switched(200, 404, [resource()], 204))).toEqual({ status: 'pass' });
      // a 4xx other than 404 refuses the parameter: as good
      expect(judge('lookup.account-param', switched(400, 404, [resource()], 400))).toEqual({ status: 'pass' });
      expect(judge('lookup.account-param', switched(404, 404, [resource()], 204))).toMatchObject({ status: 'fail', message: expect.stringContaining(`answered 404 for its own profile ${SID}: the request looked in the account it named`) });
      expect(judge('lookup.account-param', switched(200, 200, [resource()], 204))).toMatchObject({ status: 'fail', message: expect.stringContaining(`for the second account's profile ${THEIRS}, expected 404`) });
      expect(judge('lookup.account-param', switched(200, 404, [resource(), resource({ sid: THEIRS, account_sid: SECOND_ACCOUNT })], 204))).toMatchObject({ status: 'fail', message: expect.stringContaining(`shows "${THEIRS}" of account "${SECOND_ACCOUNT}"`) });
      expect(judge('lookup.account-param', switched(200, 404, [], 204))).toMatchObject({ status: 'fail', message: expect.stringContaining('does not hold its own profile') });
      expect(judge('lookup.account-param', switched(200, 404, [resource()], 404))).toMatchObject({ status: 'fail', message: expect.stringContaining(`DELETE /v1/CustomerProfiles/${MINE}?AccountSid=${SECOND_ACCOUNT}, the second account's SID in ?AccountSid= (the query string), answered 404`) });
    });
    it("fail a fetch of the caller's profile that shows the one ?Sid= names, and a DELETE that removes it or keeps its path's profile after a 2xx", () => {
      const [A, A2, B] = [`BU${'a'.repeat(32)}`, `BU${'c'.repeat(32)}`, `BU${'b'.repeat(32)}`];
      const asked = (f: FollowUp, method: string, path: string, body = ''): FollowUp => ({ ...f, request: { ...f.request, method, url: `${BASE}${path}`, body } });
      const read = (sid: string, status: number) => asked(followUp(status, status === 200 ? resource({ sid }) : envelope(404, 20404)), 'GET', `/v1/CustomerProfiles/${sid}`);
      /** `shown`: the sid the fetches answer; each DELETE: its status, and how its path's profile and the other read after it */
      const probe = (shown: string | 404, dels: Array<[number, number, number]>) =>
        exchangeOf(validCaseOf(), response(201, resource()), {
          sidParams: {
            target: A,
            other: B,
            fetches: ['Sid', 'sid'].map((n) => asked(shown === 404 ? followUp(404, envelope(404, 20404)) : followUp(200, resource({ sid: shown })), 'GET', `/v1/CustomerProfiles/${A}?${n}=${B}`)),
            head: asked(followUp(200, ''), 'HEAD', `/v1/CustomerProfiles/${A}?Sid=${B}`),
            deletes: dels.map(([status, target, other], i) => ({
              how: i === 0 ? 'with ?Sid=' : 'with the form body Sid=',
              target: i === 0 ? A : A2,
              other: B,
              deleted: asked(followUp(status, status === 204 ? '' : envelope(status, 20001)), 'DELETE', `/v1/CustomerProfiles/${i === 0 ? `${A}?Sid=${B}` : A2}`, i === 0 ? '' : `Sid=${B}`),
              targetAfter: read(i === 0 ? A : A2, target),
              otherAfter: read(B, other),
            })),
          },
        });
      expect(judge('lookup.account-param', probe(A, [[204, 404, 200], [204, 404, 200]]))).toEqual({ status: 'pass' });
      // refused (a 4xx: the parameter is not allowed), the profile still there: as good; a 404 for the fetch too
      expect(judge('lookup.account-param', probe(404, [[400, 200, 200], [400, 200, 200]]))).toEqual({ status: 'pass' });
      expect(judge('lookup.account-param', probe(B, [[204, 404, 200], [204, 404, 200]]))).toMatchObject({ status: 'fail', part: 'sid in the query', message: expect.stringContaining(`?Sid=${B} answered 200 with sid "${B}": the path names ${A}`) });
      expect(judge('lookup.account-param', probe(A, [[204, 200, 404], [204, 404, 200]]))).toMatchObject({ status: 'fail', part: 'sid in the query', message: expect.stringContaining(`the run's other profile ${B}, named in ?Sid=, no longer reads back`) });
      expect(judge('lookup.account-param', probe(A, [[204, 404, 200], [204, 200, 404]]))).toMatchObject({ status: 'fail', part: 'sid in the body', message: expect.stringContaining(`with the body Sid=${B} (204`) });
      expect(judge('lookup.account-param', probe(A, [[204, 200, 200], [204, 404, 200]]))).toMatchObject({ status: 'fail', message: expect.stringContaining(`yet the profile its path names, ${A}, still reads back 200`) });
      expect(judge('lookup.account-param', probe(A, [[204, 404, 200], [400, 404, 200]]))).toMatchObject({ status: 'fail', message: expect.stringContaining('a refused DELETE removes nothing') });
      // 429 and 5xx: nothing to judge
      expect(judge('lookup.account-param', probe(A, [[503, 200, 404], [204, 404, 200]]))).toEqual({ status: 'pass' });
    });
  });
}

{
  const second = (fetch: number, list: string[], del: number, back: number) =>
    exchangeOf(validCaseOf(), response(201, resource()), {
      secondFetch: followUp(fetch, fetch === 404 ? envelope(404, 20404) : fetch === 403 ? envelope(403, 20403) : resource()),
      secondList: followUp(200, { results: list.map((sid) => resource({ sid })), meta: META }),
      secondDelete: followUp(del, del === 404 ? envelope(404, 20404) : del === 403 ? envelope(403, 20403) : ''),
      readAfterSecond: followUp(back, back === 200 ? resource() : envelope(404, 20404)),
    });
  CASES['lookup.other-account-404'] = { pass: second(404, [], 404, 200), fail: second(200, [], 204, 404) };
  describe('lookup.other-account-404', () => {
    it("fails the second account's GET of a path below the profile that answers 2xx or 403; 404 passes", () => {
      const below = (status: number): FollowUp => ({ request: { method: 'GET', url: `${BASE}${ITEM}/Evaluations`, headers: {}, body: '' }, response: response(status, status === 200 ? { results: [], meta: META } : envelope(status, 20000 + status)) });
      const ex = (...statuses: number[]) => ({ ...second(404, [], 404, 200), secondBelow: statuses.map(below) }) as Exchange;
      expect(judge('lookup.other-account-404', ex(404, 404))).toEqual({ status: 'pass' });
      expect(judge('lookup.other-account-404', ex(404, 200))).toMatchObject({ status: 'fail', part: 'below the profile', message: expect.stringContaining(`GET ${ITEM}/Evaluations (below a profile of another account) answered 200`) });
      expect(judge('lookup.other-account-404', ex(403))).toMatchObject({ status: 'fail', part: 'below the profile', message: expect.stringContaining('a 403 tells another account the sid exists') });
    });
    it('fails a 403 (it tells the sid exists), a list that shows the profile, and a fetch that shows it', () => {
      expect(judge('lookup.other-account-404', second(403, [], 403, 200))).toMatchObject({ status: 'fail', message: expect.stringMatching(/403.*exists in another account/) });
      expect(judge('lookup.other-account-404', second(404, [SID], 404, 200))).toMatchObject({ status: 'fail', message: expect.stringContaining(`shows ${SID}`) });
      expect(judge('lookup.other-account-404', second(200, [], 404, 200))).toMatchObject({ status: 'fail', message: expect.stringContaining('another account reached the profile') });
    });
    it("fails a HEAD that finds it, a page of the second's that shows one of the run's profiles, and a page of the caller's that shows the second's", () => {
      const OTHER_SID = `BU${'e'.repeat(32)}`;
      const RUN_SID = `BU${'d'.repeat(32)}`;
      const page = (sids: string[]) => followUp(200, { results: sids.map((sid) => resource({ sid })), meta: META });
      const head = { ...second(404, [], 404, 200), secondHead: followUp(200, '') } as Exchange;
      expect(judge('lookup.other-account-404', head)).toMatchObject({ status: 'fail', message: expect.stringMatching(/HEAD .* answered 200, expected 404/) });
      const ctx = context();
      ctx.seenSids.set(RUN_SID, 3);
      const cached = { ...second(404, [], 404, 200), secondLists: [page([]), page([RUN_SID])] } as Exchange;
      expect(judge('lookup.other-account-404', cached, ctx)).toMatchObject({ status: 'fail', message: expect.stringContaining(`shows ${RUN_SID}, a profile of another account`) });
      const replayed = { ...second(404, [], 404, 200), secondOwnPages: [page([OTHER_SID])], callerReplays: [page([OTHER_SID])] } as Exchange;
      expect(judge('lookup.other-account-404', replayed)).toMatchObject({ status: 'fail', message: expect.stringContaining(`shows ${OTHER_SID}, a profile of the second account`) });
      // the second account's own rows in its pages, and a HEAD answered 404: its own business
      const own = { ...second(404, [], 404, 200), secondHead: followUp(404, ''), secondLists: [page([OTHER_SID])], secondOwnPages: [page([OTHER_SID])], callerReplays: [page([SID])] } as Exchange;
      expect(judge('lookup.other-account-404', own, ctx)).toEqual({ status: 'pass' });
    });
    it("judges both accounts' creates sent at once: each profile read and listed by its owner alone", () => {
      const MADE = `BU${'c'.repeat(32)}`;
      const page = (sids: string[]) => followUp(200, { results: sids.map((sid) => resource({ sid, friendly_name: 'Mine' })), meta: META });
      const made = (own: FollowUp, other: FollowUp, ownList: string[], otherList: string[]) => ({
        ...second(404, [], 404, 200),
        accountCreates: {
          made: [{ create: exchangeOf(validCaseOf({ auth: 'second-account' }), response(201, resource({ sid: MADE, friendly_name: 'Mine' }))), sid: MADE, ownFetch: own, otherFetch: other, ownList: page(ownList), otherList: page(otherList) }],
        },
      }) as Exchange;
      const back = followUp(200, resource({ sid: MADE, friendly_name: 'Mine' }));
      const gone = followUp(404, envelope(404, 20404));
      expect(judge('lookup.other-account-404', made(back, gone, [MADE], []))).toEqual({ status: 'pass' });
      // stored in the other account: its owner finds nothing, the other account fetches it
      expect(judge('lookup.other-account-404', made(gone, gone, [MADE], []))).toMatchObject({ status: 'fail', message: expect.stringContaining("the second account's create made (one of both accounts' creates sent at once) does not read back") });
      expect(judge('lookup.other-account-404', made(back, back, [MADE], []))).toMatchObject({ status: 'fail', message: expect.stringMatching(/^the caller's GET .* answered 200/) });
      expect(judge('lookup.other-account-404', made(back, gone, [], []))).toMatchObject({ status: 'fail', message: expect.stringContaining('is not in the list its own account asked') });
      expect(judge('lookup.other-account-404', made(back, gone, [MADE], [MADE]))).toMatchObject({ status: 'fail', message: expect.stringContaining("the caller's list filtered by the name") });
      // another profile read back under its sid (a name not its 201's)
      expect(judge('lookup.other-account-404', made(followUp(200, resource({ sid: MADE, friendly_name: 'Theirs' })), gone, [MADE], []))).toMatchObject({ status: 'fail', message: expect.stringContaining('friendly_name "Theirs"') });
    });
    it("fails the second account's create with the caller's Idempotency-Key and body answered with the caller's profile", () => {
      const theirs = (sid: string) => exchangeOf(validCaseOf({ auth: 'second-account' }), response(201, resource({ sid })));
      const pair = (second: Exchange) => exchangeOf(validCaseOf(), response(201, resource()), { accountCreates: { made: [], sameKey: { caller: exchangeOf(validCaseOf(), response(201, resource())), second } } });
      expect(judge('create.sid-from-server', pair(theirs(SID)))).toMatchObject({ status: 'fail', message: expect.stringContaining(`with the caller's profile "${SID}"`) });
      expect(judge('create.sid-from-server', pair(theirs(`BU${'c'.repeat(32)}`)))).toEqual({ status: 'pass' });
      expect(judge('create.sid-from-server', pair(exchangeOf(validCaseOf({ auth: 'second-account' }), response(409, envelope(409, 20409)))))).toBeNull();
    });
    it('is a skip with the reason when the run knows no second account, and says nothing of an exchange without the probe', () => {
      const ex = exchangeOf(validCaseOf(), response(201, resource()), { secondAccountNotRun: 'no second account was given' });
      expect(judge('lookup.other-account-404', ex)).toEqual({ status: 'skip', reason: 'no second account was given', needs: 'second-account' });
      expect(judge('lookup.other-account-404', exchangeOf(validCaseOf(), response(201, resource())))).toBeNull();
    });
  });
}

{
  // a profile created with one pair of the account (the other pair, or the caller's own), then fetched, HEADed, listed, walked and
  // deleted with the other pair, and fetched after with the one that created it; each pair's list by the name asked on both sides
  // of the other's write (the reader's before the create, the creator's before and after the DELETE); `broken` names the step that goes wrong
  type Step = 'fetch' | 'head' | 'list' | 'list-stale' | 'walk' | 'walk-401' | 'delete' | 'gone' | 'after' | 'after-401';
  const probeOf = (createdWith: 'other-pair' | 'valid', account: string, broken?: Step) => ({
    createdWith,
    readWith: createdWith === 'valid' ? ('other-pair' as const) : ('valid' as const),
    // the run acts with the Auth Token: the other pair is its API key
    createdBy: createdWith === 'valid' ? ('the Auth Token' as const) : ('the API key' as const),
    readBy: createdWith === 'valid' ? ('the API key' as const) : ('the Auth Token' as const),
    create: followUp(201, resource({ account_sid: account })),
    fetch: broken === 'fetch' ? followUp(404, envelope(404, 20404)) : followUp(200, resource()),
    head: broken === 'head' ? followUp(403, '') : followUp(200, ''),
    before: followUp(200, { results: [], meta: META }),
    list: broken === 'list' ? followUp(401, envelope(401, 20003)) : followUp(200, { results: broken === 'list-stale' ? [] : [resource()], meta: META }),
    kept: followUp(200, { results: [resource()], meta: META }),
    walk: broken === 'walk-401' ? [followUp(401, envelope(401, 20003))] : [followUp(200, { results: broken === 'walk' ? [] : [resource()], meta: META })],
    delete: broken === 'delete' ? followUp(403, envelope(403, 20403)) : followUp(204, ''),
    gone: broken === 'gone' ? followUp(200, resource()) : followUp(404, envelope(404, 20404)),
    after: broken === 'after-401' ? followUp(401, envelope(401, 20003)) : followUp(200, { results: broken === 'after' ? [resource()] : [], meta: META }),
  });
  const pair = (account: string, broken?: Step, back?: Step) =>
    exchangeOf(validCaseOf(), response(201, resource()), { otherPair: probeOf('other-pair', account, broken), otherPairBack: probeOf('valid', ACCOUNT, back) });
  const KEY_SID = `SK${'f'.repeat(32)}`;
  CASES['auth.pairs-one-account'] = { pass: pair(ACCOUNT), fail: pair(KEY_SID) };
  describe('auth.pairs-one-account', () => {
    it("fails the key's SID as account_sid, and a profile of the account the caller's own credentials do not reach", () => {
      expect(judge('auth.pairs-one-account', pair(KEY_SID))).toMatchObject({ status: 'fail', message: expect.stringContaining(`account_sid "${KEY_SID}"`) });
      expect(judge('auth.pairs-one-account', pair(ACCOUNT, 'fetch'))).toMatchObject({ status: 'fail', message: expect.stringMatching(/created with the API key, fetched with the Auth Token, answered 404/) });
    });
    it.each([
      ['fetch', /created with the Auth Token, fetched with the API key, answered 404/],
      ['head', /HEAD with the API key, answered 403/],
      ['list', /not in the list filtered by its name with the API key \(GET \S*: 401/],
      ['walk', /list walked page by page with the API key: the 1 page from GET \S* to the last did not show it/],
      ['walk-401', /list walked page by page with the API key: GET \S* answered 401/],
      ['delete', /deleted with the API key, answered 403/],
      ['gone', /deleted with the API key \(204.*\), then fetched with the Auth Token, answered 200 .*expected 404/],
      ['list-stale', /not in the list filtered by its name with the API key \(GET \S*: a 200 page without it, asked before the create too: a list cached per credential/],
      ['after', /deleted with the API key \(204.*\), then listed by its name with the Auth Token: GET \S* still shows it, as it was listed before the DELETE/],
      ['after-401', /then listed by its name with the Auth Token: GET \S* answered 401 .*expected a 200 page without it/],
    ] as const)('fails the profile created with the caller\'s own pair when the other pair\'s %s does not reach it', (step, message) => {
      expect(judge('auth.pairs-one-account', pair(ACCOUNT, undefined, step))).toMatchObject({ status: 'fail', message: expect.stringMatching(message) });
    });
    it('judges the direction whose requests were answered, and skips when both met 429 or 5xx', () => {
      const ex = pair(ACCOUNT, undefined, 'delete');
      ex.otherPair!.fetch = followUp(503, envelope(503, 20503));
      expect(judge('auth.pairs-one-account', ex)).toMatchObject({ status: 'fail', message: expect.stringMatching(/answered 403/) });
      ex.otherPairBack!.delete = followUp(429, envelope(429, 20429));
      expect(judge('auth.pairs-one-account', ex)).toMatchObject({ status: 'skip' });
    });
    it('is a skip with the reason when the run knows one pair, and says nothing of an exchange without the probe', () => {
      const ex = exchangeOf(validCaseOf(), response(201, resource()), { otherPairNotRun: 'one pair' });
      expect(judge('auth.pairs-one-account', ex)).toEqual({ status: 'skip', reason: 'one pair', needs: 'other-pair' });
      expect(judge('auth.pairs-one-account', exchangeOf(validCaseOf(), response(201, resource())))).toBeNull();
    });
  });
}

{
  // the list walked by PageSize=1: page 1's previous_page_url leads back to page 0 (pass) or to itself (fail)
  const at = (i: number) => `${BASE}/v1/CustomerProfiles?PageSize=1&Page=${i}`;
  const page = (i: number, previous: string | null): FollowUp => ({
    ...followUp(200, { results: [resource({ sid: i ? `BU${'1'.repeat(32)}` : SID })], meta: { previous_page_url: previous, next_page_url: i ? null : at(1) } }),
    request: { method: 'GET', url: at(i), headers: {}, body: '' },
  });
  const whole = followUp(200, { results: [resource(), resource({ sid: `BU${'1'.repeat(32)}` })], meta: { next_page_url: null } });
  const walk = (previous: string | null, back: FollowUp) =>
    exchangeOf(validCaseOf(), response(201, resource()), { listWalk: { pageSize: 1, pages: [page(0, null), page(1, previous)], previous: [undefined, back], before: whole, after: whole } });
  CASES['list.previous-page'] = { pass: walk(at(0), page(0, null)), fail: walk(at(1), page(1, at(1))) };
}

{
  // the update of a profile of the run's own, step by step (generators/updateSteps.ts), each read after
  const CALLBACK = 'https://example.com/cb';
  const made = resource({ status_callback: CALLBACK });
  const at = (f: FollowUp, method: string, auth?: AuthMode): FollowUp => ({ ...f, request: { ...f.request, method, url: `${BASE}${ITEM}` }, ...(auth ? { auth } : {}) });
  const later = { date_updated: '2026-11-27T10:00:05Z' };
  const state = (over: Record<string, unknown> = {}) => resource({ status_callback: CALLBACK, ...later, ...over });
  const refused = () => followUp(400, envelope(400, 60200));
  type Step = { what: string; expect: 'applied' | 'refused' | 'unread' | 'either'; sets?: Record<string, string>; refuses?: 'Status' | 'StatusCallback'; query?: string; repeated?: UpdateRepeated; sent: FollowUp; readAfter: FollowUp; auth?: AuthMode };
  const own = (steps: Step[], lists?: { byRenamed: FollowUp; byCreated: FollowUp }) =>
    exchangeOf(validCaseOf(), response(201, resource()), {
      updateOwn: {
        create: exchangeOf(validCaseOf(), response(201, made)),
        steps: steps.map((s) => ({ what: s.what, expect: s.expect, sets: s.sets ?? {}, ...(s.refuses ? { refuses: s.refuses } : {}), ...(s.query ? { query: s.query } : {}), ...(s.repeated ? { repeated: s.repeated } : {}), sent: at(s.sent, 'POST', s.auth), readAfter: at(s.readAfter, 'GET') })),
        ...(lists ? { lists: { renamed: 'Renamed', created: 'Acme Inc', ...lists } } : {}),
      },
    });
  const rename = (sent: FollowUp, readAfter: FollowUp = followUp(200, state({ friendly_name: 'Renamed' }))): Step => ({ what: 'FriendlyName alone', expect: 'applied', sets: { friendly_name: 'Renamed' }, sent, readAfter });
  const renamed = (over: Record<string, unknown> = {}) => state({ friendly_name: 'Renamed', ...over });
  const email = (sent: FollowUp, readAfter: FollowUp): Step => ({ what: 'Email alone', expect: 'applied', sets: { email: 'new@example.com' }, sent, readAfter, auth: 'other-pair' });
  const json = (sent: FollowUp, readAfter: FollowUp): Step => ({ what: 'a JSON body', expect: 'unread', sent, readAfter });
  const status = (sent: FollowUp, readAfter: FollowUp): Step => ({ what: 'Status approved (outside the enum)', expect: 'refused', refuses: 'Status', sent, readAfter });
  const relative = (sent: FollowUp, readAfter: FollowUp): Step => ({ what: 'StatusCallback /status-callbacks/relative', expect: 'refused', refuses: 'StatusCallback', sent, readAfter });
  const mailed = (over: Record<string, unknown> = {}) => renamed({ email: 'new@example.com', ...over });
  const page = (sids: string[]) => followUp(200, { results: sids.map((sid) => resource({ sid })), meta: META });
  const faithfulSteps = (): Step[] => [
    rename(followUp(200, renamed())),
    email(followUp(200, mailed()), followUp(200, mailed())),
    json(followUp(200, mailed()), followUp(200, mailed())),
    status(refused(), followUp(200, mailed())),
    relative(refused(), followUp(200, mailed())),
  ];
  const faithful = own(faithfulSteps(), { byRenamed: page([SID]), byCreated: page([]) });
  const replaced = (i: number, step: Step) => own(faithfulSteps().map((s, j) => (j === i ? step : s)), { byRenamed: page([SID]), byCreated: page([]) });
  CASES['update.date-created-kept'] = { pass: faithful, fail: replaced(0, rename(followUp(200, renamed({ date_created: '2026-11-27T10:00:05Z' })))) };
  CASES['update.applied'] = { pass: faithful, fail: replaced(1, email(followUp(200, renamed()), followUp(200, renamed()))) };
  CASES['update.unsent-kept'] = { pass: faithful, fail: replaced(0, rename(followUp(200, renamed({ status_callback: null })), followUp(200, renamed({ status_callback: null })))) };
  CASES['update.status-enum'] = { pass: faithful, fail: replaced(3, status(followUp(200, mailed({ status: 'approved' })), followUp(200, mailed({ status: 'approved' })))) };
  CASES['update.callback-absolute'] = { pass: faithful, fail: replaced(4, relative(followUp(200, mailed({ status_callback: '/status-callbacks/relative' })), followUp(200, mailed({ status_callback: '/status-callbacks/relative' })))) };
  CASES['update.listed-by-name'] = { pass: faithful, fail: own(faithfulSteps(), { byRenamed: page([]), byCreated: page([SID]) }) };
  // the update's answer as the read after it: the answer shows a Status the row did not keep (a save with a list of columns)
  CASES['update.answer-stored'] = { pass: faithful, fail: replaced(1, email(followUp(200, mailed({ status: 'pending-review' })), followUp(200, mailed()))) };
  /** The exchange with the run's wait for the target's clock and the lists after the last update. */
  const withUpdate = (ex: Exchange, over: Partial<UpdateOwn>): Exchange => ({ ...ex, updateOwn: { ...ex.updateOwn!, ...over } });
  const made201 = { date_created: '2026-11-27T10:00:00Z', date_updated: '2026-11-27T10:00:00Z' };
  const unmoved = own(faithfulSteps().map((s) => ({ ...s, sent: s.sent.response?.status === 200 ? followUp(200, { ...(s.sent.response.json as object), ...made201 }) : s.sent, readAfter: followUp(200, { ...(s.readAfter.response!.json as object), ...made201 }) })));
  CASES['update.date-updated-moves'] = { pass: withUpdate(faithful, { clockWaited: true }), fail: withUpdate(unmoved, { clockWaited: true }) };
  const filtered = (item: Record<string, unknown>) => [
    { by: 'PolicySid' as const, list: followUp(200, { results: [item], meta: META }) },
    { by: 'Status' as const, list: followUp(200, { results: [item], meta: META }) },
  ];
  CASES['update.filtered-listed'] = { pass: withUpdate(faithful, { filtered: filtered(mailed()) }), fail: withUpdate(faithful, { filtered: filtered(renamed()) }) };
  // FriendlyName named twice, with two values: one of them stored (pass), both joined (fail)
  const TWICE: UpdateRepeated = { param: 'FriendlyName', field: 'friendly_name', values: ['First', 'Second'] };
  const twice = (sent: FollowUp, readAfter: FollowUp): Step => ({ what: 'FriendlyName named twice, with two values', expect: 'either', repeated: TWICE, sent, readAfter });
  const withTwice = (step: Step) => own([rename(followUp(200, renamed())), step]);
  CASES['update.repeated-param'] = {
    pass: withTwice(twice(followUp(200, renamed({ friendly_name: 'Second' })), followUp(200, renamed({ friendly_name: 'Second' })))),
    fail: withTwice(twice(followUp(200, renamed({ friendly_name: 'First,Second' })), followUp(200, renamed({ friendly_name: 'First,Second' })))),
  };
  describe('the update of a profile of the run', () => {
    const ids = ['update.date-created-kept', 'update.applied', 'update.unsent-kept', 'update.status-enum', 'update.callback-absolute', 'update.listed-by-name', 'update.answer-stored', 'update.date-updated-moves', 'update.filtered-listed', 'update.repeated-param'];
    it('skips every update rule when the target has no update (404, 405 or 501 to the first): the update is judged only where the target has it', () => {
      for (const code of [404, 405, 501]) {
        const none = own([rename(followUp(code, envelope(code, 20000 + code)), followUp(200, made))]);
        for (const id of ids) expect(judge(id, none), `${id} ${code}`).toMatchObject({ status: 'skip', reason: expect.stringContaining('no update') });
      }
    });
    it('fails a first update refused with another 4xx (a 403 to the account\'s own credentials): a valid update refused, not a target without the update', () => {
      const forbidden = own([rename(followUp(403, envelope(403, 20403)), followUp(200, made))]);
      expect(judge('update.applied', forbidden)).toMatchObject({ status: 'fail', part: 'refused', message: expect.stringContaining('403') });
      // with the other pair: the message says which pair signed it
      const keyRefused = replaced(1, email(followUp(403, envelope(403, 20403)), followUp(200, renamed())));
      expect(judge('update.applied', keyRefused)).toMatchObject({ status: 'fail', part: 'refused', message: expect.stringContaining('the pair the run does not act with') });
    });
    it('passes the same instant spelt otherwise, and fails a date_created only the read after an update shows moved', () => {
      expect(judge('update.date-created-kept', replaced(0, rename(followUp(200, renamed({ date_created: '2026-11-27T10:00:00.000Z' })))))).toEqual({ status: 'pass' });
      const moved = replaced(1, email(followUp(200, mailed()), followUp(200, mailed({ date_created: '2026-11-27T10:00:05Z' }))));
      expect(judge('update.date-created-kept', moved)).toMatchObject({ status: 'fail', message: expect.stringContaining('read after the update with Email alone') });
    });
    it('fails a value applied otherwise than sent (trimmed, reserialized) in the answer or the read after it, and a profile that no longer reads back', () => {
      const trimmed: Step = { what: 'FriendlyName with whitespace around it', expect: 'applied', sets: { friendly_name: ' Spaced ' }, sent: followUp(200, renamed({ friendly_name: 'Spaced' })), readAfter: followUp(200, renamed({ friendly_name: 'Spaced' })) };
      expect(judge('update.applied', replaced(2, trimmed))).toMatchObject({ status: 'fail', part: 'friendly_name', message: expect.stringContaining('byte for byte') });
      const url = 'HTTPS://EXAMPLE.COM:443/cb';
      const reserialized: Step = { what: `StatusCallback ${url}`, expect: 'applied', sets: { status_callback: url }, sent: followUp(200, mailed({ status_callback: url })), readAfter: followUp(200, mailed({ status_callback: 'https://example.com/cb' })) };
      expect(judge('update.applied', replaced(2, reserialized))).toMatchObject({ status: 'fail', part: 'status_callback', message: expect.stringContaining('read after it') });
      expect(judge('update.applied', replaced(1, email(followUp(200, mailed()), followUp(404, envelope(404, 20404)))))).toMatchObject({ status: 'fail', part: 'read back' });
      // an answer without a profile (204): the read after it is judged
      expect(judge('update.applied', replaced(1, email(followUp(204, ''), followUp(200, mailed()))))).toEqual({ status: 'pass' });
      // busy: nothing to judge of that step
      expect(judge('update.applied', own([rename(followUp(503, envelope(503, 20503)))]))).toBeNull();
    });
    it('fails a body that names no parameter yet changes the profile, whatever its status, and judges each step against what the profile held before it', () => {
      const read = replaced(2, json(followUp(200, renamed({ email: 'new@example.com', friendly_name: 'From JSON' })), followUp(200, mailed({ friendly_name: 'From JSON' }))));
      expect(judge('update.unsent-kept', read)).toMatchObject({ status: 'fail', part: 'friendly_name, from no parameter' });
      const refusedYetStored = replaced(2, json(followUp(415, envelope(415, 20415)), followUp(200, mailed({ friendly_name: 'From JSON' }))));
      expect(judge('update.unsent-kept', refusedYetStored)).toMatchObject({ status: 'fail', part: 'friendly_name, from no parameter' });
      expect(judge('update.unsent-kept', replaced(2, json(followUp(415, envelope(415, 20415)), followUp(200, mailed()))))).toEqual({ status: 'pass' });
      // the Email update dropped (update.applied's): the JSON step after it is judged on what the profile then held
      const dropped = own([rename(followUp(200, renamed())), email(followUp(200, renamed()), followUp(200, renamed())), json(followUp(200, renamed()), followUp(200, renamed()))]);
      expect(judge('update.unsent-kept', dropped)).toEqual({ status: 'pass' });
      expect(judge('update.applied', dropped)).toMatchObject({ status: 'fail', part: 'email' });
    });
    it('fails a refused update that changed the profile, and passes a refusal that kept what the read before it showed', () => {
      const stored = replaced(4, relative(refused(), followUp(200, mailed({ status_callback: '/status-callbacks/relative' }))));
      expect(judge('update.callback-absolute', stored)).toMatchObject({ status: 'fail', part: 'stored' });
      expect(judge('update.status-enum', replaced(3, status(followUp(422, envelope(422, 20422)), followUp(200, mailed({ status: 'approved' })))))).toMatchObject({ status: 'fail', part: 'stored' });
      // the first update erased the callback (update.unsent-kept's): the refusal kept what it found
      const erased = own([rename(followUp(200, renamed({ status_callback: null })), followUp(200, renamed({ status_callback: null }))), relative(refused(), followUp(200, renamed({ status_callback: null })))]);
      expect(judge('update.callback-absolute', erased)).toEqual({ status: 'pass' });
      // busy: nothing to judge
      expect(judge('update.callback-absolute', replaced(4, relative(followUp(503, envelope(503, 20503)), followUp(200, mailed()))))).toBeNull();
    });
    it('fails a refused update that moved date_updated (a row touched before it was validated); the same instant spelt otherwise passes', () => {
      const touched = replaced(4, relative(refused(), followUp(200, mailed({ date_updated: '2026-11-27T10:00:07Z' }))));
      expect(judge('update.callback-absolute', touched)).toMatchObject({ status: 'fail', part: 'date_updated moved', message: expect.stringContaining('date_updated') });
      expect(judge('update.status-enum', replaced(3, status(refused(), followUp(200, mailed({ date_updated: '2026-11-27T10:00:07Z' })))))).toMatchObject({ status: 'fail', part: 'date_updated moved' });
      expect(judge('update.callback-absolute', replaced(4, relative(refused(), followUp(200, mailed({ date_updated: '2026-11-27T10:00:05+00:00' })))))).toEqual({ status: 'pass' });
    });
    it('holds refusals that share one read to what each sent: the FriendlyName a refused body carried before its refused value, applied, fails the rule of the parameter refused', () => {
      const sentWith = (body: string): FollowUp => ({ ...refused(), request: { method: 'POST', url: `${BASE}${ITEM}`, headers: {}, body } });
      const batch = (read: FollowUp) => {
        const ex = own([rename(followUp(200, renamed())), relative(refused(), read), status(refused(), read)]);
        const steps = ex.updateOwn!.steps;
        steps[1] = { ...steps[1]!, sent: sentWith('FriendlyName=Marker+one&StatusCallback=%2Frelative'), readShared: 2 };
        steps[2] = { ...steps[2]!, sent: sentWith('FriendlyName=Marker+two&Status=Draft'), readAfter: steps[1]!.readAfter, readShared: 2 };
        return ex;
      };
      // the Status step's FriendlyName applied: its rule fails, in part; the callback's passes
      const second = batch(followUp(200, renamed({ friendly_name: 'Marker two' })));
      expect(judge('update.status-enum', second)).toMatchObject({ status: 'fail', part: 'applied in part', message: expect.stringContaining('other update that followed it') });
      expect(judge('update.callback-absolute', second)).toEqual({ status: 'pass' });
      const first = batch(followUp(200, renamed({ friendly_name: 'Marker one' })));
      expect(judge('update.callback-absolute', first)).toMatchObject({ status: 'fail', part: 'applied in part' });
      expect(judge('update.status-enum', first)).toEqual({ status: 'pass' });
      // a change no body of them sent: the first of them answers for it
      const neither = batch(followUp(200, renamed({ email: 'other@example.com' })));
      expect(judge('update.callback-absolute', neither)).toMatchObject({ status: 'fail', part: 'stored' });
      expect(judge('update.status-enum', neither)).toEqual({ status: 'pass' });
      expect(judge('update.callback-absolute', batch(followUp(200, renamed())))).toEqual({ status: 'pass' });
      expect(judge('update.status-enum', batch(followUp(200, renamed())))).toEqual({ status: 'pass' });
    });
    it('holds every member of a 2xx answer to the read right after it, the same instant spelt otherwise aside', () => {
      expect(judge('update.answer-stored', replaced(1, email(followUp(200, mailed({ date_updated: '2026-11-27T10:00:05.000Z' })), followUp(200, mailed()))))).toEqual({ status: 'pass' });
      expect(judge('update.answer-stored', replaced(1, email(followUp(200, mailed({ date_updated: '2026-11-27T10:00:00Z' })), followUp(200, mailed()))))).toMatchObject({ status: 'fail', part: 'date_updated' });
      // an answer without a profile (204), or a read after it that is busy: nothing to compare
      expect(judge('update.answer-stored', own([rename(followUp(204, ''))]))).toBeNull();
      expect(judge('update.answer-stored', own([rename(followUp(200, renamed()), followUp(503, envelope(503, 20503)))]))).toBeNull();
    });
    it('fails a date_updated that goes back, waited for or not, and one that did not move only when the run waited for the clock', () => {
      const back = replaced(2, json(followUp(200, mailed()), followUp(200, mailed({ date_updated: '2026-11-27T10:00:03Z' }))));
      expect(judge('update.date-updated-moves', back)).toMatchObject({ status: 'fail', part: 'goes back' });
      // the embedded mock answers within the second: not waited for, an unmoved date_updated is no failure
      expect(judge('update.date-updated-moves', unmoved)).toEqual({ status: 'pass' });
      expect(judge('update.date-updated-moves', withUpdate(unmoved, { clockWaited: true }))).toMatchObject({ status: 'fail', part: 'not moved' });
      // an update applied that changes nothing (the value it already had) may keep date_updated
      const same: Step = { what: 'FriendlyName alone', expect: 'applied', sets: { friendly_name: 'Acme Inc' }, sent: followUp(200, resource({ status_callback: CALLBACK })), readAfter: followUp(200, resource({ status_callback: CALLBACK })) };
      expect(judge('update.date-updated-moves', withUpdate(own([same]), { clockWaited: true }))).toEqual({ status: 'pass' });
    });
    it('fails a filtered list that shows the profile otherwise than the read after the last update, or not at all', () => {
      expect(judge('update.filtered-listed', withUpdate(faithful, { filtered: filtered(renamed()) }))).toMatchObject({ status: 'fail', part: 'listed by PolicySid otherwise' });
      const missing = withUpdate(faithful, { filtered: [{ by: 'Status', list: followUp(200, { results: [], meta: META }) }] });
      expect(judge('update.filtered-listed', missing)).toMatchObject({ status: 'fail', part: 'not listed by Status' });
      // url and links follow the host asked: not compared; a refused list says nothing of the filter
      expect(judge('update.filtered-listed', withUpdate(faithful, { filtered: filtered(mailed({ url: 'https://other.example/v1/CustomerProfiles/x' })) }))).toEqual({ status: 'pass' });
      expect(judge('update.filtered-listed', withUpdate(faithful, { filtered: [{ by: 'Status', list: followUp(400, envelope(400, 60200)) }] }))).toBeNull();
      expect(judge('update.filtered-listed', faithful)).toBeNull();
      // the list by the FriendlyName alone, served from a summary whose name alone the update refreshed
      const byName = (item: Record<string, unknown>) => [...filtered(mailed()), { by: 'FriendlyName' as const, list: followUp(200, { results: [item], meta: META }) }];
      expect(judge('update.filtered-listed', withUpdate(faithful, { filtered: byName(mailed()) }))).toEqual({ status: 'pass' });
      expect(judge('update.filtered-listed', withUpdate(faithful, { filtered: byName(renamed({ status_callback: CALLBACK })) }))).toMatchObject({
        status: 'fail',
        part: 'listed by FriendlyName otherwise',
        message: expect.stringContaining('FriendlyName alone'),
      });
    });
    it('holds FriendlyName named twice to one of its values, or a refusal that changes nothing: never both, as a list or joined', () => {
      const shown = (v: unknown) => twice(followUp(200, renamed({ friendly_name: v })), followUp(200, renamed({ friendly_name: v })));
      expect(judge('update.repeated-param', withTwice(shown('First')))).toEqual({ status: 'pass' });
      expect(judge('update.repeated-param', withTwice(shown(['First', 'Second'])))).toMatchObject({ status: 'fail', part: 'both, as a list' });
      expect(judge('update.repeated-param', withTwice(shown('First,Second')))).toMatchObject({ status: 'fail', part: 'both, joined', message: expect.stringContaining('"First" then "Second"') });
      expect(judge('update.repeated-param', withTwice(shown('Third')))).toMatchObject({ status: 'fail', part: 'neither' });
      // the answer right, the read after it not: the read fails it
      expect(judge('update.repeated-param', withTwice(twice(followUp(200, renamed({ friendly_name: 'First' })), followUp(200, renamed({ friendly_name: 'First Second' })))))).toMatchObject({ status: 'fail', part: 'both, joined' });
      // refused whole: passes here, and update.unsent-kept holds it changed nothing
      const refusedWhole = withTwice(twice(followUp(400, envelope(400, 60200)), followUp(200, renamed())));
      expect(judge('update.repeated-param', refusedWhole)).toEqual({ status: 'pass' });
      expect(judge('update.unsent-kept', refusedWhole)).toEqual({ status: 'pass' });
      expect(judge('update.unsent-kept', withTwice(twice(followUp(400, envelope(400, 60200)), followUp(200, renamed({ friendly_name: 'First' })))))).toMatchObject({ status: 'fail', part: 'friendly_name, though refused' });
      // applied: the field it names twice moves (to a value update.repeated-param judges), no other
      expect(judge('update.unsent-kept', withTwice(shown('Second')))).toEqual({ status: 'pass' });
      expect(judge('update.unsent-kept', withTwice(twice(followUp(200, renamed({ friendly_name: 'Second', email: 'x@example.com' })), followUp(200, renamed({ friendly_name: 'Second' })))))).toMatchObject({ status: 'fail', part: 'email, from a parameter not the update\'s' });
      // a 5xx is no-server-error's; without the step, nothing to judge
      expect(judge('update.repeated-param', withTwice(twice(followUp(500, envelope(500, 20500)), followUp(200, renamed()))))).toBeNull();
      expect(judge('update.repeated-param', faithful)).toBeNull();
    });
    it('holds parameters that are not the update\'s (PolicySid, AccountSid…) to nothing: applied beside them or refused whole, every other field kept, the profile still its owner\'s', () => {
      const foreign = (sent: FollowUp, readAfter: FollowUp): Step => ({ what: 'FriendlyName and PolicySid', expect: 'either', sets: { friendly_name: 'Beside' }, sent, readAfter });
      const beside = (over: Record<string, unknown> = {}) => renamed({ friendly_name: 'Beside', ...over });
      const steps = (step: Step) => own([rename(followUp(200, renamed())), step]);
      for (const id of ['update.applied', 'update.unsent-kept']) {
        expect(judge(id, steps(foreign(followUp(200, beside()), followUp(200, beside())))), id).toEqual({ status: 'pass' });
        // refused whole: nothing changed, the profile still reads back
        expect(judge(id, steps(foreign(followUp(400, envelope(400, 20001)), followUp(200, renamed())))), id).toEqual({ status: 'pass' });
      }
      const moved = steps(foreign(followUp(200, beside({ policy_sid: 'RN5eed5eed5eed5eed5eed5eed5eed5eed' })), followUp(200, beside({ policy_sid: 'RN5eed5eed5eed5eed5eed5eed5eed5eed' }))));
      expect(judge('update.unsent-kept', moved)).toMatchObject({ status: 'fail', part: "policy_sid, from a parameter not the update's" });
      // applied, yet the owner no longer reads it back (the profile moved to another account)
      const lost = steps(foreign(followUp(200, beside({ account_sid: 'AC5eed5eed5eed5eed5eed5eed5eed5eed' })), followUp(404, envelope(404, 20404))));
      expect(judge('update.applied', lost)).toMatchObject({ status: 'fail', part: 'read back' });
      expect(judge('update.unsent-kept', lost)).toMatchObject({ status: 'fail', part: "account_sid, from a parameter not the update's" });
      const refusedLost = steps(foreign(followUp(400, envelope(400, 20001)), followUp(404, envelope(404, 20404))));
      expect(judge('update.unsent-kept', refusedLost)).toMatchObject({ status: 'fail', part: 'read back' });
      expect(judge('update.unsent-kept', steps(foreign(followUp(400, envelope(400, 20001)), followUp(200, beside()))))).toMatchObject({ status: 'fail', part: 'friendly_name, though refused' });
      // a label's charset honoured: applied otherwise than sent
      expect(judge('update.applied', steps(foreign(followUp(200, beside({ friendly_name: 'BesideÃ' })), followUp(200, beside({ friendly_name: 'BesideÃ' })))))).toMatchObject({ status: 'fail', part: 'friendly_name' });
    });
    it('holds a query string\'s Email and FriendlyName to nothing: only the form body\'s parameters apply', () => {
      const fromBody = 'https://example.com/from-the-body';
      const query = (shown: Record<string, unknown>): Step => ({ what: 'StatusCallback in the body, Email in the query', expect: 'applied', sets: { status_callback: fromBody }, query: 'Email=q%40example.com', sent: followUp(200, renamed({ status_callback: fromBody, ...shown })), readAfter: followUp(200, renamed({ status_callback: fromBody, ...shown })) });
      expect(judge('update.unsent-kept', own([rename(followUp(200, renamed())), query({})]))).toEqual({ status: 'pass' });
      expect(judge('update.unsent-kept', own([rename(followUp(200, renamed())), query({ email: 'q@example.com' })]))).toMatchObject({ status: 'fail', part: 'email, from the query string' });
    });
    it('judges the lists by name only when the rename reads back, each list on its own', () => {
      expect(judge('update.listed-by-name', own(faithfulSteps(), { byRenamed: page([]), byCreated: page([]) }))).toMatchObject({ status: 'fail', part: 'not listed by its name' });
      expect(judge('update.listed-by-name', own(faithfulSteps(), { byRenamed: page([SID]), byCreated: page([SID]) }))).toMatchObject({ status: 'fail', part: 'listed by its former name' });
      // the rename not applied (update.applied's): the lists say nothing of the filter
      const unapplied = own([rename(followUp(200, made), followUp(200, made))], { byRenamed: page([]), byCreated: page([SID]) });
      expect(judge('update.listed-by-name', unapplied)).toBeNull();
    });
  });
}

{
  // HEAD, then PUT and PATCH of the profile with the caller's credentials, each step read back
  const sent = (method: string, status: number): FollowUp => ({ ...followUp(status, status === 405 ? envelope(405, 20004) : ''), request: { method, url: `${BASE}${ITEM}`, headers: {}, body: '' } });
  const steps = (afterPut: FollowUp) =>
    exchangeOf(validCaseOf(), response(201, resource()), { otherMethods: [{ sent: [sent('HEAD', 200)], readBack: followUp(200, resource()) }, { sent: [sent('PUT', 405), sent('PATCH', 405)], readBack: afterPut }] });
  CASES['methods.keep-profile'] = { pass: steps(followUp(200, resource())), fail: steps(followUp(200, resource({ friendly_name: 'changed' }))) };
  it('methods.keep-profile: a step read back 404 after the DELETE of the sid in the other case removed the profile is lookup.sid-exact\'s, not the step\'s', () => {
    const gone = steps(followUp(404, envelope(404, 20404)));
    expect(judge('methods.keep-profile', gone)).toMatchObject({ status: 'fail', part: 'PUT removes it' });
    expect(judge('methods.keep-profile', { ...gone, swappedDelete: followUp(204, '') })).toEqual({ status: 'pass' });
  });
}

{
  // two DELETEs together and a create during them: each DELETE removes only its own profile
  const [a, b, c] = ['a', 'b', 'c'].map((x) => resource({ sid: `BU${x.repeat(32)}` })) as [ReturnType<typeof resource>, ReturnType<typeof resource>, ReturnType<typeof resource>];
  const gone = () => followUp(404, envelope(404, 20404));
  const race = (bBack: FollowUp) =>
    exchangeOf(validCaseOf(), response(201, resource()), {
      concurrentDeletes: {
        deleted: [
          { profile: a, delete: followUp(204, ''), readBack: gone() },
          { profile: b, delete: followUp(204, ''), readBack: bBack },
        ],
        created: { profile: c, readBack: followUp(200, c) },
        during: [followUp(200, a)],
        duringOf: a,
      },
    });
  CASES['delete.concurrent'] = { pass: race(gone()), fail: race(followUp(200, b)) };
}

{
  const variants = (status: number, back = 200) =>
    exchangeOf(validCaseOf(), response(201, resource()), {
      readBack: followUp(200, resource()),
      pathVariants: { fetches: [followUp(status, status === 200 ? resource() : envelope(404, 20404))], deletes: [followUp(status === 200 ? 204 : 404, '')], readBack: followUp(back, resource()) },
    });
  CASES['route.path-exact'] = { pass: variants(404), fail: variants(200) };
}

{
  const burst = (second: ReturnType<typeof response>, back = 200) =>
    exchangeOf(validCaseOf(), response(201, resource()), {
      createBurst: {
        creates: [exchangeOf(validCaseOf(), response(201, resource())), exchangeOf(validCaseOf(), second)],
        readBacks: [{ sid: SID, readBack: followUp(back, back === 200 ? resource() : envelope(404, 20404)) }],
      },
    });
  CASES['create.burst'] = { pass: burst(response(429, envelope(429, 20429))), fail: burst(response(500, envelope(500, 20500))) };
  // a 201 whose profile does not read back fails too
  it('create.burst: a profile a 201 named that reads back 404 fails', () => {
    expect(judge('create.burst', burst(response(201, resource()), 404), context())?.status).toBe('fail');
  });
}

describe('every check can pass and can fail', () => {
  it('covers the whole catalog', () => {
    // the rules of the account model judge commands, not exchanges: tests/engine/checks/model.test.ts
    expect(Object.keys(CASES).sort()).toEqual(CATALOG.filter((c) => !('model' in c)).map((c) => c.id).sort());
    expect(CHECKS.map((c) => c.id)).toEqual(CATALOG.map((c) => c.id));
  });

  for (const [id, { pass, fail, ctx: given }] of Object.entries(CASES)) {
    it(id, () => {
      expect(judge(id, pass, given ?? context())).toEqual({ status: 'pass' });
      const ctx = given ?? context();
      if (id === 'create.unique-sid') ctx.seenSids.set(SID, 7);
      const outcome = judge(id, fail, ctx);
      expect(outcome?.status).toBe('fail');
      expect((outcome as { message: string }).message.length).toBeGreaterThan(10);
    });
  }
});

describe('check details', () => {
  it("lookup.update-of-none: another account's profile answered 403 (found, then its owner checked) fails: it tells the sid exists", () => {
    expect(judge('lookup.update-of-none', UPDATE_OF_NONE_403)).toMatchObject({ status: 'fail', message: expect.stringContaining('answered 403') });
  });

  it('a transport error fails the create check and no other', () => {
    const ex = exchangeOf(validCaseOf());
    const failing = CHECKS.filter((c) => c.judge(ex, context())?.status === 'fail').map((c) => c.id);
    expect(failing).toEqual(['create.status-201']);
  });

  it('extra-params.ignored: a create naming another method (_method, X-HTTP-Method-Override) is still the create', () => {
    const override = validCaseOf({ category: 'coverage', expect: 'either', rule: METHOD_OVERRIDE_RULE, label: 'a create with _method=DELETE' });
    expect(judge('extra-params.ignored', exchangeOf(override, response(201, resource())))).toEqual({ status: 'pass' });
    expect(judge('extra-params.ignored', exchangeOf(override, response(405, envelope(405, 20004))))).toMatchObject({
      status: 'fail',
      message: expect.stringContaining('names another method (a create with _method=DELETE) got 405'),
    });
    // another coverage row is not this rule's
    expect(judge('extra-params.ignored', exchangeOf(validCaseOf({ category: 'coverage', expect: 'either', rule: 'params.not-taken' }), response(400, envelope(400, 21000))))).toBeNull();
  });

  it('json-body.as-missing: a JSON body under the form Content-Type is judged as one under a JSON type', () => {
    const labelled = validCaseOf({ category: 'coverage', expect: 'reject', rule: JSON_UNDER_FORM_TYPE_RULE, contentType: 'application/x-www-form-urlencoded; charset=UTF-8', body: '{"FriendlyName":"Acme"}', fields: {} });
    expect(judge('json-body.as-missing', exchangeOf(labelled, response(400, envelope(400, 20001))))).toEqual({ status: 'pass' });
    expect(judge('json-body.as-missing', exchangeOf(labelled, response(201, resource())))).toMatchObject({ status: 'fail', message: expect.stringContaining('a JSON body was answered 201') });
    // a form body under the form type is not this rule's
    expect(judge('json-body.as-missing', exchangeOf(validCaseOf({ category: 'coverage', expect: 'create', contentType: 'application/x-www-form-urlencoded; charset=UTF-8' }), response(201, resource())))).toBeNull();
  });

  it('delete.unknown-404: of two DELETEs of one profile sent together, one 204 and one 404 envelope', () => {
    const lifecycle = { deleted: followUp(204, ''), deletedAgain: followUp(404, envelope(404, 20404)), deleteUnknown: followUp(404, envelope(404, 20404)) };
    const raced = (...racedDeletes: ReturnType<typeof followUp>[]) => exchangeOf(validCaseOf(), response(201, resource()), { ...lifecycle, racedDeletes });
    expect(judge('delete.unknown-404', raced(followUp(404, envelope(404, 20404)), followUp(204, '')))).toEqual({ status: 'pass' });
    expect(judge('delete.unknown-404', raced(followUp(204, ''), followUp(204, '')))).toMatchObject({ status: 'fail', message: expect.stringContaining('sent together both answered 204 and 204') });
    expect(judge('delete.unknown-404', raced(followUp(204, ''), followUp(500, envelope(500, 20500))))).toMatchObject({ status: 'fail', message: expect.stringContaining('the one that did not remove it answered 500') });
    // neither removed it (no delete route, or both refused): nothing to judge of the race
    expect(judge('delete.unknown-404', raced(followUp(405, envelope(405, 20004)), followUp(405, envelope(405, 20004))))).toEqual({ status: 'pass' });
  });

  it('never repeats a leaked credential in its message', () => {
    const outcome = judge('no-credential-leak', created(resource({ debug: TOKEN })));
    expect(JSON.stringify(outcome)).not.toContain(TOKEN);
  });

  it('create.timestamps-server-clock: a Date header that stands still is not a profile made after its answer; a database clock ahead is', () => {
    // ten minutes into the run (the first Date at NOW): a profile of now under a Date frozen at NOW
    const later = (dateMs: number, createdMs: number) => {
      const at = new Date(createdMs).toISOString().replace(/\.\d+Z$/, 'Z');
      return replyTo('GET', ITEM, response(200, resource({ date_created: at, date_updated: at }), { date: new Date(dateMs).toUTCString() }), { receivedAt: NOW + 600_000 });
    };
    const ctx = context({ clock: CLOCK });
    expect(judge('create.timestamps-server-clock', later(NOW, NOW + 599_000), ctx)).toEqual({ status: 'pass' });
    expect(judge('response.date-advances', later(NOW, NOW + 599_000), ctx)?.status).toBe('fail');
    expect(judge('create.timestamps-server-clock', later(NOW + 600_000, NOW + 840_000), ctx)?.status).toBe('fail');
    expect(judge('create.timestamps-server-clock', later(NOW, NOW + 840_000), ctx)?.status).toBe('fail');
  });

  it('accepts +00:00 as GMT and refuses a naive date', () => {
    const plus = created(resource({ date_created: '2026-11-27T10:00:00+00:00', date_updated: '2026-11-27T10:00:00+00:00' }));
    expect(judge('resource.timestamps-gmt', plus)).toEqual({ status: 'pass' });
    const naive = created(resource({ date_created: '2026-11-27T10:00:00', date_updated: '2026-11-27T10:00:00' }));
    expect(judge('resource.timestamps-gmt', naive)?.status).toBe('fail');
  });

  it('skips the side-effect check where the target has no list route', () => {
    const ex = exchangeOf(missingEmail, response(400, envelope(400, 20001)), {
      listBefore: followUp(404, 'Not Found'),
      listAfter: followUp(404, 'Not Found'),
    });
    expect(judge('reject.no-side-effect', ex)?.status).toBe('skip');
  });

  it('skips read-back where the target lacks the route, fails on a Twilio 404', () => {
    const lacking = exchangeOf(validCaseOf(), response(201, resource()), { readBack: followUp(405, envelope(405, 20004)) });
    expect(judge('readback.same', lacking)?.status).toBe('skip');
    const missing = exchangeOf(validCaseOf(), response(201, resource()), { readBack: followUp(404, envelope(404, 20404)) });
    expect(judge('readback.same', missing)?.status).toBe('fail');
  });

  it('without a public base, takes the documented base or the target as the run reaches it, and nothing else', () => {
    const ctx = context({ publicBaseUrl: undefined });
    const under = (base: string) => {
      const url = `${base}/v1/CustomerProfiles/${SID}`;
      return created(resource({ url, links: linksFor(url) }));
    };
    // the documented base, the target itself, and the target by another name of this machine (same scheme and port)
    for (const base of ['https://trusthub.twilio.com', BASE, 'http://localhost:4010', 'http://[::1]:4010']) expect(judge('resource.url', under(base), ctx), base).toEqual({ status: 'pass' });
    // a constant other base: http behind a TLS proxy, a regional host, an application URL left at http://localhost, another name
    for (const base of ['http://trusthub.twilio.com', 'https://trusthub.dublin.ie1.twilio.com', 'http://localhost', 'https://127.0.0.1:4010', 'https://api.example.test', `${BASE}/api`]) {
      const outcome = judge('resource.url', under(base), ctx);
      expect(outcome, base).toMatchObject({ status: 'fail' });
      expect((outcome as { message: string }).message).toContain('pass it with --public-base-url (config key publicBaseUrl)');
    }
    // the --public-base-url, when given, is the only base
    expect(judge('resource.url', under('https://api.example.test'), context({ publicBaseUrl: 'https://api.example.test/' }))).toEqual({ status: 'pass' });
    expect(judge('resource.url', under('https://trusthub.twilio.com'), context({ publicBaseUrl: 'https://api.example.test' }))?.status).toBe('fail');
  });

  it("judges a list page's meta URLs by the same base, an empty page too", () => {
    const ctx = context({ publicBaseUrl: undefined });
    const meta = (base: string) => ({ ...META, url: `${base}/v1/CustomerProfiles?PageSize=50&Page=0`, first_page_url: `${base}/v1/CustomerProfiles?PageSize=50&Page=0`, next_page_url: `${base}/v1/CustomerProfiles?PageSize=50&Page=1&PageToken=PA1` });
    expect(judge('resource.url', listPage([], meta('https://trusthub.twilio.com')), ctx)).toEqual({ status: 'pass' });
    expect(judge('resource.url', listPage([], meta(BASE)), ctx)).toEqual({ status: 'pass' });
    const local = judge('resource.url', listPage([], meta('http://localhost')), ctx);
    expect(local).toMatchObject({ status: 'fail' });
    expect((local as { message: string }).message).toContain('meta.url is "http://localhost/v1/CustomerProfiles?PageSize=50&Page=0": its base is neither https://trusthub.twilio.com');
    expect(judge('resource.url', listPage([], { ...META, next_page_url: '/v1/CustomerProfiles?Page=1' }), ctx)?.status).toBe('fail');
    expect(judge('resource.url', listPage([], meta(BASE)), context({ publicBaseUrl: 'https://api.example.test' }))?.status).toBe('fail');
  });

  it('response.date-header fails an answer without Date', () => {
    expect(judge('response.date-header', withoutDate(created()))?.status).toBe('fail');
  });

  it('judges account_sid against the caller', () => {
    expect(judge('resource.account-sid', created(), context({ accountSid: ACCOUNT }))).toEqual({ status: 'pass' });
  });
});

describe('missing.only-when-absent', () => {
  const claim = 'Missing required parameter FriendlyName in the post body';
  it('fails a claim of a parameter the form body holds, naming how many pairs came before it', () => {
    const outcome = judge('missing.only-when-absent', createRefused(`${PADS}&FriendlyName=Acme&Email=e%40x.com&PolicySid=${POLICY}`, claim));
    expect(outcome).toMatchObject({ status: 'fail', part: 'FriendlyName' });
    expect((outcome as { message: string }).message).toContain('after 1000 other pairs');
    // escapes in the name and a media type in another case are the same parameter and type
    expect(judge('missing.only-when-absent', createRefused(`%46riendly%4Eame=Acme&Email=e%40x.com&PolicySid=${POLICY}`, claim, undefined, 'Application/X-WWW-Form-Urlencoded; charset=UTF-8'))).toMatchObject({ status: 'fail' });
  });
  it('passes a claim of a parameter absent, empty in some value, or read with a replacement; a body that is no form; an answer claiming nothing', () => {
    for (const body of [`Email=e&PolicySid=${POLICY}`, `FriendlyName=&Email=e&PolicySid=${POLICY}`, `FriendlyName=A&FriendlyName=&Email=e`, 'FriendlyName=Acme%FF', 'friendlyName=Acme']) {
      expect(judge('missing.only-when-absent', createRefused(body, claim)), body).toEqual({ status: 'pass' });
    }
    expect(judge('missing.only-when-absent', createRefused('{"FriendlyName":"Acme"}', claim, undefined, 'application/json'))).toEqual({ status: 'pass' });
    expect(judge('missing.only-when-absent', createRefused('FriendlyName=Acme', claim, undefined, 'text/plain'))).toEqual({ status: 'pass' });
    expect(judge('missing.only-when-absent', createRefused(`${PADS}&FriendlyName=Acme`, 'Too many parameters'))).toEqual({ status: 'pass' });
  });
  it('leaves alone a case that breaks the contract elsewhere: it may be refused in any words', () => {
    const invalid = validCaseOf({ expect: 'reject', category: 'policy-sid', label: 'PolicySid malformed' });
    expect(judge('missing.only-when-absent', createRefused('FriendlyName=Acme&Email=e&PolicySid=RN1', claim, invalid))).toBeNull();
  });
});

describe('no MUST beyond the sources', () => {
  it('does not judge the error code of an empty (not absent) parameter', () => {
    const empty = exchangeOf(
      validCaseOf({ category: 'empty-field', expect: 'reject', missing: ['Email'], body: `FriendlyName=A&Email=&PolicySid=${POLICY}` }),
      response(400, envelope(400, 60200, 'Invalid parameter: Email')),
    );
    expect(judge('missing.code-20001', empty)).toBeNull();
    expect(judge('reject.invalid-4xx', empty)).toEqual({ status: 'pass' });
  });
});

describe("the account's other pair's cases (engine/phases/probes/other-pair.ts)", () => {
  it('are judged as the caller\'s by the rules of a refusal: a 4xx, and 400 / 20001 naming the missing parameter', () => {
    const theirs = { ...missingEmail, auth: 'other-pair' as const, label: 'seed example without Email, sent with the Auth Token' };
    expect(judge('reject.invalid-4xx', exchangeOf(theirs, response(400, envelope(400, 20001, 'Missing required parameter Email in the post body'))))).toEqual({ status: 'pass' });
    expect(judge('missing.code-20001', exchangeOf(theirs, response(400, envelope(400, 20001, 'Missing required parameter Email in the post body'))))).toEqual({ status: 'pass' });
    expect(judge('reject.invalid-4xx', exchangeOf(theirs, response(201, resource())))?.status).toBe('fail');
    expect(judge('missing.code-20001', exchangeOf(theirs, response(422, { errors: [{ field: 'Email', message: 'is required' }] })))?.status).toBe('fail');
    // another account's credentials are no pair of the caller's account: not judged so
    const second = { ...missingEmail, auth: 'second-account' as const };
    expect(judge('reject.invalid-4xx', exchangeOf(second, response(201, resource())))).toBeNull();
    expect(judge('missing.code-20001', exchangeOf(second, response(422, {})))).toBeNull();
  });
});

describe('reject.no-side-effect under concurrent clients', () => {
  it('ignores a new profile that another client made between the two reads', () => {
    const ex = exchangeOf(missingEmail, response(400, envelope(400, 20001)), {
      listBefore: followUp(200, { results: [], meta: {} }),
      listAfter: followUp(200, { results: [resource({ friendly_name: 'Someone else' })], meta: {} }),
    });
    expect(judge('reject.no-side-effect', ex)).toEqual({ status: 'pass' });
  });

  it("ignores a profile an earlier 201 of the run named, listed again (delete.gone's to judge), and counts it otherwise", () => {
    const ex = exchangeOf(missingEmail, response(400, envelope(400, 20001)), {
      listBefore: followUp(200, { results: [], meta: {} }),
      listAfter: followUp(200, { results: [resource({ friendly_name: 'Acme', policy_sid: POLICY })], meta: {} }),
    });
    expect(judge('reject.no-side-effect', ex)?.status).toBe('fail');
    const ctx = context();
    ctx.seenSids.set(SID, 2);
    expect(judge('reject.no-side-effect', ex, ctx)).toEqual({ status: 'pass' });
  });

  it('counts a new profile holding the values of a refused JSON body', () => {
    const json = validCaseOf({
      category: 'body-encoding',
      expect: 'reject',
      contentType: 'application/json',
      fields: {},
      body: JSON.stringify({ FriendlyName: 'Acme Inc', Email: 'ops@acme.test', PolicySid: POLICY }),
    });
    const ex = exchangeOf(json, response(400, envelope(400, 20001)), {
      listBefore: followUp(200, { results: [], meta: {} }),
      listAfter: followUp(200, { results: [resource()], meta: {} }),
    });
    expect(judge('reject.no-side-effect', ex)?.status).toBe('fail');
  });
});

describe('the catalog keeps MUST for what the sources state', () => {
  it('every MUST rests on the seed, the official OpenAPI or documented behaviour, but the credential leak', () => {
    const suiteMusts = CATALOG.filter((c) => c.severity === 'MUST' && c.source.doc === 'suite').map((c) => c.id);
    expect(suiteMusts).toEqual(['no-credential-leak']);
    for (const c of CATALOG) expect(c.source.ref.length, c.id).toBeGreaterThan(10);
  });
});

describe('the credential matrix', () => {
  const CHALLENGE = { 'www-authenticate': 'Basic realm="Twilio API"' };
  const refusedShape = (auth: AuthMode, rule = `auth.${auth}`) =>
    validCaseOf({ category: 'auth', label: `shape ${auth}`, expect: 'reject', rule, auth });

  it('auth.required-401 judges every refused shape and no accepted one; auth.code-20003 every 401, whatever the credentials', () => {
    for (const auth of REFUSED_AUTH) {
      const tc = refusedShape(auth);
      expect(judge('auth.required-401', exchangeOf(tc, response(401, envelope(401, 20003), CHALLENGE))), auth).toEqual({ status: 'pass' });
      const accepted = judge('auth.required-401', exchangeOf(tc, response(201, resource())));
      expect(accepted?.status, auth).toBe('fail');
      expect((accepted as { message: string }).message).toContain(`"shape ${auth}"`);
      expect(judge('auth.code-20003', exchangeOf(tc, response(401, envelope(401, 20005))))?.status, auth).toBe('fail');
    }
    for (const auth of ACCEPTED_AUTH) {
      const tc = validCaseOf({ auth, category: 'auth' });
      expect(judge('auth.required-401', exchangeOf(tc, response(201, resource()))), auth).toBeNull();
      expect(judge('auth.code-20003', exchangeOf(tc, response(401, envelope(401, 20005))))?.status, auth).toBe('fail');
      expect(judge('auth.code-20003', exchangeOf(tc, response(401, envelope(401, 20003, 'Unauthorized'))))?.status, auth).toBe('fail');
      expect(judge('auth.code-20003', exchangeOf(tc, response(201, resource()))), auth).toBeNull();
    }
  });

  it('a 400 to an unauthenticated invalid body fails auth.required-401 and says why', () => {
    const tc = { ...refusedShape('none', 'auth.before-validation.empty-body'), body: '', fields: {} };
    const outcome = judge('auth.required-401', exchangeOf(tc, response(400, envelope(400, 20001))));
    expect(outcome).toMatchObject({ status: 'fail', message: expect.stringContaining('credentials are checked before the body') });
    // neither is it judged as a validation case
    expect(judge('reject.invalid-4xx', exchangeOf(tc, response(400, envelope(400, 20001))))).toBeNull();
    expect(judge('missing.code-20001', exchangeOf({ ...tc, missing: ['Email'] }, response(401, envelope(401, 20003))))).toBeNull();
  });

  it('the scheme cases are judged by auth.scheme-case-insensitive, not create.status-201', () => {
    const upper = validCaseOf({ category: 'auth', expect: 'create', auth: 'scheme-upper' });
    const refusedUpper = exchangeOf(upper, response(401, envelope(401, 20003), CHALLENGE));
    expect(judge('create.status-201', refusedUpper)).toBeNull();
    expect(judge('auth.scheme-case-insensitive', refusedUpper)).toMatchObject({ status: 'fail', message: expect.stringContaining('BASIC') });
    expect(judge('auth.scheme-case-insensitive', exchangeOf(upper))?.status).toBe('fail');
    expect(judge('auth.scheme-case-insensitive', created())).toBeNull();
  });

  it('auth.challenge reads every 401, on every route, and wants a Basic challenge', () => {
    const ok = (value: string) => exchangeOf(noAuth, response(401, envelope(401, 20003), { 'www-authenticate': value }));
    expect(judge('auth.challenge', ok('basic'))).toEqual({ status: 'pass' });
    expect(judge('auth.challenge', ok('Bearer realm="api", Basic realm="Twilio API", charset="UTF-8"'))).toEqual({ status: 'pass' });
    expect(judge('auth.challenge', ok('Basic realm="a, Bearer"'))).toEqual({ status: 'pass' });
    expect(judge('auth.challenge', ok('Bearer realm="Basic"'))?.status).toBe('fail');
    expect(judge('auth.challenge', ok('realm="Twilio API"'))?.status).toBe('fail');
    expect(judge('auth.challenge', ok('  '))?.status).toBe('fail');
    // no 401 read: nothing to judge
    expect(judge('auth.challenge', created())).toBeNull();
    const check = CHECKS.find((c) => c.id === 'auth.challenge')!;
    const list401 = replyTo('GET', '/v1/CustomerProfiles?PageSize=1', response(401, envelope(401, 20003)), { auth: 'none', purpose: 'list without credentials' });
    expect(check.answers && inScope(check.answers, list401)).toBe(true);
    expect(check.judgeReply!(list401, context())).toMatchObject({ status: 'fail', message: expect.stringContaining('GET /v1/CustomerProfiles?PageSize=1 (list without credentials)') });
    expect(check.judgeReply!({ ...list401, response: response(401, envelope(401, 20003), { 'www-authenticate': 'Basic realm="x"' }) }, context())).toEqual({ status: 'pass' });
  });

  it('challengeSchemes tells challenges from parameters', () => {
    expect(challengeSchemes('Basic realm="x"')).toEqual(['Basic']);
    expect(challengeSchemes('Newauth realm="apps", type=1, title="Login to \\"apps\\"", Basic realm="simple"')).toEqual(['Newauth', 'Basic']);
    expect(challengeSchemes('')).toEqual([]);
  });
});

describe('delete.gone: HEAD after the DELETE, and the deletes of both accounts\' creates', () => {
  const deleted = (extra: Partial<Exchange>) =>
    exchangeOf(validCaseOf(), response(201, resource()), { deleted: followUp(204, ''), readAfterDelete: followUp(404, envelope(404, 20404)), ...extra });
  const head = (status: number): FollowUp => ({ request: { method: 'HEAD', url: `${BASE}${ITEM}`, headers: {}, body: '' }, response: response(status, '') });
  const created = { create: exchangeOf(validCaseOf(), response(201, resource())), sid: SID, ownFetch: followUp(200, resource()), otherFetch: followUp(404, envelope(404, 20404)), ownList: followUp(200, { results: [resource()] }), otherList: followUp(200, { results: [] }) };
  const accountDelete = (after: number) => ({ made: [created], deletes: [{ sid: SID, deleted: { ...followUp(204, ''), request: { method: 'DELETE', url: `${BASE}${ITEM}`, headers: {}, body: '' } }, readAfter: { ...followUp(after, after === 200 ? resource() : envelope(404, 20404)), request: { method: 'GET', url: `${BASE}${ITEM}`, headers: {}, body: '' } } }] });

  it('a HEAD after the DELETE that answers 200 fails it, a 404 passes', () => {
    expect(judge('delete.gone', deleted({ headAfterDelete: head(404) }))).toMatchObject({ status: 'pass' });
    expect(judge('delete.gone', deleted({ headAfterDelete: head(200) }))).toMatchObject({ status: 'fail', part: 'HEAD after delete', message: expect.stringContaining('HEAD after DELETE answered 200, expected 404') });
  });

  it("a profile of both accounts' creates that its deleting account still reads fails it; gone passes", () => {
    expect(judge('delete.gone', deleted({ accountCreates: accountDelete(404) }))).toMatchObject({ status: 'pass' });
    expect(judge('delete.gone', deleted({ accountCreates: accountDelete(200) }))).toMatchObject({ status: 'fail', part: 'creates of two accounts', message: expect.stringContaining('expected 404: the DELETE removed nothing') });
  });

  it('a path below the deleted profile (its links, an unknown one) that still answers 2xx fails it; 404 passes', () => {
    const below = (status: number): FollowUp => ({ request: { method: 'GET', url: `${BASE}${ITEM}/EntityAssignments`, headers: {}, body: '' }, response: response(status, status === 200 ? { results: [], meta: META } : envelope(404, 20404)) });
    expect(judge('delete.gone', deleted({ belowAfterDelete: [below(404), below(404)] }))).toMatchObject({ status: 'pass' });
    expect(judge('delete.gone', deleted({ belowAfterDelete: [below(404), below(200)] }))).toMatchObject({ status: 'fail', part: 'below the deleted profile', message: expect.stringContaining(`GET ${ITEM}/EntityAssignments (below the deleted profile) answered 200`) });
  });

  it("lookup.other-account-404: the caller's DELETE of the second account's profile is 404 and the owner still reads it", () => {
    const ctx = { ...context(), secondAccountSid: `AC${'2'.repeat(32)}` };
    const del = (status: number) => ({ ...(status === 404 ? followUp(404, envelope(404, 20404)) : followUp(204, '')), request: { method: 'DELETE', url: `${BASE}${ITEM}`, headers: {}, body: '' } });
    const probe = (status: number, back: number) => exchangeOf(validCaseOf(), response(201, resource()), { accountCreates: { made: [created], otherDelete: { sid: SID, deleted: del(status), ownFetch: back === 200 ? followUp(200, resource()) : followUp(404, envelope(404, 20404)) } } });
    expect(judge('lookup.other-account-404', probe(404, 200), ctx)).toMatchObject({ status: 'pass' });
    expect(judge('lookup.other-account-404', probe(204, 404), ctx)).toMatchObject({ status: 'fail', part: 'delete by another account', message: expect.stringContaining('answered 204 with an empty body, expected 404') });
    expect(judge('lookup.other-account-404', probe(404, 404), ctx)).toMatchObject({ status: 'fail', part: 'delete by another account', message: expect.stringContaining("another account's DELETE removed its profile") });
  });
});

describe('the paths below a profile (engine/phases/probes/answer-kinds.ts probeUnrouted)', () => {
  const link = `${ITEM}/EntityAssignments`;
  it('auth.follow-up-routes: without valid credentials a 2xx fails, a 401 passes, a 404 is not judged (the target may have no such path)', () => {
    const page = response(200, { results: [], meta: META });
    for (const auth of ['none', 'wrong'] as const) {
      expect(judge('auth.follow-up-routes', replyTo('GET', link, page, { auth }))).toMatchObject({ status: 'fail', message: expect.stringContaining('to a path below a profile, expected 401') });
      expect(judge('auth.follow-up-routes', replyTo('GET', link, response(401, envelope(401, 20003)), { auth }))).toEqual({ status: 'pass' });
      expect(judge('auth.follow-up-routes', replyTo('GET', `${ITEM}/NoSuchResource`, response(404, envelope(404, 20404)), { auth }))).toBeNull();
    }
    // the caller's own credentials: a link may exist
    expect(judge('auth.follow-up-routes', replyTo('GET', link, page))).toBeNull();
  });
  it('not-found.envelope: a 2xx to <url>/NoSuchResource while the profile lives fails, a 404 passes', () => {
    const below = (status: number): FollowUp => ({ request: { method: 'GET', url: `${BASE}${ITEM}/NoSuchResource`, headers: {}, body: '' }, response: response(status, status === 200 ? resource() : envelope(404, 20404)) });
    const ex = (status: number) => exchangeOf(validCaseOf(), response(201, resource()), { readBack: followUp(200, resource()), deleted: followUp(204, ''), readAfterDelete: followUp(404, envelope(404, 20404)), unknownBelow: below(status) });
    expect(judge('not-found.envelope', ex(404))).toEqual({ status: 'pass' });
    expect(judge('not-found.envelope', ex(200))).toMatchObject({ status: 'fail', part: 'path below a profile', message: expect.stringContaining(`GET ${ITEM}/NoSuchResource (a path below the profile that the API does not have) answered 200`) });
  });
});

describe('the update (POST to a profile) is a route of its own: its answer judged as the resource it is', () => {
  const update = (res: ReturnType<typeof response>, extra: Partial<Reply> = {}) => replyTo('POST', ITEM, res, { purpose: 'update (POST) of a profile of the run with FriendlyName alone', ...extra });
  it('routeOf calls POST on a profile the update, and only there', () => {
    expect(update(response(200, resource())).route).toBe('update');
    expect(replyTo('POST', '/v1/CustomerProfiles', response(201, resource())).route).toBe('create');
    expect(replyTo('POST', `${ITEM}/EntityAssignments`, response(404, envelope(404, 20404))).route).toBe('other');
    expect(replyTo('PUT', ITEM, response(405, envelope(405, 20004))).route).toBe('other');
  });
  it('its 200 meets the rules of a profile shown: schema, media type, GMT dates, url and links, account_sid', () => {
    const ok = update(response(200, resource({ friendly_name: 'Renamed' })));
    for (const id of ['resource.schema', 'response.content-type-json', 'resource.timestamps-gmt', 'resource.url', 'resource.account-sid']) expect(judge(id, ok), id).toEqual({ status: 'pass' });
    const raw = { sid: SID, accountSid: 'AC00000000000000000000000000000000', friendlyName: 'Renamed', createdAt: '2026-11-27T10:00:00.000Z' };
    expect(judge('resource.schema', update(response(200, raw)))).toMatchObject({ status: 'fail', message: expect.stringContaining('the profile breaks the resource schema') });
    expect(judge('response.content-type-json', update(response(200, resource(), { 'content-type': 'text/html; charset=utf-8' })))).toMatchObject({ status: 'fail' });
    expect(judge('resource.timestamps-gmt', update(response(200, resource({ date_updated: '2026-11-27T11:00:05+01:00' }))))).toMatchObject({ status: 'fail' });
    // its errors are the same envelope; a 4xx is no profile
    expect(judge('resource.schema', update(response(400, envelope(400, 20001))))).toBeNull();
  });
  it('auth.follow-up-routes: refused credentials get 401; a 2xx fails; 404, 405, 501 (no update route) and 413 (a body limit) are not judged', () => {
    expect(judge('auth.follow-up-routes', update(response(401, envelope(401, 20003)), { auth: 'wrong' }))).toEqual({ status: 'pass' });
    expect(judge('auth.follow-up-routes', update(response(200, resource({ friendly_name: 'Taken' })), { auth: 'wrong' }))).toMatchObject({ status: 'fail', message: expect.stringContaining('expected 401: the credential was accepted') });
    for (const status of [404, 405, 413, 501]) expect(judge('auth.follow-up-routes', update(response(status, envelope(status, 20000 + status)), { auth: 'none' })), String(status)).toBeNull();
    // auth.before-lookup does not judge the update: a 404 may be a target without it
    expect(judge('auth.before-lookup', update(response(404, envelope(404, 20404)), { auth: 'none' }))).toBeNull();
  });
});

describe('fetch.no-update', () => {
  const read = (updated: string) => exchangeOf(validCaseOf(), response(201, resource()), { preRunRead: { sid: SID, item: JSON.stringify(resource({ date_updated: '2026-11-20T09:00:00Z' })), fetch: followUp(200, resource({ date_updated: updated })) } });
  it('a date_updated moved at another time than the fetch (another writer) passes; one a second off the fetch fails', () => {
    expect(judge('fetch.no-update', read('2026-11-27T09:59:00Z'))?.status).toBe('pass');
    expect(judge('fetch.no-update', read('2026-11-27T10:00:00Z'))?.status).toBe('fail');
  });
  it('no profile of before the run, or no 200: not judged', () => {
    expect(judge('fetch.no-update', created())).toBeNull();
  });
});

describe('readback.same under load', () => {
  const withCallback = validCaseOf({ fields: { FriendlyName: 'Acme Inc', Email: 'ops@acme.test', PolicySid: POLICY, StatusCallback: 'https://example.com/cb' } });
  const made = (callback: string | null) => exchangeOf(withCallback, response(201, resource({ status_callback: callback })));
  const lifecycle = (extra: Partial<Exchange>) => exchangeOf(validCaseOf(), response(201, resource()), { readBack: followUp(200, resource()), ...extra });
  it('each of the fetches sent at once shows the profile as its 201 did', () => {
    expect(judge('readback.same', lifecycle({ burstReads: [followUp(200, resource()), followUp(429, envelope(429, 20429))] }))?.status).toBe('pass');
    expect(judge('readback.same', lifecycle({ burstReads: [followUp(200, resource()), followUp(200, resource({ email: null }))] }))).toMatchObject({ status: 'fail', message: expect.stringContaining('fetch 2 of 2 sent at once') });
  });
  it('each of the creates sent at once holds what it sent, and reads back as its 201', () => {
    const burst = (creates: Exchange[], back = resource({ status_callback: 'https://example.com/cb' })) => lifecycle({ createBurst: { creates, readBacks: [{ sid: SID, readBack: followUp(200, back) }] } });
    expect(judge('readback.same', burst([made('https://example.com/cb')]))?.status).toBe('pass');
    expect(judge('readback.same', burst([made('https://example.com/cb'), made(null)], resource({ status_callback: 'https://example.com/cb' })))).toMatchObject({ status: 'fail', message: expect.stringContaining('create 2 of 2 sent at once') });
    expect(judge('readback.same', burst([made('https://example.com/cb')], resource({ status_callback: null })))).toMatchObject({ status: 'fail', message: expect.stringContaining('creates sent at once made') });
  });
});

describe('readback.same at the reply chokepoint (every fetch of a live profile of the run)', () => {
  const shown = new Map([[SID, shownKey(resource())]]);
  const fetchWith = (body: Record<string, unknown>, auth: AuthMode = 'valid') => replyTo('GET', `${ITEM}?callback=x`, response(200, body), { auth, purpose: 'fetch of the profile with a query it does not define' });
  it('a 200 with the caller\'s credentials shows the profile as its 201 did', () => {
    expect(fetchedAsCreated(fetchWith(resource()), shown)).toEqual({ status: 'pass' });
    expect(fetchedAsCreated(fetchWith(resource({ email: null })), shown)).toMatchObject({ status: 'fail', part: 'email', message: expect.stringContaining('with email null; its 201 showed') });
  });
  it('another account, a profile the run does not know, a list: not judged here', () => {
    expect(fetchedAsCreated(fetchWith(resource({ email: null }), 'second-account'), shown)).toBeNull();
    expect(fetchedAsCreated(fetchWith(resource({ email: null })), new Map())).toBeNull();
    expect(fetchedAsCreated(replyTo('GET', '/v1/CustomerProfiles', response(200, { results: [resource({ email: null })], meta: META })), shown)).toBeNull();
  });
});
