import fc from 'fast-check';
import { utf8Bytes } from '../encodeForm.ts';
import { cjk, latinAccented } from './chars.ts';

/** The pieces of an http(s) URL, kept apart so malformed variants can be derived from them. */
export interface UrlParts {
  scheme: 'http' | 'https';
  host: string;
  /** `:8080`, or empty */
  port: string;
  /** `/a/b`, or empty */
  path: string;
  /** `?k=v&k2=v2`, or empty */
  query: string;
}

export const partsToUrl = (p: UrlParts): string => `${p.scheme}://${p.host}${p.port}${p.path}${p.query}`;

const LOWER_ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';
const UNRESERVED = `${LOWER_ALNUM}ABCDEFGHIJKLMNOPQRSTUVWXYZ-._~`;
/** RFC 3986 sub-delims plus `:` and `@`, which pchar allows (`&` and `=` are left to the query syntax) */
const PCHAR_EXTRA = "!$'()*+,;:@";

/** a percent-encoded character: a space, an ASCII symbol, or a UTF-8 encoded letter, in either hex case */
const escaped = (): fc.Arbitrary<string> =>
  fc
    .tuple(fc.oneof(fc.constantFrom(' ', '"', '<', '>', '%', '#', '[', ']', '{', '}', '|'), latinAccented(), cjk()), fc.boolean())
    .map(([ch, lower]) =>
      utf8Bytes(ch.codePointAt(0)!)
        .map((b) => {
          const hex = b.toString(16).padStart(2, '0');
          return `%${lower ? hex : hex.toUpperCase()}`;
        })
        .join(''),
    );

const pchar = (): fc.Arbitrary<string> =>
  fc.oneof(
    { withCrossShrink: true },
    { weight: 10, arbitrary: fc.constantFrom(...UNRESERVED) },
    { weight: 1, arbitrary: fc.constantFrom(...PCHAR_EXTRA) },
    { weight: 1, arbitrary: escaped() },
  );

export const word = (maxLength: number): fc.Arbitrary<string> =>
  fc.array(pchar(), { minLength: 1, maxLength }).map((chars) => chars.join(''));

/** shared, so fc.string prepares its edge-case slices once (see email.ts) */
const LOWER_ALNUM_CHAR = fc.constantFrom(...LOWER_ALNUM);

const label = (): fc.Arbitrary<string> => fc.string({ unit: LOWER_ALNUM_CHAR, minLength: 1, maxLength: 10 });

/** hosts under the domains reserved for examples (RFC 2606): a live target may call them */
export const host = (): fc.Arbitrary<string> =>
  fc
    .tuple(fc.array(label(), { maxLength: 2 }), fc.constantFrom('example.com', 'example.org', 'example.net'))
    .map(([subdomains, base]) => [...subdomains, base].join('.'));

export const port = (): fc.Arbitrary<string> =>
  fc.oneof(
    { withCrossShrink: true },
    { weight: 3, arbitrary: fc.constant('') },
    { weight: 1, arbitrary: fc.constantFrom(80, 443, 3000, 8080, 8443).map((n) => `:${n}`) },
    { weight: 1, arbitrary: fc.integer({ min: 1, max: 65535 }).map((n) => `:${n}`) },
  );

/** a path segment; never `.` or `..`, which URL resolution removes, so a server could rewrite them */
const segment = (): fc.Arbitrary<string> => word(12).map((w) => (w === '.' || w === '..' ? `${w}x` : w));

export const path = (): fc.Arbitrary<string> =>
  fc
    .tuple(fc.array(segment(), { maxLength: 4 }), fc.boolean())
    .map(([segments, trailingSlash]) => segments.map((s) => `/${s}`).join('') + (trailingSlash && segments.length > 0 ? '/' : ''));

export const query = (): fc.Arbitrary<string> =>
  fc.oneof(
    { withCrossShrink: true },
    { weight: 2, arbitrary: fc.constant('') },
    {
      weight: 1,
      arbitrary: fc
        .array(fc.tuple(word(8), fc.oneof(fc.constant(''), word(16))), { minLength: 1, maxLength: 3 })
        .map((pairs) => `?${pairs.map(([k, v]) => `${k}=${v}`).join('&')}`),
    },
  );

export const urlParts = (): fc.Arbitrary<UrlParts> =>
  fc.record({
    scheme: fc.constantFrom('https' as const, 'http' as const),
    host: host(),
    port: port(),
    path: path(),
    query: query(),
  });
