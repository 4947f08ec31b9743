import type { FaultName } from './faults.ts';
import type { MockConfig } from './options.ts';
import type { ProfileStore, StoredProfile } from './store.ts';

/**
 * The faults of account isolation a second account shows (mock/faults.ts): each scopes the right
 * query to the caller's account, then loses the scope on one path — a cache, a cursor, a parent
 * row, a fast path, an error message. One account alone never sees them.
 */
export interface AccountFaults {
  /** the account a list reads (list-page-token-names-account: the one its PageToken names), and the query with the token as the mock reads it */
  listFor(accountSid: string, query: URLSearchParams): { accountSid: string; query: URLSearchParams };
  /** the profiles a list filters (list-policy-any-account: with a PolicySid, every account's) */
  listed(accountSid: string, query: URLSearchParams): StoredProfile[];
  /** the next_page_url as the faulty list writes it (list-page-token-names-account: the account inside the token) */
  nextUrl(url: string | null, accountSid: string): string | null;
  /** list-cache-without-account: the page kept for this query string, whoever asked it */
  cachedList(raw: string): string | undefined;
  keepList(raw: string, text: string): void;
  /** fetch-cache-skips-owner: the profile a recent fetch of its owner kept, whoever asks now; still stored */
  cachedRead(sid: string): StoredProfile | undefined;
  keepRead(profile: StoredProfile): void;
  /** head-ignores-owner: HEAD of any account's profile finds it */
  headFinds(method: string, sid: string): StoredProfile | undefined;
  /** other-account-404-names-owner: the 404 message for another account's sid, naming its owner */
  notFoundMessage(method: string, accountSid: string, sid: string): string | undefined;
}

/** A page token of list-page-token-names-account: the mock's own (PA and a position), a dash, the account it lists. */
const ACCOUNT_TOKEN = /^(PA[0-9]{1,15})-(AC[0-9a-fA-F]{32})$/;

export function accountFaults(fault: FaultName | null, store: ProfileStore, config: Pick<MockConfig, 'accounts'>): AccountFaults {
  const lists = new Map<string, { text: string; version: number }>();
  const reads = new Map<string, StoredProfile>();
  const stillStored = (p: StoredProfile | undefined) => (p && store.get(p.accountSid, p.sid) === p ? p : undefined);
  return {
    listFor(accountSid, query) {
      // list-page-token-names-account: the cursor is encoded state, and the account in it is trusted
      const token = fault === 'list-page-token-names-account' ? ACCOUNT_TOKEN.exec(query.get('PageToken') ?? '') : null;
      if (!token) return { accountSid, query };
      const q = new URLSearchParams(query);
      q.set('PageToken', token[1]!);
      return { accountSid: token[2]!, query: q };
    },
    listed(accountSid, query) {
      // list-policy-any-account: Policy.find(PolicySid).customer_profiles, a policy shared by every account
      if (fault !== 'list-policy-any-account' || !query.has('PolicySid')) return store.list(accountSid);
      return config.accounts.flatMap((a) => store.list(a.accountSid)).sort((a, b) => a.seq! - b.seq!);
    },
    nextUrl(url, accountSid) {
      if (fault !== 'list-page-token-names-account' || url === null) return url;
      return url.replace(/([?&]PageToken=PA[0-9]+)/, `$1-${accountSid}`);
    },
    cachedList(raw) {
      // list-cache-without-account: the key is the query string; every create and DELETE empties the cache (store.version)
      const hit = fault === 'list-cache-without-account' ? lists.get(raw) : undefined;
      return hit?.version === store.version ? hit.text : undefined;
    },
    keepList(raw, text) {
      if (fault === 'list-cache-without-account') lists.set(raw, { text, version: store.version });
    },
    cachedRead(sid) {
      return fault === 'fetch-cache-skips-owner' ? stillStored(reads.get(sid)) : undefined;
    },
    keepRead(profile) {
      if (fault === 'fetch-cache-skips-owner') reads.set(profile.sid, profile);
    },
    headFinds(method, sid) {
      if (fault !== 'head-ignores-owner' || method !== 'HEAD') return undefined;
      const owner = store.owner(sid);
      return owner === undefined ? undefined : store.get(owner, sid);
    },
    notFoundMessage(method, accountSid, sid) {
      if (fault !== 'other-account-404-names-owner') return undefined;
      const owner = store.owner(sid);
      if (owner === undefined || owner === accountSid) return undefined;
      return `not allowed to ${method === 'DELETE' ? 'destroy?' : 'show?'} this CustomerProfile (owned by ${owner})`;
    },
  };
}
