/** Level 3 (fidelity): every list page against its request, and the list walked to the end. */
import type { CheckId } from '../catalog.ts';
import { CREATE, type ExampleRequest, type Explanation, LIST, VALID_BODY } from './example.ts';

const DEFAULT_LIST: ExampleRequest = { method: 'GET', path: '/v1/CustomerProfiles' };
const PAGE_SIZE = 'How many resources to return in each list page. The default is 50, and the maximum is 1000.';
const ELEVEN_CREATES: readonly ExampleRequest[] = Array.from({ length: 11 }, () => CREATE);

export const LIST_EXPLAINED = {
  'list.page-size': {
    rule: 'A list page holds at most the PageSize asked (50 when none is asked); a page that names a next page holds exactly that many; meta.page_size says the size asked.',
    quote: PAGE_SIZE,
    requests: [CREATE, DEFAULT_LIST],
    show: { members: ['sid', 'results.sid', 'meta.page_size', 'meta.next_page_url'] },
    fault: 'list-default-page-size-20',
    mistake: "A framework's default page size left as configured (Spring Data 20, DRF PAGE_SIZE), or a paginator's max_page_size (100) that quietly cuts a PageSize of 1000.",
  },
  'list.page-index': {
    rule: "A list page's meta.page is the Page its request asked, 0 when it asked none: the page index is the client's state, given back as it was asked. A SHOULD: the OpenAPI's examples pair meta.page 0 with Page=0, but no line says meta.page repeats the Page.",
    quote: 'Page: The page index. This value is simply for client state.',
    requests: [CREATE, CREATE, { method: 'GET', path: '/v1/CustomerProfiles?PageSize=1&Page=1' }],
    show: { members: ['results.sid', 'meta.page', 'meta.url'] },
    fault: 'list-meta-page-keyset-0',
    mistake: 'A list moved to a keyset paginator (PageToken), which knows no page index: meta.page is left at the serializer\'s default, 0, on every page, while the page\'s own url says Page=3.',
  },
  'list.meta-key': {
    rule: 'A list page is {"results": [...], "meta": {...}} and meta.key is "results": the member that holds the profiles.',
    quote: 'the collection is listed with GET /v1/CustomerProfiles ({"results": [...], "meta": {...}})',
    requests: [CREATE, LIST],
    show: { members: ['sid', 'results.sid', 'meta.key'] },
    fault: 'list-meta-key-wrong',
    mistake: "The meta block copied from another Twilio-style list whose key is the resource's plural; Twilio's helper libraries read the page's items from payload[meta.key] and find nothing.",
  },
  'list.valid-query-200': {
    rule: 'A list request whose parameters the operation allows (PageSize 1-1000, any Page from 0 — no maximum is documented, so 2^53-1 too —, every documented Status, any FriendlyName — one holding U+0000 may be refused, as its create may —, a well-formed PolicySid) is answered 200; past the last page the results are empty.',
    quote: 'Page: The page index. This value is simply for client state.',
    requests: [CREATE, { method: 'GET', path: '/v1/CustomerProfiles?PageSize=50&Page=3' }],
    show: { members: ['sid', 'results', 'meta.page', 'detail', 'code'] },
    fault: 'list-page-past-end-404',
    mistake: "A paginator that raises on a page past the last one (Django's EmptyPage, turned into 404 {\"detail\": \"Invalid page.\"}).",
  },
  'list.invalid-paging-4xx': {
    rule: 'A list request whose PageSize or Page is no integer the operation allows (a fraction like 2.5, digits then letters like 20abc, a word, 0 or 1001 for PageSize, below 0 for Page) is refused with a 4xx envelope, not answered with a page the parser made up. A SHOULD: the OpenAPI types the parameters but does not say how a server refuses.',
    quote: 'PageSize: type integer, minimum 1, maximum 1000; Page: type integer, minimum 0',
    requests: [CREATE, { method: 'GET', path: '/v1/CustomerProfiles?PageSize=2.5' }],
    show: { members: ['sid', 'results.sid', 'meta.page_size', 'code'] },
    fault: 'list-pagesize-parseint',
    mistake: "The paging helper reads the parameters with parseInt(x, 10) (Rails' to_i, PHP's intval): the leading digits are the number, so PageSize=2.5 gives a page of 2 and PageSize=20abc one of 20.",
  },
  'list.conditional-fresh': {
    rule: "A list (or a fetch) sent with If-Modified-Since and If-None-Match taken from a read before a create or a DELETE changed what it reads is answered with the new page (200), or 404 for a deleted profile: never 304 Not Modified, which tells a client's HTTP cache that its stale copy is current. A SHOULD: RFC 9110's conditional requests are not among the reference standards.",
    quote: 'RFC 9110 §13.1.3: the origin server … responds 304 (Not Modified) only if the selected representation\'s last modification date is earlier or equal to the date provided',
    requests: [LIST, CREATE, { ...LIST, headers: { 'if-modified-since': 'Fri, 01 Jan 2100 00:00:00 GMT' } }],
    show: { members: ['sid', 'results.sid'] },
    fault: 'list-last-modified-stale-304',
    mistake: "A list view wrapped in Django's @last_modified(lambda r: profiles.aggregate(Max('date_updated'))) or Rails' fresh_when(last_modified: profiles.maximum(:updated_at)): a DELETE lowers that maximum or leaves it, a create in the same second leaves it equal, so a revalidating client is told its cached page (with the deleted profile, without the new one) is current.",
  },
  'list.filters': {
    rule: 'A list asked with Status, FriendlyName or PolicySid, one or several together, shows only profiles with every value asked (a Status or PolicySid with whitespace around it is no value: none; a FriendlyName given twice, the profiles of one of its values, never both); a FriendlyName is a name, not a pattern (% and _ are plain characters). Its paging links keep every filter whole, whatever the value holds (& + # = percent-encoded, never left raw as encodeURI leaves them). A SHOULD: the OpenAPI names the parameters but does not spell out that they filter.',
    quote: 'FriendlyName: The string that you assigned to describe the resource.',
    requests: [CREATE, { method: 'POST', path: '/v1/CustomerProfiles', body: VALID_BODY.replace('FriendlyName=Acme', 'FriendlyName=Other') }, { method: 'GET', path: '/v1/CustomerProfiles?FriendlyName=Acme' }],
    show: { members: ['sid', 'friendly_name', 'results.friendly_name'] },
    fault: 'list-filters-ignored',
    mistake: 'A handler that reads only the paging parameters: the filters are accepted and silently dropped.',
  },
  'list.filter-complete': {
    rule: "A list asked with the Status, FriendlyName or PolicySid of a profile the run created (and has not deleted), or all three, holds that profile: Status=draft holds every new profile, and a FriendlyName of non-ASCII text (UTF-8 in the query as in the body), of digits alone, holding a + or a character outside the BMP finds the profile of that name. A list asked without PageSize by a name that more than 10 of the run's profiles hold shows them all: the default page is 50. The profiles the account held before the run are listed by their name, by each Status they hold (twilio-approved, in-review… the statuses the run's own drafts never reach) and by their PolicySid: each is in the list of its value (one missing is fetched first: a profile whose status changed meanwhile is not judged).",
    quote: 'Status: The verification status of the Customer-Profile resource.',
    requests: [CREATE, { method: 'GET', path: '/v1/CustomerProfiles?Status=draft&PageSize=1000' }],
    show: { members: ['sid', 'status', 'results.sid'] },
    fault: 'list-status-filter-upper-case',
    mistake: 'The status column holds the enum\'s name (DRAFT, JPA @Enumerated(EnumType.STRING)) and the serializer lower-cases it; the list query binds the raw query value, so Status=draft matches no row.',
  },
  'list.walk-complete': {
    rule: 'The list walked from GET /v1/CustomerProfiles through next_page_url until it is null shows every profile the run created and has not deleted; walked in pages of two while the run deletes and creates profiles of the name between pages, every profile that existed throughout the walk.',
    quote: 'Retrieve a list of all Customer-Profiles for an account.',
    requests: [...ELEVEN_CREATES, LIST],
    show: { members: ['sid', 'results.sid', 'meta.next_page_url'] },
    fault: 'list-truncated',
    mistake: 'A safety LIMIT on the list query ("never load more than 500 rows"), the pages then cut from those rows: right until the account grows past it; a PageToken put in next_page_url while the page is still OFFSET Page×PageSize, so a delete before the cursor skips a profile.',
  },
  'list.same-as-created': {
    rule: "A created profile shows in the list exactly as the create answered it, field by field, its dates included, in every list page of the account the run reads, plain or filtered by Status, PolicySid or FriendlyName (a filter selects profiles; it does not change what they show); a list read while creates are in flight shows a profile a 201 names with that 201's friendly_name, email and policy_sid (never a row half made).",
    quote: 'Dates are ISO 8601 in GMT, e.g. 2019-07-30T22:29:24Z.',
    requests: [CREATE, LIST],
    show: { members: ['sid', 'date_created', 'results.sid', 'results.date_created'] },
    fault: 'list-dates-local-time',
    mistake: "A hand-written list query whose timestamp column comes back as a naive datetime in the database session's zone and is formatted with a Z; create and fetch go through the ORM and are right. A create in two statements without a transaction (INSERT, then UPDATE) whose bare row a list shows in between. A filtered list served by another query than the plain one: a projection without email, a join whose columns overwrite the profile's dates.",
  },
} as const satisfies Partial<Record<CheckId, Explanation>>;
