/**
 * Before the plan: is the target there, and does it take the credentials? One authenticated read
 * (GET /v1/CustomerProfiles?PageSize=1) answers both. With a wait (--wait-for-target) it is
 * repeated until the target answers anything at all; a 401 stops everything before the first
 * create, naming where the credentials came from (never their values).
 */
import { ToolError } from '../../contracts/errors.ts';
import { basicAuth, type Credentials } from '../transport/credentials.ts';
import { createHttpClient, type HttpResult } from '../transport/http.ts';
import { PATH, USER_AGENT } from '../transport/request.ts';
import { sleep } from '../transport/retry.ts';

export interface ReachOptions {
  url: string;
  credentials: Credentials;
  /** where the credentials came from, by name: said when the target refuses them */
  credentialsFrom?: string;
  headers?: Readonly<Record<string, string>>;
  timeoutMs: number;
  caFile?: string;
  insecure?: boolean;
  /** keep asking until the target answers, at most this long (ms); without it one attempt */
  waitMs?: number;
  signal?: AbortSignal;
  log?: (line: string) => void;
}

/** The read that tells whether the target accepts the credentials. */
export const CREDENTIALS_READ = `${PATH}?PageSize=1`;

/** Pause between attempts while waiting for a target to come up. */
const POLL_MS = 500;

/**
 * Ask the target once (or until it answers, with a wait). Resolves with the answer's status, or
 * undefined when one attempt got no answer (the run then finds out what it can); throws a
 * CT_ERR_CREDENTIALS ToolError on 401 and a CT_ERR_UNREACHABLE one when a wait ran out.
 */
export async function reachTarget(o: ReachOptions): Promise<number | undefined> {
  const http = createHttpClient({ connections: 1, timeoutMs: o.timeoutMs, maxResponseBytes: 64 * 1024, caFile: o.caFile, insecure: o.insecure });
  const headers = { ...o.headers, authorization: basicAuth(o.credentials.username, o.credentials.password), 'user-agent': USER_AGENT };
  const started = Date.now();
  let said = false;
  let last: HttpResult;
  try {
    for (;;) {
      last = await http.send({ method: 'GET', url: `${o.url}${CREDENTIALS_READ}`, headers });
      if (last.ok || o.waitMs === undefined || o.signal?.aborted) break;
      const left = o.waitMs - (Date.now() - started);
      if (left <= 0) {
        throw new ToolError('CT_ERR_UNREACHABLE', `${o.url} did not answer within ${Math.round(o.waitMs / 1000)} s of waiting (last: ${last.error.code}); nothing was sent`);
      }
      if (!said) o.log?.(`waiting up to ${Math.round(o.waitMs / 1000)} s for ${o.url} to answer (${last.error.code})`);
      said = true;
      await sleep(Math.min(POLL_MS, left), o.signal);
    }
  } finally {
    await http.close().catch(() => undefined);
  }
  if (!last.ok) return undefined;
  const status = last.response.status;
  if (status === 401) {
    const from = o.credentialsFrom ? ` (credentials from ${o.credentialsFrom}; values not shown)` : '';
    throw new ToolError(
      'CT_ERR_CREDENTIALS',
      `${o.url} refused the credentials: GET ${CREDENTIALS_READ} answered 401${from}; nothing else was sent`,
    );
  }
  return status;
}
