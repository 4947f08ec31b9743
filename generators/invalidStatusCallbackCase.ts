import fc from 'fast-check';
import type { TestCase } from '../contracts/exchange.ts';
import { formCase } from './_internals/formCase.ts';
import { partsToUrl, type UrlParts, urlParts } from './_internals/urlParts.ts';
import { checkedPolicySids, type GeneratorOptions } from './options.ts';
import { fieldsRecord, fieldsToParams, validFields } from './validFields.ts';

interface StatusCallbackKind {
  label: string;
  value: fc.Arbitrary<string>;
}

/** the path, or `/status` when the URL has none */
const pathOf = (p: UrlParts): string => p.path || '/status';

/**
 * StatusCallbacks that are not URIs (seed: StatusCallback string(uri); RFC 3986 needs a
 * scheme and allows no space), each derived from a valid URL. None is a URI of another scheme
 * (`mailto:`, `urn:`) and none is empty: whether those are refused is not in the contract.
 */
export const STATUS_CALLBACK_KINDS: readonly StatusCallbackKind[] = [
  {
    label: 'StatusCallback URL with a space inside',
    value: fc.tuple(urlParts(), fc.nat()).map(([p, n]) => {
      // after `scheme://x` and before the last character, so the space is never leading or trailing
      const url = partsToUrl(p);
      const at = p.scheme.length + 4 + (n % (url.length - p.scheme.length - 4));
      return `${url.slice(0, at)} ${url.slice(at)}`;
    }),
  },
  {
    label: 'StatusCallback without a scheme (host and path)',
    value: urlParts().map((p) => `${p.host}${pathOf(p)}${p.query}`),
  },
  {
    label: 'StatusCallback without a scheme (//host/path)',
    value: urlParts().map((p) => `//${p.host}${p.port}${p.path}${p.query}`),
  },
  {
    label: 'StatusCallback as a relative path',
    value: fc.tuple(urlParts(), fc.constantFrom('', '.', '..')).map(([p, dots]) => `${dots}${pathOf(p)}${p.query}`),
  },
  {
    label: 'StatusCallback that is only a scheme (https:)',
    value: fc.constantFrom('https:', 'http:'),
  },
];

/** A create request whose StatusCallback is not a URI; every other parameter valid. */
export function invalidStatusCallbackCase(opts?: GeneratorOptions): fc.Arbitrary<TestCase> {
  checkedPolicySids('invalidStatusCallbackCase', opts);
  return fc.oneof(
    ...STATUS_CALLBACK_KINDS.map((kind) =>
      fc.tuple(validFields(opts), kind.value).map(([fields, StatusCallback]) => {
        const broken = { ...fields, StatusCallback };
        return formCase({
          category: 'status-callback',
          label: kind.label,
          expect: 'reject',
          rule: 'StatusCallback.format',
          params: fieldsToParams(broken),
          fields: fieldsRecord(broken),
        });
      }),
    ),
  );
}
