import type { RequestFields } from '../validFields.ts';
import { type CoverageRow, fieldRow, SRC } from './row.ts';

/** A callback URL of 2,000+ characters (no length limit is documented). */
export const LONG_CALLBACK = `https://example.com/${'callback/'.repeat(224)}end`;

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
];

/** Values that are no absolute URI (or an http(s) URI with no host): refused. */
export const INVALID_CALLBACKS: ReadonlyArray<readonly [value: string, what: string, source: string]> = [
  ['/callback', 'relative (a path only)', 'RFC 3986 §4.2: a relative reference is not an absolute URI'],
  ['example.com/callback', 'relative (no scheme)', 'RFC 3986 §4.2: a relative reference is not an absolute URI'],
  ['https:///callback', 'with no host', 'RFC 9110 §4.2.2: an https URI with an empty host is invalid'],
  ['https://example.com/call back', 'with a space inside', 'RFC 3986 §2: a space is not allowed in a URI'],
  ['https://exa mple.com/cb', 'with a space in the host', 'RFC 3986 §3.2.2'],
];

/** StatusCallback, value by value. */
export function statusCallbackRows(base: RequestFields): CoverageRow[] {
  const rows: CoverageRow[] = [];
  for (const [v, what, source] of VALID_CALLBACKS) {
    rows.push(fieldRow(base, 'StatusCallback', v, { expect: 'create', rule: 'StatusCallback.uri', source: `${SRC.callbackUri}; ${source}; ${SRC.echo}`, what }));
  }
  // an IRI, not a URI (RFC 3987): a server may refuse it or take it as it is
  rows.push(
    fieldRow(base, 'StatusCallback', 'https://bücher.example/cb', {
      expect: 'either',
      rule: 'StatusCallback.uri',
      source: `${SRC.callbackUri}: a raw Unicode host is an IRI (RFC 3987), not a URI`,
      what: 'with a raw Unicode host',
    }),
  );
  for (const [v, what, source] of INVALID_CALLBACKS) {
    rows.push(fieldRow(base, 'StatusCallback', v, { expect: 'reject', rule: 'StatusCallback.uri', source: `${SRC.callbackUri}; ${source}`, what }));
  }
  return rows;
}
