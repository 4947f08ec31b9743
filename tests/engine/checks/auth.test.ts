import { describe, expect, it } from 'vitest';
import { inScope } from '../../../contracts/check.ts';
import { ACCEPTED_AUTH, type AuthMode, REFUSED_AUTH, type Reply } from '../../../contracts/exchange.ts';
import { beforeLookup, followUpRoutes, refusedDeleteKeeps, schemeCaseInsensitive } from '../../../engine/checks/auth.ts';
import { CHECKS } from '../../../engine/checks/index.ts';
import { context, envelope, exchangeOf, followUp, replyTo, resource, response, SID, validCaseOf } from '../../helpers/exchange.ts';

const ITEM = `/v1/CustomerProfiles/${SID}`;
const LIST = '/v1/CustomerProfiles?PageSize=1000';
const answer = (method: string, path: string, status: number, auth: AuthMode, extra: Partial<Reply> = {}): Reply => {
  const body = status === 204 ? '' : status === 200 ? resource() : envelope(status, status === 401 ? 20003 : 20404);
  return replyTo(method, path, response(status, body), { auth, purpose: `${method} with ${auth}`, ...extra });
};
const scopeOf = (id: string) => CHECKS.find((c) => c.id === id)!.answers!;

describe('auth.follow-up-routes: every refused shape gets 401 on fetch, list and delete', () => {
  it('judges every refused shape on every route, and no accepted one', () => {
    for (const auth of REFUSED_AUTH) {
      for (const [method, path] of [['GET', ITEM], ['GET', LIST], ['DELETE', ITEM]] as const) {
        expect(followUpRoutes(answer(method, path, 401, auth), context()), `${auth} ${method} ${path}`).toEqual({ status: 'pass' });
        expect(followUpRoutes(answer(method, path, 200, auth), context())?.status).toBe('fail');
      }
    }
    for (const auth of ACCEPTED_AUTH) expect(followUpRoutes(answer('GET', ITEM, 200, auth), context())).toBeNull();
  });

  it('says a 2xx accepted the credential; a 400 or 403 is no 401 either', () => {
    expect(followUpRoutes(answer('DELETE', ITEM, 204, 'wrong'), context())).toMatchObject({
      status: 'fail',
      message: expect.stringMatching(/^the answer to DELETE \/v1\/CustomerProfiles\/BU\w+ \(DELETE with wrong\): 204 .*expected 401: the credential was accepted$/),
    });
    expect(followUpRoutes(answer('GET', ITEM, 400, 'no-colon'), context())).toMatchObject({ status: 'fail', message: expect.not.stringContaining('accepted') });
    expect(followUpRoutes(answer('GET', LIST, 403, 'other-account'), context())?.status).toBe('fail');
  });

  it('leaves a 404 of fetch or delete to auth.before-lookup, but not one of the list', () => {
    expect(followUpRoutes(answer('GET', ITEM, 404, 'none'), context())).toBeNull();
    expect(followUpRoutes(answer('DELETE', ITEM, 404, 'none'), context())).toBeNull();
    expect(followUpRoutes(answer('GET', LIST, 404, 'none'), context())?.status).toBe('fail');
  });

  it('says nothing of answers that say nothing of credentials: a missing route, throttling, a 5xx, an answer a retry replaced, no answer', () => {
    for (const status of [405, 501, 429, 500, 503]) expect(followUpRoutes(answer('GET', ITEM, status, 'wrong'), context()), String(status)).toBeNull();
    expect(followUpRoutes(answer('GET', ITEM, 200, 'wrong', { absorbed: true }), context())).toBeNull();
    const { response: _, ...noAnswer } = answer('GET', ITEM, 200, 'wrong');
    expect(followUpRoutes({ ...noAnswer, error: { code: 'ECONNRESET', message: 'reset' } }, context())).toBeNull();
  });

  it('is a rule of fetch, list and delete answers and of the methods they lack, not of the create', () => {
    const scope = scopeOf('auth.follow-up-routes');
    expect(inScope(scope, answer('GET', LIST, 401, 'none'))).toBe(true);
    expect(inScope(scope, answer('PUT', '/v1/CustomerProfiles', 401, 'none'))).toBe(true);
    expect(inScope(scope, answer('POST', '/v1/CustomerProfiles', 401, 'none'))).toBe(false);
  });

  it('judges HEAD without valid credentials by its status and challenge only: the rules of an error body leave its empty body alone', () => {
    const head = (status: number) => replyTo('HEAD', ITEM, response(status, ''), { auth: 'none', purpose: 'HEAD of the profile with none' });
    expect(followUpRoutes(head(401), context())).toEqual({ status: 'pass' });
    // no credential was sent: the message says it was served without one, never that a credential was accepted
    expect(followUpRoutes(head(200), context())).toMatchObject({ status: 'fail', message: expect.stringMatching(/: it was served without credentials$/) });
    expect(followUpRoutes(head(404), context())?.status).toBe('fail');
    // a login form's entry point (formLogin() beside httpBasic()): the redirect is named, with where it leads
    const redirect = replyTo('GET', ITEM, response(302, '', { location: '/login' }), { auth: 'none', purpose: "fetch of the profile with no credentials (a browser's Accept)" });
    expect(followUpRoutes(redirect, context())).toMatchObject({ status: 'fail', message: expect.stringMatching(/302 .*expected 401: redirected to \/login \(a login page's entry point\) instead of refused with a Basic challenge$/) });
    expect(inScope(scopeOf('auth.follow-up-routes'), head(401))).toBe(true);
    expect(inScope(scopeOf('auth.challenge'), head(401))).toBe(true);
    for (const id of ['error.envelope', 'auth.code-20003', 'error.content-type-json']) expect(inScope(scopeOf(id), head(401)), id).toBe(false);
  });

  it('a method the collection or a profile lacks, without valid credentials: 401, never the 405 of a router that matched the method first', () => {
    for (const [method, path] of [['PUT', '/v1/CustomerProfiles'], ['PATCH', '/v1/CustomerProfiles'], ['PUT', ITEM], ['PATCH', ITEM]] as const) {
      expect(followUpRoutes(answer(method, path, 401, 'none'), context()), `${method} ${path}`).toEqual({ status: 'pass' });
      expect(followUpRoutes(answer(method, path, 405, 'wrong'), context())).toMatchObject({ status: 'fail', message: expect.stringContaining('expected 401') });
    }
    // a proxy's body limit may come first; a path outside the operation, throttling and a 5xx say nothing of credentials
    expect(followUpRoutes(answer('POST', ITEM, 413, 'none'), context())).toBeNull();
    expect(followUpRoutes(answer('PUT', '/v1/NoSuchResource', 405, 'none'), context())).toBeNull();
    for (const status of [429, 500]) expect(followUpRoutes(answer('PUT', ITEM, status, 'none'), context())).toBeNull();
  });
});

describe('auth.before-lookup: no 404 without valid credentials', () => {
  it('fails a 404 to any refused shape, passes a 401, leaves the rest to auth.follow-up-routes', () => {
    for (const auth of REFUSED_AUTH) {
      expect(beforeLookup(answer('GET', ITEM, 404, auth), context())).toMatchObject({ status: 'fail', message: expect.stringContaining('looked up before') });
      expect(beforeLookup(answer('DELETE', ITEM, 401, auth), context())).toEqual({ status: 'pass' });
    }
    expect(beforeLookup(answer('DELETE', ITEM, 204, 'wrong'), context())).toBeNull();
    expect(beforeLookup(answer('GET', ITEM, 404, 'valid'), context())).toBeNull();
    expect(beforeLookup(answer('GET', ITEM, 404, 'scheme-lower'), context())).toBeNull();
  });

  it('judges fetch and delete, not the list or the create', () => {
    const scope = scopeOf('auth.before-lookup');
    expect(inScope(scope, answer('DELETE', ITEM, 404, 'none'))).toBe(true);
    expect(inScope(scope, answer('GET', LIST, 404, 'none'))).toBe(false);
    expect(inScope(scope, answer('POST', '/v1/CustomerProfiles', 404, 'none'))).toBe(false);
  });
});

describe('auth.scheme-case-insensitive on the other routes', () => {
  it('fails a 401 or 403 to the right credentials with basic or BASIC, passes any other answer', () => {
    for (const auth of ['scheme-lower', 'scheme-upper'] as const) {
      expect(schemeCaseInsensitive(answer('GET', ITEM, 401, auth), context())).toMatchObject({ status: 'fail', message: expect.stringContaining(auth === 'scheme-lower' ? 'basic' : 'BASIC') });
      expect(schemeCaseInsensitive(answer('DELETE', ITEM, 403, auth), context())?.status).toBe('fail');
      // the credentials were taken: found, listed, deleted, or not found
      for (const status of [200, 204, 404]) expect(schemeCaseInsensitive(answer('DELETE', ITEM, status, auth), context())).toEqual({ status: 'pass' });
    }
    expect(schemeCaseInsensitive(answer('GET', ITEM, 401, 'wrong'), context())).toBeNull();
    expect(schemeCaseInsensitive(answer('GET', ITEM, 401, 'scheme-lower', { absorbed: true }), context())).toBeNull();
  });

  it('a create with basic that is not a valid request need not be 201, only not refused for its credentials', () => {
    const invalid = validCaseOf({ category: 'auth', expect: 'reject', auth: 'scheme-lower' });
    const create = (status: number) => answer('POST', '/v1/CustomerProfiles', status, 'scheme-lower', { case: invalid });
    expect(schemeCaseInsensitive(create(400), context())).toEqual({ status: 'pass' });
    expect(schemeCaseInsensitive(create(401), context())?.status).toBe('fail');
  });
});

describe('auth.refused-delete-keeps', () => {
  const made = (deletes: Array<[AuthMode, number]>, back: number) =>
    exchangeOf(validCaseOf(), response(201, resource()), {
      refusedDeletes: {
        deletes: deletes.map(([auth, status]) => ({
          auth,
          answer: { ...followUp(status, status === 204 ? '' : envelope(status, 20003)), request: { method: 'DELETE', url: `http://127.0.0.1:4010${ITEM}`, headers: {}, body: '' } },
        })),
        readBack: followUp(back, back === 200 ? resource() : envelope(back, 20404)),
      },
    });

  it('passes when the profile still reads back after the refused DELETEs', () => {
    expect(refusedDeleteKeeps(made([['none', 401], ['wrong', 401]], 200), context())).toEqual({ status: 'pass' });
  });

  it('fails when it is gone, naming the DELETE that took the credential, else what they answered', () => {
    expect(refusedDeleteKeeps(made([['none', 401], ['password-case-swapped', 204], ['wrong', 401]], 404), context())).toMatchObject({
      status: 'fail',
      message: expect.stringContaining(`after 3 DELETEs of ${ITEM} with credentials it must refuse (the DELETE with password-case-swapped answered 204`),
    });
    expect(refusedDeleteKeeps(made([['none', 401], ['wrong', 401], ['no-colon', 400]], 404), context())).toMatchObject({
      status: 'fail',
      message: expect.stringContaining('(answered 401 ×2, 400 ×1), the profile no longer reads back: 404'),
    });
  });

  it('skips where the profile does not read back at all (no fetch route), and is silent without refused DELETEs', () => {
    expect(refusedDeleteKeeps(made([['none', 401]], 405), context())?.status).toBe('skip');
    expect(refusedDeleteKeeps(exchangeOf(validCaseOf(), response(201, resource())), context())).toBeNull();
  });
});
