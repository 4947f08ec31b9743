import type { Report } from './model.ts';
import { withoutCredentials } from './redact.ts';

/**
 * report.json: the report model as is (its shape is versioned by REPORT_SCHEMA_VERSION), pretty
 * printed. Target text stays verbatim: JSON.stringify escapes control characters and lone
 * surrogates, so the file holds no raw ESC or NUL. Only Authorization values are redacted.
 */
export function renderJson(report: Report): string {
  return `${JSON.stringify(withoutCredentials(report), null, 2)}\n`;
}
