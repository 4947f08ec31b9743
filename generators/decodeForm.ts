import type { FormParams } from '../contracts/exchange.ts';

/**
 * Decodes an application/x-www-form-urlencoded body the way the WHATWG URL standard (and so
 * URLSearchParams) does: `+` is a space, escapes are UTF-8, order and repeats are kept.
 * The leading `&` stops URLSearchParams from dropping a leading `?`, which only its
 * query-string convenience does, not the form parser.
 */
export function decodeForm(body: string): FormParams {
  return Array.from(new URLSearchParams(`&${body}`));
}

/** The first value of each parameter, as a server that keeps the first occurrence reads it. */
export function firstValues(params: FormParams, names?: readonly string[]): Record<string, string> {
  const first = new Map<string, string>();
  for (const [name, value] of params) {
    if (names && !names.includes(name)) continue;
    if (!first.has(name)) first.set(name, value);
  }
  // fromEntries defines own properties, so a parameter named __proto__ stays a parameter
  return Object.fromEntries(first);
}
