import type { FaultName } from './faults.ts';

/**
 * Reading request bodies. Only application/x-www-form-urlencoded is read, with URLSearchParams
 * semantics: `+` is a space, percent-escapes of either case decode as UTF-8, a bad escape stays literal.
 */
export function parseForm(body: string, fault: FaultName | null = null): URLSearchParams {
  // plus-not-space: a literal + survives decoding
  if (fault === 'plus-not-space') return new URLSearchParams(body.replaceAll('+', '%2B'));
  if (fault === 'semicolon-separator') return new URLSearchParams(body.replaceAll(';', '&'));
  if (fault === 'crash-on-bad-utf8') {
    // a strict decoder: throws URIError on escapes that are not UTF-8
    for (const piece of body.split('&')) decodeURIComponent(piece.replaceAll('+', ' '));
  }
  const params = new URLSearchParams(body);
  if (fault !== 'double-decode') return params;
  const twice = new URLSearchParams();
  for (const [name, value] of params) twice.append(name, decodeOnceMore(value));
  return twice;
}

function decodeOnceMore(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** The reads-json fault: a JSON object's members as parameters (non-strings as their JSON text). */
export function paramsFromJson(body: string): URLSearchParams {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return new URLSearchParams();
  }
  const params = new URLSearchParams();
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    for (const [name, v] of Object.entries(value)) params.append(name, typeof v === 'string' ? v : JSON.stringify(v));
  }
  return params;
}
