/**
 * -v/--verbose: one line per judged exchange on stderr. Only what the suite decides is printed
 * (index, category, method, status or error code, latency, the ids of the failing checks): no
 * URL, header or body, so no secret can reach the terminal; the line is still redacted.
 */
import type { Exchange } from '../contracts/exchange.ts';
import { redact } from '../engine/transport/credentials.ts';
import { inert } from './output.ts';

/** `#12 valid POST 201 34 ms` or `#40 status-callback POST 500 3 ms FAIL no-server-error` */
export function verboseLine(ex: Exchange, failed: readonly string[], secrets: readonly string[] = []): string {
  const answer = ex.response ? String(ex.response.status) : `error ${ex.error?.code ?? 'unknown'}`;
  const verdict = failed.length ? ` FAIL ${failed.join(',')}` : '';
  const line = `#${ex.index} ${ex.case.category} ${ex.request.method} ${answer} ${Math.round(ex.latencyMs)} ms${verdict}`;
  return inert(redact(line, secrets));
}

/** The run's onExchange for --verbose: writes each line to `write`. */
export function verbose(secrets: readonly string[], write: (line: string) => void = (l) => process.stderr.write(`${l}\n`)) {
  return (ex: Exchange, failed: readonly string[]) => write(verboseLine(ex, failed, secrets));
}
