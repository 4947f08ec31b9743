/**
 * Reading request bodies. Only application/x-www-form-urlencoded is read, with URLSearchParams
 * semantics: `+` is a space, percent-escapes of either case decode as UTF-8, a bad escape stays literal.
 */
export function parseForm(body: string, keepPlus = false): URLSearchParams {
  // keepPlus is the plus-not-space fault: a literal + survives decoding
  return new URLSearchParams(keepPlus ? body.replaceAll('+', '%2B') : body);
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
