/**
 * Headers sent with every request (-H "Name: value", a config's `headers`, the library's
 * `headers`): a staging gateway's key. Parsed strictly before anything is sent; the values are
 * secrets (redacted in every output), and the replay lines and the rerun command read them from
 * TRUSTHUB_HEADER_<NAME> variables, so two names must never share one variable.
 */
import { OptionError } from '../../contracts/errors.ts';
import { tooShortToRedact } from '../../contracts/secrets.ts';
import { headerEnvVar } from '../transport/curl.ts';

/** Headers the suite sets itself, or that would change what the request is: never taken from -H. */
export const FORBIDDEN_HEADERS: Readonly<Record<string, string>> = {
  host: 'the target URL decides it',
  'content-length': 'the body decides it',
  'transfer-encoding': 'the body decides it',
  connection: 'the HTTP client manages the connection',
  'keep-alive': 'the HTTP client manages the connection',
  upgrade: 'the HTTP client manages the connection',
  te: 'the HTTP client manages the connection',
  expect: 'the HTTP client manages the connection',
  authorization: 'credentials come from --account-sid/--auth-token or --api-key/--api-secret (and each case sets its own)',
  'proxy-authorization': 'a proxy is configured with HTTPS_PROXY',
  'content-type': 'each case sends its own Content-Type (some on purpose a wrong one)',
  'user-agent': 'the suite names itself',
};

/** RFC 9110 §5.1: a field name is a token. */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** RFC 9110 §5.5: visible characters, spaces and tabs, obs-text; never CR, LF or NUL. */
const FIELD_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;

/** One "Name: value" into a lower-case name and its value; a one-line OptionError otherwise. */
export function parseHeader(raw: string, flag = '--header'): [name: string, value: string] {
  const colon = raw.indexOf(':');
  // the text is never echoed: a header given wrong may still hold its secret value
  if (colon < 0) throw new OptionError(`${flag} takes "Name: value"; one was given without a colon`);
  const name = raw.slice(0, colon).trim().toLowerCase();
  const value = raw.slice(colon + 1).replace(/^[ \t]+|[ \t]+$/g, '');
  if (!name) throw new OptionError(`${flag} takes "Name: value"; one was given without a name`);
  if (!TOKEN.test(name)) {
    const bad = [...name].find((c) => !TOKEN.test(c))!;
    throw new OptionError(`${flag}: a header name cannot hold ${JSON.stringify(bad)} (letters, digits and !#$%&'*+-.^_\`|~ only)`);
  }
  const why = FORBIDDEN_HEADERS[name];
  if (why) throw new OptionError(`${flag}: ${name} cannot be set: ${why}`);
  if (/[\r\n]/.test(value)) throw new OptionError(`${flag}: the value of ${name} holds a line break (CR or LF)`);
  if (!FIELD_VALUE.test(value)) throw new OptionError(`${flag}: the value of ${name} holds a control character`);
  if (!value) throw new OptionError(`${flag}: ${name} has no value`);
  // the value is a secret: one too short to redact everywhere is refused, never printed
  const short = tooShortToRedact(`${flag}: the value of ${name}`, value);
  if (short) throw new OptionError(short);
  return [name, value];
}

/**
 * Every header, checked: names repeated (in any case) are refused, and so are two names that would
 * be read from one TRUSTHUB_HEADER_ variable (x-api-key and x_api_key). Undefined when none.
 */
export function parseHeaders(list: readonly string[] | Readonly<Record<string, unknown>> | undefined, flag = '--header'): Record<string, string> | undefined {
  const lines = Array.isArray(list) ? (list as readonly string[]) : list ? linesOf(list as Readonly<Record<string, unknown>>, flag) : [];
  if (!lines.length) return undefined;
  const headers: Record<string, string> = Object.create(null);
  const byVariable = new Map<string, string>();
  for (const raw of lines) {
    const [name, value] = parseHeader(raw, flag);
    if (Object.hasOwn(headers, name)) throw new OptionError(`${flag}: ${name} is given twice`);
    const variable = headerEnvVar(name);
    const other = byVariable.get(variable);
    if (other !== undefined) {
      throw new OptionError(`${flag}: ${other} and ${name} would both be read from $${variable} by the replay lines and the rerun command: keep one of them`);
    }
    byVariable.set(variable, name);
    headers[name] = value;
  }
  return { ...headers };
}

/** A record of names and values as "Name: value" lines; a value that is not a string (an unset variable) is refused by name. */
function linesOf(record: Readonly<Record<string, unknown>>, flag: string): string[] {
  return Object.entries(record).map(([name, value]) => {
    if (name.includes(':')) throw new OptionError(`${flag}: a header name cannot hold ":" (letters, digits and !#$%&'*+-.^_\`|~ only)`);
    if (typeof value !== 'string') throw new OptionError(`${flag}: the value of ${name.toLowerCase()} is ${value === undefined ? 'not set (an unset variable?)' : 'not a string'}`);
    return `${name}: ${value}`;
  });
}

/** The -H arguments of a rerun command: the names, each value as its environment variable. */
export function headerRerunArgs(headers: Readonly<Record<string, string>> | undefined): string[] {
  return Object.keys(headers ?? {}).map((name) => `-H "${name}: $${headerEnvVar(name)}"`);
}

/**
 * Values for headers a report shows redacted that the caller did not give again: "Name: value"
 * lines from their TRUSTHUB_HEADER_<NAME> variables, each checked under the variable's name.
 */
export function headersFromEnv(redacted: readonly string[], given: readonly string[], env: NodeJS.ProcessEnv = process.env): string[] {
  const named = new Set(given.map((line) => line.slice(0, Math.max(0, line.indexOf(':'))).trim().toLowerCase()));
  const out = new Map<string, string>();
  for (const name of redacted) {
    const lower = name.toLowerCase();
    const value = env[headerEnvVar(lower)];
    if (!value || named.has(lower) || out.has(lower)) continue;
    const [, checked] = parseHeader(`${lower}: ${value}`, headerEnvVar(lower));
    out.set(lower, `${lower}: ${checked}`);
  }
  return [...out.values()];
}
