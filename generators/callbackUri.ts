import fc from 'fast-check';
import { host, path, port, query, word } from './_internals/urlParts.ts';

const USERINFO = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~!$&\'()*+,;=';
/** shared, so fc.string prepares its edge-case slices once (see email.ts) */
const USER_CHAR = fc.constantFrom(...USERINFO);

/** `user@` or `user:password@` (RFC 3986 §3.2.1), an escaped `@` or `:` sometimes inside */
const userinfo = (): fc.Arbitrary<string> => {
  const part = fc.tuple(
    fc.string({ unit: USER_CHAR, minLength: 1, maxLength: 8 }),
    fc.constantFrom('', '', '%40', '%3A', '%3a', '%25'),
  ).map(([text, escaped]) => `${text}${escaped}`);
  return fc.tuple(part, fc.option(part, { nil: undefined })).map(([user, password]) => (password === undefined ? `${user}@` : `${user}:${password}@`));
};

/** hosts: a registered name (in upper case one time in four), an IPv4 or IPv6 literal of the documentation ranges (RFC 5737, RFC 3849) */
const anyHost = (): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 3, arbitrary: host() },
    { weight: 1, arbitrary: host().map((h) => h.toUpperCase()) },
    { weight: 1, arbitrary: fc.integer({ min: 1, max: 254 }).map((n) => `192.0.2.${n}`) },
    { weight: 1, arbitrary: fc.constantFrom('[2001:db8::1]', '[2001:DB8:0:0:0:0:0:1]', '[2001:db8::192.0.2.1]', '[2001:db8:0:0:1:0:0:1]') },
  );

/**
 * A StatusCallback that is an absolute http(s) URI with the parts callbacks rarely have: the
 * scheme in any case (RFC 3986 §3.1), userinfo (§3.2.1; Twilio documents credentials in callback
 * URLs), an IPv4 or IPv6 literal host (§3.2.2), a port (§3.2.3), a query (§3.4) and a fragment
 * (§3.5), escapes in either hex case. Every value is ASCII and an RFC 3986 URI, so a faithful
 * server creates and echoes it exactly (no normalization): `create`.
 */
export function callbackUri(): fc.Arbitrary<string> {
  return fc
    .record({
      scheme: fc.constantFrom('https', 'http', 'HTTPS', 'Http', 'hTTps'),
      userinfo: fc.oneof({ weight: 2, arbitrary: fc.constant('') }, { weight: 1, arbitrary: userinfo() }),
      host: anyHost(),
      port: port(),
      path: path(),
      query: query(),
      fragment: fc.oneof({ weight: 2, arbitrary: fc.constant('') }, { weight: 1, arbitrary: fc.constant('#') }, { weight: 2, arbitrary: word(12).map((w) => `#${w}`) }),
    })
    .map((p) => `${p.scheme}://${p.userinfo}${p.host}${p.port}${p.path}${p.query}${p.fragment}`);
}
