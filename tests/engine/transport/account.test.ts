import { describe, expect, it } from 'vitest';
import type { FollowUp } from '../../../contracts/exchange.ts';
import { Account, wholeKey } from '../../../engine/transport/account.ts';
import { validCaseOf } from '../../helpers/exchange.ts';

const COLLECTION = 'http://127.0.0.1:4010/v1/CustomerProfiles';
type Profile = { sid: string; friendly_name?: string | null; email?: string | null; policy_sid?: string | null };

/** An account whose list shows `pages()` (each call, the pages as they are then), counting reads. */
function fakeAccount(pages: () => Profile[][], named: (sid: string) => boolean = () => false) {
  const urls: string[] = [];
  const account = new Account(COLLECTION, {
    named,
    read: async (url) => {
      urls.push(url);
      const all = pages();
      const page = Number(new URL(url).searchParams.get('Page') ?? 0);
      const next = page + 1 < all.length ? `https://elsewhere.example/v1/CustomerProfiles?PageSize=1000&Page=${page + 1}` : null;
      const bodyText = JSON.stringify({ results: all[page] ?? [], meta: { next_page_url: next } });
      return { request: { method: 'GET', url, headers: {}, body: '' }, response: { status: 200, statusText: '', headers: {}, bodyText, json: JSON.parse(bodyText) } } satisfies FollowUp;
    },
  });
  return { account, urls };
}

const refused = (fields: Record<string, string>) => validCaseOf({ expect: 'reject', fields, body: new URLSearchParams(fields).toString() });

describe('Account: what list reads show of the run', () => {
  it('lists every page before the run, on the collection it talks to (a next page URL elsewhere gives only its query)', async () => {
    const { account, urls } = fakeAccount(() => [[{ sid: 'BUa' }], [{ sid: 'BUb' }]]);
    expect(await account.open()).toBe(true);
    expect([...account.before]).toEqual(['BUa', 'BUb']);
    expect(urls).toEqual([`${COLLECTION}?PageSize=1000`, `${COLLECTION}?PageSize=1000&Page=1`]);
  });

  it('keeps each profile listed before the run whole, every field, whatever the order of its members (the audit compares it at the run end)', async () => {
    const approved = { sid: 'BUa', friendly_name: 'Acme', status: 'twilio-approved', valid_until: '2027-01-01T00:00:00Z', links: { b: 1, a: 2 } } as Profile;
    const { account } = fakeAccount(() => [[approved]]);
    await account.open();
    expect(account.createdBefore.get('BUa')).toBeUndefined();
    expect(account.wholeBefore.get('BUa')).toBe(wholeKey({ links: { a: 2, b: 1 }, valid_until: '2027-01-01T00:00:00Z', status: 'twilio-approved', friendly_name: 'Acme', sid: 'BUa' }));
    expect(account.wholeBefore.get('BUa')).not.toBe(wholeKey({ ...approved, valid_until: '2027-01-01T00:00:01Z' }));
  });

  it('puts a new profile down to a waiting POST when it holds nothing but what that POST sent', async () => {
    let listed: Profile[] = [{ sid: 'BUold', friendly_name: 'Acme', email: 'a@example.com' }];
    const { account } = fakeAccount(() => [listed]);
    await account.open();
    account.wait(refused({ FriendlyName: 'Acme', Email: 'a@example.com', PolicySid: 'RNbad' }), 'refused');
    account.wait(refused({ FriendlyName: 'Other', Email: 'o@example.com' }), 'refused');
    account.wait(refused({ FriendlyName: 'Lost' }), 'unnamed');
    listed = [
      ...listed,
      // the refused PolicySid dropped, the rest kept: the run's
      { sid: 'BUnew', friendly_name: 'Acme', email: 'a@example.com', policy_sid: null },
      // a value no request of the run sent: another client's
      { sid: 'BUforeign', friendly_name: 'Acme', email: 'someone@else.example' },
      { sid: 'BUlost', friendly_name: 'Lost' },
    ];
    const settled = await account.check();
    expect(settled.found).toEqual([
      { sid: 'BUnew', kind: 'refused' },
      { sid: 'BUlost', kind: 'unnamed' },
    ]);
    expect(settled.clean).toEqual({ refused: 1, unnamed: 0 });
    expect(account.waiting).toBe(0);
  });

  it('never takes a profile listed before the run or one the run named, and says when the list cannot be read', async () => {
    const { account } = fakeAccount(() => [[{ sid: 'BUold', friendly_name: 'Acme' }, { sid: 'BUmine', friendly_name: 'Acme' }]], (sid) => sid === 'BUmine');
    await account.open();
    account.wait(refused({ FriendlyName: 'Acme' }), 'refused');
    expect((await account.check()).found).toEqual([]);
    account.wait(refused({ FriendlyName: 'Acme' }), 'refused');
    expect(account.waiting).toBe(1);
    // a target without a list route: nothing can be seen, so nothing waits
    const notFound = { status: 404, statusText: '', headers: {}, bodyText: '', json: undefined };
    const blindAccount = new Account(COLLECTION, { named: () => false, read: async (url) => ({ request: { method: 'GET', url, headers: {}, body: '' }, response: notFound }) });
    expect(await blindAccount.open()).toBe(false);
    expect(blindAccount.blind).toMatch(/could not be listed before the run/);
    blindAccount.wait(refused({ FriendlyName: 'Acme' }), 'refused');
    expect(blindAccount.waiting).toBe(0);
  });
});
