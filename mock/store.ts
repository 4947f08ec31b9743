/** A stored Customer-Profile, as created (the wire form is built by render in resource.ts). */
export interface StoredProfile {
  sid: string;
  accountSid: string;
  /** rows-scoped-by-principal: the account shown as account_sid, when the rows live apart from it (under the key's SID) */
  shownAccount?: string;
  friendlyName: string | null;
  email: string | null;
  policySid: string | null;
  statusCallback: string | null;
  status: string;
  /** epoch milliseconds, whole seconds */
  created: number;
  /** epoch milliseconds, whole seconds, when updated since its create (by the update, mock/update-faults.ts, or before the start: mock/restart-faults.ts); else date_created */
  updated?: number;
  /** epoch milliseconds, whole seconds: valid_until of an approved profile (only the profiles loaded at the start); else null */
  validUntil?: number;
  /** update-name-filter-stale: the FriendlyName its create wrote to the search column, kept when an update renames it */
  searchName?: string | null;
  /** update-filtered-list-stale: the profile as its create wrote it to the search index, kept when an update changes it (mock/update-faults.ts) */
  indexed?: StoredProfile;
  /** update-list-summary-stale: the summary row the list by FriendlyName shows, as its create wrote it; an update rewrites its friendly_name alone (mock/update-faults.ts) */
  summary?: StoredProfile;
  /** the store's insertion counter, set by `add`: list order, and what a page token points after */
  seq?: number;
}

/**
 * Profiles per account, capped across all accounts: when full, the oldest profile is evicted.
 * Maps keep insertion order, so listing is creation order and eviction is O(1).
 */
export class ProfileStore {
  readonly #max: number;
  readonly #byAccount = new Map<string, Map<string, StoredProfile>>();
  /** every stored profile, oldest first */
  readonly #all = new Set<StoredProfile>();
  #seq = 0;
  #version = 0;

  constructor(maxProfiles: number) {
    this.#max = maxProfiles;
  }

  get size(): number {
    return this.#all.size;
  }

  /** Counts every change (a profile added or removed, in any account): what a cache of pages is stale after. */
  get version(): number {
    return this.#version;
  }

  add(profile: StoredProfile): void {
    let profiles = this.#byAccount.get(profile.accountSid);
    if (!profiles) {
      profiles = new Map();
      this.#byAccount.set(profile.accountSid, profiles);
    }
    // a sid seen again (only under the faults that reuse sids) replaces the old profile and moves to the end
    if (profiles.has(profile.sid)) this.#remove(profile.accountSid, profile.sid);
    profile.seq = ++this.#seq;
    this.#version++;
    profiles.set(profile.sid, profile);
    this.#all.add(profile);
    while (this.#all.size > this.#max) {
      const oldest = this.#all.values().next().value as StoredProfile;
      this.evicted(oldest);
      this.#remove(oldest.accountSid, oldest.sid);
    }
  }

  /** A stored profile was changed in place (an update): a cache of pages is stale after it too. */
  changed(): void {
    this.#version++;
  }

  get(accountSid: string, sid: string): StoredProfile | undefined {
    return this.#byAccount.get(accountSid)?.get(sid);
  }

  delete(accountSid: string, sid: string): boolean {
    return this.#remove(accountSid, sid);
  }

  #remove(accountSid: string, sid: string): boolean {
    const profiles = this.#byAccount.get(accountSid);
    const profile = profiles?.get(sid);
    if (!profile) return false;
    profiles!.delete(sid);
    this.#all.delete(profile);
    this.#version++;
    return true;
  }

  /** The account holding a sid, whoever asks (for the faults that look a sid up before authenticating). */
  owner(sid: string): string | undefined {
    for (const [accountSid, profiles] of this.#byAccount) if (profiles.has(sid)) return accountSid;
    return undefined;
  }

  /** A profile the cap pushed out (a subclass that keeps its own index forgets it here). */
  protected evicted(_profile: StoredProfile): void {}

  /** The account's profiles, oldest first. */
  list(accountSid: string): StoredProfile[] {
    const profiles = this.#byAccount.get(accountSid);
    return profiles ? [...profiles.values()] : [];
  }

  clear(): void {
    this.#byAccount.clear();
    this.#all.clear();
  }
}

/**
 * The store of the fault delete-removes-other: each account's profiles in an array with a sid →
 * slot index, and a DELETE that fills the freed slot with the last profile (an O(1) removal) but
 * never updates the moved profile's index. A read or delete of the moved profile then reaches
 * whatever its old slot holds now: nothing, or a profile created since, which the delete removes.
 */
export class SwapRemoveStore extends ProfileStore {
  readonly #slots = new Map<string, { slots: StoredProfile[]; index: Map<string, number> }>();

  #of(accountSid: string) {
    let account = this.#slots.get(accountSid);
    if (!account) {
      account = { slots: [], index: new Map() };
      this.#slots.set(accountSid, account);
    }
    return account;
  }

  override add(profile: StoredProfile): void {
    super.add(profile);
    const account = this.#of(profile.accountSid);
    account.index.set(profile.sid, account.slots.length);
    account.slots.push(profile);
  }

  override get(accountSid: string, sid: string): StoredProfile | undefined {
    const account = this.#slots.get(accountSid);
    const at = account?.index.get(sid);
    return at === undefined ? undefined : account!.slots[at];
  }

  override delete(accountSid: string, sid: string): boolean {
    const account = this.#slots.get(accountSid);
    const at = account?.index.get(sid);
    const victim = at === undefined ? undefined : account!.slots[at];
    if (!victim) return false;
    super.delete(accountSid, victim.sid);
    const last = account!.slots.pop()!;
    if (at! < account!.slots.length) account!.slots[at!] = last;
    account!.index.delete(sid);
    return true;
  }

  protected override evicted(profile: StoredProfile): void {
    const account = this.#slots.get(profile.accountSid);
    if (!account) return;
    const at = account.slots.indexOf(profile);
    if (at >= 0) account.slots.splice(at, 1);
    account.index.delete(profile.sid);
  }

  /** oldest first, like the faithful store: the fault is in reads and deletes, not in the list */
  override list(accountSid: string): StoredProfile[] {
    return [...(this.#slots.get(accountSid)?.slots ?? [])].sort((a, b) => a.seq! - b.seq!);
  }

  override clear(): void {
    super.clear();
    this.#slots.clear();
  }
}
