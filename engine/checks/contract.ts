import type { Judge, ReplyJudge } from '../../contracts/check.ts';
import { matcherFor } from '../../contracts/secrets.ts';
import { describe, fail, mustCreate, PASS, whose } from './util.ts';

/** Level 1: the contract. */

export const status201: Judge = (ex) => {
  // the right credentials with the scheme in another case: auth.scheme-case-insensitive judges those
  if (!mustCreate(ex) || ex.case.auth !== 'valid') return null;
  if (ex.error) return fail(`no answer to a valid create: ${ex.error.message}`);
  const res = ex.response!;
  return res.status === 201 ? PASS : fail(`expected 201 Created for a valid request, got ${describe(res)}`);
};

/** The creates sent at once (engine/phases/probes/create-burst.ts): each 201 or 429 (busy), none a 5xx, another refusal or no answer; each profile made reads back. */
export const burst201: Judge = (ex) => {
  const burst = ex.createBurst;
  if (!burst || burst.creates.length === 0) return null;
  const n = burst.creates.length;
  for (const [i, made] of burst.creates.entries()) {
    const what = `create ${i + 1} of ${n} sent at once`;
    if (made.error) return fail(`${what} got no answer: ${made.error.message}; a valid create is answered 201, or 429 when the server is busy`, 'no answer');
    const res = made.response!;
    if (res.status !== 201 && res.status !== 429) return fail(`${what} answered ${describe(res)}: a valid create is answered 201, or 429 when the server is busy`, res.status >= 500 ? '5xx' : 'refused');
  }
  for (const { sid, readBack } of burst.readBacks) {
    const what = `GET of ${sid}, which one of the ${n} creates sent at once answered 201`;
    if (readBack.error) return fail(`${what} failed: ${readBack.error.message}`, 'read back');
    if (readBack.response!.status !== 200) return fail(`${what}, answered ${describe(readBack.response)}: the profile a create answered 201 reads back`, 'read back');
  }
  return PASS;
};

/**
 * Every 2xx to a create, whatever its case expects (an `either` case too): the OpenAPI documents
 * 201 as the only success, so a 200 or a 202 ("queued for review") is neither a create nor a refusal.
 */
export const success201: ReplyJudge = (reply) => {
  const res = reply.response!;
  if (res.status === 201) return PASS;
  const what = reply.case ? `a create (${reply.case.label})` : 'a create';
  return fail(`${whose(reply)}${what} answered ${describe(res)}: a create is answered 201 Created, or refused with a 4xx`);
};

/**
 * Every 2xx to an update (POST /v1/CustomerProfiles/{Sid}): the OpenAPI documents 200 as its only
 * success (UpdateCustomerProfile responses: 200), as it documents 201 for the create
 * (create.success-201): a 201 or a 204 is not the update it documents.
 */
export const updateStatus200: ReplyJudge = (reply) => {
  const res = reply.response!;
  if (res.status === 200) return PASS;
  return fail(`${whose(reply)}answered ${describe(res)}: an update carried out is answered 200 OK (UpdateCustomerProfile documents 200 only), or refused with a 4xx`);
};

/** Every final answer (one a retry replaced is the retry layer's to absorb: 503 is how a server says "later"). */
export const noServerError: ReplyJudge = (reply) => {
  const res = reply.response;
  if (!res || reply.absorbed) return null;
  if (res.status < 500) return PASS;
  if (reply.route !== 'create') return fail(`${whose(reply)}answered ${describe(res)}`);
  const tc = reply.case!;
  // one word for a create and an `either` (which a server may refuse, never with a 5xx): a name shrunk below NAME_LENGTH_TAKEN stays in its class
  return fail(`answered ${describe(res)} to a ${tc.expect === 'reject' ? 'invalid' : 'valid'} request (${tc.label})`);
};

/**
 * Every answer, on every route: status text, header names and values (Location included), body. A
 * secret counts in any encoding contracts/secrets.ts knows (the Account SID is no secret:
 * account_sid echoes it).
 */
export const noCredentialLeak: ReplyJudge = (reply, ctx) => {
  const res = reply.response;
  if (!res) return null;
  const secrets = matcherFor(ctx.secrets);
  const what = whose(reply) ? `${whose(reply)}its ` : 'the response ';
  const form = secrets.find(res.bodyText);
  if (form) return fail(`${what}body carries a credential of the caller, ${form} ([redacted] in this report)`);
  const status = secrets.find(res.statusText);
  if (status) return fail(`${what}status text carries a credential of the caller, ${status}`);
  // all headers in one search (a NUL ends any match, and is no escape); which one, only when one does
  let lines = '';
  let values = '';
  for (const name in res.headers) {
    lines += `${name}\u0000${res.headers[name]}\u0000`;
    values += res.headers[name];
  }
  if (secrets.find(lines)) {
    for (const name in res.headers) {
      const found = secrets.find(res.headers[name]!) ?? secrets.find(name);
      if (found) return fail(`${what}header ${secrets.redact(name)} carries a credential of the caller, ${found}`);
    }
  }
  // a token split across two headers: the values read one after the other
  const split = secrets.find(values);
  if (split) return fail(`${what}headers carry a credential of the caller split across their values, ${split}`);
  return PASS;
};
