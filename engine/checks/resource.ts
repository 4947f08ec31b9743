import { answerOf } from '../../contracts/answer.ts';
import type { ReplyJudge } from '../../contracts/check.ts';
import { COLLECTION_PATH, type Exchange, isSecondAltered, type JudgeContext, type ReceivedResponse, type Reply } from '../../contracts/exchange.ts';
import { DOCUMENTED_BASE, FORWARDED_HOST, PROFILE_LINKS } from '../../contracts/schemas.ts';
import { describeErrors, validateCustomerProfile, validateCustomerProfileList } from '../../contracts/validators.ts';
import { bodyObject, fail, PASS, show, whose } from './util.ts';

/**
 * Rules of every profile an answer shows — the create's 201, the fetch's and the update's 200, each item of a list
 * page — and of the list page itself, whatever phase sent the request.
 */

/** One profile an answer shows: where in the body (`''` for the body itself, `results[2]`), and the object. */
export interface Shown {
  where: string;
  profile: Record<string, unknown>;
}

/**
 * The profiles an answer shows: the body of a create's 201 or a fetch's or update's 200, the object items of a
 * list page's results. Undefined when the answer shows none (another status, no object, no results array).
 */
export function profilesOf(reply: Reply): Shown[] | undefined {
  // every rule of each profile asks: a list page's items are gathered once per answer (and route)
  const res = reply.response;
  if (!res) return undefined;
  const kept = shownOf.get(res);
  if (kept?.route === reply.route) return kept.shown;
  const shown = gatherProfiles(reply);
  shownOf.set(res, { route: reply.route, shown });
  return shown;
}

const shownOf = new WeakMap<ReceivedResponse, { route: Reply['route']; shown: Shown[] | undefined }>();

function gatherProfiles(reply: Reply): Shown[] | undefined {
  const res = reply.response;
  if (!res) return undefined;
  const body = bodyObject(res);
  if (!body) return undefined;
  if (reply.route === 'create') return res.status === 201 ? [{ where: '', profile: body }] : undefined;
  // the update's 200 is the whole resource too (the OpenAPI's UpdateCustomerProfile: trusthub.v1.customer_profile)
  if (reply.route === 'fetch' || reply.route === 'update') return res.status === 200 ? [{ where: '', profile: body }] : undefined;
  if (reply.route !== 'list' || res.status !== 200 || !Array.isArray(body.results)) return undefined;
  const shown: Shown[] = [];
  body.results.forEach((item, i) => {
    const profile = item !== null && typeof item === 'object' && !Array.isArray(item) ? (item as Record<string, unknown>) : undefined;
    if (profile) shown.push({ where: `results[${i}]${typeof profile.sid === 'string' ? ` (${profile.sid})` : ''}`, profile });
  });
  return shown;
}

/**
 * A rule of one profile, applied to every profile an answer shows: the first it fails, named by
 * where it is. Null when the answer shows none.
 */
function eachProfile(rule: (p: Record<string, unknown>, ctx: JudgeContext, reply: Reply) => string | undefined): ReplyJudge {
  return (reply, ctx) => {
    const shown = profilesOf(reply);
    if (!shown) return null;
    for (const { where, profile } of shown) {
      const why = rule(profile, ctx, reply);
      if (why) return fail(`${whose(reply)}${where ? `${where}: ` : ''}${why}`);
    }
    return PASS;
  };
}

const eachInSchema = eachProfile((p) => (validateCustomerProfile(p) ? undefined : `the profile breaks the resource schema: ${describeErrors(validateCustomerProfile.errors)}`));

/** The create's 201 and the fetch's and update's 200 are a profile, whatever their body; a list page's items are judged one by one. */
export const resourceSchema: ReplyJudge = (reply, ctx) => {
  const res = reply.response!;
  const own = reply.route !== 'list' && (reply.route === 'create' ? res.status === 201 : res.status === 200);
  if (own && res.jsonError) return fail(`${whose(reply)}the ${res.status} body is not JSON: ${res.jsonError}`);
  if (own && !bodyObject(res)) return fail(`${whose(reply)}the ${res.status} body is not a JSON object`);
  return eachInSchema(reply, ctx);
};

export const listPageSchema: ReplyJudge = (reply) => {
  const res = reply.response!;
  if (res.jsonError) return fail(`${whose(reply)}the list page is not JSON: ${res.jsonError}`);
  return validateCustomerProfileList(res.json)
    ? PASS
    : fail(`${whose(reply)}the list page breaks ListCustomerProfileResponse: ${describeErrors(validateCustomerProfileList.errors)}`);
};

const GMT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|\+00:00)$/;

export const timestampsGmt = eachProfile((p) => {
  for (const f of ['date_created', 'date_updated', 'valid_until']) {
    const v = p[f];
    // valid_until is null until the profile is approved (absent: resource.schema's to judge)
    if (f === 'valid_until' && (v === null || v === undefined)) continue;
    if (typeof v !== 'string' || !GMT.test(v) || Number.isNaN(Date.parse(v))) {
      return `${f} is ${show(v)}, expected an ISO 8601 date-time in GMT (e.g. 2019-07-30T22:29:24Z)`;
    }
  }
  return undefined;
});

/** An absolute http(s) URL with a host. */
const ABSOLUTE_HTTP = /^https?:\/\/[^/]+/;

/** The names of this machine: localhost, 127.0.0.0/8, ::1 (a server on it may name itself by any of them). */
const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i;

/** Whether `base` is the target as this run reaches it: its scheme, port and path, its host (or, on this machine, another loopback name). */
function isTarget(base: string, targetUrl: string): boolean {
  if (/[?#@]/.test(base) || !URL.canParse(base) || !URL.canParse(targetUrl)) return false;
  const [b, t] = [new URL(base), new URL(targetUrl)];
  const host = b.hostname === t.hostname || (LOOPBACK.test(b.hostname) && LOOPBACK.test(t.hostname));
  return host && b.protocol === t.protocol && b.port === t.port && b.pathname.replace(/\/+$/, '') === t.pathname.replace(/\/+$/, '');
}

/**
 * Why `base` (what precedes /v1/ in a URL an answer gave) is not the service's, if it is not: the
 * --public-base-url when the user states one; else the documented base or the target's own.
 */
export function baseWhy(base: string, ctx: JudgeContext): string | undefined {
  if (ctx.publicBaseUrl !== undefined) {
    const pub = ctx.publicBaseUrl.replace(/\/+$/, '');
    return base === pub ? undefined : `not ${pub}, the --public-base-url`;
  }
  if (base === DOCUMENTED_BASE || isTarget(base, ctx.targetUrl)) return undefined;
  return `neither ${DOCUMENTED_BASE} (the documented base) nor ${ctx.targetUrl} (the target as this run reaches it); if the deployment has another public name, pass it with --public-base-url (config key publicBaseUrl)`;
}

const profileUrls = eachProfile((p, ctx) => {
  if (typeof p.sid !== 'string') return undefined;
  const path = `/v1/CustomerProfiles/${p.sid}`;
  const url = p.url;
  if (typeof url !== 'string') return `url is ${show(url)}`;
  if (ctx.publicBaseUrl !== undefined) {
    const expected = `${ctx.publicBaseUrl.replace(/\/+$/, '')}${path}`;
    if (url !== expected) return `url is ${show(url)}, expected ${expected}`;
  } else if (!ABSOLUTE_HTTP.test(url) || !url.endsWith(path)) {
    return `url is ${show(url)}, expected an absolute URL ending in ${path}`;
  }
  const parsed = ctx.publicBaseUrl === undefined ? new URL(url) : undefined;
  const base = parsed ? baseWhy(url.slice(0, -path.length), ctx) : undefined;
  if (parsed?.hostname === FORWARDED_HOST) {
    return `url is ${show(url)}: built from the X-Forwarded-Host or Forwarded header the request carried, not the service's base`;
  } else if (base) {
    return `url is ${show(url)}: its base is ${base}`;
  } else if (parsed && ctx.served?.origin !== undefined && parsed.origin !== ctx.served.origin) {
    // the url is the resource's: the same scheme, host and port whatever the request's headers (X-Forwarded-Proto: http)
    return `url is ${show(url)}: its origin is not ${ctx.served.origin}, the one the run's first created profile showed (${ctx.served.shown})`;
  }
  const links = p.links;
  if (links === null || typeof links !== 'object' || Array.isArray(links)) return `links is ${show(links)}, expected the three link URLs`;
  for (const [key, suffix] of PROFILE_LINKS) {
    const link = (links as Record<string, unknown>)[key];
    if (link !== `${url}/${suffix}`) return `links.${key} is ${show(link)}, expected ${url}/${suffix}`;
  }
  return undefined;
});

/** The meta members of a list page that name a page of the collection. */
const META_URLS = ['url', 'first_page_url', 'previous_page_url', 'next_page_url'] as const;

/** Why a list page's meta URLs are not under the service's base, if they are not (their types are list.page-schema's). */
function metaUrlsWhy(reply: Reply, ctx: JudgeContext): string | undefined {
  const meta = reply.route === 'list' && reply.response?.status === 200 ? bodyObject(reply.response)?.meta : undefined;
  if (meta === null || typeof meta !== 'object' || Array.isArray(meta)) return undefined;
  for (const key of META_URLS) {
    const to = (meta as Record<string, unknown>)[key];
    if (typeof to !== 'string' || to === '') continue;
    const at = to.indexOf(`${COLLECTION_PATH}`);
    const why = baseWhy(at < 0 ? to : to.slice(0, at), ctx);
    if (why) return `meta.${key} is ${show(to)}: ${at < 0 ? `not under <base>${COLLECTION_PATH}` : `its base is ${why}`}`;
  }
  return undefined;
}

/** Every profile's url and links, and a list page's meta URLs: under the service's base. */
export const urlAndLinks: ReplyJudge = (reply, ctx) => {
  const profiles = profileUrls(reply, ctx);
  if (profiles?.status === 'fail') return profiles;
  const meta = metaUrlsWhy(reply, ctx);
  return meta ? fail(`${whose(reply)}${meta}`) : profiles;
};

/** The account a request acted for: the caller's, or the second account's for its requests. */
// a request with the second account's credentials, or with its pair altered (which names its Account SID), acts for that account if it is taken
const callerOf = (reply: Reply, ctx: JudgeContext) => ((reply.auth === 'second-account' || isSecondAltered(reply.auth)) && ctx.secondAccountSid ? ctx.secondAccountSid : ctx.accountSid);

const ownAccount = (p: Record<string, unknown>, ctx: JudgeContext, reply: Reply) =>
  p.account_sid === callerOf(reply, ctx) ? undefined : `account_sid is ${show(p.account_sid)}, the caller's account is ${callerOf(reply, ctx)}`;

export const accountSid = eachProfile(ownAccount);

/** The same rule on list items, under its own id (list.own-account): a list that shows another account's profiles leaks them. */
export const listOwnAccount = accountSid;

export const initialState = eachProfile((p) => {
  if (p.status !== 'draft') return `status is ${show(p.status)} at creation, expected "draft"`;
  if (p.valid_until !== null) return `valid_until is ${show(p.valid_until)} at creation, expected null`;
  if (p.errors !== null) return `errors is ${show(p.errors)} at creation, expected null`;
  return undefined;
});

/**
 * How far date_created and date_updated may be from the Date header of the same answer: 5 minutes.
 * Both come from the server's own clock, at second resolution, within the same request; no honest
 * server is minutes apart from itself, while a wrong time zone or a clock hours off is caught.
 */
export const SERVER_CLOCK_TOLERANCE_MS = 5 * 60_000;
/** How far a date may be after its answer's Date: both are the server's clock at whole seconds, one rounded, one cut. */
export const AFTER_DATE_MS = 2000;

/**
 * A profile's dates against its answer's own Date header (read as an HTTP-date; one that is none is
 * response.date-header's to judge): no profile shown (201, fetch, list) is dated more than
 * AFTER_DATE_MS after it (a database clock ahead, a legacy row's local wall clock labelled Z); a
 * 201's new profile is no more than the tolerance before it.
 */
export const serverClock: ReplyJudge = (reply, ctx) => {
  const date = answerOf(reply.response!).date;
  if (date.kind !== 'ok') return null;
  const now = date.value.ms;
  // the latest the server's clock can read at this answer by the run's first Date (its offset from
  // ours, carried forward by ours): a Date header that stands still is response.date-advances' to
  // judge, not a profile made after its answer (before the first Date is known, the answer's own Date alone)
  const first = ctx.clock?.date;
  const latest = first && reply.receivedAt > 0 ? reply.receivedAt + first.hi : Number.NEGATIVE_INFINITY;
  const dateHeader = reply.response!.headers.date;
  const created = reply.route === 'create';
  return eachProfile((p) => {
    for (const f of ['date_created', 'date_updated']) {
      const at = Date.parse(String(p[f]));
      if (Number.isNaN(at)) continue; // resource.timestamps-gmt judges the format
      // never after the answer that shows it (both clocks at whole seconds: AFTER_DATE_MS of rounding)
      if (at - now > AFTER_DATE_MS && at - latest > AFTER_DATE_MS) return `${f} ${show(p[f])} is ${Math.round((at - now) / 1000)} s after the same answer's Date header ${show(dateHeader)}: no profile is made after the answer that shows it`;
      if (created && now - at > SERVER_CLOCK_TOLERANCE_MS) return `${f} ${show(p[f])} is ${Math.round((now - at) / 1000)} s before the same answer's Date header ${show(dateHeader)} (tolerance 300 s)`;
    }
    return undefined;
  })(reply, ctx);
};

/** How far date_created may be from this machine's clock when the answer arrived (a SHOULD: either clock may be off). */
const LOCAL_CLOCK_TOLERANCE_MS = 5 * 60_000;

export const timestampsNow: ReplyJudge = (reply, ctx) =>
  eachProfile((p) => {
    if (p.date_created !== p.date_updated) return `date_created ${show(p.date_created)} differs from date_updated ${show(p.date_updated)} on a new resource`;
    const created = Date.parse(String(p.date_created));
    if (Number.isNaN(created)) return undefined;
    const drift = Math.abs(created - reply.receivedAt);
    return drift <= LOCAL_CLOCK_TOLERANCE_MS ? undefined : `date_created ${show(p.date_created)} is ${Math.round(drift / 1000)} s from the time the answer arrived here`;
  })(reply, ctx);

/** Proxy headers a request may carry: an answer to such a request never sets the run's origin. */
const PROXY_HEADERS = ['x-forwarded-host', 'x-forwarded-proto', 'forwarded'];

/** Keep the origin of the first created profile's url (the Judgement calls it after judging each exchange). */
export function noteOrigin(served: JudgeContext['served'], ex: Exchange): void {
  if (!served || served.origin !== undefined || ex.response?.status !== 201) return;
  if (Object.keys(ex.request.headers).some((h) => PROXY_HEADERS.includes(h.toLowerCase()))) return;
  const url = bodyObject(ex.response)?.url;
  if (typeof url !== 'string' || !ABSOLUTE_HTTP.test(url) || !URL.canParse(url)) return;
  served.origin = new URL(url).origin;
  served.shown = `url ${url} of case #${ex.index}`;
}
