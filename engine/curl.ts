import type { AuthMode, SentRequest } from '../contracts/exchange.ts';

/** Quote a string for a POSIX shell. */
export function shellQuote(s: string): string {
  if (/^[A-Za-z0-9_./:@%+=,-]+$/.test(s)) return s;
  return `'${s.replace(/'/g, `'"'"'`)}'`;
}

/** The environment variable a replay line reads a caller's extra header from: x-api-key → TRUSTHUB_HEADER_X_API_KEY. */
export function headerEnvVar(name: string): string {
  return `TRUSTHUB_HEADER_${name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
}

/**
 * One command that replays a request. Credentials never appear inline: they come from the
 * same environment variables the suite reads; the caller's extra headers (`hidden`, lower-case
 * names) come from TRUSTHUB_HEADER_<NAME> variables.
 */
export function curlFor(req: SentRequest, auth: AuthMode, apiKey = false, hidden: readonly string[] = []): string {
  const parts = ['curl', '-sS', '-i', '-X', req.method, shellQuote(req.url)];
  const user = apiKey ? '$TWILIO_API_KEY' : '$TWILIO_ACCOUNT_SID';
  const pass = apiKey ? '$TWILIO_API_SECRET' : '$TWILIO_AUTH_TOKEN';
  if (auth === 'valid') parts.push('-u', `"${user}:${pass}"`);
  if (auth === 'wrong') parts.push('-u', `"${user}:${pass}-wrong"`);
  for (const [name, value] of Object.entries(req.headers)) {
    const lower = name.toLowerCase();
    if (lower === 'authorization' || lower === 'content-length' || lower === 'host') continue;
    // the names are checked tokens (cli/headers.ts): safe inside double quotes
    if (hidden.includes(lower)) parts.push('-H', `"${lower}: $${headerEnvVar(lower)}"`);
    else parts.push('-H', shellQuote(`${name}: ${value}`));
  }
  const hasType = Object.keys(req.headers).some((h) => h.toLowerCase() === 'content-type');
  // curl adds a form Content-Type to --data-binary on its own: an empty header suppresses it
  if (req.method === 'POST' && !hasType) parts.push('-H', shellQuote('Content-Type:'));
  if (req.body.length > 0 || req.method === 'POST') parts.push('--data-binary', shellQuote(req.body));
  return parts.join(' ');
}
