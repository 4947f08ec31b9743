/**
 * -H/--header "Name: value": headers sent with every request (a staging gateway's key). Parsed
 * strictly before anything is sent; the values are secrets (redacted in every output), and the
 * replay lines and the rerun command read them from TRUSTHUB_HEADER_<NAME> variables.
 */
import { headerEnvVar } from '../engine/transport/curl.ts';
import { tooShortToRedact } from '../contracts/secrets.ts';
import { UsageError } from './errors.ts';

/** Headers the suite sets itself, or that would change what the request is: never taken from -H. */
const FORBIDDEN: Readonly<Record<string, string>> = {
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

/** One "Name: value" into a lower-case name and its value; a one-line UsageError otherwise. */
export function parseHeader(raw: string, flag = '--header'): [name: string, value: string] {
  const colon = raw.indexOf(':');
  // the text is never echoed: a header given wrong may still hold its secret value
  if (colon < 0) throw new UsageError(`${flag} takes "Name: value"; one was given without a colon`);
  const name = raw.slice(0, colon).trim().toLowerCase();
  const value = raw.slice(colon + 1).replace(/^[ \t]+|[ \t]+$/g, '');
  if (!name) throw new UsageError(`${flag} takes "Name: value"; one was given without a name`);
  if (!TOKEN.test(name)) {
    const bad = [...name].find((c) => !TOKEN.test(c))!;
    throw new UsageError(`${flag}: a header name cannot hold ${JSON.stringify(bad)} (letters, digits and !#$%&'*+-.^_\`|~ only)`);
  }
  const why = FORBIDDEN[name];
  if (why) throw new UsageError(`${flag}: ${name} cannot be set: ${why}`);
  if (/[\r\n]/.test(value)) throw new UsageError(`${flag}: the value of ${name} holds a line break (CR or LF)`);
  if (!FIELD_VALUE.test(value)) throw new UsageError(`${flag}: the value of ${name} holds a control character`);
  if (!value) throw new UsageError(`${flag}: ${name} has no value`);
  // the value is a secret: one too short to redact everywhere is refused, never printed
  const short = tooShortToRedact(`${flag}: the value of ${name}`, value);
  if (short) throw new UsageError(short);
  return [name, value];
}

/** Every -H, checked; names repeated (in any case) are refused. Undefined when none was given. */
export function parseHeaders(list: readonly string[] | undefined, flag = '--header'): Record<string, string> | undefined {
  if (!list?.length) return undefined;
  const headers: Record<string, string> = Object.create(null);
  for (const raw of list) {
    const [name, value] = parseHeader(raw, flag);
    if (Object.hasOwn(headers, name)) throw new UsageError(`${flag}: ${name} is given twice`);
    headers[name] = value;
  }
  return { ...headers };
}

/** The -H arguments of a rerun command: the names, each value as its environment variable. */
export function headerRerunArgs(headers: Readonly<Record<string, string>> | undefined): string[] {
  return Object.keys(headers ?? {}).map((name) => `-H "${name}: $${headerEnvVar(name)}"`);
}

/** What the terminal says about the extra headers: their names and the variables replay lines read. */
export function headerNotice(headers: Readonly<Record<string, string>> | undefined): string | undefined {
  const names = Object.keys(headers ?? {});
  if (!names.length) return undefined;
  const vars = names.map((n) => `${n} from $${headerEnvVar(n)}`).join(', ');
  return `extra headers on every request: ${names.join(', ')} (values redacted in every output; replay lines read ${vars})`;
}
