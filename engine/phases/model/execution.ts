/**
 * One execution of a model sequence against the target (the "real" side of fast-check's model
 * run): each command sends its requests through the Sender, every rule of the model judges the
 * command against the model as it was before it, and the model then follows what the target did.
 * Every request is written down, in order, for the failure message.
 */
import { bodyObject } from '../../../contracts/answer.ts';
import type { Check } from '../../../contracts/check.ts';
import { type AuthMode, type Reply, replyOf, routeOf, type TestCase } from '../../../contracts/exchange.ts';
import type { AccountModel, ListFilter, ModelProfile, ModelStep, RefusedCreate, WalkCut, Whose } from '../../../contracts/model.ts';
import { encodeForm, WIRE_ORDER } from '../../../generators/index.ts';
import { nextPageUrl, refusedTraces } from '../../checks/model.ts';
import { PATH } from '../../transport/request.ts';
import type { RunContext } from '../context.ts';

/** The model the commands read (`check`) and change (`run`). */
export interface Model extends AccountModel {
  live: Map<string, ModelProfile>;
  deleted: Map<string, ModelProfile & { deletedBy: number }>;
  refused: RefusedCreate[];
  /** the sequence stopped without a verdict: the budget said no, an answer said nothing (none, 429, 503), the run stops */
  ended: boolean;
}

/**
 * What closes every sequence, each part present when drawn and dropped when shrinking finds the
 * failure does not need it: a refused create, a create with long text and a valid one; every live
 * profile read back; the list walked with the drawn PageSize; the oldest live profile deleted and
 * another created after it; every live profile read again, and the list asked with their own FriendlyName and PolicySid (filtersOf); the list walked one profile a page;
 * every live profile deleted.
 */
export interface Audit {
  refused?: TestCase;
  long?: TestCase;
  first?: TestCase;
  readBack?: true;
  walk?: number;
  deleteOldest?: true;
  createAfter?: TestCase;
  readAgain?: true;
  walkOne?: true;
  deleteAll?: true;
}

/** At most this many pages in one walk of the list. */
export const MAX_WALK_PAGES = 60;
/** A walk's PageSize grows so that the account's profiles fit in about this many pages. */
const TARGET_PAGES = 20;

/** What the sequences of one run share. */
export class ModelRun {
  /** profiles the last complete walk listed: a walk's PageSize grows with it */
  knownTotal = 0;
  /** refused creates sent, per sequence (every execution of it), for their markers */
  readonly refusedSent = new Map<number, number>();
  /** 2xx answers to the phase's creates */
  creates = 0;
  /** the create budget said no: no sequence creates again */
  spent = false;
  /** the rules a failing sequence was shrunk for already: a later failing sequence is kept as found */
  readonly shrunk = new Set<string>();

  readonly ctx: RunContext;
  readonly rules: readonly Check[];
  /** text that marks the run's refused creates (the seed; with the sequence and a count, unique in the run and across its shards) */
  readonly tag: string;

  constructor(ctx: RunContext, rules: readonly Check[], tag: string) {
    this.ctx = ctx;
    this.rules = rules;
    this.tag = tag;
  }

  /** The PageSize a walk asks for: the drawn one, or more when the account is too large to walk page by page. */
  pageSize(drawn: number): number {
    return Math.min(1000, Math.max(drawn, Math.ceil(this.knownTotal / TARGET_PAGES)));
  }
}

/** The first failure of a rule of the model in one execution of a sequence. */
export interface StepFailure {
  checkId: string;
  message: string;
  /** the answer the failure is about */
  evidence: Reply;
  /** how many of the execution's lines (requests) had been sent when it failed */
  lines: number;
}

/** A short form of an answer for the sequence's lines. */
function answered(reply: Reply, extra = ''): string {
  if (reply.error) return `no answer (${reply.error.code})`;
  return `${reply.response!.status}${extra}`;
}

const pathOf = (url: string): string => {
  const u = new URL(url);
  return `${u.pathname}${u.search}`;
};

const clipped = (text: string, n: number) => (text.length > n ? `${text.slice(0, n)}…` : text);

/** A case with other fields, its body encoded again the standard way. */
export function withFields(tc: TestCase, fields: Record<string, string>, label: string, auth: AuthMode = tc.auth): TestCase {
  const params = WIRE_ORDER.filter((name) => fields[name] !== undefined).map((name) => [name, fields[name]!] as const);
  return { ...tc, label, fields, body: encodeForm(params), auth };
}

/** A refused create carrying its marker in FriendlyName (or Email when FriendlyName is left out). */
function marked(tc: TestCase, marker: string): TestCase {
  const fields = { ...tc.fields };
  if (fields.FriendlyName !== undefined) fields.FriendlyName = `${fields.FriendlyName} ${marker}`;
  else fields.Email = `${marker}@example.com`;
  return withFields(tc, fields, tc.label);
}

export class Execution {
  readonly model: Model = { live: new Map(), deleted: new Map(), refused: [], ended: false };
  /** every request, in order, in words */
  readonly lines: string[] = [];
  /** the first failure of each rule, in the order they failed */
  readonly failures = new Map<string, StepFailure>();
  #n = 0;
  readonly #run: ModelRun;
  readonly #ctx: RunContext;
  /** sequence number (0-based) */
  readonly sequence: number;
  /** record the rules' passes (the first execution of a sequence; replays while shrinking do not) */
  readonly record: boolean;

  constructor(run: ModelRun, sequence: number, record: boolean) {
    this.#run = run;
    this.#ctx = run.ctx;
    this.sequence = sequence;
    this.record = record;
  }

  /** How many commands ran. */
  get commands(): number {
    return this.#n;
  }

  #purpose(n: number, what: string): string {
    return `account model, sequence ${this.sequence + 1}, command ${n}: ${what}`;
  }

  /** A request on another route than the create, as a Reply (the Sender judges it by the rules of its kind). */
  async #follow(method: string, url: string, purpose: string): Promise<Reply> {
    const started = performance.now();
    const f = await this.#ctx.sender.follow(method, url, { purpose });
    return {
      route: routeOf(method, url),
      request: f.request,
      ...(f.response ? { response: f.response } : {}),
      ...(f.error ? { error: f.error } : {}),
      auth: 'valid',
      latencyMs: performance.now() - started,
      receivedAt: Date.now(),
      absorbed: false,
      index: -1,
      purpose,
    };
  }

  #note(n: number, what: string, reply: Reply, extra = ''): void {
    this.lines.push(`${n}. ${what}: ${reply.request.method} ${pathOf(reply.request.url)} → ${answered(reply, extra)}`);
  }

  /**
   * Judge a command by every rule of the model. The sequence goes on after a failure (the model
   * follows what the target did), so every rule has its say whatever failed before it; each rule's
   * first failure is kept.
   */
  #judge(step: ModelStep, evidence: (at?: number) => Reply): void {
    const { judgement } = this.#ctx;
    for (const rule of this.#run.rules) {
      const outcome = rule.judgeStep!(step, judgement.ctx);
      if (!outcome) continue;
      const reply = evidence('at' in outcome ? outcome.at : undefined);
      if (outcome.status !== 'fail') {
        if (this.record) judgement.recordStep(rule.id, outcome, reply);
      } else if (!this.failures.has(rule.id)) {
        this.failures.set(rule.id, { checkId: rule.id, message: outcome.message, evidence: reply, lines: this.lines.length });
      }
    }
  }

  /** A command may start: the run goes on and the sequence has not ended. */
  #starting(): boolean {
    if (this.#ctx.stopped()) this.model.ended = true;
    return !this.model.ended;
  }

  /** Nothing can be said about the account after this answer: the sequence ends quietly. */
  #quiet(reply: Reply): boolean {
    const status = reply.response?.status;
    if (reply.error || status === 429 || status === 503) this.model.ended = true;
    return this.model.ended;
  }

  async create(drawn: TestCase, after = ''): Promise<void> {
    if (!this.#starting()) return;
    const run = this.#run;
    if (run.creates >= this.#ctx.model.maxCreates) run.spent = true;
    if (run.spent) {
      this.model.ended = true;
      return;
    }
    const refused = drawn.expect === 'reject';
    const count = (run.refusedSent.get(this.sequence) ?? 0) + 1;
    if (refused) run.refusedSent.set(this.sequence, count);
    const marker = refused ? `${run.tag}q${this.sequence + 1}r${count}` : '';
    const tc = refused ? marked(drawn, marker) : drawn;
    const n = ++this.#n;
    const what = `create${refused ? ', refused' : ''} (${clipped(tc.label, 80)})${after}`;
    const ex = await this.#ctx.sender.send(tc, false, -1);
    if (!ex) {
      // the create budget said no: neither this sequence nor another creates again
      run.spent = true;
      this.model.ended = true;
      return;
    }
    const answer: Reply = { ...replyOf(ex), purpose: this.#purpose(n, what) };
    this.#ctx.answered(answer);
    const status = answer.response?.status ?? 0;
    const sid = status >= 200 && status < 300 ? bodyObject(answer.response)?.sid : undefined;
    this.#note(n, what, answer, typeof sid === 'string' ? ` ${sid}` : '');
    if (status >= 200 && status < 300) run.creates++;
    this.#judge({ command: 'create', n, model: this.model, case: tc, answer }, () => answer);
    if (this.#quiet(answer)) return;
    if (typeof sid === 'string' && /^[A-Za-z0-9]+$/.test(sid)) this.model.live.set(sid, { sid, fields: tc.fields, by: n });
    else if (refused && !(status >= 200 && status < 300)) this.model.refused.push({ by: n, marker, label: tc.label });
  }

  /** The sid a fetch or delete names: a live or deleted profile picked by index, or one that never existed. */
  #sidOf(whose: Whose, pick: number, unknown: string): string | undefined {
    if (whose === 'unknown') return `BU${unknown}`;
    const sids = [...(whose === 'live' ? this.model.live : this.model.deleted).keys()];
    return sids.length ? sids[pick % sids.length] : undefined;
  }

  async fetch(whose: Whose, pick: number, unknown: string): Promise<void> {
    await this.#read('fetch', whose, pick, unknown);
  }

  async remove(whose: Whose, pick: number, unknown: string): Promise<void> {
    await this.#read('delete', whose, pick, unknown);
  }

  async #read(command: 'fetch' | 'delete', whose: Whose, pick: number, unknown: string, after = ''): Promise<void> {
    if (!this.#starting()) return;
    const sid = this.#sidOf(whose, pick, unknown);
    if (!sid) return;
    const n = ++this.#n;
    const what = `${command} ${whose === 'live' ? 'a live profile' : whose === 'deleted' ? 'a deleted profile' : 'a sid that never existed'}${after}`;
    const answer = await this.#follow(command === 'fetch' ? 'GET' : 'DELETE', `${this.#ctx.base}${PATH}/${sid}`, this.#purpose(n, what));
    this.#note(n, what, answer);
    this.#judge({ command, n, model: this.model, sid, whose, answer }, () => answer);
    if (this.#quiet(answer)) return;
    const live = this.model.live.get(sid);
    const status = answer.response!.status;
    if (command === 'delete' && live && status >= 200 && status < 300) this.#deleted(live, n);
  }

  #deleted(p: ModelProfile, n: number): void {
    this.model.live.delete(p.sid);
    // the Sender counts the 2xx DELETE in live.deletedByChecks itself
    this.model.deleted.set(p.sid, { ...p, deletedBy: n });
  }

  async list(drawn: number, after = '', filter?: ListFilter): Promise<void> {
    if (!this.#starting()) return;
    const n = ++this.#n;
    const pageSize = filter ? FILTERED_PAGE_SIZE : this.#run.pageSize(drawn);
    const query = filter ? `${filter.param}=${encodeURIComponent(filter.value)}&` : '';
    const what = `list ${filter ? `${filter.param}=${clipped(JSON.stringify(filter.value), 60)} (a live profile's), ` : ''}PageSize=${pageSize}${after}`;
    const { pages, cut } = await this.#walk(n, what, pageSize, query);
    // what refused creates stored is the run's: spent from the budget, deleted by the cleanup
    const stored = refusedTraces(this.model, pages).map((t) => t.sid);
    this.#ctx.sender.noteStored(stored.filter((sid): sid is string => typeof sid === 'string'));
    this.#judge({ command: 'list', n, model: this.model, pageSize, pages, ...(cut ? { cut } : {}), ...(filter ? { filter } : {}) }, (at) => pages[at ?? pages.length - 1]!);
    if (pages.some((p) => this.#quiet(p)) || filter) return;
    // the next walks ask for pages large enough to walk the account (a walk cut short says it is at least this large)
    if (pages.every((p) => p.response?.status === 200)) this.#run.knownTotal = cut ? Math.max(this.#run.knownTotal, countListed(pages)) : countListed(pages);
  }

  /** Every page of the list, following next_page_url (its path and query, on the target) to the end. */
  async #walk(n: number, what: string, pageSize: number, query = ''): Promise<{ pages: Reply[]; cut?: WalkCut }> {
    const pages: Reply[] = [];
    const visited = new Set<string>();
    const shown = new Set<string>();
    let stalled = 0;
    let url = `${this.#ctx.base}${PATH}?${query}PageSize=${pageSize}`;
    for (;;) {
      if (pages.length >= MAX_WALK_PAGES) return { pages, cut: { reason: 'pages', message: `still not at the end after ${MAX_WALK_PAGES} pages` } };
      const page = await this.#follow('GET', url, this.#purpose(n, `${what}, page ${pages.length + 1}`));
      pages.push(page);
      const results = bodyObject(page.response)?.results;
      let fresh = 0;
      if (Array.isArray(results)) {
        for (const r of results) {
          const sid = (r as { sid?: unknown } | null)?.sid;
          if (typeof sid === 'string' && !shown.has(sid)) {
            shown.add(sid);
            fresh++;
          }
        }
      }
      this.#note(n, `${what}, page ${pages.length}`, page, Array.isArray(results) ? ` (${results.length} profile${results.length === 1 ? '' : 's'})` : '');
      const next = nextPageUrl(page);
      if (page.response?.status !== 200 || typeof next !== 'string' || next === '') return { pages };
      const at = next.indexOf(PATH);
      // not a URL of the collection: list.paging says so; the walk goes nowhere else
      if (at < 0) return { pages };
      visited.add(url);
      url = `${this.#ctx.base}${next.slice(at)}`;
      if (visited.has(url)) return { pages, cut: { reason: 'cycle', message: `next_page_url of page ${pages.length} leads back to ${pathOf(url)}, a page already walked` } };
      stalled = fresh === 0 ? stalled + 1 : 0;
      if (stalled >= 2) return { pages, cut: { reason: 'stalled', message: `pages ${pages.length - 1} and ${pages.length} showed no profile not shown before` } };
    }
  }

  /**
   * After the last command, the audit: each part drawn present and shrunk away when a failure does
   * not need it. Every part is judged like any command.
   */
  async audit(a: Audit): Promise<void> {
    const after = ' (after the sequence)';
    for (const tc of [a.refused, a.long, a.first]) if (tc) await this.create(tc, after);
    if (a.readBack) await this.#readEvery(after);
    if (a.walk !== undefined) await this.list(a.walk, after);
    if (a.deleteOldest) await this.#read('delete', 'live', 0, '', after);
    if (a.createAfter) await this.create(a.createAfter, after);
    if (a.readAgain) await this.#readEvery(after);
    if (a.readAgain) for (const filter of filtersOf(this.model.live.values())) await this.list(FILTERED_PAGE_SIZE, after, filter);
    if (a.walkOne) await this.list(1, after);
    if (a.deleteAll) {
      while (this.model.live.size > 0 && this.#starting()) {
        const before = this.model.live.size;
        await this.#read('delete', 'live', 0, '', after);
        if (this.model.live.size === before) break;
      }
    }
  }

  async #readEvery(after: string): Promise<void> {
    const count = this.model.live.size;
    for (let i = 0; i < count && this.#starting(); i++) await this.#read('fetch', 'live', i, '', after);
  }

  /** Delete what the sequence left (it failed, or ended early): not judged by the model, only by the rules of its kind. */
  async tearDown(): Promise<void> {
    if (this.#ctx.health.stopReason !== undefined) return;
    for (const p of [...this.model.live.values()]) {
      const reply = await this.#follow('DELETE', `${this.#ctx.base}${PATH}/${p.sid}`, `account model, sequence ${this.sequence + 1}: tear down`);
      const status = reply.response?.status ?? 0;
      if (status >= 200 && status < 300) this.#deleted(p, this.#n);
    }
  }
}

/** A filtered list's PageSize: the profiles of one name or policy fit one page or two. */
const FILTERED_PAGE_SIZE = 50;
/** At most this many live profiles are listed by their FriendlyName after a sequence. */
const NAMES_LISTED = 8;
/** The longest filter value asked (its query percent-encoded): a longer URI may be refused (414) before any list rule can judge it. */
const FILTER_QUERY_MAX = 2000;

/**
 * The filters the audit lists with after reading every live profile again: the FriendlyName of
 * each of the first NAMES_LISTED live profiles (the value space's text: whatever a filter mangles —
 * decoding, trimming, collation, an index that drops characters — shows as a profile missing from
 * its own name's list), then each PolicySid they hold. No random draw: the sequences stay as drawn.
 */
export function filtersOf(live: Iterable<ModelProfile>): ListFilter[] {
  const names: ListFilter[] = [];
  const policies = new Map<string, ListFilter>();
  for (const p of live) {
    if (names.length >= NAMES_LISTED) break;
    const name = p.fields.FriendlyName;
    if (name !== undefined && name !== '' && askable(name)) names.push({ param: 'FriendlyName', value: name });
    const policy = p.fields.PolicySid;
    if (policy !== undefined && policy !== '' && !policies.has(policy) && askable(policy)) policies.set(policy, { param: 'PolicySid', value: policy });
  }
  return [...names, ...policies.values()];
}

/** A value a query can carry: no lone surrogate (encodeURIComponent refuses one), short enough percent-encoded. */
function askable(value: string): boolean {
  try {
    return encodeURIComponent(value).length <= FILTER_QUERY_MAX;
  } catch {
    return false;
  }
}

function countListed(pages: readonly Reply[]): number {
  const sids = new Set<unknown>();
  for (const page of pages) {
    const results = bodyObject(page.response)?.results;
    if (Array.isArray(results)) for (const r of results) sids.add((r as { sid?: unknown } | null)?.sid);
  }
  return sids.size;
}
