import type { Counterexample, Report } from '../contracts/report.ts';
import { knownSecretsMatcher, REDACTED, redactDeep, type SecretMatcher } from '../contracts/secrets.ts';

/**
 * Defence in depth for credentials. Redacting secrets out of the evidence is the runner's job
 * (engine/transport/credentials.ts `redact`); the writers still never print an Authorization value that is
 * not already `[redacted]`, nor the user:password part of a URL, nor an inline `curl -u` pair.
 * Every writer renders `withoutCredentials(report)`, never the report it was given; that also
 * removes, from every string of the report, each secret this process has used, in any encoding
 * (contracts/secrets.ts), whichever field it reached.
 */

export { REDACTED };

const SECRET_HEADERS = new Set(['authorization', 'proxy-authorization']);

/** Headers with any Authorization / Proxy-Authorization value replaced by `[redacted]`. */
export function redactHeaders(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    out[name] = SECRET_HEADERS.has(name.toLowerCase()) ? REDACTED : value;
  }
  return out;
}

// scheme://user[:password]@ — no '/', '?', '#' or quote in between, so query strings keep their '@'
const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@'"]+@/gi;

/** A URL, or any text holding URLs, with the user:password part replaced by `[redacted]`. */
export function redactUrlCredentials(text: string): string {
  return text.replace(URL_USERINFO, `$1${REDACTED}@`);
}

// -H 'Authorization: …': the value runs to the closing quote or the end of the line
const CURL_AUTH_HEADER = /((?:proxy-)?authorization\s*:\s*)([^'"\r\n]*)/gi;
// -u / --user / --proxy-user followed by its value
const CURL_USER = /((?:^|\s)(?:-u|--user|-U|--proxy-user)(?:\s+|=))("[^"]*"|'[^']*'|\S+)/g;

/**
 * A curl command with inline credentials removed. Values that only name environment variables
 * (`"$TWILIO_ACCOUNT_SID:$TWILIO_AUTH_TOKEN"`, how the runner writes them) are kept.
 */
export function redactCurl(curl: string): string {
  return redactUrlCredentials(curl)
    .replace(CURL_AUTH_HEADER, (_m, head: string, value: string) => (value.includes('$') || value === '' ? head + value : head + REDACTED))
    .replace(CURL_USER, (_m, flag: string, value: string) => (onlyVariables(value) ? flag + value : `${flag}'${REDACTED}'`));
}

/** true when a -u value is made of shell variable references, separators and quotes only */
function onlyVariables(value: string): boolean {
  return /^["']?(\$\{?[A-Za-z_][A-Za-z0-9_]*\}?[:\-a-z]*)+["']?$/.test(value) && value.includes('$');
}

function redactCounterexample(c: Counterexample): Counterexample {
  return {
    ...c,
    request: { ...c.request, url: redactUrlCredentials(c.request.url), headers: redactHeaders(c.request.headers) },
    ...(c.response ? { response: { ...c.response, headers: redactHeaders(c.response.headers) } } : {}),
    curl: redactCurl(c.curl),
    ...(c.sequence
      ? { sequence: c.sequence.map((step) => ({ ...step, request: { ...step.request, url: redactUrlCredentials(step.request.url), headers: redactHeaders(step.request.headers) } })) }
      : {}),
  };
}

/** A copy of the report that is safe to print: the only view any writer renders. */
export function withoutCredentials(report: Report, secrets: SecretMatcher = knownSecretsMatcher()): Report {
  return redactDeep(withoutAuthorization(report), secrets);
}

function withoutAuthorization(report: Report): Report {
  return {
    ...report,
    target: { ...report.target, url: redactUrlCredentials(report.target.url) },
    certificate: {
      ...report.certificate,
      targetUrl: redactUrlCredentials(report.certificate.targetUrl),
      rerun: redactCurl(report.certificate.rerun),
    },
    checks: report.checks.map((check) => ({
      ...check,
      ...(check.firstFailure ? { firstFailure: redactCounterexample(check.firstFailure) } : {}),
      ...(check.classes ? { classes: check.classes.map((c) => (c.example ? { ...c, example: redactCounterexample(c.example) } : c)) } : {}),
    })),
  };
}
