/** A stored Customer-Profile, as created (the wire form is built by render in resource.ts). */
export interface StoredProfile {
  sid: string;
  accountSid: string;
  friendlyName: string | null;
  email: string | null;
  policySid: string | null;
  statusCallback: string | null;
  status: string;
  /** epoch milliseconds, whole seconds */
  created: number;
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

  constructor(maxProfiles: number) {
    this.#max = maxProfiles;
  }

  get size(): number {
    return this.#all.size;
  }

  add(profile: StoredProfile): void {
    let profiles = this.#byAccount.get(profile.accountSid);
    if (!profiles) {
      profiles = new Map();
      this.#byAccount.set(profile.accountSid, profiles);
    }
    // a sid seen again (only under the reused-sid fault) replaces the old profile and moves to the end
    if (profiles.has(profile.sid)) this.delete(profile.accountSid, profile.sid);
    profiles.set(profile.sid, profile);
    this.#all.add(profile);
    while (this.#all.size > this.#max) {
      const oldest = this.#all.values().next().value as StoredProfile;
      this.delete(oldest.accountSid, oldest.sid);
    }
  }

  get(accountSid: string, sid: string): StoredProfile | undefined {
    return this.#byAccount.get(accountSid)?.get(sid);
  }

  delete(accountSid: string, sid: string): boolean {
    const profiles = this.#byAccount.get(accountSid);
    const profile = profiles?.get(sid);
    if (!profile) return false;
    profiles!.delete(sid);
    this.#all.delete(profile);
    return true;
  }

  /** The account holding a sid, whoever asks (for the faults that look a sid up before authenticating). */
  owner(sid: string): string | undefined {
    for (const [accountSid, profiles] of this.#byAccount) if (profiles.has(sid)) return accountSid;
    return undefined;
  }

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
