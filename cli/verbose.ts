/**
 * -v/--verbose: one line per judged exchange on stderr, and one per other answer (the reads,
 * lists and DELETEs after a create, the credential probes, the cleanup, an answer a retry
 * replaced). Only what the suite decides is printed (index, category or route, method, status or
 * error code, latency, what the request was for, the ids of the failing checks): no URL, header or
 * body, so no secret can reach the terminal; the line is still redacted.
 */
import type { Exchange, Reply } from '../contracts/exchange.ts';
import { redact } from '../engine/transport/credentials.ts';
import { inert } from './output.ts';

/** `#12 valid POST 201 34 ms` or `#40 status-callback POST 500 3 ms FAIL no-server-error` */
export function verboseLine(ex: Exchange, failed: readonly string[], secrets: readonly string[] = []): string {
  const answer = ex.response ? String(ex.response.status) : `error ${ex.error?.code ?? 'unknown'}`;
  const verdict = failed.length ? ` FAIL ${failed.join(',')}` : '';
  const line = `#${ex.index} ${ex.case.category} ${ex.request.method} ${answer} ${Math.round(ex.latencyMs)} ms${verdict}`;
  return inert(redact(line, secrets));
}

/** `#3 fetch GET 401 5 ms (fetch of the profile with no credentials)`; `#- delete DELETE 204 3 ms (cleanup)` for an answer of no case */
export function replyLine(reply: Reply, failed: readonly string[], secrets: readonly string[] = []): string {
  const answer = reply.response ? String(reply.response.status) : `error ${reply.error?.code ?? 'unknown'}`;
  const verdict = failed.length ? ` FAIL ${failed.join(',')}` : '';
  const replaced = reply.absorbed ? ', replaced by a retry' : '';
  const line = `#${reply.index < 0 ? '-' : reply.index} ${reply.route} ${reply.request.method} ${answer} ${Math.round(reply.latencyMs)} ms (${reply.purpose}${replaced})${verdict}`;
  return inert(redact(line, secrets));
}

/** The run's onExchange and onReply for --verbose: each writes its lines to `write`. */
export function verbose(secrets: readonly string[], write: (line: string) => void = (l) => process.stderr.write(`${l}\n`)) {
  return {
    onExchange: (ex: Exchange, failed: readonly string[]) => write(verboseLine(ex, failed, secrets)),
    onReply: (reply: Reply, failed: readonly string[]) => write(replyLine(reply, failed, secrets)),
  };
}
