/**
 * What a run knows of the account it creates in, from list reads: the profiles listed before the
 * run (never the run's: never deleted, whatever a create's answer names) and the profiles the run
 * stored without an answer naming them — a refusal that still stored, a create whose answer was a
 * 5xx or was lost. Every POST whose answer named no new profile of the run waits, by the values it
 * sent, until a later list read shows whether it stored one: a new profile holding nothing but what
 * it sent is the run's (own-looking); anything else new is left alone (another client of the account).
 */
import { bodyObject, listedProfiles } from '../../contracts/answer.ts';
import { type FollowUp, sentFields, type TestCase } from '../../contracts/exchange.ts';

/** Pages read at most per list read (1000 profiles each). */
export const MAX_LIST_PAGES = 100;
const PAGE_SIZE = 1000;
/** Profiles listed before the run kept whole (every field), the first of the list: what the audit compares at the run's end. */
export const KEPT_WHOLE = 200;

/** How a POST waits: a refusal holds its budget slot meanwhile; an unnamed outcome has spent its own. */
export type WaitKind = 'refused' | 'unnamed';

interface Waiting {
  /** what the request sent, by resource field */
  sent: Fields;
  seq: number;
  kind: WaitKind;
}

/** What one list read settled. */
export interface Settled {
  /** new own-looking profiles, with the kind of POST each is put down to */
  found: Array<{ sid: string; kind: WaitKind }>;
  /** waiting POSTs the read showed stored nothing */
  clean: Record<WaitKind, number>;
  /** waiting POSTs the read could not check (it failed): why */
  unread?: { reason: string; count: Record<WaitKind, number> };
}

/** One complete read of the list: every sid with the key of what it holds of the three fields a create names it by, or why not. */
type Listing = { profiles: Map<string, string> } | { error: string };

type Fields = ReadonlyArray<readonly [string, string]>;
const FIELDS = ['friendly_name', 'email', 'policy_sid'];
export const keyOf = (values: Fields): string => values.map(([f, v]) => `${f}=${v}`).join('\u0000');
/** A profile as a read shows it, every field (members sorted, at every depth) as one text: two reads that show the same show the same text. */
export const wholeKey = (p: Record<string, unknown>): string => JSON.stringify(sortedMembers(p));
const sortedMembers = (v: unknown): unknown =>
  Array.isArray(v) ? v.map(sortedMembers) : v !== null && typeof v === 'object' ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortedMembers((v as Record<string, unknown>)[k])])) : v;
/** What a listed profile holds of the three fields a create names it by (empty ones left out). */
export const profileFields = (p: Record<string, unknown>): Fields => FIELDS.flatMap((f) => (typeof p[f] === 'string' && p[f] !== '' ? [[f, p[f] as string] as const] : []));
/** Every part of what a request sent, the empty part included: a target may drop a value it refuses and keep the rest. */
const parts = (sent: Fields): Fields[] => {
  const out: Fields[] = [];
  for (let mask = 0; mask < 1 << sent.length; mask++) out.push(sent.filter((_, i) => mask & (1 << i)));
  return out;
};

export interface AccountHooks {
  /** one GET (through the sender: judged, noted by the health monitor) */
  read(url: string, purpose: string): Promise<FollowUp>;
  /** a sid a 2xx of the run named (created, or deleted since) */
  named(sid: string): boolean;
}

export class Account {
  /** the first page of the list, as every list read of the run asks for it */
  readonly listUrl: string;
  /** sids listed before the run */
  readonly before = new Set<string>();
  /** what each profile listed before the run showed as date_created (engine/phases/audit/audit.ts) */
  readonly createdBefore = new Map<string, unknown>();
  /** the first KEPT_WHOLE profiles listed before the run, every field (wholeKey) */
  readonly wholeBefore = new Map<string, string>();
  /** why the account could not be listed before the run: then nothing waits and nothing is found */
  blind?: string;
  /** why a list read showed less than the whole account (too many pages) */
  partial?: string;
  readonly #hooks: AccountHooks;
  #waiting: Waiting[] = [];
  #seq = 0;
  /** a read of the account's own is under way: other list reads are not observed meanwhile */
  #reading = false;

  constructor(collectionUrl: string, hooks: AccountHooks) {
    this.listUrl = wholeListUrl(collectionUrl);
    this.#hooks = hooks;
  }

  /** The sequence number of the last POST that began to wait. */
  get seq(): number {
    return this.#seq;
  }

  /** POSTs waiting for a list read. */
  get waiting(): number {
    return this.#waiting.length;
  }

  /** List the account before the run; false when it cannot be listed (said in `blind`). */
  async open(): Promise<boolean> {
    let kept = 0;
    const read = await readWhole(this.listUrl, (url, what) => this.#hooks.read(url, what), 'list before the run', (p) => ({ created: p.date_created, whole: kept++ < KEPT_WHOLE ? wholeKey(p) : undefined }));
    if ('error' in read) {
      this.blind = `the account could not be listed before the run (${read.error}): profiles stored without a 201 naming them cannot be seen`;
      return false;
    }
    if (read.partial) this.partial = read.partial;
    for (const [sid, { created, whole }] of read.profiles) {
      this.before.add(sid);
      this.createdBefore.set(sid, created);
      if (whole !== undefined && this.wholeBefore.size < KEPT_WHOLE) this.wholeBefore.set(sid, whole);
    }
    return true;
  }

  /** A POST whose answer named no new profile of the run: it waits for a list read. */
  wait(tc: TestCase, kind: WaitKind): void {
    if (this.blind !== undefined) return;
    this.#waiting.push({ sent: sentFields(tc.body, tc.contentType), seq: ++this.#seq, kind });
  }

  /** Read the list now and settle what waits (the caller makes one read at a time and applies what it settled once). */
  async check(purpose = 'list to see what refused requests stored'): Promise<Settled> {
    this.#reading = true;
    try {
      return await this.#check(purpose);
    } finally {
      this.#reading = false;
    }
  }

  /**
   * A list read someone else made (the fixed phase brackets its refusals): when it is the whole
   * account in one page, it settles what waited before it began.
   */
  observe(url: string, f: FollowUp, seqAtStart: number): Settled | undefined {
    // the account's own reads settle through check()
    if (this.blind !== undefined || this.#reading || url !== this.listUrl || this.#waiting.length === 0) return undefined;
    const profiles = listedProfiles(f);
    if (typeof profiles === 'string' || nextPage(f) !== undefined) return undefined;
    return this.#settle(keys(profiles), seqAtStart);
  }

  async #check(purpose: string): Promise<Settled> {
    const seqAtStart = this.#seq;
    const listing = await this.#list(purpose);
    if ('error' in listing) {
      const unread = this.#waiting.filter((w) => w.seq <= seqAtStart);
      this.#waiting = this.#waiting.filter((w) => w.seq > seqAtStart);
      return { found: [], clean: { refused: 0, unnamed: 0 }, unread: { reason: listing.error, count: count(unread) } };
    }
    return this.#settle(listing.profiles, seqAtStart);
  }

  /**
   * Match new own-looking profiles to waiting POSTs: a new profile is put down to a POST when every
   * value it holds of the three fields is what that POST sent (a target may drop a value it
   * refused). Those that waited before the read began and matched nothing are clean.
   */
  #settle(profiles: Map<string, string>, seqAtStart: number): Settled {
    const byKey = new Map<string, Waiting[]>();
    for (const w of this.#waiting) {
      for (const part of parts(w.sent)) {
        const key = keyOf(part);
        const list = byKey.get(key);
        if (list) list.push(w);
        else byKey.set(key, [w]);
      }
    }
    const found: Settled['found'] = [];
    const used = new Set<Waiting>();
    for (const [sid, key] of profiles) {
      if (this.before.has(sid) || this.#hooks.named(sid)) continue;
      const candidates = byKey.get(key);
      // an unnamed outcome has spent its slot already: put a profile down to it first
      const w = candidates?.find((c) => !used.has(c) && c.kind === 'unnamed') ?? candidates?.find((c) => !used.has(c));
      if (!w) continue;
      used.add(w);
      found.push({ sid, kind: w.kind });
    }
    const clean = this.#waiting.filter((w) => !used.has(w) && w.seq <= seqAtStart);
    this.#waiting = this.#waiting.filter((w) => !used.has(w) && w.seq > seqAtStart);
    return { found, clean: count(clean) };
  }

  /** Every page of the list (at most MAX_LIST_PAGES), sid → key, or why it could not be read. */
  async #list(purpose: string): Promise<Listing> {
    const read = await readWhole(this.listUrl, (url, what) => this.#hooks.read(url, what), purpose, (p) => keyOf(profileFields(p)));
    if ('error' in read) return read;
    if (read.partial) this.partial = read.partial;
    return { profiles: read.profiles };
  }
}

/** A whole read of the list: what each sid listed holds (as `project` keeps it), the pages read, and whether it stopped short. */
export type WholeRead<T> = { profiles: Map<string, T>; pages: number; partial?: string } | { error: string };

/**
 * Every page of the list from `listUrl` (PageSize=1000) through next_page_url, at most
 * MAX_LIST_PAGES: each sid with what `project` keeps of its profile, or why it could not be read.
 * The next page's query is asked of the collection the run talks to: credentials never go elsewhere.
 */
export async function readWhole<T>(
  listUrl: string,
  read: (url: string, purpose: string) => Promise<FollowUp>,
  purpose: string,
  project: (p: Record<string, unknown>) => T,
): Promise<WholeRead<T>> {
  const profiles = new Map<string, T>();
  let url = listUrl;
  const seen = new Set<string>();
  for (let page = 1; ; page++) {
    const f = await read(url, page === 1 ? purpose : `${purpose}, page ${page}`);
    const listed = listedProfiles(f);
    if (typeof listed === 'string') return { error: listed };
    for (const [sid, p] of listed) profiles.set(sid, project(p));
    const next = nextPage(f);
    if (next === undefined) return { profiles, pages: page };
    url = `${listUrl.slice(0, listUrl.indexOf('?'))}${next}`;
    if (seen.has(url)) return { profiles, pages: page };
    seen.add(url);
    if (page >= MAX_LIST_PAGES) {
      return { profiles, pages: page, partial: `the account holds more than ${MAX_LIST_PAGES * PAGE_SIZE} profiles: list reads stop at ${MAX_LIST_PAGES} pages, so profiles stored without a 201 may go unseen` };
    }
  }
}

/** The first page of the whole list, as every whole read of the run asks for it. */
export const wholeListUrl = (collectionUrl: string): string => `${collectionUrl}?PageSize=${PAGE_SIZE}`;

/** The query of a list page's next page, when it names one. */
export function nextPage(f: FollowUp): string | undefined {
  const next = (bodyObject(f.response)?.meta as { next_page_url?: unknown } | undefined)?.next_page_url;
  if (typeof next !== 'string' || next === '') return undefined;
  try {
    const search = new URL(next, 'http://x').search;
    return search === '' ? undefined : search;
  } catch {
    return undefined;
  }
}

const keys = (profiles: Map<string, Record<string, unknown>>): Map<string, string> => new Map([...profiles].map(([sid, p]) => [sid, keyOf(profileFields(p))]));

function count(list: readonly Waiting[]): Record<WaitKind, number> {
  const c = { refused: 0, unnamed: 0 };
  for (const w of list) c[w.kind]++;
  return c;
}
