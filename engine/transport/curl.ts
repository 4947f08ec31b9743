import { type AuthMode, alteredShapeOf, CREDENTIAL_FIELDS, isOtherPairAltered, isSecondAltered, QUERY_CREDENTIAL_NAMES, secondShapeOf, type SentRequest } from '../../contracts/exchange.ts';
import { shellWord as shellQuote } from '../../reports/text.ts';
import { CREDENTIAL_QUERY, KEY_HEADER_NAMES, OTHER_ACCOUNT_SID, UNKNOWN_KEY_SID } from './credentials.ts';

/** Quote a string for a POSIX shell (one rule for every command the suite prints). */
export { shellQuote };

/** `"$(printf '%s' "<text>" | base64 | tr -d '\n')"` without the outer quotes: base64 in the shell, unwrapped. */
const shellBase64 = (text: string): string => `$(printf '%s' "${text}" | base64 | tr -d '\\n')`;

/**
 * The curl arguments that send a case's credentials, built in the shell from the environment
 * variables the suite reads: a wrong credential derived from the real one never shows the real
 * one, in clear or in base64.
 */
export function curlAuthArgs(auth: AuthMode, apiKey = false, second = false): string[] {
  // a shape of the account's other pair: built from the variables of the pair the run does not act with
  if (isOtherPairAltered(auth)) return curlAuthArgs(alteredShapeOf(auth)!, !apiKey);
  // a shape of the second account's pair: built from its Account SID and Auth Token variables
  if (isSecondAltered(auth)) return curlAuthArgs(secondShapeOf(auth)!, false, true);
  const user = second ? '$TRUSTHUB_SECOND_ACCOUNT_SID' : apiKey ? '$TWILIO_API_KEY' : '$TWILIO_ACCOUNT_SID';
  const pass = second ? '$TRUSTHUB_SECOND_AUTH_TOKEN' : apiKey ? '$TWILIO_API_SECRET' : '$TWILIO_AUTH_TOKEN';
  const name = pass.slice(1);
  const header = (value: string) => ['-H', `"Authorization: ${value}"`];
  switch (auth) {
    case 'valid':
      return ['-u', `"${user}:${pass}"`];
    case 'none':
      return [];
    case 'wrong':
      return ['-u', `"${user}:${pass}-wrong"`];
    // (when the caller's own SID is this constant, the run sends another one: see authorizationFor)
    case 'other-account':
      return ['-u', `"${OTHER_ACCOUNT_SID}:${pass}"`];
    case 'empty-password':
      return ['-u', `"${user}:"`];
    case 'empty-user':
      return ['-u', `":${pass}"`];
    case 'same-length':
      return ['-u', `"${user}:\${${name}%?}$(case "${pass}" in *x) printf y;; *) printf x;; esac)"`];
    case 'password-prefix':
      return ['-u', `"${user}:\${${name}%?}"`];
    case 'password-plus-one':
      return ['-u', `"${user}:\${${name}}x"`];
    case 'unknown-key':
      return ['-u', `"${UNKNOWN_KEY_SID}:${pass}"`];
    case 'no-colon':
      return header(`Basic ${shellBase64(user)}`);
    // these hold nothing of the caller's
    case 'bad-base64':
      return ['-H', shellQuote('Authorization: Basic !!!!')];
    case 'empty-credentials':
      return ['-H', shellQuote('Authorization: Basic Og==')];
    case 'bare-basic':
      return ['-H', shellQuote('Authorization: Basic')];
    case 'bearer-password':
      return header(`Bearer ${pass}`);
    case 'colon-suffix':
      return ['-u', `"${user}:${pass}:x"`];
    // the letters' case swapped; a password without a letter: less its last character, plus x
    case 'password-case-swapped':
      return ['-u', `"${user}:$(case "${pass}" in *[A-Za-z]*) printf '%s' "${pass}" | tr 'A-Za-z' 'a-zA-Z';; *) printf '%s' "\${${name}%?}x";; esac)"`];
    case 'password-trailing-space':
      return ['-u', `"${user}:${pass} "`];
    case 'password-trailing-newline':
      // POSIX sh has no $'\n': printf writes the line feed, in the base64 of the credentials
      return header(`Basic $(printf '%s:%s\\n' "${user}" "${pass}" | base64 | tr -d '\\n')`);
    case 'user-leading-space':
      return ['-u', `" ${user}:${pass}"`];
    case 'user-trailing-space':
      return ['-u', `"${user} :${pass}"`];
    case 'user-case-swapped':
      return ['-u', `"$(printf '%s' "${user}" | tr 'A-Za-z' 'a-zA-Z'):${pass}"`];
    case 'password-nul-suffix':
      // printf writes the NUL, in the base64 of the credentials
      return header(`Basic $(printf '%s:%s\\000x' "${user}" "${pass}" | base64 | tr -d '\\n')`);
    // the caller's own token with a stray character: a . after its first half's whole quanta, a ! after it
    case 'token-dot-inside':
      return header(`Basic $(printf '%s:%s' "${user}" "${pass}" | base64 | tr -d '\\n' | awk '{ n = int(length($0) / 8) * 4; printf "%s.%s", substr($0, 1, n), substr($0, n + 1) }')`);
    case 'token-bang-after':
      return header(`Basic $(printf '%s:%s' "${user}" "${pass}" | base64 | tr -d '\\n')!`);
    case 'token-space-junk':
      return header(`Basic ${shellBase64(`${user}:${pass}`)} x`);
    case 'bearer-then-basic':
      return header(`Bearer x, Basic ${shellBase64(`${user}:${pass}`)}`);
    // no Authorization: the query's credentials are written into the URL by curlFor (credentialQueryWords)
    case 'query-credentials':
      return [];
    // no Authorization: an API gateway's key headers (credentials.ts credentialHeaders), from the environment
    case 'api-key-headers':
      return keyHeaderArgs(apiKey);
    // the crossed pairs: the run knew both (--auth-token with --api-key and --api-secret)
    case 'account-sid-key-secret':
      return ['-u', '"$TWILIO_ACCOUNT_SID:$TWILIO_API_SECRET"'];
    case 'key-sid-auth-token':
      return ['-u', '"$TWILIO_API_KEY:$TWILIO_AUTH_TOKEN"'];
    case 'bearer-basic':
      return header(`Bearer ${shellBase64(`${user}:${pass}`)}`);
    case 'scheme-lower':
      return header(`basic ${shellBase64(`${user}:${pass}`)}`);
    case 'scheme-upper':
      return header(`BASIC ${shellBase64(`${user}:${pass}`)}`);
    // the second account's own pair, from its variables: its API key when one is set, as the suite resolves it
    case 'second-account':
      return ['-u', `"\${TRUSTHUB_SECOND_API_KEY:-$TRUSTHUB_SECOND_ACCOUNT_SID}:\${TRUSTHUB_SECOND_API_SECRET:-$TRUSTHUB_SECOND_AUTH_TOKEN}"`];
    // one account's user with the other's password (the second account's from its variables)
    case 'own-user-second-password':
      return ['-u', `"$TWILIO_ACCOUNT_SID:\${TRUSTHUB_SECOND_API_SECRET:-$TRUSTHUB_SECOND_AUTH_TOKEN}"`];
    case 'second-user-own-password':
      return ['-u', `"$TRUSTHUB_SECOND_ACCOUNT_SID:\${TWILIO_AUTH_TOKEN:-$TWILIO_API_SECRET}"`];
    // the account's other pair: the Auth Token when the run sends the key, the key when it sends the Auth Token
    case 'other-pair':
      return ['-u', apiKey ? '"$TWILIO_ACCOUNT_SID:$TWILIO_AUTH_TOKEN"' : '"$TWILIO_API_KEY:$TWILIO_API_SECRET"'];
  }
}

/** The environment variable a replay line reads a caller's extra header from: x-api-key → TRUSTHUB_HEADER_X_API_KEY. */
export function headerEnvVar(name: string): string {
  return `TRUSTHUB_HEADER_${name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
}

/** Bodies longer than this are not written whole into a report, a replay line or a terminal (the oversized probes send 2 and 9 MiB). */
export const SHOWN_BODY_MAX = 128 * 1024;

/**
 * A long body that is a short head and one ASCII character repeated to the end (the oversized
 * probes' `FriendlyName=AAAA…`): the head, the character and how many times it comes.
 */
export function repeatedTail(body: string): { head: string; char: string; count: number } | undefined {
  if (body.length <= SHOWN_BODY_MAX) return undefined;
  const char = body[body.length - 1]!;
  if (!/^[\x21-\x7e]$/.test(char)) return undefined;
  let start = body.length - 1;
  while (start > 0 && body[start - 1] === char) start--;
  return start <= 1024 ? { head: body.slice(0, start), char, count: body.length - start } : undefined;
}

/** A body as a report shows it: whole up to SHOWN_BODY_MAX, else its first KiB and how long it was. */
export function shownBody(body: string): string {
  if (body.length <= SHOWN_BODY_MAX) return body;
  const r = repeatedTail(body);
  if (r) return `${r.head}${r.char.repeat(16)}… (${r.char} ${r.count} times in all: ${body.length} characters; the replay line rebuilds it)`;
  return `${body.slice(0, 1024)}… (cut: ${body.length} characters in all)`;
}

/**
 * One command that replays a request. Credentials never appear inline: they come from the
 * same environment variables the suite reads; the caller's extra headers (`hidden`, lower-case
 * names) come from TRUSTHUB_HEADER_<NAME> variables.
 */
export function curlFor(req: SentRequest, auth: AuthMode, apiKey = false, hidden: readonly string[] = []): string {
  // the key headers the shape sends are made from the environment; a header of that name the user gave is theirs (credentials.ts credentialHeaders)
  const ownKeys: readonly string[] = auth === 'api-key-headers' ? KEY_HEADER_NAMES.filter((h) => !hidden.includes(h)) : [];
  const authArgs = auth === 'api-key-headers' ? keyHeaderArgs(apiKey, ownKeys) : curlAuthArgs(auth, apiKey);
  // curl -X HEAD waits for a body that never comes: --head asks for the headers only
  const parts = ['curl', '-sS', '-i', ...(req.method === 'HEAD' ? ['--head'] : ['-X', req.method]), urlWords(req.url, auth, apiKey), ...authArgs];
  for (const [name, value] of Object.entries(req.headers)) {
    const lower = name.toLowerCase();
    if (lower === 'authorization' || lower === 'content-length' || lower === 'host') continue;
    if (ownKeys.includes(lower)) continue;
    // the caller's own credentials in Proxy-Authorization (credentials.ts proxyAuthorizationFor): made from the environment, as -u makes them
    if (lower === 'proxy-authorization') {
      const [user, pass] = envPair(apiKey);
      parts.push('-H', `"Proxy-Authorization: Basic ${shellBase64(`${user}:${pass}`)}"`);
      continue;
    }
    // the names are checked tokens (cli/headers.ts): safe inside double quotes
    if (hidden.includes(lower)) parts.push('-H', `"${lower}: $${headerEnvVar(lower)}"`);
    else parts.push('-H', shellQuote(`${name}: ${value}`));
  }
  const hasType = Object.keys(req.headers).some((h) => h.toLowerCase() === 'content-type');
  // curl adds a form Content-Type to --data-binary on its own: an empty header suppresses it
  if (req.method === 'POST' && !hasType) parts.push('-H', shellQuote('Content-Type:'));
  // a long body of one repeated character is made in the shell and piped in: the line stays short
  const long = repeatedTail(req.body);
  if (long) {
    parts.push('--data-binary', '@-');
    return `{ printf '%s' ${shellQuote(long.head)}; head -c ${long.count} /dev/zero | tr '\\0' ${shellQuote(long.char)}; } | ${parts.join(' ')}`;
  }
  // the caller's credentials as form fields (credentials.ts credentialFields): made from the environment, as -u makes them
  const fields = auth === 'none' ? CREDENTIAL_TAIL.exec(req.body) : null;
  const body = fields ? req.body.slice(0, fields.index) : req.body;
  if (body.length > 0 || (req.method === 'POST' && !fields)) parts.push('--data-binary', shellQuote(shownBody(body)));
  if (fields) {
    const [user, pass] = envPair(apiKey);
    for (const name of CREDENTIAL_FIELDS) parts.push('--data-urlencode', `"${name}=${name === 'AccountSid' ? user : pass}"`);
  }
  return parts.join(' ');
}

/** The `api-key-headers` shape's key headers (credentials.ts credentialHeaders) named in `names`, made from the environment. */
function keyHeaderArgs(apiKey: boolean, names: readonly string[] = KEY_HEADER_NAMES): string[] {
  const [user, pass] = envPair(apiKey);
  const value: Record<string, string> = { 'x-api-key': `X-API-Key: ${user}:${pass}`, 'api-key': `Api-Key: ${pass}` };
  return names.flatMap((name) => ['-H', `"${value[name]}"`]);
}

/**
 * The URL as a shell word; for `query-credentials`, its credential parameters made from the
 * environment as -u makes them (a secret of letters and digits, as Twilio's are, needs no escape in a query).
 */
function urlWords(url: string, auth: AuthMode, apiKey: boolean): string {
  const tail = auth === 'query-credentials' ? CREDENTIAL_QUERY.exec(url) : null;
  if (!tail) return shellQuote(url);
  const [user, pass] = envPair(apiKey);
  const [u, p, k, s] = QUERY_CREDENTIAL_NAMES;
  return `${shellQuote(url.slice(0, tail.index + 1))}"${u}=${user}&${p}=${pass}${apiKey ? `&${k}=${user}&${s}=${pass}` : ''}"`;
}

/** The credential fields at the end of a body, as credentials.ts credentialFields appends them. */
const CREDENTIAL_TAIL = new RegExp(`(?:^|&)${CREDENTIAL_FIELDS.map((n) => `${n}=[^&]*`).join('&')}$`);

/** The environment variables of the pair the run acts with, as the replay line reads them: the API key's, or the Account SID and Auth Token. */
function envPair(apiKey: boolean): readonly [user: string, pass: string] {
  return apiKey ? ['$TWILIO_API_KEY', '$TWILIO_API_SECRET'] : ['$TWILIO_ACCOUNT_SID', '$TWILIO_AUTH_TOKEN'];
}
