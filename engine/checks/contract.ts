import type { Judge } from '../../contracts/check.ts';
import { describeErrors, validateCustomerProfile } from '../../contracts/validators.ts';
import { bodyObject, describe, fail, mediaType, mustCreate, PASS } from './util.ts';

/** Level 1: the contract. */

export const status201: Judge = (ex) => {
  if (!mustCreate(ex)) return null;
  if (ex.error) return fail(`no answer to a valid create: ${ex.error.message}`);
  const res = ex.response!;
  return res.status === 201 ? PASS : fail(`expected 201 Created for a valid request, got ${describe(res)}`);
};

export const contentTypeJson: Judge = (ex) => {
  if (ex.response?.status !== 201) return null;
  const type = mediaType(ex.response);
  return type === 'application/json' ? PASS : fail(`201 Content-Type is ${JSON.stringify(ex.response.headers['content-type'] ?? 'absent')}, expected application/json`);
};

export const bodySchema: Judge = (ex) => {
  const res = ex.response;
  if (res?.status !== 201) return null;
  if (res.jsonError) return fail(`201 body is not JSON: ${res.jsonError}`);
  const body = bodyObject(res);
  if (!body) return fail('201 body is not a JSON object');
  return validateCustomerProfile(body) ? PASS : fail(`201 body breaks the resource schema: ${describeErrors(validateCustomerProfile.errors)}`);
};

export const noServerError: Judge = (ex) => {
  if (!ex.response) return null;
  return ex.response.status < 500 ? PASS : fail(`answered ${describe(ex.response)} to a ${ex.case.expect === 'create' ? 'valid' : ex.case.expect === 'either' ? 'possibly refusable' : 'invalid'} request (${ex.case.label})`);
};

export const noCredentialLeak: Judge = (ex, ctx) => {
  const res = ex.response;
  if (!res) return null;
  const headers = Object.entries(res.headers);
  for (const secret of ctx.secrets) {
    if (res.bodyText.includes(secret)) return fail('the response body contains a credential of the caller ([redacted] in this report)');
    for (const [name, value] of headers) {
      if (value.includes(secret)) return fail(`the response header ${name} contains a credential of the caller`);
    }
  }
  return PASS;
};
