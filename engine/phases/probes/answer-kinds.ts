import { randomBytes } from 'node:crypto';
import { bodyObject } from '../../../contracts/answer.ts';
import { type AuthMode, type Exchange, type FollowUp, type OddSids, replyOf } from '../../../contracts/exchange.ts';
import { CREDENTIAL_WORDS } from '../../../generators/index.ts';
import { PATH } from '../../transport/request.ts';
import { sleep } from '../../transport/retry.ts';
import type { RunContext } from '../context.ts';
import { MALFORMED_SID, of } from './credential-routes.ts';
import { onTarget } from '../lists/follow-urls.ts';

/**
 * Requests the follow-ups make once per run so that answers of every kind reach the rules of
 * their kind (contracts/catalog.ts `answers`): a method the collection does not have (405), bodies
 * beyond a server's limit and beyond a proxy's (413, or whatever the target answers), segments no sid
 * can be, other methods and spellings of the paths (the list's walk is follow-urls.ts). Every answer is
 * a Reply the Judgement holds to its rules.
 */

/** A body bigger than the 1 MiB a server commonly takes: what it answers (413, or another refusal) is judged by the rules of its kind. */
export const OVERSIZED_BODY_BYTES = 2 * 1024 * 1024;

/**
 * A body bigger than the 8 MiB a proxy in front of the server commonly takes (nginx
 * `client_max_body_size 8m`): sent once with the caller's credentials and once without, so a
 * proxy's own 413 page (before the app and its envelope) meets the rules of every error too.
 */
export const PROXY_OVERSIZED_BODY_BYTES = 9 * 1024 * 1024;

/**
 * Bodies of a FriendlyName alone, POSTed to a random sid, between the largest create a case sends
 * (about 99 KB) and 1 MiB: past a body parser's default limit (Express body-parser's 100 KB, on every
 * route), whose refusal is an error like any other.
 */
export const BETWEEN_BODY_BYTES = [150 * 1024, 600 * 1024] as const;

/** A sid with its hex letters in the other case (BUab12… → BUAB12…); undefined when its hex holds no letter. */
export function caseSwappedSid(sid: string): string | undefined {
  const hex = sid.slice(2).replace(/[a-fA-F]/g, (c) => (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase()));
  return hex === sid.slice(2) ? undefined : `${sid.slice(0, 2)}${hex}`;
}

/**
 * The profile's sid with its hex letters in the other case, fetched and deleted: a sid is the
 * string that identifies the profile (OpenAPI), so another string names none (404), and the
 * profile must still read back after them. A case-insensitive collation on the sid column fails it.
 */
export async function probeSwappedSid(ctx: RunContext, ex: Exchange, sid: string): Promise<void> {
  const swapped = caseSwappedSid(sid);
  if (swapped === undefined) return;
  const url = `${ctx.base}${PATH}/${swapped}`;
  ex.swappedFetch = await ctx.sender.follow('GET', url, of(ex, 'fetch of the sid with its hex letters in the other case'));
  ex.swappedDelete = await ctx.sender.follow('DELETE', url, of(ex, 'delete of the sid with its hex letters in the other case'));
  ex.readAfterSwapped = await ctx.sender.follow('GET', `${ctx.base}${PATH}/${sid}`, of(ex, 'read back after the requests with the sid in the other case'));
}

/**
 * Path segments that break the sid pattern ^BU[0-9a-fA-F]{32}$, so name no profile: the LIKE
 * wildcards % (sent as %25) and _ (a lookup by `sid LIKE ?` finds some profile with them); with
 * not-a-sid, the profile's sid with trailing spaces (`paddedSids`), with a path parameter (`matrixSids`)
 * and its hex under another prefix (`prefixedSids`).
 */
export const LIKE_SIDS = ['BU%25', `BU${'_'.repeat(32)}`];

/**
 * The profile's own sid followed by one and by three spaces (sent as %20): no sid either, yet a
 * lookup under a PAD SPACE collation (MySQL's `WHERE sid = 'BU… '`) or one that trims finds the profile.
 */
export const paddedSids = (sid: string): string[] => [`${sid}%20`, `${sid}%20%20%20`];

/**
 * The profile's own sid followed by a path parameter (`;x=1`, `;jsessionid=…`, RFC 3986 §3.3): no
 * sid either (the OpenAPI's Sid pattern), yet a servlet stack (Spring MVC's UrlPathHelper, Tomcat)
 * drops `;…` from each segment before routing and finds the profile.
 */
export const matrixSids = (sid: string): string[] => [`${sid};x=1`, `${sid};jsessionid=${'A'.repeat(32)}`];

/**
 * The profile's 32 hex digits under another type's prefix (RN, a policy's; XX, none): no sid of a
 * profile (the OpenAPI's Sid pattern ^BU…), yet a store keyed by the hex alone, which drops the two
 * letters it takes for granted, finds the profile. The lower-case bu is left to lookup.sid-exact's
 * letter case (whether a sid is read in either case is not stated).
 */
export const prefixedSids = (sid: string): string[] => [`RN${sid.slice(2)}`, `XX${sid.slice(2)}`];

/**
 * Path segments whose percent-escapes decode to nothing: not hex (%zz), cut short (a lone %), and
 * bytes that are no UTF-8 (%C3%28). A router that decodes parameters with decodeURIComponent
 * (Express's) throws on them and its framework answers with an HTML error page. Whatever status
 * the target gives (404: no such resource; 400: the request-target is no valid URI, RFC 3986 §2.1),
 * an error is the JSON envelope (twilio-behaviour.md "Errors"): judged by the rules of its kind.
 */
export const BAD_ESCAPE_SIDS = ['BU%zz', 'BU%', 'BU%C3%28'];

/**
 * The profile's sid cut to its first 20 characters, and followed by an encoded line feed: no sid,
 * yet a lookup by a regular expression finds the profile — one anchored only at its start (MongoDB's
 * `^` without `$`), or one whose `$` matches before a final newline (Python's re, Ruby's).
 */
export const patternSids = (sid: string): string[] => [sid.slice(0, 20), `${sid}%0A`];

/**
 * Segments a lookup that falls back from the sid finds a profile by: the FriendlyName as a slug
 * (Rails friendly_id: "Acme Corp" is acme-corp) and the first row ids (`find_by(sid:) || find(id)`: an
 * auto-increment counts every account's rows, so the caller's first may be the second or third).
 * Fetched only, never deleted: on a real account such a lookup may name a profile of before the run.
 */
export function fallbackSids(name: string | undefined): string[] {
  const slug = (name ?? '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  return [...(slug === '' ? [] : [slug]), '1', '2', '3'];
}

/**
 * Fetch and DELETE of the sids no profile can have, while the profile exists: each is a 404
 * envelope (twilio-behaviour.md "Unknown resource"), a DELETE of one removes nothing, so the
 * profile still reads back after them. The lifecycle fetches not-a-sid already; here it is deleted.
 * Fetch and DELETE of the segments whose escapes decode to nothing (BAD_ESCAPE_SIDS) go before the read back too.
 */
export async function probeOddSids(ctx: RunContext, ex: Exchange, sid: string): Promise<OddSids> {
  const at = (s: string) => `${ctx.base}${PATH}/${s}`;
  const fetches: FollowUp[] = [];
  const deletes: FollowUp[] = [];
  for (const s of LIKE_SIDS) fetches.push(await ctx.sender.follow('GET', at(s), of(ex, `fetch of ${s}, no sid (a LIKE wildcard)`)));
  for (const s of paddedSids(sid)) fetches.push(await ctx.sender.follow('GET', at(s), of(ex, `fetch of ${s}, the sid with trailing spaces: no sid`)));
  for (const s of matrixSids(sid)) fetches.push(await ctx.sender.follow('GET', at(s), of(ex, `fetch of ${s}, the sid with a path parameter: no sid`)));
  for (const s of prefixedSids(sid)) fetches.push(await ctx.sender.follow('GET', at(s), of(ex, `fetch of ${s}, the sid's hex under another prefix: no profile's sid`)));
  for (const s of patternSids(sid)) fetches.push(await ctx.sender.follow('GET', at(s), of(ex, `fetch of ${s}, the sid cut short or with a line feed: no sid`)));
  for (const s of fallbackSids(ex.case.fields.FriendlyName)) fetches.push(await ctx.sender.follow('GET', at(s), of(ex, `fetch of ${s}, the profile's name as a slug or a row id: no sid`)));
  for (const s of [...LIKE_SIDS, MALFORMED_SID, ...paddedSids(sid), ...matrixSids(sid), ...prefixedSids(sid), ...patternSids(sid)]) deletes.push(await ctx.sender.follow('DELETE', at(s), of(ex, `delete of ${s}, no sid`)));
  // answers of any 4xx status: judged by the rules of their kind only (an error is the envelope), and removing nothing (the read back)
  for (const s of BAD_ESCAPE_SIDS) {
    for (const method of ['GET', 'DELETE']) await ctx.sender.follow(method, at(s), of(ex, `${method === 'GET' ? 'fetch' : 'delete'} of ${s}, no sid (its escapes decode to no text)`));
  }
  const readBack = await ctx.sender.follow('GET', at(sid), of(ex, 'read back after the requests for sids that are no sid'));
  return { fetches, deletes, readBack };
}

/**
 * The operation's own paths spelt otherwise: the collection's segment in lower case (a router that
 * matches paths case-insensitively, Express's default), a `.json` suffix (Rails' optional format
 * segment), a trailing slash and an escaped / (%2F), on the collection and on the profile. None is a path of the API (the OpenAPI's are
 * /v1/CustomerProfiles and /v1/CustomerProfiles/{Sid}), so none answers as the real route
 * (route.path-exact, a SHOULD: the sources never say paths are case-sensitive). Reads only: a
 * DELETE there would take the lifecycle's profile, and a SHOULD would cost the DELETE's MUST.
 */
export async function probePathVariants(ctx: RunContext, ex: Exchange, sid: string): Promise<OddSids> {
  const lower = `${ctx.base}${PATH.toLowerCase()}`;
  const exact = `${ctx.base}${PATH}`;
  const fetches: FollowUp[] = [];
  for (const url of [`${lower}/${sid}`, `${exact}/${sid}.json`, `${lower}?PageSize=1`, `${exact}.json?PageSize=1`]) {
    fetches.push(await ctx.sender.follow('GET', url, of(ex, 'the path spelt otherwise (letter case, a .json suffix): no path of the API')));
  }
  // a trailing slash (a router whose trailing slash is optional, Express's strict: false) and an escaped / (%2F: a router that decodes the path before matching)
  for (const url of [`${exact}/${sid}/`, `${ctx.base}/v1%2F${PATH.slice('/v1/'.length)}/${sid}`]) {
    fetches.push(await ctx.sender.follow('GET', url, of(ex, 'the path spelt otherwise (a trailing slash, an escaped /): no path of the API')));
  }
  const readBack = await ctx.sender.follow('GET', `${exact}/${sid}`, of(ex, 'read back after the requests at paths spelt otherwise'));
  return { fetches, deletes: [], readBack };
}

/** The segment below a profile that no API has: a path with no resource (twilio-behaviour.md "Unknown resource"). */
export const UNKNOWN_BELOW = 'NoSuchResource';

/**
 * Paths the operation does not have, beside its own (the profile's links, an unknown member of a
 * profile, an unknown collection under /v1): whatever the target answers is judged by the rules
 * of its kind — an error is a Twilio envelope (twilio-behaviour.md "Errors"), a 404 is 20404
 * naming the path — so a framework's HTML "Cannot GET" page is caught. A link may well exist (the
 * real service has them): the caller's 2xx there is judged by nothing but the rules of every
 * answer; the unknown path below the profile names no resource, so a 2xx there is no answer
 * (not-found.envelope: a router that reads the sid from the path's third segment serves the profile).
 * The paths below the profile are then asked without credentials and with a wrong password
 * (401 with the challenge, as every route: auth.follow-up-routes) and, when the run knows one, by
 * the second account (the profile is not its: no 2xx, lookup.other-account-404); a DELETE of the
 * unknown one is followed by a read back (methods.keep-profile: it removes nothing). Returns the
 * paths below the profile, asked again after the lifecycle's DELETE (probeBelowDeleted).
 */
export async function probeUnrouted(ctx: RunContext, ex: Exchange, sid: string, links: unknown): Promise<string[]> {
  const member = `${ctx.base}${PATH}/${sid}`;
  const unknown = `${member}/${UNKNOWN_BELOW}`;
  const linked: string[] = [];
  if (links !== null && typeof links === 'object') {
    for (const link of Object.values(links)) {
      const to = onTarget(link, ctx.base, ctx.judgement.ctx.publicBaseUrl);
      if (typeof to === 'string') linked.push(to);
    }
  }
  const below = [unknown, ...new Set(linked.filter((to) => to.startsWith(`${member}/`) && to !== unknown))];
  const what = 'a path the operation does not have (a link or an unknown one)';
  ex.unknownBelow = await ctx.sender.follow('GET', unknown, of(ex, what));
  await ctx.sender.follow('GET', `${ctx.base}/v1/${UNKNOWN_BELOW}`, of(ex, what));
  for (const url of linked) await ctx.sender.follow('GET', url, of(ex, what));
  const words = (url: string) => (url === unknown ? `the unknown path ${UNKNOWN_BELOW} below the profile` : "a path below the profile that its links name");
  for (const auth of ['none', 'wrong'] as const) {
    for (const url of below) await ctx.sender.follow('GET', url, of(ex, `fetch of ${words(url)} with ${CREDENTIAL_WORDS[auth]}`, auth));
  }
  if (ctx.sender.knowsShape('second-account')) {
    const second: FollowUp[] = [];
    for (const url of below) second.push(await ctx.sender.follow('GET', url, of(ex, `fetch of ${words(url)} with ${CREDENTIAL_WORDS['second-account']}`, 'second-account')));
    ex.secondBelow = second;
  }
  // a DELETE there acts on no resource: a router that reads the sid from the third segment deletes the profile
  const deleted = await ctx.sender.follow('DELETE', unknown, of(ex, `DELETE of ${words(unknown)}`));
  const readBack = await ctx.sender.follow('GET', member, of(ex, `read back after the DELETE of ${words(unknown)}`));
  ex.otherMethods = [...(ex.otherMethods ?? []), { sent: [deleted], readBack }];
  return below;
}

/** The paths below the profile asked again after its DELETE, with the caller's credentials: the profile is gone, and what is below it with it (delete.gone). */
export async function probeBelowDeleted(ctx: RunContext, ex: Exchange, below: readonly string[]): Promise<void> {
  const answers: FollowUp[] = [];
  for (const url of below) answers.push(await ctx.sender.follow('GET', url, of(ex, 'a path below the profile, after its DELETE')));
  ex.belowAfterDelete = answers;
}

/**
 * The lifecycle's create sent once more, late in the run (after the property phase), and deleted
 * at once: the clock rules (engine/checks/clock.ts) compare its date_created and Date with the
 * run's first answers, so a clock frozen when the server started shows even when the creates of
 * the plan all came within its first seconds. Inside the create budget like any create; its
 * answer is judged by the rules of the create's answers. It is deleted by two DELETEs sent at once
 * (delete.unknown-404: exactly one of them removes it).
 */
export async function probeLateCreate(ctx: RunContext, ex: Exchange): Promise<void> {
  // a short run waits (a little over 2 s from the first answer at most, ctx.clockSpanMs): a clock that stands still shows only after that
  const clock = ctx.judgement.ctx.clock;
  const first = Math.min(clock?.date?.seenAt ?? Number.POSITIVE_INFINITY, clock?.created?.seenAt ?? Number.POSITIVE_INFINITY);
  const wait = first + ctx.clockSpanMs - Date.now();
  if (Number.isFinite(wait) && wait > 0) {
    ctx.clockWaitMs += wait;
    if (!(await sleep(wait, ctx.signal))) return;
  }
  const late = await ctx.sender.send({ ...ex.case, label: `${ex.case.label}, sent again late in the run` }, false, ex.index);
  if (!late) return;
  ctx.answered(replyOf(late));
  const sid = late.response?.status === 201 ? bodyObject(late.response)?.sid : undefined;
  if (typeof sid !== 'string') return;
  // two DELETEs of it sent together: one removes it (204), the other finds nothing (404). The sender
  // counts the 2xx in live.deletedByChecks; DELETEs that fail leave it to the cleanup
  const url = `${ctx.base}${PATH}/${sid}`;
  ex.racedDeletes = await Promise.all(
    ['first', 'second'].map((which) => ctx.sender.follow('DELETE', url, of(ex, `delete of the profile created again late in the run (the ${which} of two sent together)`))),
  );
}

/**
 * HEAD, then PUT and PATCH of the profile, then (on a target on this machine) a DELETE of the
 * collection, with the caller's credentials, each step followed by a read back
 * (methods.keep-profile): HEAD is GET without the body (RFC 9110 §9.3.2), a profile has no PUT or
 * PATCH and the collection no DELETE (OpenAPI), so none changes or removes it. The collection's
 * DELETE is left out on any other target: a defective one would remove every profile of the account. The bodies would
 * change every field, the account and the status: a scaffold's update route that writes what it
 * is sent shows. Their answers are judged by the rules of their kind (a 405's Allow, the envelope).
 */
export async function probeOtherMethods(ctx: RunContext, ex: Exchange, url: string): Promise<void> {
  const changes = new URLSearchParams({
    FriendlyName: 'changed by a PUT or PATCH',
    Email: 'changed@example.com',
    PolicySid: `RN${'c'.repeat(32)}`,
    StatusCallback: 'https://example.com/changed',
    Status: 'twilio-approved',
    AccountSid: `AC${'c'.repeat(32)}`,
  }).toString();
  const body = { type: 'application/x-www-form-urlencoded', text: changes };
  const readBack = (after: string) => ctx.sender.follow('GET', url, of(ex, `read back after ${after} of the profile`));
  const head = await ctx.sender.follow('HEAD', url, of(ex, 'HEAD of the profile'));
  const steps = [{ sent: [head], readBack: await readBack('the HEAD') }];
  const sent: FollowUp[] = [];
  for (const method of ['PUT', 'PATCH'] as const) sent.push(await ctx.sender.follow(method, url, { ...of(ex, `${method} of the profile (a method it does not have), a body changing every field`), body }));
  steps.push({ sent, readBack: await readBack('the PUT and the PATCH') });
  // a framework that takes the request URI from X-Original-URL or X-Rewrite-URL (IIS URL Rewrite support) acts on the path a header names, not on its own
  const path = new URL(url).pathname;
  const rewrite = { 'x-original-url': path, 'x-rewrite-url': path };
  const elsewhere = await ctx.sender.follow('DELETE', `${ctx.base}/v1/NoSuchResource`, { ...of(ex, 'DELETE of a path the API does not have, naming the profile in X-Original-URL and X-Rewrite-URL'), headers: rewrite });
  steps.push({ sent: [elsewhere], readBack: await readBack('the DELETE of another path naming it in X-Original-URL') });
  // the collection has GET and POST only; a route whose sid is optional deletes the whole account
  if (ctx.onThisMachine) {
    const collection = await ctx.sender.follow('DELETE', `${ctx.base}${PATH}`, of(ex, 'DELETE of the collection, a method it does not have'));
    steps.push({ sent: [collection], readBack: await readBack('the DELETE of the collection') });
  }
  ex.otherMethods = steps;
}

export async function probeAnswerKinds(ctx: RunContext, ex: Exchange): Promise<void> {
  // RFC 9110 §15.5.6: a method the target resource does not support is answered 405 with Allow
  await ctx.sender.follow('PUT', `${ctx.base}${PATH}`, of(ex, 'PUT on the collection, a method it does not have'));
  const head = 'FriendlyName=';
  const oversized = async (bytes: number, auth: AuthMode, to: 'update' | 'create' = 'update') => {
    const who = auth === 'valid' ? '' : `, with ${CREDENTIAL_WORDS[auth]}`;
    const url = to === 'update' ? `${ctx.base}${PATH}/BU${randomBytes(16).toString('hex')}` : `${ctx.base}${PATH}`;
    const size = bytes >= 1024 * 1024 ? `${bytes / 1024 / 1024} MiB` : `${bytes / 1024} KiB`;
    await ctx.sender.follow('POST', url, {
      ...of(ex, `${to === 'update' ? 'an update' : 'a create'} with a body of ${size}${to === 'update' ? ', to a random sid' : ' (a FriendlyName alone: no profile can come of it)'}${who}`, auth),
      body: { type: 'application/x-www-form-urlencoded', text: `${head}${'A'.repeat(bytes - head.length)}` },
    });
  };
  await oversized(OVERSIZED_BODY_BYTES, 'valid');
  await oversized(PROXY_OVERSIZED_BODY_BYTES, 'valid');
  await oversized(PROXY_OVERSIZED_BODY_BYTES, 'none');
  // the create route's own body parser has its own limit (a parser mounted on that route alone): its refusal is an error like any other
  await oversized(OVERSIZED_BODY_BYTES, 'valid', 'create');
  // between the largest create a case sends (about 99 KB) and 1 MiB: a parser's default limit there (body-parser's 100 KB) answers with the framework's page.
  // To a random sid: nothing can be stored of them (a server that stores refused creates would keep them past the budget and the cleanup)
  for (const bytes of BETWEEN_BODY_BYTES) await oversized(bytes, 'valid');
}

/** How many connections the burst opens at once: beyond a common per-client connection limit (nginx limit_conn 16…). */
export const BURST_CONNECTIONS = 20;

/**
 * The profile fetched BURST_CONNECTIONS times at once, each on a connection of its own: a proxy's
 * per-client connection limit answers some of them, often 429 with its own page. Every answer
 * meets the rules of its kind (a 429 is a Twilio envelope with code 20429, application/json).
 * Each 200 shows the profile as its 201 did (readback.same: a cache filled in two steps serves a half-made entry
 * to reads that come together). Once a run; GETs only, under the rate limit, never retried.
 */
export async function probeBurst(ctx: RunContext, ex: Exchange, url: string): Promise<void> {
  ex.burstReads = await ctx.sender.burst(url, BURST_CONNECTIONS, of(ex, `fetch of the profile, one of ${BURST_CONNECTIONS} sent at once on connections of their own`));
}
