/** The account model (engine/phases/model/model.ts): sequences of creates, reads, list walks and deletes. */
import type { CheckId } from '../catalog.ts';
import { CREATE, type ExampleRequest, type Explanation, NO_EMAIL, VALID_BODY } from './example.ts';

const named = (name: string): ExampleRequest => ({ method: 'POST', path: '/v1/CustomerProfiles', body: VALID_BODY.replace('FriendlyName=Acme', `FriendlyName=${name}`) });
const page = (query: string): ExampleRequest => ({ method: 'GET', path: `/v1/CustomerProfiles?${query}` });

export const MODEL_EXPLAINED = {
  'account.model': {
    rule: 'Over any sequence of creates, reads and deletes, every answer is what a model of the account predicts: a profile reads back as it was sent (whatever its length) until it is deleted, DELETE of it is 204 and then 404, DELETE or GET of a sid that never existed is 404, and no create is answered with the sid of another profile, live or deleted.',
    quote: 'The same resource can be read back with GET /v1/CustomerProfiles/<sid> and removed with DELETE /v1/CustomerProfiles/<sid> (204); sid: the unique string that we created to identify the Customer-Profile resource.',
    // the third create comes after a delete: a sid made from the count of profiles is the second's again
    requests: [named('First'), named('Second'), { method: 'DELETE', path: '/v1/CustomerProfiles/{sid}' }, named('Third')],
    show: { members: ['sid', 'friendly_name', 'code'] },
    fault: 'create-after-delete-reuses-sid',
    mistake: 'A sid derived from how many profiles there are (a create after a delete then overwrites the newest), a delete that moves another row into the freed slot without updating its index, or a column that keeps the first 255 characters while the 201 echoes the request.',
  },
  'list.exact': {
    rule: "Walked page by page along meta.next_page_url to the last page, the list holds each of the run's live profiles once, as it was sent, and none it deleted.",
    quote: 'the collection is listed with GET /v1/CustomerProfiles ({"results": [...], "meta": {...}})',
    requests: [named('One'), named('Two'), named('Three'), page('PageSize=1'), page('PageSize=1&Page=1&PageToken=PA1'), page('PageSize=1&Page=2&PageToken=PA2')],
    show: { members: ['sid', 'results.sid', 'meta.next_page_url'] },
    fault: 'list-page-skips',
    mistake: 'An off-by-one at the page boundary (the next page starts after the first profile it should show), or offset paging that shifts when profiles are deleted during the walk.',
  },
  'account.list-paging': {
    rule: 'A list page holds at most PageSize profiles, meta.next_page_url is an absolute URL of the collection (or null on the last page), and a walk to the last page shows no profile twice.',
    quote: 'PageSize: How many resources to return in each list page. The default is 50, and the maximum is 1000.',
    requests: [named('One'), named('Two'), page('PageSize=1')],
    show: { members: ['sid', 'results.sid', 'meta.page_size'] },
    fault: 'list-pagesize-ignored',
    mistake: 'PageSize read under another name (pageSize, page_size) or not at all, so every page has the default 50; or a next page that starts one profile early.',
  },
  'account.list-filter': {
    rule: "After a sequence, the list is asked with the FriendlyName of each of its live profiles (the value space's text: any script, astral characters, spaces, + and %) and with their PolicySid; walked to its end, each list holds every live profile of the sequence with that value, none it deleted, and only profiles holding exactly that value.",
    quote: 'FriendlyName: The string that you assigned to describe the resource. (a parameter of GET /v1/CustomerProfiles: its meaning as a filter is implied, so a SHOULD)',
    requests: [named('Acme Ltd'), page('FriendlyName=Acme%20Ltd&PageSize=50')],
    show: { members: ['sid', 'friendly_name', 'results.sid', 'results.friendly_name'] },
    fault: 'list-filter-lowercase-column',
    mistake: 'A search copy of the name that drops, folds or re-decodes what the stored name keeps (lower case, characters outside the BMP, a + read as a space, whitespace squeezed): the profile reads back whole but its own name no longer finds it.',
  },
  'reject.no-trace': {
    rule: 'A create that is refused stores nothing, then or later: no list read after it, however much later, shows a profile with what it sent.',
    quote: 'a refused request is an error, not a create; the collection lists what exists',
    requests: [NO_EMAIL, page('PageSize=50'), CREATE, page('PageSize=50')],
    show: { members: ['sid', 'code', 'results.sid', 'results.email'] },
    fault: 'refused-create-stored-late',
    mistake: 'Validation that answers 400 while a queued write goes ahead: the refused request is stored with the next one, after the list read right behind it looked clean.',
  },
} as const satisfies Partial<Record<CheckId, Explanation>>;
