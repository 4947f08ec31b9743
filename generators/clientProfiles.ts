/**
 * Client header profiles: the headers real browsers, SDKs, proxies and CDNs put on a request besides
 * its credentials and parameters. None of them changes what the request asks for: a valid create is
 * 201 with the same echo, dates and schema; a fetch or list the same 200; a request without
 * credentials the 401 envelope (twilio-behaviour.md); every answer UTF-8 JSON (RFC 8259 §8.1).
 * They are applied (a) to valid creates as coverage rows (generators/coverage/requests.ts), (b) to
 * a fetch and a list of the run's own profile and (c) to requests without credentials
 * (engine/phases/probes/header-probes.ts), each answer judged by the rules of its kind.
 *
 * Each profile carries another Accept-Language (a Java or .NET server that formats with the
 * request's locale: the Turkish dotless ı, Arabic-Indic and Thai digits; German, a console's
 * translated labels), an Accept-Encoding (the
 * engine decodes what it asked for and undici holds Content-Length to the bytes sent, RFC 9110
 * §8.6), and some of: Origin, Cookie, Accept-Charset, an Accept naming application/problem+json,
 * X-Forwarded-For as a list and Forwarded, an older helper library's User-Agent.
 */
export interface ClientProfile {
  /** who sends these headers, in words */
  readonly client: string;
  readonly headers: Readonly<Record<string, string>>;
}

export const CLIENT_PROFILES: readonly ClientProfile[] = [
  {
    client: 'a browser page on another origin, in Turkish, replaying a load balancer cookie',
    headers: {
      origin: 'https://app.example.com',
      cookie: 'AWSALB=conformance; AWSALBCORS=conformance',
      'accept-language': 'tr-TR,tr;q=0.9,en;q=0.8',
      'accept-encoding': 'gzip, deflate, br',
    },
  },
  {
    client: 'twilio-node (axios) behind two proxies, in Arabic (Egypt)',
    headers: {
      accept: 'application/json, text/plain, */*',
      'accept-encoding': 'gzip, compress, deflate, br',
      'accept-language': 'ar-EG,ar;q=0.9',
      'x-forwarded-for': '203.0.113.7, 10.0.0.2',
      forwarded: 'for=203.0.113.7, for="[2001:db8::7]"',
    },
  },
  {
    client: 'an OpenAPI-generated client that reads RFC 9457 problems, in Thai with Thai digits',
    headers: {
      accept: 'application/problem+json, application/json',
      'accept-charset': 'utf-16, utf-8;q=0.5',
      'accept-language': 'th-TH-u-nu-thai',
      'accept-encoding': 'deflate',
    },
  },
  {
    client: 'a Deno or sandboxed page (Origin: null), in Hindi, through a CDN',
    headers: {
      origin: 'null',
      'accept-language': 'hi-IN,hi;q=0.9',
      'accept-encoding': 'br;q=1.0, gzip;q=0.8, *;q=0.1',
      'x-forwarded-for': '2001:db8::7, 198.51.100.4',
      forwarded: 'for="[2001:db8::7]";proto=https, for=198.51.100.4',
    },
  },
  {
    // a server that shims older helper libraries by their User-Agent, or localizes values (a status label), shows it here
    client: 'twilio-python 6 (requests), an older helper library, on a German desktop',
    headers: {
      'user-agent': 'twilio-python/6.63.2 (Linux x86_64) Python/3.8.10',
      accept: 'application/json',
      'accept-language': 'de-DE,de;q=0.9,en;q=0.5',
      'accept-encoding': 'gzip, deflate',
    },
  },
];

/** The profile whose language lower-cases the capital I to a dotless ı: the scheme cases are sent in it. */
export const TURKISH: Readonly<Record<string, string>> = { 'accept-language': CLIENT_PROFILES[0]!.headers['accept-language']! };

/**
 * Identity headers an authenticating front end (nginx auth_request, oauth2-proxy, Apache) passes to
 * the app, naming the caller's own account: a client can write them itself, so a request without
 * credentials carrying them is refused all the same (401).
 */
export const identityHeaders = (accountSid: string): Readonly<Record<string, string>> => ({
  'x-remote-user': accountSid,
  'remote-user': accountSid,
  'x-forwarded-user': accountSid,
  'x-auth-request-user': accountSid,
});

/** A profile in words: the client and its header names. */
export const profileWords = (p: ClientProfile): string => `${p.client}: ${Object.keys(p.headers).join(', ')}`;
