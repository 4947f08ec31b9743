import { randomBytes } from 'node:crypto';
import { nextPage } from '../../transport/account.ts';
import { bodyObject } from '../../../contracts/answer.ts';
import { type Exchange, replyOf } from '../../../contracts/exchange.ts';
import { STATUS_VALUES } from '../../../contracts/schemas.ts';
import { nameLengthExpectation } from '../../../generators/index.ts';
import { withFields } from '../model/execution.ts';
import { PATH } from '../../transport/request.ts';
import type { RunContext } from '../context.ts';
import { of } from '../probes/credential-routes.ts';
import { probeLenientFilters, probeRepeatedName } from './lenient-queries.ts';

/**
 * The list requests of the first lifecycle, once a run, so that every list rule (engine/checks/list.ts)
 * has answers to judge (the list walked to the end is walkList's, engine/phases/probes/answer-kinds.ts): the first
 * page without PageSize (the default, 50), PageSize and Page values the operation does not allow
 * (a 4xx, never a 5xx), a page far past the end (an empty 200 page), each filter with the lifecycle
 * profile's own value (whole: it holds the profile, list.filter-complete; and in pages of one to the
 * second page through next_page_url: every page and link keeps the filter, list.filters) and a
 * FriendlyName holding SQL metacharacters (a 200, never a 5xx); then the queries of probeQueries
 * and probeNamedProfile (every Status, a Page beyond 32 bits, a made-up PageToken, the filters
 * together, % and _ as plain characters, names empty, of a space or no UTF-8, a non-ASCII name and
 * it padded with a space; lenient-queries.ts's: FriendlyName given twice, Status and PolicySid
 * around whitespace, filters holding control characters), and probeExactNames (names a filter gets wrong: NFD text, a literal
 * %41, over 256 characters, digits alone, a +, an astral character, each listed by its very
 * name). A walk judges only the run's own profiles (others may share the account); the profiles
 * the probes create are listed by their names and deleted. About 85 requests, sent one after
 * another but for three lists of different PageSize sent at once (list.page-size: each page by
 * its own request).
 */

/**
 * PageSize values no server may take (outside the integer 1-1000), and Pages that are no page index
 * (an integer from 0): out of range, no number, a fraction or digits then letters (which parseInt and
 * to_i read as their leading digits). Each is refused with a 4xx (list.invalid-paging-4xx). Integers
 * spelt otherwise (0x10, +5, 1_0, ٥) are not sent: Number() and Python's int() read some of them as
 * integers, and nothing the operation's sources say makes that a fault (a faithful server using Number() takes +5).
 */
export const OUT_OF_RANGE = [
  'PageSize=0',
  'PageSize=1001',
  'PageSize=ten',
  'PageSize=-1',
  'Page=first',
  'Page=-1',
  'PageSize=2.5',
  'PageSize=20abc',
  'Page=1.5',
  'Page=2abc',
];

/** A FriendlyName (any string) holding what SQL and LIKE text treat specially: an apostrophe, a backslash, a percent sign, an underscore. */
export const METACHARACTER_NAME = "O'Brien \\ 100%_ & Co";

/** A Page far past the end of any account this suite runs on (with the default page size). */
export const PAST_THE_END = 'Page=100000';

/** A Page past 32 bits, the largest a JSON number holds exactly (2^53-1): the OpenAPI gives Page no maximum. */
export const LARGE_PAGE = String(Number.MAX_SAFE_INTEGER);

/** A PageToken no server gave: refused with a 4xx envelope or ignored, never a crash. */
export const MADE_UP_TOKEN = 'not-a-page-token';

/** The name of the profile the list probes create (with a random suffix): non-ASCII text (é, ☕), a ; (sent raw in one list's query), % and _. */
export const PROBE_NAME = 'Café; ☕ 100%_';

/**
 * The list's parameter names in another case: they name no parameter (twilio-behaviour.md: names
 * are case-sensitive), so the page is the default size (list.page-size) and the list unfiltered
 * (list.filter-complete: it holds the lifecycle's profile, though another profile's name is asked).
 */
export const WRONG_CASE_PAGE_SIZE = 'pagesize=1';

/** PageSize=1 with a letter of its name percent-encoded: a query's names are decoded as its values are, so this is PageSize=1 (list.page-size). */
export const ENCODED_NAME_PAGE_SIZE = 'Page%53ize=1';

/**
 * Names that differ from `name` only in case or accents (all capitals; no accents, in lower case):
 * under a case- and accent-insensitive collation (MySQL's utf8mb4_0900_ai_ci) they compare equal to it.
 */
/** A sid (two letters, then hex) with the case of its hex letters swapped; undefined when it has none (the same string). */
export const otherCaseHex = (sid: string): string | undefined => {
  const swapped = sid.slice(0, 2) + sid.slice(2).replace(/[a-fA-F]/g, (c) => (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase()));
  return swapped === sid ? undefined : swapped;
};

export const collationTwins = (name: string): string[] => [name.toUpperCase(), name.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase()].filter((twin) => twin !== name);

/**
 * PageSizes asked at once, each page judged by its own request (list.page-size): a page size kept
 * in request state shared across requests (a field of a singleton controller) gives one list
 * another's size. Never 1000, the account reads' size (engine/transport/account.ts).
 */
export const CONCURRENT_PAGE_SIZES = [1, 2, 3] as const;

/**
 * FriendlyName filters, as raw query text, that are a name all the same (list.filters): empty,
 * or of bytes that are no UTF-8 (read as U+FFFD; a 4xx is allowed,
 * list.valid-query-200). A server that drops them as if no filter were given lists the account.
 */
export const EDGE_NAME_FILTERS: ReadonlyArray<readonly [query: string, what: string]> = [
  ['FriendlyName=', 'an empty FriendlyName (no profile has one: it is required)'],
  ['FriendlyName=%FF', 'a FriendlyName that is no UTF-8 (%FF, read as U+FFFD)'],
  ['FriendlyName=Caf%E9', 'a FriendlyName in Latin-1 (Caf%E9, read as Caf U+FFFD)'],
];

/**
 * PolicySid and Status filters whose values are none of their type: the policy prefix in lower
 * case (rn), 33 hex digits, a status that is no documented value (approved: twilio-approved is one)
 * and one in another case (Draft). No profile holds any of them, so each is a 4xx (the value is
 * not allowed: list.valid-query-200) or a page of profiles of that very value: none (list.filters).
 * A server that parses them into an optional typed value (Option<Sid>, Option<Status>) and takes
 * "none" for "no filter" lists the account.
 */
export const MALFORMED_TYPED_FILTERS: ReadonlyArray<readonly [param: 'PolicySid' | 'Status', value: string, what: string]> = [
  ['PolicySid', `rn${'0123456789abcdef'.repeat(2)}`, 'a PolicySid with its prefix in lower case (rn…)'],
  ['PolicySid', `RN${'0123456789abcdef'.repeat(2)}0`, 'a PolicySid of 33 hex digits'],
  ['Status', 'approved', 'a Status that is no documented value (approved; twilio-approved is one)'],
  ['Status', 'Draft', 'a Status in another case (Draft; draft is one)'],
  ['Status', 'draft,twilio-approved', 'two Statuses joined by a comma (draft,twilio-approved: no one Status; a converter that splits on commas lists both)'],
];

/** The list's filters, each with the field it selects on. */
const FILTERS = [
  ['FriendlyName', 'friendly_name'],
  ['Status', 'status'],
  ['PolicySid', 'policy_sid'],
] as const;

export async function probeList(ctx: RunContext, ex: Exchange): Promise<void> {
  const collection = `${ctx.base}${PATH}`;
  // the page a client gets when it names no PageSize: judged by list.page-size against the default
  ex.listDefault = await ctx.sender.follow('GET', collection, of(ex, 'list with no PageSize (the default)'));
  for (const q of OUT_OF_RANGE) await ctx.sender.follow('GET', `${collection}?${q}`, of(ex, `list with ${q}, outside what the operation allows`));
  // only where the list route answers at all: a target without one is not judged on a page past the end
  if (ex.listDefault.response?.status !== 200) return;
  await ctx.sender.follow('GET', `${collection}?${PAST_THE_END}`, of(ex, 'list page far past the end'));
  await Promise.all(
    CONCURRENT_PAGE_SIZES.map((size) =>
      ctx.sender.follow('GET', `${collection}?PageSize=${size}`, of(ex, `list with PageSize=${size}, sent at once with lists of PageSize ${CONCURRENT_PAGE_SIZES.filter((s) => s !== size).join(' and ')}`)),
    ),
  );
  const body = bodyObject(ex.response)!;
  ex.listFiltered = [];
  for (const [param, field] of FILTERS) {
    const value = body[field];
    if (typeof value !== 'string' || value === '') continue;
    const query = new URLSearchParams({ [param]: value, PageSize: '1000' });
    ex.listFiltered.push(await ctx.sender.follow('GET', `${collection}?${query}`, of(ex, `list filtered by ${param}`)));
    // the same list in pages of one, to its second page through next_page_url: every page keeps the filter (list.filters)
    const first = await ctx.sender.follow('GET', `${collection}?${new URLSearchParams({ [param]: value, PageSize: '1' })}`, of(ex, `list filtered by ${param}, PageSize 1, page 1`));
    const next = first.response?.status === 200 ? nextPage(first) : undefined;
    if (next !== undefined) await ctx.sender.follow('GET', `${collection}${next}`, of(ex, `list filtered by ${param}, PageSize 1, page 2 (its next_page_url)`));
  }
  // a filter value is text, never code: a 200 (empty, or only profiles of that very name), never a 5xx
  const odd = new URLSearchParams({ FriendlyName: METACHARACTER_NAME, PageSize: '1000' });
  await ctx.sender.follow('GET', `${collection}?${odd}`, of(ex, 'list filtered by a FriendlyName holding an apostrophe, a backslash, % and _'));
  // the profile's name with its last character as a glob wildcard (* or ?): plain characters, so no profile of that very name (list.filters; a glob match, Redis SCAN MATCH, shows the profile)
  const name = body.friendly_name;
  if (typeof name === 'string' && [...name].length >= 2) {
    for (const wildcard of ['*', '?']) {
      const glob = new URLSearchParams({ FriendlyName: `${[...name].slice(0, -1).join('')}${wildcard}`, PageSize: '1000' });
      await ctx.sender.follow('GET', `${collection}?${glob}`, of(ex, `list filtered by the profile's name with its last character as ${wildcard}`));
    }
  }
  await probeQueries(ctx, ex, collection, body);
  await probeNamedProfile(ctx, ex, collection);
  await probeExactNames(ctx, ex, collection);
}

/**
 * List queries the operation allows that a server may still get wrong: every other documented
 * Status (a 200 page, list.valid-query-200), a Page beyond 32 bits (no maximum is documented: a
 * 200 page), a PageToken the server never gave (refused with a 4xx envelope or ignored, never a
 * 5xx), the lifecycle profile's three values together (it alone, or profiles of those very values:
 * list.filters, list.filter-complete), FriendlyNames whose % and _ are plain characters (a LIKE
 * pattern would show profiles of other names: list.filters), EDGE_NAME_FILTERS,
 * MALFORMED_TYPED_FILTERS (a filter dropped for its value shows the account: list.filters) and
 * lenient-queries.ts's (typed values around whitespace, filters holding control characters).
 */
async function probeQueries(ctx: RunContext, ex: Exchange, collection: string, body: Record<string, unknown>): Promise<void> {
  const get = (query: Record<string, string>, what: string) => ctx.sender.follow('GET', `${collection}?${new URLSearchParams(query)}`, of(ex, what));
  for (const status of STATUS_VALUES) if (status !== body.status) await get({ Status: status, PageSize: '20' }, `list filtered by Status ${status}`);
  await get({ Page: LARGE_PAGE }, `list with Page=${LARGE_PAGE} (2^53-1: no maximum is documented)`);
  await get({ PageToken: MADE_UP_TOKEN }, 'list with a PageToken the server never gave');
  // in the order of the OpenAPI's example readFull: Status, FriendlyName, PolicySid
  const values = Object.fromEntries([FILTERS[1], FILTERS[0], FILTERS[2]].map(([param, field]) => [param, body[field]]).filter(([, v]) => typeof v === 'string' && v !== ''));
  if (Object.keys(values).length > 1) ex.listFiltered?.push(await get({ ...values, PageSize: '1000' }, `list filtered by ${Object.keys(values).join(', ')} together`));
  await get({ FriendlyName: '%', PageSize: '20' }, 'list filtered by FriendlyName %, a name and no pattern');
  for (const [query, what] of EDGE_NAME_FILTERS) await ctx.sender.follow('GET', `${collection}?${query}&PageSize=20`, of(ex, `list filtered by ${what}`));
  // a % that starts no escape is a % (the WHATWG parser keeps it; a strict decoder may refuse the query with a 4xx, never drop the pair);
  // a random tag names no profile (coverage makes one named 100%, in the shard of its row)
  const tag = randomBytes(4).toString('hex');
  for (const [raw, what] of [[`${tag}%`, 'ending in'], [`%zz${tag}`, 'starting with']]) {
    await ctx.sender.follow('GET', `${collection}?FriendlyName=${raw}&PageSize=20`, of(ex, `list filtered by a FriendlyName ${what} a % that starts no escape (${raw}, read as ${raw})`));
  }
  for (const [param, value, what] of MALFORMED_TYPED_FILTERS) await get({ [param]: value, PageSize: '20' }, `list filtered by ${what}`);
  // the lifecycle's policy twice, joined by a comma: no one PolicySid (a converter that splits a value on commas makes it an IN list)
  if (typeof body.policy_sid === 'string') await get({ PolicySid: `${body.policy_sid},${body.policy_sid}`, PageSize: '20' }, 'list filtered by the PolicySid of the profile twice, joined by a comma');
  await probeLenientFilters(ctx, ex, collection, body);
  const name = body.friendly_name;
  if (typeof name === 'string' && name !== '') await get({ FriendlyName: `_${Array.from(name).slice(1).join('')}`, PageSize: '20' }, 'list filtered by the FriendlyName with its first character as _');
}

/**
 * A profile created for the list probes, its name holding non-ASCII text, % and _ (UTF-8 in the
 * query as in the body: standards.md, Form bodies), and two named like it but for case and accents
 * (collationTwins); the list by its very name holds it (list.filter-complete) and neither twin
 * (list.filters: a name is kept as sent, no case change, standards.md Unicode), and by it with a
 * space before or after none of them; by it and the lifecycle's name given twice, one name's
 * profiles (probeRepeatedName); the lists by the lifecycle profile's PolicySid and Status
 * (cachedFilters), which it shares, asked just before its create and again after it hold it too
 * (a page cached per query string, which the create did not purge, does not); then all are deleted. Costs three creates (fewer when the
 * budget says no); the random suffix keeps parallel shards' profiles apart.
 */
async function probeNamedProfile(ctx: RunContext, ex: Exchange, collection: string): Promise<void> {
  const name = `${PROBE_NAME} ${randomBytes(4).toString('hex')}`;
  // the lists by the lifecycle profile's PolicySid and Status, which the new profile shares, asked on both sides of its create
  const bracket = cachedFilters(collection, bodyObject(ex.response) ?? {});
  for (const { param, url } of bracket) await ctx.sender.follow('GET', url, of(ex, `list filtered by ${param}, just before a create of that ${param}`));
  const made = await ctx.sender.send(withFields(ex.case, { ...ex.case.fields, FriendlyName: name }, `${ex.case.label}, FriendlyName ${name} (for the list probes)`), false, ex.index);
  if (!made) return;
  ctx.answered(replyOf(made));
  const created = made.response?.status === 201 ? bodyObject(made.response) : undefined;
  if (typeof created?.sid !== 'string' || !/^[A-Za-z0-9]+$/.test(created.sid)) return;
  const twins: string[] = [];
  for (const twin of collationTwins(name)) {
    const other = await ctx.sender.send(withFields(ex.case, { ...ex.case.fields, FriendlyName: twin }, `${ex.case.label}, FriendlyName ${twin} (${name} but for case and accents)`), false, ex.index);
    if (other) ctx.answered(replyOf(other));
    const sid = other?.response?.status === 201 ? bodyObject(other.response)?.sid : undefined;
    if (typeof sid === 'string' && /^[A-Za-z0-9]+$/.test(sid)) twins.push(sid);
  }
  const query = new URLSearchParams({ FriendlyName: name, PageSize: '1000' });
  ex.listFilteredProbe = { created, lists: [await ctx.sender.follow('GET', `${collection}?${query}`, of(ex, 'list filtered by the FriendlyName of a profile named with non-ASCII text, ;, % and _'))] };
  // its PolicySid with the hex letters in the other case, beside its name: another string, so no profile of it (list.filters)
  const policy = typeof created.policy_sid === 'string' ? otherCaseHex(created.policy_sid) : undefined;
  if (policy !== undefined) {
    const byPolicy = new URLSearchParams({ PolicySid: policy, FriendlyName: name, PageSize: '1000' });
    await ctx.sender.follow('GET', `${collection}?${byPolicy}`, of(ex, "list filtered by a PolicySid with its hex letters in the other case, and the FriendlyName of the list probes' profile"));
  }
  // the ; left raw, as a client may (a sub-delimiter in a query): only & separates pairs (standards.md Form bodies), so it is part of the name
  const raw = `${query}`.replaceAll('%3B', ';');
  ex.listFilteredProbe.lists.push(await ctx.sender.follow('GET', `${collection}?${raw}`, of(ex, 'list filtered by that FriendlyName with its ; written raw in the query')));
  // the same lists as before the create, byte for byte: each holds the new profile when it has that value (a page cached per query string and kept across the create does not)
  for (const { param, field, value, url } of bracket) {
    if (created[field] === value) ex.listFilteredProbe.lists.push(await ctx.sender.follow('GET', url, of(ex, `list filtered by ${param}, just after a create of that ${param} (the same request as before it)`)));
  }
  const lifecycleName = bodyObject(ex.response)?.friendly_name;
  if (typeof lifecycleName === 'string' && lifecycleName !== '' && lifecycleName !== name) await probeRepeatedName(ctx, ex, collection, [lifecycleName, name]);
  await probeNameCase(ctx, ex, collection, name);
  // the name with a space before or after names no profile (list.filters): a filter is not trimmed, nor compared PAD SPACE
  for (const [padded, what] of [[` ${name}`, 'a space before'], [`${name} `, 'a space after']] as const) {
    await ctx.sender.follow('GET', `${collection}?${new URLSearchParams({ FriendlyName: padded, PageSize: '20' })}`, of(ex, `list filtered by that FriendlyName with ${what}`));
  }
  // the sender counts them in live.deletedByChecks; a DELETE that fails leaves it to the cleanup
  for (const sid of [created.sid, ...twins]) await ctx.sender.follow('DELETE', `${collection}/${sid}`, of(ex, 'delete of a profile created for the list probes'));
}

/**
 * The list asked with parameter names in another case (WRONG_CASE_PAGE_SIZE; friendlyname naming the
 * list probes' profile and STATUS another status than the lifecycle profile's), and with the
 * resource's field names (friendly_name, status, policy_sid): no parameters at all,
 * so a page of the default size, and a list that holds the lifecycle's profile.
 */
async function probeNameCase(ctx: RunContext, ex: Exchange, collection: string, otherName: string): Promise<void> {
  await ctx.sender.follow('GET', `${collection}?${WRONG_CASE_PAGE_SIZE}`, of(ex, `list with ${WRONG_CASE_PAGE_SIZE} (no parameter: names are case-sensitive, the page is the default size)`));
  await ctx.sender.follow('GET', `${collection}?${ENCODED_NAME_PAGE_SIZE}`, of(ex, `list with ${ENCODED_NAME_PAGE_SIZE} (PageSize=1, a letter of its name percent-encoded)`));
  const status = STATUS_VALUES.find((s) => s !== bodyObject(ex.response)?.status)!;
  const query = new URLSearchParams({ friendlyname: otherName, STATUS: status, PageSize: '1000' });
  ex.listFiltered?.push(await ctx.sender.follow('GET', `${collection}?${query}`, of(ex, `list with friendlyname and STATUS (no filters: names are case-sensitive), naming another profile and status ${status}`)));
  // the resource's field names are no parameters either (a filter set that declares the model's fields and the API's names as aliases filters by them)
  const fields = new URLSearchParams({ friendly_name: otherName, status, policy_sid: `RN${'f'.repeat(32)}`, PageSize: '1000' });
  ex.listFiltered?.push(await ctx.sender.follow('GET', `${collection}?${fields}`, of(ex, `list with friendly_name, status and policy_sid (the resource's field names, no filters), naming another profile, status ${status} and another policy`)));
}

/** The length of EXACT_NAMES' long name: over 256, what Elasticsearch's keyword field indexes by default (ignore_above). */
export const LONG_NAME_LENGTH = 300;

/**
 * Names a create keeps as sent (standards.md Unicode: no normalization; twilio-behaviour.md: the
 * fields are what was sent, no length limit on FriendlyName is documented) that a list filter may
 * still get wrong, each pair of names one a wrong filter takes for the other: NFD text (e and
 * U+0301) and its NFC twin (é), which a query normalized to NFC confuses; the literal text %41 (sent
 * as %2541) and its twin with A, which a query decoded twice confuses; and names a filter never
 * finds: one of LONG_NAME_LENGTH characters (an index that leaves out names over 256), one of
 * digits alone (a query parser that types its values asks for a number, which no string name
 * equals), one holding + (sent as %2B: a query decoded before its + are read as spaces asks for a
 * space) and one holding a character outside the BMP (a search column in MySQL's utf8mb3 cuts the
 * name at it). `suffix` (random) keeps parallel shards' profiles apart.
 */
export function exactNames(suffix: string): ReadonlyArray<readonly [name: string, what: string]> {
  const prefix = `Exact ${suffix}`;
  return [
    [`${prefix} Cafe\u0301 Nord`, 'NFD text (e and a combining acute accent)'],
    [`${prefix} Caf\u00e9 Nord`, 'the same text in NFC (a precomposed é)'],
    [`${prefix} Promo %41 off`, 'the literal text %41'],
    [`${prefix} Promo A off`, 'the same text with A in place of the literal %41'],
    [`${prefix} ${'Long Name '.repeat(LONG_NAME_LENGTH / 10)}`.slice(0, LONG_NAME_LENGTH - 1).trimEnd().padEnd(LONG_NAME_LENGTH, 'x'), `a name of ${LONG_NAME_LENGTH} characters`],
    [numericName(suffix), 'digits alone (a number, to a query parser that types its values)'],
    [`${prefix} C++ Guild`, 'a + (sent as %2B)'],
    [`${prefix} Launch \u{1F680} Team`, 'a character outside the BMP (U+1F680, four bytes of UTF-8)'],
  ];
}

/** NUMERIC_NAME_PREFIX: a year, then one digit for each character of `suffix`: a name of digits alone, as a store number or a ZIP code is. */
export const NUMERIC_NAME_PREFIX = '2024';
export const numericName = (suffix: string): string => `${NUMERIC_NAME_PREFIX}${Array.from(suffix, (c) => (c.codePointAt(0)! % 10).toString()).join('')}`;

/**
 * Profiles named with exactNames, each listed by its very name: the list holds it
 * (list.filter-complete) and not its twin (list.filters: a filter is the text sent, decoded once and
 * not normalized); then all are deleted. Eight creates (fewer when the budget says no).
 */
async function probeExactNames(ctx: RunContext, ex: Exchange, collection: string): Promise<void> {
  const made: Array<{ created: Record<string, unknown>; name: string; what: string }> = [];
  for (const [name, what] of exactNames(randomBytes(4).toString('hex'))) {
    // the long name may be refused (no length limit is documented either way): then it is not listed
    const tc = { ...withFields(ex.case, { ...ex.case.fields, FriendlyName: name }, `${ex.case.label}, FriendlyName of ${what} (for the list probes)`), expect: nameLengthExpectation(name) };
    const sent = await ctx.sender.send(tc, false, ex.index);
    if (!sent) break;
    ctx.answered(replyOf(sent));
    const created = sent.response?.status === 201 ? bodyObject(sent.response) : undefined;
    if (typeof created?.sid === 'string' && /^[A-Za-z0-9]+$/.test(created.sid)) made.push({ created, name, what });
  }
  // by the name sent, not the one echoed: a create that changed it is echo.fields' to judge
  ex.listFilteredExact = [];
  for (const { created, name, what } of made) {
    const query = new URLSearchParams({ FriendlyName: name, PageSize: '1000' });
    ex.listFilteredExact.push({ created, lists: [await ctx.sender.follow('GET', `${collection}?${query}`, of(ex, `list filtered by the FriendlyName of a profile named with ${what}`))] });
  }
  for (const { created } of made) await ctx.sender.follow('DELETE', `${collection}/${String(created.sid)}`, of(ex, 'delete of a profile created for the list probes'));
}

/**
 * The lists a cache keyed by the query string may keep across a write, as probeList asks them (the
 * very URLs: a cache hit is byte for byte the same request): by the lifecycle profile's PolicySid and
 * by its Status, each alone in one page of up to 1000. A write's purge names the unfiltered pages and
 * its own FriendlyName's easily; these keys it must find.
 */
export function cachedFilters(collection: string, body: Record<string, unknown>): Array<{ param: string; field: string; value: string; url: string }> {
  const out: Array<{ param: string; field: string; value: string; url: string }> = [];
  for (const [param, field] of [FILTERS[2], FILTERS[1]]) {
    const value = body[field];
    if (typeof value === 'string' && value !== '') out.push({ param, field, value, url: `${collection}?${new URLSearchParams({ [param]: value, PageSize: '1000' })}` });
  }
  return out;
}

/**
 * Right before the lifecycle profile's DELETE: the lists by its PolicySid and Status (cachedFilters),
 * so that a cache keeps a page holding it just before the DELETE (each judged by the rules of its
 * kind; whether it holds the profile is not: a fault that deleted it earlier is another rule's).
 */
export async function probeFilteredBeforeDelete(ctx: RunContext, ex: Exchange): Promise<void> {
  for (const { param, url } of cachedFilters(`${ctx.base}${PATH}`, bodyObject(ex.response) ?? {})) {
    await ctx.sender.follow('GET', url, of(ex, `list filtered by its ${param}, just before the delete`));
  }
}

/**
 * After the lifecycle profile's DELETE: the list filtered by its FriendlyName, and the lists by its
 * PolicySid and Status asked again byte for byte (probeFilteredBeforeDelete), no longer show it (delete.gone).
 */
export async function probeFilteredAfterDelete(ctx: RunContext, ex: Exchange): Promise<void> {
  const body = bodyObject(ex.response) ?? {};
  const name = body.friendly_name;
  ex.listFilteredAfterDelete = [];
  if (typeof name === 'string' && name !== '') {
    const query = new URLSearchParams({ FriendlyName: name, PageSize: '1000' });
    ex.listFilteredAfterDelete.push(await ctx.sender.follow('GET', `${ctx.base}${PATH}?${query}`, of(ex, 'list filtered by its FriendlyName after the delete')));
  }
  for (const { param, url } of cachedFilters(`${ctx.base}${PATH}`, body)) {
    ex.listFilteredAfterDelete.push(await ctx.sender.follow('GET', url, of(ex, `list filtered by its ${param} after the delete (the same request as just before it)`)));
  }
}


