import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { FAULT_NAMES, type FaultName } from '../../mock/index.ts';
import { compareSignatures, type DiffReference, type DiffResult, parseExpectedDivergences, runDiff, signatureOf } from '../../evidence/diff.ts';
import { readCassette } from '../../evidence/har.ts';
import { coverageCases, fixedCases } from '../../generators/index.ts';
import type { DivergenceAspect } from '../../contracts/report.ts';
import type { RunOptions } from '../../engine/run/run.ts';
import { MOCK_CREDENTIALS, recordMock, runOptions, tempDir, withMock } from '../fixtures/evidence/helpers.ts';
import { envelope, resource } from '../helpers/exchange.ts';

/**
 * What each named fault of the mock changes in what `diff` compares (HTTP status, Twilio code,
 * schema verdict, echoed fields), for the seeded corpus of the fault matrix. An empty list: the
 * fault only shows in what diff does not compare (content type, url, account_sid, more_info, the
 * envelope's status field, the time zone of dates, sid reuse, the bytes and headers of an answer,
 * the WWW-Authenticate header) or in follow-ups (list, delete).
 */
const VISIBLE: Record<FaultName, DivergenceAspect[]> = {
  'status-200': ['http-status'],
  'text-content-type': [],
  'bad-sid-prefix': ['schema'],
  'missing-date-created': ['schema'],
  'status-enum-case': ['schema', 'status'],
  'crash-on-astral': ['http-status', 'code'],
  'leak-token': [],
  'email-optional': ['http-status', 'code'],
  'policy-pattern-unchecked': ['http-status', 'code'],
  'plain-text-errors': ['code', 'schema'],
  'envelope-status-200': [],
  'auth-bypass': ['http-status', 'code'],
  'stores-rejected': [],
  'wrong-missing-code': ['code'],
  'trims-friendly-name': ['friendly_name'],
  'plus-not-space': ['code', 'email', 'friendly_name', 'http-status'],
  'wrong-url': [],
  'fixed-account': [],
  'local-time': [],
  'status-pending': ['status'],
  'reused-sid': [],
  'reads-json': ['http-status', 'code'],
  'json-suffix-media-type-read': ['http-status', 'code'],
  'delete-noop': [],
  'head-after-delete-cached': [],
  'wrong-auth-code': ['code'],
  'more-info-wrong': [],
  'any-token-for-known-sid': ['http-status', 'code'],
  'empty-password-accepted': ['http-status', 'code'],
  'empty-user-default-account': ['http-status', 'code'],
  'token-prefix-compare': ['http-status', 'code'],
  'any-sid-for-known-token': ['http-status', 'code'],
  'unknown-key-accepted': ['http-status', 'code'],
  'malformed-basic-400': ['http-status', 'code'],
  'bearer-accepted': ['http-status', 'code'],
  'scheme-ignored': ['http-status', 'code'],
  'api-key-account-from-user': [],
  // the API key is used by the other-pair probe alone, a follow-up a diff does not compare
  'rows-scoped-by-principal': [],
  'api-key-no-delete': [],
  'api-key-list-401': [],
  // the API key's own path: the diff's cases are the caller's (the Auth Token's), whose answers the faults leave as they are
  'api-key-drops-status-callback': [],
  'api-key-422-validation': [],
  'api-key-json-body-read': [],
  'api-key-fetch-policy-lowercased': [],
  'api-key-list-drops-callback': [],
  'api-key-later-pages-401': [],
  'list-cache-per-credential': [],
  'fetch-cache-per-credential': [],
  // the list by a PolicySid in another case: a follow-up, which a diff does not compare
  'list-policy-filter-ci': [],
  'token-param-accepted': ['http-status', 'code'],
  'validation-before-auth': ['http-status', 'code'],
  'no-www-authenticate': [],
  'scheme-case-sensitive': ['http-status', 'code'],
  'split-all-colons': ['http-status', 'code'],
  'password-case-insensitive': ['http-status', 'code'],
  'auth-token-hex-decoded': ['http-status', 'code'],
  'user-case-insensitive': ['http-status', 'code'],
  'password-nul-terminated': ['http-status', 'code'],
  // the credentials on the other routes show only in follow-ups, which a diff does not compare
  'trims-credentials': ['http-status', 'code'],
  'review-queue-202': ['http-status'],
  'email-cut-254': [],
  'email-provider-canonicalized': ['email'],
  'x-original-url-routing': [],
  'idempotency-key-replays-other-body': [],
  'url-from-forwarded-host': [],
  'url-scheme-from-forwarded-proto': [],
  'url-base-http-scheme': [],
  'url-base-regional-host': [],
  'url-base-localhost': [],
  'date-header-frozen': [],
  'date-created-frozen': [],
  'sid-case-insensitive': [],
  'sid-pad-space': [],
  'sid-keyed-by-hex': [],
  'status-label-localized': [],
  'legacy-helper-drops-status-callback': [],
  'update-upserts-unknown-sid': [],
  // the update and the crossed pairs are follow-ups, which a diff does not compare
  'update-answer-raw-row': [],
  'update-answer-text-html': [],
  'update-answer-local-time': [],
  'update-answer-url-singular': [],
  'update-answer-service-account': [],
  'update-answer-date-ahead': [],
  'update-password-unchecked': [],
  'refused-update-applies': [],
  'create-crossed-pair-accepted': [],
  'update-ignores-owner': [],
  'update-other-account-403': [],
  'update-refused-touches-date-updated': [],
  'form-body-trimmed': ['code', 'friendly_name', 'http-status'],
  // the update of the run's own profile is a follow-up, which a diff does not compare
  'update-auto-now-date-created': [],
  'update-unsent-callback-nulled': [],
  'update-callback-unvalidated': [],
  'update-status-any-text': [],
  'update-callback-whatwg-lenient': [],
  'update-status-enum-folded': [],
  'update-partial-on-refusal': [],
  'update-blank-ignored': [],
  'update-truncates-255': [],
  'update-email-ignored': [],
  'update-trims-text': [],
  'update-callback-needs-tld': [],
  'update-callback-normalized': [],
  'update-form-type-exact': [],
  'update-refuses-api-key': [],
  'update-reads-json': [],
  'update-names-case-insensitive': [],
  'update-name-filter-stale': [],
  'update-answers-201': [],
  'update-answer-before-refresh': [],
  'update-keeps-date-updated': [],
  'update-filtered-list-stale': [],
  'update-first-param-only': [],
  'update-callback-userinfo-refused': [],
  'update-email-domain-lowered': [],
  'update-policy-sid-writable': [],
  'update-mass-assigns-account': [],
  'update-params-from-query': [],
  'update-form-charset-honoured': [],
  'update-form-semicolon-split': [],
  'update-crash-on-bad-utf8': [],
  'update-form-equals-split': [],
  'update-repeated-param-joined': [],
  'update-validation-before-auth': [],
  'update-list-summary-stale': [],
  'blank-as-missing': ['http-status', 'code'],
  'form-charset-honoured': ['email', 'friendly_name'],
  'delete-race': [],
  'method-override': ['http-status', 'code'],
  'method-override-query': ['http-status', 'code'],
  // a follow-up's answer (the creates of 150 and 600 KiB): no case of the corpus is that large
  'body-parser-100kb-html': [],
  'accept-exact-406': ['http-status', 'code'],
  'accept-xml-negotiated': ['code', 'schema'],
  'accept-json-charset-utf16': ['schema'],
  'error-html-for-browsers': ['code', 'schema'],
  // the credentials on the other routes show only in follow-ups, which a diff does not compare
  'session-cookie-auth': [],
  'xff-internal-skips-auth': ['http-status', 'code'],
  'trace-echo': [],
  'origin-not-allowed-500': ['http-status'],
  'cookie-csrf-403': ['http-status'],
  'xff-list-500': ['http-status'],
  'remote-user-trusted': [],
  'scheme-locale-lowercase': ['http-status', 'code'],
  'errors-problem-json': [],
  'accept-charset-utf16': ['schema'],
  'dates-locale-digits': ['schema'],
  'gzip-stale-length': ['http-status'],
  'basic-base64-lenient': ['http-status', 'code'],
  'multipart-no-boundary-500': ['http-status', 'code'],
  'ua-blocklist-403': ['http-status'],
  'expect-continue-417': ['http-status'],
  'error-messages-localized': [],
  'jsonp-callback': [],
  'policy-secondary-created-in-review': [],
  'list-query-encoded-names-ignored': [],
  'conditional-304-before-account-check': [],
  'not-found-message-fullpath': [],
  'lookup-friendly-id-slug': [],
  'lookup-numeric-row-id': [],
  'lookup-sid-regex-prefix': [],
  'lookup-sid-dollar-newline': [],
  'fetch-query-projection': [],
  'method-405-before-auth': [],
  'head-skips-auth': [],
  'unrouted-html-404': [],
  'reads-bracket-names': ['http-status', 'code'],
  'auth-message-unauthorized': [],
  'item-routes-any-password': [],
  'any-secret-of-account': [],
  'delete-any-password': [],
  'list-any-password': [],
  'lookup-before-auth': [],
  'deleted-sid-before-auth': [],
  'refused-delete-deletes': [],
  'reads-scheme-case-sensitive': [],
  // lifecycle faults show only in follow-ups, which a diff does not compare
  'readback-callback-empty': [],
  'list-skips-first': [],
  'list-other-accounts': [],
  'delete-unknown-204': [],
  'not-found-html': [],
  'unauthenticated-read': [],
  'list-keeps-deleted': [],
  'list-default-page-size-20': [],
  'list-page-size-capped-100': [],
  'list-page-past-end-404': [],
  'list-pagesize-nonnumeric-500': [],
  'list-meta-key-wrong': [],
  'list-filters-ignored': [],
  'list-links-drop-filter': [],
  'list-status-filter-upper-case': [],
  'list-status-enum-snake': [],
  'list-page-int32': [],
  'list-pagetoken-500': [],
  'list-filters-first-only': [],
  'list-query-latin1': [],
  'list-query-semicolon-separator': [],
  'list-param-names-any-case': [],
  'list-friendlyname-like': [],
  'list-name-filter-glob': [],
  'list-filter-undecodable-dropped': [],
  'list-filter-name-stripped': [],
  'list-filter-keeps-deleted': [],
  'list-truncated': [],
  'list-dates-local-time': [],
  'status-filter-projection-no-email': [],
  'policy-filter-join-dates': [],
  'malformed-sid-html': [],
  'trims-policy-sid': ['code', 'http-status'],
  'policy-sid-length-unchecked': ['code', 'http-status'],
  'policy-prefix-case-insensitive': ['code', 'http-status'],
  'policy-unicode-digits': ['code', 'http-status'],
  'falsy-text-as-missing': ['code', 'http-status'],
  'double-decode': ['code', 'friendly_name', 'http-status', 'status_callback'],
  'semicolon-separator': ['email', 'friendly_name', 'status_callback'],
  'crash-on-empty-body': ['code', 'http-status'],
  'crash-on-bad-utf8': ['code', 'http-status'],
  'refuses-charset-param': ['code', 'http-status'],
  'form-type-strict-parameters': ['code', 'http-status'],
  'param-names-case-insensitive': ['code', 'http-status', 'status_callback'],
  'callback-userinfo-refused': ['code', 'http-status'],
  'callback-trailing-dot-refused': ['code', 'http-status'],
  'waf-markup-sql-403': ['http-status'],
  'callback-relative-accepted': ['code', 'http-status'],
  'normalizes-callback': ['status_callback'],
  'nfc-normalizes': ['email', 'friendly_name'],
  'halfwidth-kana-widened': ['friendly_name'],
  'strips-zero-width': ['friendly_name'],
  'unique-friendly-name': ['code', 'http-status'],
  'dedupe-same-request': [],
  'error-text-html': [],
  'json-charset-latin1': [],
  'json-bom': [],
  'latin1-body': ['email', 'friendly_name', 'schema'],
  'duplicate-members': [],
  'clock-skew-hours': [],
  'no-date-header': [],
  'reads-no-date-header': [],
  'path-case-301-without-date': [],
  'redirect-date-localtime': [],
  'etag-304-without-date': [],
  'strips-leading-bom': ['email', 'friendly_name'],
  'strips-control-chars': ['email', 'friendly_name'],
  'nul-500': ['code', 'http-status'],
  // storage faults show in read-backs; a diff compares echoes clipped to 120 characters, so a cut long value is not seen
  'utf8mb3-storage': [],
  'email-domain-lowercased': ['email'],
  'email-idna': ['email'],
  'trims-email': ['email'],
  'plus-after-percent-decode': ['code', 'email', 'friendly_name', 'http-status'],
  'upper-hex-only': ['code', 'email', 'friendly_name', 'http-status', 'status_callback'],
  'raw-bytes-latin1': ['email', 'friendly_name'],
  'form-percent-u-escapes': ['friendly_name'],
  'html-entities-decoded': ['email', 'friendly_name', 'status_callback'],
  'reads-query-string': ['code', 'email', 'friendly_name', 'http-status', 'policy_sid', 'status_callback'],
  'mass-assigns-status': ['status'],
  // the valid create after 10,000 unknown pairs (~110 KB) loses its required parameters past the cut
  'truncates-body-64k': ['code', 'http-status'],
  'form-max-keys-1000': ['code', 'http-status'],
  'callback-iri-accepted': ['code', 'http-status'],
  'trims-callback': ['code', 'http-status'],
  // the rules of every answer of a kind: these show on the list, the fetch, the delete, a 405, a
  // 413, a 404 or a 401 of another route, or in headers; a diff compares the creates' answers
  'list-text-plain': [],
  'content-type-colon-param': [],
  'list-omits-valid-until': [],
  'list-meta-page-string': [],
  'delete-200-json': [],
  'list-cursor-int64': [],
  'method-not-allowed-framework-json': [],
  'too-large-html': [],
  'create-body-limit-html-413': [],
  'proxy-413-html': [],
  'connections-429-html': [],
  'create-pool-deadlock': [],
  'create-overflow-drops-callback': [],
  'fetch-cache-half-filled': [],
  'not-found-text-plain': [],
  'reads-401-status-403': [],
  'not-found-more-info-http': [],
  'reads-wrong-auth-code': [],
  'not-found-message-generic': [],
  'throttle-code-429': [],
  'date-header-iso': [],
  'date-header-rfc850': [],
  'list-dates-offset': [],
  'list-links-relative': [],
  'fetch-other-account': [],
  'later-pages-other-account': [],
  'paging-ignores-page': [],
  'method-not-allowed-no-allow': [],
  'challenge-unquoted-realm': [],
  'create-after-delete-reuses-sid': [],
  'delete-removes-other': [],
  'readback-truncates-long': [],
  'fetch-strips-script-elements': [],
  'rate-limit-after-commit': ['http-status', 'code'],
  'draft-ttl-seconds': [],
  'max-connections-reset': [],
  'delayed-save-trims': [],
  'list-filter-lowercase-column': [],
  'evaluation-job-resurrects': [],
  'legacy-rows-local-time': [],
  'listed-profile-fetch-404': [],
  'chunked-body-ignored': ['code', 'http-status'],
  'db-clock-ahead': [],
  'legacy-fetch-drops-callback': [],
  'fetch-touches-idle-date-updated': [],
  'legacy-rows-missing-from-filtered-list': [],
  'legacy-rows-invisible-to-api-keys': [],
  'status-filter-enum-unmapped': [],
  'legacy-policy-filter-via-assignment-join': [],
  'legacy-list-status-stale': [],
  'legacy-rows-filtered-index-no-callback': [],
  'legacy-fetch-tenant-null-wildcard': [],
  'valid-until-computed-at-read': [],
  'sid-sequence-restarts': [],
  'list-forgets-loaded-profiles': [],
  'refused-create-stored-late': [],
  'list-page-skips': [],
  'list-page-repeats': [],
  'list-pagesize-ignored': [],
  'list-pagesize-singleton-race': [],
  'list-previous-page-self': [],
  'page-token-anchor-deleted-restarts': [],
  'paging-offset-behind-token': [],
  'list-row-deleted-500': [],
  'create-two-step-visible': [],
  'page-token-expires-3s': [],
  'head-deletes': [],
  'member-put-patch-updates': [],
  'collection-delete-wipes': [],
  'delete-rewrites-list': [],
  'delete-erases-first': [],
  'list-filter-collation-ai-ci': [],
  'query-params-nfc-canonicalized': [],
  'list-filter-es-keyword-ignore-above-256': [],
  'list-filter-double-decoded': [],
  'list-filter-query-typed': [],
  'list-filter-plus-decoded-last': [],
  'list-filter-search-column-utf8mb3': [],
  'next-page-link-encodeuri': [],
  'filtered-list-es-default-size-10': [],
  // the coverage rows of two Emails differing only in case
  'email-contacts-citext-first-casing': ['email'],
  // only a second account's requests show them, and a diff sends none
  'item-routes-ignore-owner': [],
  'other-account-403': [],
  'list-policy-any-account': [],
  'list-page-token-names-account': [],
  'list-cache-without-account': [],
  'fetch-cache-skips-owner': [],
  'head-ignores-owner': [],
  'other-account-404-names-owner': [],
  'delete-skips-owner-for-first-account': [],
  'delete-204-keeps-second-accounts': [],
  // only a second account's creates show them, and a diff sends none
  'account-context-singleton': [],
  'create-account-from-default': [],
  'idempotency-key-ignores-account': [],
  // only the pairs of two accounts show it, and a diff sends none
  'user-and-password-apart': [],
  // only a filtered list asked again across a write shows them, and a diff compares none
  'list-cache-filter-keys-stale': [],
  'list-cache-filter-kept-on-delete': [],
  // only HEAD answers show them, and a diff compares none
  'head-no-date': [],
  'head-date-rfc850': [],
  'head-date-frozen': [],
  'head-gone-500': [],
  'head-lookup-before-auth': [],
  // only the second account's altered pair shows it, and a diff sends none
  'migrated-token-lowercased': [],
  // only the follow-ups at paths spelt otherwise show them
  'path-case-insensitive': [],
  'path-bad-escape-html': [],
  'path-format-suffix': [],
  'routes-trailing-slash': [],
  'routes-path-decoded-before-match': [],
  'path-matrix-params-stripped': [],
  'list-pagesize-parseint': [],
  // only the follow-ups that name a Sid in a create or an AccountSid in the query show them
  'create-upserts-client-sid': [],
  'account-param-unchecked': [],
  // only the follow-ups that name another profile's Sid in the query or a DELETE's body show them
  'path-sid-overridden-by-query': [],
  'delete-sid-from-body': [],
  // only the follow-ups with another Host or forwarded headers show them
  'url-from-host-header': [],
  'url-prefix-from-forwarded-prefix': [],
  // only the conditional follow-ups show it
  'list-last-modified-stale-304': [],
  'email-display-name-unwrapped': ['email'],
  'form-name-leading-spaces-dropped': ['http-status', 'code'],
  'body-leading-bom-stripped': ['http-status', 'code'],
  'form-labelled-json-body-read': ['http-status', 'code'],
  // the paths below a profile: follow-ups, which a diff does not compare
  'link-routes-skip-auth': [],
  'link-routes-ignore-account': [],
  'link-routes-find-deleted': [],
  'subpath-get-is-profile': [],
  'subpath-delete-removes-profile': [],
  'proxy-authorization-accepted': ['http-status', 'code'],
  'query-string-credentials': ['http-status', 'code'],
  'api-key-header-accepted': ['http-status', 'code'],
  'auth-header-split-on-space': ['http-status', 'code'],
  'auth-basic-regex-unanchored': ['http-status', 'code'],
  // list pages: follow-ups
  'list-meta-page-keyset-0': [],
  // only the second account's probe names a known account in a create's body, and a diff sends none
  'create-account-param-honoured': [],
  'account-param-known-account': [],
  'create-account-query-honoured': [],
  'identity-header-switches-account': [],
  'browser-login-redirect': [],
  'xhr-401-no-challenge': [],
  'list-typed-filter-unparsable-dropped': [],
  'list-filter-repeated-in-list': [],
  'list-filter-bad-escape-dropped': [],
  'list-filter-null-string-ignored': [],
  'list-filter-snake-case-alias': [],
  'list-typed-filter-comma-split': [],
  'list-typed-filter-trimmed': [],
  'list-filter-nul-500': [],
};

const aspects = (r: DiffResult) => Object.keys(r.summary.byAspect).sort();

/** The faulty mock as the target, the reference given (`extra` run options for the target: no judging where only the diff is asked). */
function diffFault(fault: FaultName | null, reference: DiffReference, expected: Parameters<typeof runDiff>[0]['expected'] = [], extra: Partial<RunOptions> = {}): Promise<DiffResult> {
  return withMock({ fault }, (mock) => runDiff({ target: runOptions(mock, { shrink: false, ...extra }), reference, expected, now: new Date('2026-11-27T12:00:00Z') }));
}

function live(fn: (ref: DiffReference) => Promise<DiffResult>): Promise<DiffResult> {
  return withMock({}, (clean) => fn({ kind: 'url', url: clean.url, credentials: MOCK_CREDENTIALS }));
}

describe('diff: the reference mock against itself', () => {
  it('live: every case compared, no divergence', async () => {
    const r = await live((ref) => diffFault(null, ref));
    expect(r.summary).toMatchObject({ divergent: 0, unexpected: 0, unmatched: 0, rows: 0 });
    expect(r.summary.compared).toBe(r.target.planned);
    expect(r.divergences).toEqual([]);
  });

  it('from a cassette of itself: every case matched by plan index and request, no divergence', async () => {
    const path = join(tempDir(), 'clean.har');
    await recordMock({}, path);
    const r = await diffFault(null, { kind: 'cassette', cassette: await readCassette(path) });
    expect(r.summary).toMatchObject({ divergent: 0, unmatched: 0, reference: { kind: 'cassette', file: 'clean.har' } });
    expect(r.summary.compared).toBe(r.target.planned);
  });
});

describe('diff: the mock with each named fault against the reference mock, live and from a cassette', () => {
  let cassette: string;
  beforeAll(async () => {
    cassette = join(tempDir(), 'reference.har');
    await recordMock({}, cassette);
  });

  it('covers every named fault', () => {
    expect(Object.keys(VISIBLE).sort()).toEqual([...FAULT_NAMES].sort());
  });

  // one run a fault, against the cassette: what the creates' answers show needs no judging (checks: [])
  describe.each(FAULT_NAMES.map((name) => ({ name, visible: VISIBLE[name] })))('$name', ({ name, visible }) => {
    it(`shows ${visible.length ? visible.join(', ') : 'no divergence'}`, async () => {
      const r = await diffFault(name, { kind: 'cassette', cassette: await readCassette(cassette) }, [], { checks: [] });
      expect(aspects(r)).toEqual([...visible].sort());
      expect(r.summary.unmatched).toBe(0);
      expect(r.summary.unexpected).toBe(visible.length ? r.summary.divergent : 0);
      expect(r.summary.divergent > 0).toBe(visible.length > 0);
    });
  });

  // live and replayed alike: faults that change each aspect diff compares
  it.each(['wrong-missing-code', 'double-decode', 'status-pending', 'bad-sid-prefix', 'reads-query-string'] as const)('%s: the same divergences live as from the cassette', async (name) => {
    const [viaUrl, viaCassette] = await Promise.all([
      live((ref) => diffFault(name, ref)),
      readCassette(cassette).then((c) => diffFault(name, { kind: 'cassette', cassette: c })),
    ]);
    expect(aspects(viaUrl)).toEqual([...VISIBLE[name]].sort());
    // the same cases diverge the same way, whether the reference answers live or from the cassette
    const key = (r: DiffResult) => r.divergences.map((d) => `${d.index} ${d.aspect} ${d.target} ${d.reference}`);
    expect(key(viaCassette)).toEqual(key(viaUrl));
    expect(viaUrl.summary.unexpected).toBe(viaUrl.summary.divergent);
  });

  it('wrong-missing-code: the table says which case, the code the target sent and the code the reference sent', async () => {
    const r = await diffFault('wrong-missing-code', { kind: 'cassette', cassette: await readCassette(cassette) });
    const row = r.divergences.find((d) => d.requestClass === 'missing-field/Email.required');
    expect(row).toMatchObject({ category: 'missing-field', aspect: 'code', target: '21000', reference: '20001' });
    // rows come by plan index
    expect(r.divergences.map((d) => d.index)).toEqual([...r.divergences.map((d) => d.index)].sort((a, b) => a - b));
  });
});

describe('expected divergences', () => {
  const expect21000 = (expires?: string) =>
    parseExpectedDivergences(
      {
        expectedDivergencesVersion: 1,
        expected: [
          { requestClass: '*', aspect: 'code', target: '21000', reference: '20001', reason: 'our mock uses 21000', ...(expires ? { expires } : {}) },
          { requestClass: 'valid/*', aspect: 'status', reason: 'never seen' },
        ],
      },
      'expected.json',
    );

  it('are reported, marked expected, and are not unexpected; an unused one is listed', async () => {
    const r = await live((ref) => diffFault('wrong-missing-code', ref, expect21000('2026-12-31')));
    expect(r.summary.divergent).toBeGreaterThan(0);
    expect(r.summary.unexpected).toBe(0);
    expect(r.divergences.every((d) => d.expected?.reason === 'our mock uses 21000')).toBe(true);
    expect(r.unused.map((e) => e.requestClass)).toEqual(['valid/*']);
  });

  it('count as unexpected again once expired', async () => {
    const r = await live((ref) => diffFault('wrong-missing-code', ref, expect21000('2026-11-26')));
    expect(r.summary.unexpected).toBe(r.summary.divergent);
    expect(r.divergences.some((d) => d.expected)).toBe(false);
  });

  it('only cover what they name: another aspect still counts', async () => {
    const r = await live((ref) => diffFault('status-pending', ref, expect21000()));
    expect(r.summary.unexpected).toBeGreaterThan(0);
  });

  it('a bad file is one line naming the place', () => {
    const bad = (expected: unknown[]) => () => parseExpectedDivergences({ expectedDivergencesVersion: 1, expected }, 'e.json');
    expect(bad([{ requestClass: '*', aspect: 'body', reason: 'x' }])).toThrow(/^--expect-divergence e\.json: expected\[0\]\.aspect must be one of http-status, code/);
    expect(bad([{ requestClass: '*', reason: 'x', expires: '2026-02-30' }])).toThrow(/expected\[0\]\.expires must be a date YYYY-MM-DD/);
    expect(bad([{ requestClass: '*' }])).toThrow(/expected\[0\]\.reason/);
    expect(() => parseExpectedDivergences({ expected: [] }, 'e.json')).toThrow(/expectedDivergencesVersion must be 1/);
  });
});

describe('replay matching', () => {
  it('a recorded request that differs from the corpus is not compared but counted as unmatched', async () => {
    const dir = tempDir();
    const path = join(dir, 'tampered.har');
    await recordMock({}, path);
    const lines = readFileSync(path, 'utf8').split('\n');
    const i = lines.findIndex((l) => l.includes('"_case":{"index":3,'));
    lines[i] = lines[i]!.replace(/"body":"([^"]*)","auth"/, '"body":"$1&Extra=1","auth"');
    writeFileSync(path, lines.join('\n'));
    const r = await diffFault(null, { kind: 'cassette', cassette: await readCassette(path) });
    expect(r.summary.unmatched).toBe(1);
    expect(r.summary.compared).toBe(r.target.planned - 1);
  });

  it('a cassette of another corpus compares nothing', async () => {
    const path = join(tempDir(), 'other.har');
    await recordMock({}, path, { seed: 1 });
    const r = await diffFault(null, { kind: 'cassette', cassette: await readCassette(path) });
    // the fixed and coverage cases are the same whatever the seed; every property case differs
    expect(r.summary.compared).toBe(fixedCases().length + coverageCases().length);
    expect(r.summary.unmatched).toBe(r.target.planned - r.summary.compared);
    expect(r.summary.unmatched).toBeGreaterThan(0);
  });
});

describe('compareSignatures', () => {
  it('a different status: status and code only (schema and echo follow from it)', () => {
    const t = signatureOf(201, resource());
    const r = signatureOf(400, envelope(400, 20001));
    expect(compareSignatures(t, r)).toEqual([
      { aspect: 'http-status', target: '201', reference: '400' },
      { aspect: 'code', target: 'none', reference: '20001' },
    ]);
  });

  it('the same status: schema verdict and each echoed field', () => {
    const t = signatureOf(201, resource({ sid: 'XX0123456789abcdef0123456789abcdef', friendly_name: 'Acme  Inc' }));
    const r = signatureOf(201, resource());
    expect(compareSignatures(t, r).map((d) => d.aspect)).toEqual(['schema', 'friendly_name']);
    expect(compareSignatures(t, r)[1]).toEqual({ aspect: 'friendly_name', target: '"Acme  Inc"', reference: '"Acme Inc"' });
  });

  it('a transport error against an answer', () => {
    expect(compareSignatures(signatureOf({ error: 'ECONNRESET' }, undefined), signatureOf(400, envelope(400, 20001)))).toEqual([
      { aspect: 'http-status', target: 'error: ECONNRESET', reference: '400' },
      { aspect: 'code', target: 'none', reference: '20001' },
    ]);
  });

  it('a refusal that is not an envelope fails the envelope schema', () => {
    expect(signatureOf(400, undefined, 'Unexpected token').schema.verdict).toBe('invalid');
    expect(signatureOf(400, envelope(400, 20001)).schema).toEqual({ verdict: 'valid', detail: 'envelope' });
    expect(signatureOf(500, envelope(500, 20500)).schema.verdict).toBe('n/a');
  });
});
