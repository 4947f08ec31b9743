import { SID_PATTERNS, STATUS_VALUES } from '../contracts/schemas.ts';
import type { FaultName } from './faults.ts';
import type { StoredProfile } from './store.ts';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 1000;

export interface ListMeta {
  page: number;
  page_size: number;
  first_page_url: string;
  previous_page_url: string | null;
  url: string;
  next_page_url: string | null;
  key: 'results';
}

const FILTERS = ['Status', 'FriendlyName', 'PolicySid'] as const;
const POLICY = new RegExp(SID_PATTERNS.policy);
const INTEGER = /^[0-9]{1,9}$/;
/** A page index: any integer from 0 a JSON number holds exactly (the OpenAPI gives Page no maximum). */
const PAGE_INDEX = /^[0-9]{1,16}$/;
/** list-page-int32: the largest Page a 32-bit int holds. */
const INT32_MAX = 2 ** 31 - 1;
/** list-status-enum-snake: the status enum's values as a Python enum writes them, underscores for hyphens. */
const SNAKE_STATUS = STATUS_VALUES.map((v) => v.replaceAll('-', '_'));
/**
 * The status as the Status filter compares it: under list-status-filter-upper-case in upper case; under
 * status-filter-enum-unmapped as the table's enum stores it (twilio_approved: the serializer maps it to
 * the API's hyphens, the filter passes the API's value unmapped; draft, a new profile's, still matches).
 */
const statusAsFiltered = (status: string, fault: FaultName | null): string =>
  fault === 'list-status-filter-upper-case' ? status.toUpperCase() : fault === 'status-filter-enum-unmapped' ? status.replaceAll('-', '_') : status;
/** A page token: PA and the position (store order) of the last profile of the page before. */
const TOKEN = /^PA([0-9]{1,15})$/;

/**
 * One page of GET /v1/CustomerProfiles, in Twilio's paging shape. Query: PageSize (1-1000, default
 * 50), Page (from 0, any integer a JSON number holds exactly, client state), PageToken (from next_page_url: the page starts after the
 * profile it names, so a page walk neither skips nor repeats a profile when others are created or
 * deleted meanwhile), and the documented filters Status, FriendlyName, PolicySid (exact match).
 * Without a PageToken, Page counts pages from the start. `all` is in store order (oldest first).
 * The faults list-page-skips, list-page-repeats, list-pagesize-ignored, list-previous-page-self, paging-offset-behind-token,
 * page-token-anchor-deleted-restarts, next-page-link-encodeuri and filtered-list-es-default-size-10 break the paging;
 * list-page-int32, list-status-enum-snake, list-filters-first-only and list-friendlyname-like the query.
 */
export function listPage(
  all: StoredProfile[],
  query: URLSearchParams,
  collectionUrl: string,
  fault: FaultName | null = null,
): { profiles: StoredProfile[]; meta: ListMeta } | { invalid: string } {
  const pageSizeText = fault === 'list-pagesize-ignored' ? null : query.get('PageSize');
  const pageText = query.get('Page');
  const tokenText = query.get('PageToken');
  if (pageSizeText !== null && !(INTEGER.test(pageSizeText) && +pageSizeText >= 1 && +pageSizeText <= MAX_PAGE_SIZE)) {
    return { invalid: 'PageSize' };
  }
  if (pageText !== null && !(PAGE_INDEX.test(pageText) && Number.isSafeInteger(+pageText))) return { invalid: 'Page' };
  if (pageText !== null && fault === 'list-page-int32' && +pageText > INT32_MAX) return { invalid: 'Page' };
  const token = tokenText === null ? null : TOKEN.exec(tokenText);
  if (tokenText !== null && !token) return { invalid: 'PageToken' };
  // list-typed-filter-unparsable-dropped: Status and PolicySid are parsed into optional typed values (Option<Status>, Option<Sid>);
  // a value that does not parse becomes None, and None is no filter
  const dropped = new Set<string>();
  // list-typed-filter-comma-split: a typed list parameter (@RequestParam List<Status>): a value of comma-separated ones is an IN list
  const anyOf = fault === 'list-typed-filter-comma-split' ? commaLists(query) : undefined;
  let status = anyOf?.Status ? null : query.get('Status');
  if (status !== null && !((fault === 'list-status-enum-snake' ? SNAKE_STATUS : STATUS_VALUES) as readonly string[]).includes(status)) {
    if (fault !== 'list-typed-filter-unparsable-dropped') return { invalid: 'Status' };
    status = null;
    dropped.add('Status');
  }
  let policySid = anyOf?.PolicySid ? null : query.get('PolicySid');
  if (policySid !== null && !POLICY.test(policySid)) {
    if (fault !== 'list-typed-filter-unparsable-dropped') return { invalid: 'PolicySid' };
    policySid = null;
    dropped.add('PolicySid');
  }
  const friendlyName = query.get('FriendlyName');

  // list-filters-first-only: an if / elif chain, only the first filter present (Status, FriendlyName, PolicySid) applies
  const first = fault === 'list-filters-first-only' ? FILTERS.find((name) => query.has(name)) : undefined;
  const applies = (name: (typeof FILTERS)[number]) => query.has(name) && !dropped.has(name) && (first === undefined || first === name);
  const matching =
    status === null && policySid === null && friendlyName === null && !anyOf
      ? all
      : all.filter(
          (p) =>
            (!applies('Status') || (anyOf?.Status ? anyOf.Status.includes(p.status) : statusAsFiltered(p.status, fault) === status)) &&
            (!applies('PolicySid') || (anyOf?.PolicySid ? p.policySid !== null && anyOf.PolicySid.includes(p.policySid) : samePolicy(p.policySid, policySid, fault))) &&
            (!applies('FriendlyName') || (searchName(p, fault) !== null && namesMatch(searchName(p, fault)!, query, fault))),
        );
  const pageSize = pageSizeText === null ? DEFAULT_PAGE_SIZE : +pageSizeText;
  // filtered-list-es-default-size-10: a filtered list is a search the cluster is passed a size for only when PageSize was asked
  const searchedUnsized = fault === 'filtered-list-es-default-size-10' && pageSizeText === null && FILTERS.some((name) => query.has(name));
  const page = pageText === null ? 0 : +pageText;
  let start = page * pageSize;
  // paging-offset-behind-token: the PageToken is put in next_page_url but the page is still OFFSET Page×PageSize
  if (token && fault !== 'paging-offset-behind-token') {
    const after = Number(token[1]);
    start = matching.findIndex((p) => p.seq! > after);
    if (start < 0) start = matching.length;
    // page-token-anchor-deleted-restarts: the anchor row loaded through a scope that hides deleted rows; none found, the cursor is dropped
    if (fault === 'page-token-anchor-deleted-restarts' && !all.some((p) => p.seq === after)) start = 0;
  }
  // a later page starts one profile late (lost at the boundary) or one early (shown twice)
  if (start > 0 && fault === 'list-page-skips') start++;
  if (start > 0 && fault === 'list-page-repeats') start--;
  const profiles = matching.slice(start, start + (searchedUnsized ? ES_DEFAULT_SIZE : pageSize));

  const filters = new URLSearchParams();
  for (const name of FILTERS) {
    const value = query.get(name);
    // list-links-drop-filter: the links are built from PageSize and Page alone
    if (value !== null && fault !== 'list-links-drop-filter') filters.append(name, value);
  }
  const prefix = `${collectionUrl}?${filters.size > 0 ? `${filters}&` : ''}PageSize=${pageSize}&Page=`;
  // next-page-link-encodeuri: the cursor links written by hand, each filter value through encodeURI (not encodeURIComponent): & + # = stay raw
  const cursorPrefix = fault === 'next-page-link-encodeuri' ? `${collectionUrl}?${[...filters].map(([name, value]) => `${name}=${encodeURI(value)}&`).join('')}PageSize=${pageSize}&Page=` : prefix;
  const last = profiles[profiles.length - 1];
  // filtered-list-es-default-size-10: next_page_url is written when the hits fill the page (PageSize, 50), which 10 never do
  const more = start + pageSize < matching.length && !searchedUnsized;
  return {
    profiles,
    meta: {
      // list-meta-page-keyset-0: a keyset paginator knows no page index; meta.page is left at the serializer's default
      page: fault === 'list-meta-page-keyset-0' ? 0 : page,
      page_size: pageSize,
      first_page_url: `${prefix}0`,
      // list-previous-page-self: the link of the page before built from the index already incremented
      previous_page_url: page > 0 ? `${cursorPrefix}${fault === 'list-previous-page-self' ? page : page - 1}` : null,
      url: `${prefix}${page}${tokenText === null ? '' : `&PageToken=${tokenText}`}`,
      next_page_url: last && more ? `${cursorPrefix}${page + 1}&PageToken=PA${last.seq}` : null,
      key: 'results',
    },
  };
}

/**
 * The PolicySid filter's match: exact; under list-policy-filter-ci the column's collation is the
 * database's case-insensitive default (MySQL 8's utf8mb4_0900_ai_ci), so RNAB… finds RNab….
 */
const samePolicy = (held: string | null, asked: string | null, fault: FaultName | null): boolean =>
  fault === 'list-policy-filter-ci' && held !== null && asked !== null ? held.toLowerCase() === asked.toLowerCase() : held === asked;

/** list-typed-filter-comma-split: the Status and PolicySid values that hold a comma, each split into the values it lists (every one of its type). */
function commaLists(query: URLSearchParams): Partial<Record<'Status' | 'PolicySid', string[]>> {
  const out: Partial<Record<'Status' | 'PolicySid', string[]>> = {};
  const split = (name: 'Status' | 'PolicySid', valid: (v: string) => boolean) => {
    const values = query.get(name)?.split(',');
    if (values && values.length > 1 && values.every(valid)) out[name] = values;
  };
  split('Status', (v) => (STATUS_VALUES as readonly string[]).includes(v));
  split('PolicySid', (v) => POLICY.test(v));
  return out;
}

/** filtered-list-es-default-size-10: how many hits an Elasticsearch search returns when it is passed no size. */
export const ES_DEFAULT_SIZE = 10;

/** list-filter-query-typed: a query value a query parser that types values reads as a number or a boolean. */
const TYPED_VALUE = /^(-?[0-9]+(\.[0-9]+)?|true|false)$/;

/** list-filter-search-column-utf8mb3: text cut at its first character outside the BMP (four bytes of UTF-8), as MySQL's utf8mb3 column keeps it (non-strict). */
export const cutAtAstral = (text: string): string => text.replace(/[\u{10000}-\u{10FFFF}][\s\S]*$/u, '');

/** list-filter-es-keyword-ignore-above-256: Elasticsearch's default keyword sub-field indexes no value longer than this (UTF-16 units). */
export const KEYWORD_IGNORE_ABOVE = 256;

/** The name the FriendlyName filter reads: the profile's own; under update-name-filter-stale the search column its create wrote, which no update rewrites. */
const searchName = (p: StoredProfile, fault: FaultName | null): string | null => (fault === 'update-name-filter-stale' && p.searchName !== undefined ? p.searchName : p.friendlyName);

/** The FriendlyName filter, the first value of a repeated one; under list-filter-repeated-in-list any of them (qs reads a repeated name as an array, the ORM makes it IN (…)). */
function namesMatch(name: string, query: URLSearchParams, fault: FaultName | null): boolean {
  if (fault === 'list-filter-repeated-in-list') return query.getAll('FriendlyName').includes(name);
  return friendlyNameMatches(name, query.get('FriendlyName')!, fault);
}

/** Text with its accents and case set aside. */
const folded = (text: string): string => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

/** A FriendlyName filter: the very name; under list-friendlyname-like a SQL LIKE pattern (% any run, _ any one character), the value unescaped. */
function friendlyNameMatches(name: string, asked: string, fault: FaultName | null): boolean {
  // list-filter-collation-ai-ci: compared as MySQL's utf8mb4_0900_ai_ci does, accents and case aside
  if (fault === 'list-filter-collation-ai-ci') return folded(name) === folded(asked);
  // list-filter-es-keyword-ignore-above-256: the search index's keyword field (ignore_above: 256) holds no longer name, so none is found by it
  if (fault === 'list-filter-es-keyword-ignore-above-256' && name.length > KEYWORD_IGNORE_ABOVE) return false;
  // list-filter-query-typed: the query parser made the value a number or a boolean, and the document store matches by type: no string name equals it
  if (fault === 'list-filter-query-typed' && TYPED_VALUE.test(asked)) return false;
  // list-filter-search-column-utf8mb3: the filter compares a search column in utf8mb3, which holds each name cut at its first character outside the BMP
  if (fault === 'list-filter-search-column-utf8mb3') return cutAtAstral(name) === asked;
  // list-filter-lowercase-column: a lower-cased search column (kept by a trigger) compared with the value as asked, never lower-cased itself
  if (fault === 'list-filter-lowercase-column') return name.toLowerCase() === asked;
  // list-name-filter-glob: names kept in a Redis index scanned with MATCH: * any run, ? any one character
  if (fault === 'list-name-filter-glob') return new RegExp(`^${Array.from(asked, (c) => (c === '*' ? '[\\s\\S]*' : c === '?' ? '[\\s\\S]' : c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'))).join('')}$`, 'u').test(name);
  if (fault !== 'list-friendlyname-like') return name === asked;
  const pattern = Array.from(asked, (c) => (c === '%' ? '[\\s\\S]*' : c === '_' ? '[\\s\\S]' : c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'))).join('');
  return new RegExp(`^${pattern}$`, 'u').test(name);
}
