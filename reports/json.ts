import type { Report } from '../contracts/report.ts';
import { withoutCredentials } from './redact.ts';

// JSON.stringify escapes C0 controls and lone surrogates, but not DEL, C1 controls (U+009B is
// an 8-bit CSI to some terminals), the JavaScript line separators, the bidi embeddings,
// overrides and isolates (they reorder what `cat` shows) or the XML non-characters.
const UNESCAPED = /[\u007f-\u009f\u202a-\u202e\u2066-\u2069\u2028\u2029\ufffe\uffff]/g;

/**
 * report.json: the report model as is (its shape is versioned by REPORT_SCHEMA_VERSION), pretty
 * printed. Target text stays verbatim, every control character \u-escaped, so `cat report.json`
 * cannot drive a terminal. Only Authorization values are redacted.
 */
export function renderJson(report: Report): string {
  const text = JSON.stringify(withoutCredentials(report), null, 2).replace(
    UNESCAPED,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  return `${text}\n`;
}
