import type { RequestFields } from '../validFields.ts';
import { type CoverageRow, fieldRow, SRC } from './row.ts';

/** A callback URL of 2,000+ characters (no length limit is documented). */
export const LONG_CALLBACK = `https://example.com/${'callback/'.repeat(224)}end`;

/** A callback URL of 4,000+ characters: past the VARCHAR(2048) a column may hold (a limit is a refusal, never a cut). */
export const VERY_LONG_CALLBACK = `https://example.com/${'callback/'.repeat(450)}end`;

/** Absolute URIs a faithful server accepts and echoes exactly (no normalization). */
export const VALID_CALLBACKS: ReadonlyArray<readonly [value: string, what: string, source: string]> = [
  ['https://example.com:8443/cb?a=1&b=two', 'with a port and a query string', 'RFC 3986 §3.2.3, §3.4'],
  [
    'https://user:pass@example.com/cb',
    'with userinfo (credentials)',
    'RFC 3986 §3.2.1; Twilio documents credentials in callback URLs (twilio.com/docs/usage/security, HTTP Authentication)',
  ],
  ['HTTPS://example.com/cb', 'with an upper-case scheme', 'RFC 3986 §3.1: schemes are case-insensitive'],
  ['HtTp://example.com/cb', 'with a mixed-case scheme', 'RFC 3986 §3.1: schemes are case-insensitive'],
  ['https://[2001:db8::1]:8443/cb', 'with an IPv6 literal host', 'RFC 3986 §3.2.2'],
  ['https://xn--bcher-kva.example/cb', 'with an internationalized host (IDNA A-label)', 'RFC 3986 §3.2.2; RFC 5890 A-labels'],
  [LONG_CALLBACK, 'of 2,000+ characters', 'RFC 3986 sets no length; none is documented'],
  ['https://example.com/cb#section-2', 'with a fragment', 'RFC 3986 §3.5'],
  ['https://example.com/cb?', 'with an empty query', 'RFC 3986 §3.4: query = *( pchar / "/" / "?" )'],
  ['http://192.0.2.1:8080/cb', 'with an IPv4 literal host', 'RFC 3986 §3.2.2'],
  ['https://[2001:db8::1]/cb', 'with an IPv6 literal host and no port', 'RFC 3986 §3.2.2'],
  ['https://EXAMPLE.COM/CB', 'with an upper-case host and path', 'RFC 3986 §3.2.2: the host is case-insensitive, kept as sent; §6.2.2.1'],
  ['https://example.com:443/cb', 'with the default port written out', 'RFC 3986 §3.2.3; §6.2.3: a normalizer may drop it, an echo may not'],
  ['https://example.com/caf%c3%a9', 'with an escape in lower-case hex', 'RFC 3986 §2.1: either case of hex is allowed'],
  ['https://u%40x:p%3Ass@example.com/cb', 'with escaped @ and : in the userinfo', 'RFC 3986 §3.2.1, §2.1'],
  ['https://user@example.com/cb', 'with a user and no password', 'RFC 3986 §3.2.1'],
  ['https://user:pass@[2001:db8::1]:8443/cb?x=1#top', 'with userinfo, IPv6, port, query and fragment at once', 'RFC 3986 §3'],
  ['https://example.com/hooks/../v2/./status', 'with dot segments in the path', 'RFC 3986 §3.3; §5.2.4 removes them only when resolving a reference, §6.2.2.3: a normalizer may, an echo may not'],
  ['https://example.com/cb?a=1&amp;b=2', 'with the character reference &amp; in its query (not &)', 'RFC 3986 §3.4: & and ; are query characters; WHATWG URL form parser: decoded once, never as HTML'],
  ['https://example.com/%7Eops/cb%2Dv2', 'with escaped unreserved characters', 'RFC 3986 §2.3: %7E and ~ are equivalent; §6.2.2.2: a normalizer may decode them, an echo may not'],
  // RFC 3986 §3.2.2: reg-name = *( unreserved / pct-encoded / sub-delims ), and "." is unreserved: the absolute form of a DNS name is a host like any other
  ['https://hooks.example.com./status', 'with a trailing dot in the host (an absolute DNS name)', 'RFC 3986 §3.2.2: a reg-name may end in a dot'],
  ['https://sub.example.org.:8443/x', 'with a trailing dot in the host and a port', 'RFC 3986 §3.2.2: a reg-name may end in a dot; §3.2.3'],
  ['https://example.com.:443/cb', 'with a trailing dot in the host and the default port written out', 'RFC 3986 §3.2.2: a reg-name may end in a dot; §6.2.3: a normalizer may drop the port, an echo may not'],
];

/** URI syntax that URL parsers refuse or rewrite: a server may refuse them; it must not alter them. */
export const DEGENERATE_CALLBACKS: ReadonlyArray<readonly [value: string, what: string, source: string]> = [
  ['https://example.com:/cb', 'with an empty port', 'RFC 3986 §3.2.3: port = *DIGIT, may be empty'],
  ['https://example.com:99999/cb', 'with a port above 65535', 'RFC 3986 §3.2.3: port = *DIGIT (a URL parser refuses it)'],
  ['https://[v1.fe]/cb', 'with an IPvFuture literal', 'RFC 3986 §3.2.2: IPvFuture (a URL parser refuses it)'],
  [VERY_LONG_CALLBACK, 'of 4,000+ characters', 'RFC 3986 sets no length; a limit, if any, is a refusal (4xx), never a value cut short'],
];

/** Values that are no absolute URI (or an http(s) URI with no host): refused. */
export const INVALID_CALLBACKS: ReadonlyArray<readonly [value: string, what: string, source: string]> = [
  ['/callback', 'relative (a path only)', 'RFC 3986 §4.2: a relative reference is not an absolute URI'],
  ['example.com/callback', 'relative (no scheme)', 'RFC 3986 §4.2: a relative reference is not an absolute URI'],
  ['https:///callback', 'with no host', 'RFC 9110 §4.2.2: an https URI with an empty host is invalid'],
  ['https://example.com/call back', 'with a space inside', 'RFC 3986 §2: a space is not allowed in a URI'],
  ['https://exa mple.com/cb', 'with a space in the host', 'RFC 3986 §3.2.2'],
  [' https://example.com/cb', 'with a leading space', 'RFC 3986 §2 (Appendix C: whitespace around is no part of it)'],
  ['https://example.com/cb ', 'with a trailing space', 'RFC 3986 §2 (Appendix C: whitespace around is no part of it)'],
  ['https://example.com/cb\n', 'with a trailing line feed', 'RFC 3986 §2'],
  ['\thttps://example.com/cb', 'with a leading tab', 'RFC 3986 §2'],
  ['https://example.com/%zz', 'with a % that starts no escape', 'RFC 3986 §2.1: pct-encoded = "%" HEXDIG HEXDIG'],
  ['https://example.com/a|b', 'with a | in the path', 'RFC 3986 §2: | is not allowed in a URI'],
];

/** Internationalized resource identifiers: RFC 3987 IRIs, which are no URIs. */
export const IRI_CALLBACKS: ReadonlyArray<readonly [value: string, what: string]> = [
  ['https://b\u00fccher.example/cb', 'with a raw Unicode host'],
  ['https://example.com/caf\u00e9', 'with a raw Unicode path'],
];

/** StatusCallback, value by value. */
export function statusCallbackRows(base: RequestFields): CoverageRow[] {
  const rows: CoverageRow[] = [];
  for (const [v, what, source] of VALID_CALLBACKS) {
    rows.push(fieldRow(base, 'StatusCallback', v, { expect: 'create', rule: 'StatusCallback.uri', source: `${SRC.callbackUri}; ${source}; ${SRC.echo}`, what }));
  }
  for (const [v, what, source] of DEGENERATE_CALLBACKS) {
    rows.push(fieldRow(base, 'StatusCallback', v, { expect: 'either', rule: 'StatusCallback.uri', source: `${SRC.callbackUri}; ${source}; ${SRC.echo}`, what }));
  }
  // an exact echo of an IRI would break the resource schema (format uri): refusing is the only faithful answer
  for (const [v, what] of IRI_CALLBACKS) {
    rows.push(fieldRow(base, 'StatusCallback', v, { expect: 'reject', rule: 'StatusCallback.uri', source: SRC.callbackIri, what }));
  }
  for (const [v, what, source] of INVALID_CALLBACKS) {
    rows.push(fieldRow(base, 'StatusCallback', v, { expect: 'reject', rule: 'StatusCallback.uri', source: `${SRC.callbackUri}; ${source}`, what }));
  }
  return rows;
}
