import { setTimeout as delay } from 'node:timers/promises';
import { CODES, errorBody } from './envelope.ts';
import type { FaultName } from './faults.ts';
import type { StoredProfile } from './store.ts';

/**
 * The list faults that change what the list is asked or shown (mock/faults.ts): each is one
 * common way a real list endpoint gets paging, filters or its dates wrong.
 */

/** list-truncated: the list query's safety LIMIT. */
export const LIST_LIMIT = 10;

/** The list's parameters, as list-param-names-any-case binds a name in any case to them. */
const LIST_PARAMS = ['PageSize', 'Page', 'PageToken', 'Status', 'FriendlyName', 'PolicySid'];

/** The query the faulty list reads in place of the one sent (its default or maximum page size, its filters dropped), from the query text as sent. */
export function faultyQuery(fault: FaultName | null, raw: string): URLSearchParams {
  // list-query-semicolon-separator: parse_qs before Python 3.9.2 (CVE-2021-23336) splits on ; as on &
  let q = new URLSearchParams(fault === 'list-query-semicolon-separator' ? raw.replaceAll(';', '&') : raw);
  // list-query-encoded-names-ignored: the parameters read by their raw names (nginx's $arg_<name>): a name spelt with an escape (Page%53ize) is no parameter
  if (fault === 'list-query-encoded-names-ignored') q = new URLSearchParams(raw.split('&').filter((pair) => !pair.split('=')[0]!.includes('%')).join('&'));
  // list-param-names-any-case: model binding (ASP.NET Core [FromQuery]) matches names in any case: pagesize=1 is PageSize=1
  if (fault === 'list-param-names-any-case') {
    const bound = new URLSearchParams();
    for (const [name, value] of q) bound.append(LIST_PARAMS.find((p) => p.toLowerCase() === name.toLowerCase()) ?? name, value);
    q = bound;
  }
  if (fault === 'list-default-page-size-20' && !q.has('PageSize')) q.set('PageSize', '20');
  if (fault === 'list-page-size-capped-100' && /^[0-9]+$/.test(q.get('PageSize') ?? '') && +q.get('PageSize')! > 100) q.set('PageSize', '100');
  // list-pagesize-parseint: PageSize and Page read with parseInt (Rails' to_i, PHP's intval): the leading digits are the number
  if (fault === 'list-pagesize-parseint') {
    for (const name of ['PageSize', 'Page']) {
      const n = Number.parseInt(q.get(name) ?? '', 10);
      if (Number.isInteger(n)) q.set(name, String(n));
    }
  }
  // list-typed-filter-trimmed: Status and PolicySid bound by converters that trim (Spring's Enum.valueOf(type, source.trim())); FriendlyName, a plain String, as sent
  if (fault === 'list-typed-filter-trimmed') for (const name of ['Status', 'PolicySid']) if (q.has(name)) q.set(name, q.get(name)!.trim());
  if (fault === 'list-filters-ignored') for (const f of ['Status', 'FriendlyName', 'PolicySid']) q.delete(f);
  // list-filter-undecodable-dropped: a strict decoder (Tomcat's Parameters) leaves out a pair that is no UTF-8 (read here as U+FFFD)
  if (fault === 'list-filter-undecodable-dropped') for (const [k, v] of [...q]) if (v.includes('\ufffd')) q.delete(k);
  // list-filter-bad-escape-dropped: Tomcat's Parameters skips a pair whose escape does not decode (a % that starts no escape): FriendlyName=100% lists the account
  if (fault === 'list-filter-bad-escape-dropped') {
    for (const pair of raw.split('&')) {
      const at = pair.indexOf('=');
      if (at > 0 && /%(?![0-9A-Fa-f]{2})/.test(pair.slice(at + 1))) q.delete(pair.slice(0, at));
    }
  }
  // list-filter-null-string-ignored: a helper that takes a console client's text for no value (v == null || v === 'null' || v === 'undefined')
  if (fault === 'list-filter-null-string-ignored') for (const f of ['Status', 'FriendlyName', 'PolicySid']) if (q.get(f) === 'null' || q.get(f) === 'undefined') q.delete(f);
  // list-filter-snake-case-alias: a filter set that declares the model's fields and the API's names as aliases: friendly_name=x filters
  if (fault === 'list-filter-snake-case-alias') {
    for (const [alias, name] of [['friendly_name', 'FriendlyName'], ['status', 'Status'], ['policy_sid', 'PolicySid']] as const) {
      if (q.has(alias) && !q.has(name)) q.set(name, q.get(alias)!);
    }
  }
  // list-filter-name-stripped: a form field that strips (django-filter's CharField), and an empty value skips the filter
  if (fault === 'list-filter-name-stripped' && q.has('FriendlyName')) {
    const name = q.get('FriendlyName')!.trim();
    if (name === '') q.delete('FriendlyName');
    else q.set('FriendlyName', name);
  }
  // query-params-nfc-canonicalized: a hardening filter NFC-normalizes every query value (the body is left alone)
  if (fault === 'query-params-nfc-canonicalized') q = new URLSearchParams([...q].map(([k, v]) => [k, v.normalize('NFC')]));
  // list-filter-double-decoded: the query percent-decoded once more (a proxy decodes it, the framework again): %2541 is %41, then A
  if (fault === 'list-filter-double-decoded') q = new URLSearchParams([...q].map(([k, v]) => [k, decodedAgain(v)]));
  // list-filter-plus-decoded-last: the FriendlyName read raw from the query and decoded by hand, its escapes first, then + as a space: %2B becomes a space
  if (fault === 'list-filter-plus-decoded-last') {
    const pair = raw.split('&').find((p) => p.startsWith('FriendlyName='));
    const value = pair === undefined ? undefined : percentDecoded(pair.slice('FriendlyName='.length));
    if (value !== undefined) q.set('FriendlyName', value.replaceAll('+', ' '));
  }
  // list-query-latin1: the query string decoded as ISO-8859-1 (a servlet container's default), the form body as UTF-8
  if (fault === 'list-query-latin1') return new URLSearchParams([...q].map(([k, v]) => [k, Buffer.from(v, 'utf8').toString('latin1')]));
  return q;
}

/** list-filter-double-decoded: a value percent-decoded a second time; left as it is where that fails (a lone %). */
function decodedAgain(value: string): string {
  return percentDecoded(value) ?? value;
}

/** decodeURIComponent, undefined where it throws (a lone %, bytes that are no UTF-8). */
function percentDecoded(value: string): string | undefined {
  try {
    return decodeURIComponent(value);
  } catch {
    return undefined;
  }
}

/** list-pagesize-singleton-race: how long the list's count query takes, between setting the shared page size and reading it. */
export const COUNT_QUERY_MS = 60;

/**
 * list-pagesize-singleton-race: the page size in a field of one shared list controller, set as a
 * list begins and read after its count query, so lists in flight together share the last one set.
 */
export function sharedPageSize(): (query: URLSearchParams) => Promise<void> {
  let field: string | null = null;
  return async (query) => {
    field = query.get('PageSize');
    await delay(COUNT_QUERY_MS);
    if (field === null) query.delete('PageSize');
    else query.set('PageSize', field);
  };
}

/** What the faulty list answers before paging: a crash or an error; undefined when it pages as usual. */
export function faultyRefusal(fault: FaultName | null, query: URLSearchParams, shown: number): { status: number; type: string; body: string } | undefined {
  const size = query.get('PageSize');
  if (fault === 'list-pagesize-nonnumeric-500' && size !== null && !/^-?[0-9]+$/.test(size)) {
    return { status: 500, type: 'text/html; charset=utf-8', body: '<html><body><h1>Server Error (500)</h1></body></html>' };
  }
  // list-pagetoken-500: the token read as PA and a number with no check: NaN reaches the query as its OFFSET
  if (fault === 'list-pagetoken-500' && query.has('PageToken') && !/^PA[0-9]+$/.test(query.get('PageToken')!)) {
    return { status: 500, type: 'text/html; charset=utf-8', body: '<html><body><h1>Internal Server Error</h1><p>invalid input syntax for type bigint: "NaN"</p></body></html>' };
  }
  // list-filter-nul-500: the create path escapes U+0000 before PostgreSQL (a text column refuses it), the list binds its filters as they came
  if (fault === 'list-filter-nul-500' && ['FriendlyName', 'PolicySid'].some((name) => query.get(name)?.includes('\u0000'))) {
    return { status: 500, type: 'text/html; charset=utf-8', body: '<html><body><h1>Internal Server Error</h1><p>invalid byte sequence for encoding "UTF8": 0x00</p></body></html>' };
  }
  if (fault === 'list-page-past-end-404' && shown === 0 && +(query.get('Page') ?? '0') > 0) {
    return { status: 404, type: 'application/json', body: '{"detail": "Invalid page."}' };
  }
  return undefined;
}

/** policy-filter-join-dates: the policy row's own timestamps, which the join's SELECT * writes over the profile's. */
export const POLICY_ROW_DATES = { date_created: '2020-01-15T09:30:00Z', date_updated: '2021-03-02T16:45:00Z' } as const;

/**
 * A list item as the faults show it: list-dates-local-time, every date an hour late; under
 * status-filter-projection-no-email a Status-filtered list's items with email null, under
 * policy-filter-join-dates a PolicySid-filtered list's with the policy row's dates.
 */
export function faultyListItem(fault: FaultName | null, item: Record<string, unknown>, query?: URLSearchParams): Record<string, unknown> {
  // status-filter-projection-no-email: "list by status" reads a projection (a covering index's columns) that lacks email; the serializer fills what is missing with null
  if (fault === 'status-filter-projection-no-email') return query?.has('Status') ? { ...item, email: null } : item;
  // policy-filter-join-dates: the PolicySid filter joins policies (SELECT * … JOIN policies USING (policy_sid)): the policy's date_created and date_updated, read last, win
  if (fault === 'policy-filter-join-dates') return query?.has('PolicySid') ? { ...item, ...POLICY_ROW_DATES } : item;
  if (fault !== 'list-dates-local-time') return item;
  const late = (v: unknown) => (typeof v === 'string' ? new Date(Date.parse(v) + 3_600_000).toISOString().replace(/\.\d{3}Z$/, 'Z') : v);
  return { ...item, date_created: late(item.date_created), date_updated: late(item.date_updated) };
}

/** list-filter-keeps-deleted: a filtered list is served from a search index DELETE never updates: what it pages through, the deleted profiles in their place. */
export function withDeleted(query: URLSearchParams, stored: readonly StoredProfile[], deleted: readonly StoredProfile[]): StoredProfile[] {
  if (!['Status', 'FriendlyName', 'PolicySid'].some((name) => query.has(name))) return [...stored];
  return [...stored, ...deleted].sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0));
}

/** list-row-deleted-500: how long the page's rows take to load one by one after its sids were selected (wide enough that a DELETE sent just after the list lands inside it on a loaded machine). */
export const ROW_LOAD_MS = 40;
/** list-row-deleted-500: the framework's page for the serializer's TypeError on a row deleted meanwhile. */
export const ROW_LOAD_500 = "<!DOCTYPE html><html><body><h1>500 Internal Server Error</h1><p>TypeError: Cannot read properties of undefined (reading 'sid')</p></body></html>";

/** create-two-step-visible: how long the bare row is listed before its values are written. */
export const TWO_STEP_MS = 10;

/** page-token-expires-3s: how long a page token lives (a TTL meant in seconds, given in milliseconds). */
export const PAGE_TOKEN_TTL_MS = 3000;

/**
 * page-token-expires-3s: the next_page_urls pages give, kept server-side (by their query: the
 * filters, PageSize, Page and PageToken) with the moment they were issued; one asked for
 * PAGE_TOKEN_TTL_MS after that is refused 400 Invalid parameter PageToken. Keyed by the whole query,
 * not the PageToken alone: another list whose page happens to end at the same profile renews
 * nothing (it did, and the run's late walk then found its token fresh on some seeds).
 */
export function expiringPageTokens(): { issued(next: string | null): void; refusal(query: URLSearchParams): { status: number; type: string; body: string } | undefined } {
  const issuedAt = new Map<string, number>();
  const keyOf = (query: URLSearchParams) => [...query].map(([n, v]) => `${n}=${v}`).sort().join('&');
  return {
    issued(next) {
      const query = next === null ? null : new URL(next).searchParams;
      // SET next_page_url … PX 3000 each time a page names it
      if (query?.has('PageToken')) issuedAt.set(keyOf(query), Date.now());
    },
    refusal(query) {
      if (!query.has('PageToken')) return undefined;
      const at = issuedAt.get(keyOf(query));
      if (at === undefined || Date.now() - at <= PAGE_TOKEN_TTL_MS) return undefined;
      const { type, body } = errorBody(400, CODES.invalidParameter, 'Invalid parameter: PageToken', 'page-token-expires-3s');
      return { status: 400, type, body };
    },
  };
}
