import type { Arbitrary } from 'fast-check';
import { partsToUrl, urlParts } from './_internals/urlParts.ts';

/**
 * A StatusCallback URL (seed: StatusCallback string(uri)): http or https, a host under the
 * example domains, sometimes a port, a path, a query string and percent-escapes in either
 * hex case. Every value is an RFC 3986 URI (ajv-formats `uri`) written in ASCII. Never a
 * `mailto:` or other non-http scheme: such a URI is no callback URL, and the contract does
 * not say whether it is valid.
 */
export function statusCallbackUrl(): Arbitrary<string> {
  return urlParts().map(partsToUrl);
}
