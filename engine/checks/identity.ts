/**
 * Judges of what a request carries beyond its route and credentials (engine/phases/probes/identity-probes.ts,
 * url-probes.ts): the sid is the server's, whatever a create's body says; the account is the
 * caller's, whatever the query says; the URLs an answer gives are the service's, whatever the
 * request's Host and forwarded headers say.
 */
import { listedProfiles } from '../../contracts/answer.ts';
import type { Judge, Outcome } from '../../contracts/check.ts';
import type { Exchange, FollowUp } from '../../contracts/exchange.ts';
import { echoMismatch } from './fidelity.ts';
import { sidFromPath } from './lookup.ts';
import { bodyObject, created, describe, fail, PASS, pathOf, show, skip } from './util.ts';

/** The fields of a profile a create naming its sid must leave as they were. */
const KEPT = ['account_sid', 'friendly_name', 'email', 'policy_sid', 'status_callback', 'date_created'] as const;

export const sidFromServer: Judge = (ex) => {
  const reused = reusedKey(ex);
  if (reused?.status === 'fail') return reused;
  const probe = ex.sidInBody;
  const body = created(ex);
  if (!probe || !body) return reused ?? null;
  const res = probe.create.response;
  const made = res && res.status >= 200 && res.status < 300 ? bodyObject(res) : undefined;
  if (made?.sid === probe.existing) return fail(`a create whose body named Sid=${probe.existing} (a profile of the run's) answered ${res!.status} with that very sid: the sid is the server's, a create makes a new profile`, 'sid reused');
  if (made && made.date_created === '2001-01-01T00:00:00Z') return fail(`a create whose body named DateCreated=2001-01-01T00:00:00Z answered date_created ${show(made.date_created)}: the date is the server's`, 'date_created');
  // judged only where the profile read back before (the read route exists) and was still live (an earlier probe's DELETE may have removed it)
  if (ex.readBack?.response?.status !== 200) return PASS;
  const gone = wasGone(probe.listBefore, probe.existing);
  if (gone) return skip(gone);
  const back = probe.readBack;
  const got = back.response?.status === 200 ? bodyObject(back.response) : undefined;
  if (!got) return fail(`after a create whose body named Sid=${probe.existing}, GET of that profile answered ${back.error ? back.error.message : describe(back.response)}, expected 200: the create replaced or removed it`, 'replaced');
  for (const key of KEPT) {
    if (JSON.stringify(got[key]) !== JSON.stringify(body[key])) {
      return fail(`after a create whose body named Sid=${probe.existing}, that profile's ${key} is ${show(got[key])}, it was ${show(body[key])}: the create overwrote an existing profile`, 'replaced');
    }
  }
  return PASS;
};

/**
 * Each of the two creates sent with one Idempotency-Key and different bodies
 * (engine/phases/probes/idempotency-probe.ts) that was answered 201 is a new profile of what it sent, not
 * the other's: a cache keyed by the header alone answers the second with the first's profile.
 */
function reusedKey(ex: Exchange): Outcome | undefined {
  const made = ex.idempotentCreates ?? [];
  for (const m of made) {
    const body = created(m);
    const mismatch = body && echoMismatch(m.case.fields, body);
    if (mismatch?.status === 'fail') {
      return fail(`a create sent with the Idempotency-Key of another create with another body answered 201 but its ${mismatch.message}: a create makes a new profile of what it sent (or is refused), not the other's`, 'Idempotency-Key');
    }
  }
  const other = otherAccountKey(ex);
  if (other) return other;
  return made.some((m) => created(m)) ? PASS : undefined;
}

/**
 * The second account's create with the Idempotency-Key and the body of the caller's earlier create
 * (engine/phases/probes/account-creates.ts): a 201 is a new profile of its own, never the caller's (a
 * cache keyed without the account); a 4xx is as good. Its account_sid is resource.account-sid's too.
 */
function otherAccountKey(ex: Exchange): Outcome | undefined {
  const pair = ex.accountCreates?.sameKey;
  const theirs = pair && created(pair.second);
  const mine = pair && created(pair.caller);
  if (!theirs || !mine) return undefined;
  if (theirs.sid === mine.sid) {
    return fail(`the second account's create with the Idempotency-Key and the body of the caller's earlier create answered 201 with the caller's profile ${show(mine.sid)} (account_sid ${show(theirs.account_sid)}): an idempotency cache keyed without the account; another account's create makes a profile of its own (or is refused)`, 'Idempotency-Key of another account');
  }
  return PASS;
}

/** Why a profile is not judged: the list read before the probe did not hold it (an earlier request removed it); undefined when it did. */
function wasGone(listBefore: FollowUp, sid: string): string | undefined {
  const listed = listedProfiles(listBefore);
  if (typeof listed === 'string' || listed.size >= 1000 || listed.has(sid)) return undefined;
  return `${sid} was no longer listed before the probe (an earlier request removed it): not judged`;
}

/** Why an answer to a request for the caller's own profile, with ?AccountSid=, shows another account's view; undefined when it does not. */
function otherView(f: FollowUp | undefined, what: string, account: string): string | undefined {
  const status = f?.response?.status;
  if (status !== 404) return undefined;
  return `${what} with ?AccountSid=${account} (no account of the run's) answered 404: the profile is the caller's, so the request looked in the account the query named (an unknown parameter is ignored, or the request refused)`;
}

/** A request of the probe as a client would write it: its path and query. */
const asked = (f: FollowUp): string => `${f.request.method} ${pathOf(f)}${new URL(f.request.url).search}`;

/**
 * The caller's requests naming the second account's SID in ?AccountSid= or an auth proxy's identity headers,
 * with its own credentials (engine/phases/probes/account-creates.ts): they act for the caller, whose account
 * the credentials name. A 404 of the caller's own profile, a 2xx of the second account's, a list page of
 * another account's profiles or without the caller's shows the request acted for the account it named.
 */
function switchedAccount(ex: Exchange, caller: string): Outcome | undefined {
  const probes = ex.accountCreates?.switched ?? [];
  for (const { how, own, other, list, delete: removal } of probes) {
    const naming = `the second account's SID in ${how}`;
    const part = `second account in ${how.split(' ')[0]}`;
    const ownStatus = own.fetch.response?.status;
    if (ownStatus === 404) return fail(`the caller's ${asked(own.fetch)}, ${naming}, answered 404 for its own profile ${own.sid}: the request looked in the account it named, not the caller's (whose account it is, the credentials say)`, part);
    const got = ownStatus === 200 ? bodyObject(own.fetch.response!) : undefined;
    if (got && (got.sid !== own.sid || got.account_sid !== caller)) return fail(`the caller's ${asked(own.fetch)}, ${naming}, answered sid ${show(got.sid)}, account_sid ${show(got.account_sid)}: the caller's profile ${own.sid}, of ${show(caller)}, was asked`, part);
    const theirs = other.fetch.response?.status;
    if (theirs !== undefined && theirs >= 200 && theirs < 300) return fail(`the caller's ${asked(other.fetch)}, ${naming}, answered ${describe(other.fetch.response)} for the second account's profile ${other.sid}, expected 404: the request acted for the account it named`, part);
    if (list.response?.status === 200) {
      const listed = listedProfiles(list);
      if (typeof listed === 'string') return fail(`the caller's ${asked(list)}, ${naming}: ${listed}`, part);
      const foreign = [...listed.values()].find((p) => p.account_sid !== caller);
      if (foreign) return fail(`the caller's ${asked(list)}, ${naming}, shows ${show(foreign.sid)} of account ${show(foreign.account_sid)}: the caller's account is ${show(caller)}`, part);
      if (ownStatus === 200 && listed.size < 1000 && !listed.has(own.sid)) return fail(`the caller's ${asked(list)}, ${naming}, does not hold its own profile ${own.sid} (${listed.size} listed): it listed the account the request named`, part);
    }
    if (removal?.deleted.response?.status === 404) return fail(`the caller's ${asked(removal.deleted)}, ${naming}, answered 404 for its own profile ${removal.sid}: the DELETE looked in the account it named, not the caller's`, part);
  }
  return probes.length > 0 ? PASS : undefined;
}

export const accountParam: Judge = (ex, ctx) => {
  const switched = switchedAccount(ex, ctx.accountSid);
  if (switched?.status === 'fail') return switched;
  // the profile is the path's whatever the query or body names (?Sid=, a body Sid=): lookup.ts sidFromPath
  const sid = sidFromPath(ex, ctx);
  if (sid?.status === 'fail') return sid;
  const made = madeUpAccountParam(ex);
  if (made?.status === 'fail') return made;
  return made ?? switched ?? sid ?? null;
};

/** The run's profiles fetched, listed and deleted with ?AccountSid= a made-up account (engine/phases/probes/identity-probes.ts). */
function madeUpAccountParam(ex: Exchange): Outcome {
  const probe = ex.accountParam;
  const body = created(ex);
  if (!probe || !body || ex.readBack?.response?.status !== 200) return null;
  const gone = wasGone(probe.listBefore, probe.sid);
  if (gone) return skip(gone);
  const own = body.account_sid;
  const why = otherView(probe.fetch, `GET of the caller's profile ${probe.sid}`, probe.account) ?? otherView(probe.delete, "DELETE of a profile of the caller's", probe.account);
  if (why) return fail(why);
  const fetched = probe.fetch.response?.status === 200 ? bodyObject(probe.fetch.response) : undefined;
  if (fetched && (fetched.sid !== probe.sid || fetched.account_sid !== own)) {
    return fail(`GET of ${probe.sid} with ?AccountSid=${probe.account} answered sid ${show(fetched.sid)}, account_sid ${show(fetched.account_sid)}: the caller's profile, of ${show(own)}, was asked`);
  }
  if (ex.listed?.response?.status === 200 && probe.list.response?.status === 200) {
    const listed = listedProfiles(probe.list);
    if (typeof listed === 'string') return fail(`the list with ?AccountSid=${probe.account}: ${listed}`);
    const foreign = [...listed.values()].find((p) => p.account_sid !== own);
    if (foreign) return fail(`the list with ?AccountSid=${probe.account} shows ${show(foreign.sid)} of account ${show(foreign.account_sid)}: the caller's account is ${show(own)}`);
    if (listed.size < 1000 && !listed.has(probe.sid)) return fail(`the list with ?AccountSid=${probe.account} does not hold the caller's profile ${probe.sid} (${listed.size} listed): it listed the account the query named`);
  }
  const list = ex.listed?.response?.status === 200 ? otherView(probe.list, 'the list', probe.account) : undefined;
  return list ? fail(list) : PASS;
}

/** The absolute URLs of a JSON answer, each with where it is (status_callback, the caller's own data, left out). */
export function urlsOf(value: unknown, at = ''): Array<[at: string, url: string]> {
  if (typeof value === 'string') return /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? [[at, value]] : [];
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) => (k === 'status_callback' ? [] : urlsOf(v, at ? `${at}.${k}` : k)));
}

const answerUrls = (f: FollowUp): Array<[string, string]> => (f.response?.status === 200 ? urlsOf(bodyObject(f.response)) : []);

export const urlNotFromRequest: Judge = (ex, ctx) => {
  const probe = ex.urlProbes;
  const body = created(ex);
  if (!probe || !body || typeof body.sid !== 'string') return null;
  const path = `/v1/CustomerProfiles/${body.sid}`;
  const plainUrl = probe.plain.response?.status === 200 ? bodyObject(probe.plain.response)?.url : undefined;
  // the service's base: the one stated, else what precedes /v1/ in the plain fetch's url (the rest of its shape is resource.url's)
  const at = typeof plainUrl === 'string' ? plainUrl.indexOf('/v1/') : -1;
  const base = ctx.publicBaseUrl?.replace(/\/+$/, '') ?? (at > 0 ? (plainUrl as string).slice(0, at) : undefined);
  if (base === undefined) return null;
  for (const { what, fetch, list } of probe.sent) {
    for (const [f, route] of [
      [fetch, `GET ${path}`],
      [list, 'GET /v1/CustomerProfiles?PageSize=1'],
    ] as const) {
      const wrong = answerUrls(f).find(([, u]) => !u.startsWith(`${base}/v1/`));
      if (wrong) return fail(`${route} with ${what}: ${wrong[0]} is ${wrong[1]}, not under ${base}/v1/ (the plain request's${ctx.publicBaseUrl ? ', the --public-base-url' : ''}): the answer built it from the request's headers`);
    }
  }
  return PASS;
};

export const conditionalFresh: Judge = (ex) => {
  const reads = ex.conditionalReads;
  if (!reads || reads.length === 0) return null;
  for (const { after, answer } of reads) {
    if (answer.response?.status !== 304) continue;
    const sent = answer.request.headers;
    const asked = ['if-modified-since', 'if-none-match'].filter((h) => sent[h] !== undefined).map((h) => `${h}: ${sent[h]}`).join(', ');
    return fail(`GET ${answer.request.url} (${asked}) after ${after} answered 304 Not Modified: what it reads changed since, so a client's cached copy is stale (its validators, Last-Modified or ETag, did not change with it)`);
  }
  return PASS;
};
