import type { FaultName } from './faults.ts';

/** Twilio error codes the mock answers with. Only 20001, 20003 and 20404 are documented for this API. */
export const CODES = {
  /** Missing required parameter (documented) */
  missing: 20001,
  /** Authenticate (documented) */
  authenticate: 20003,
  /** Method not allowed */
  methodNotAllowed: 20004,
  /** The requested resource was not found (documented) */
  notFound: 20404,
  /** Internal server error */
  internal: 20500,
  /**
   * Invalid parameter: Twilio's documented generic code for "a parameter value is incorrectly formatted or
   * is not an accepted option" (HTTP 400, message `Invalid parameter: <Name>`). The code Twilio uses for a
   * malformed PolicySid or StatusCallback is not documented.
   */
  invalidParameter: 60200,
} as const;

/** Code for an error that has no documented Twilio code: 20000 + the HTTP status (as 20404, 20429, 20500 are). */
export function genericCode(status: number): number {
  return 20_000 + status;
}

export interface Envelope {
  code: number;
  message: string;
  more_info: string;
  status: number;
}

export function moreInfo(code: number, fault: FaultName | null, status = 400): string {
  if (fault === 'not-found-more-info-http' && status === 404) return `http://www.twilio.com/docs/errors/${code}`;
  return fault === 'more-info-wrong' ? `https://example.com/errors/${code}` : `https://www.twilio.com/docs/errors/${code}`;
}

/** An error as it goes on the wire: content type and body text, with the envelope faults applied. */
export function errorBody(status: number, code: number, message: string, fault: FaultName | null): { type: string; body: string } {
  if (status === 400 && fault === 'plain-text-errors') {
    return { type: 'text/plain; charset=utf-8', body: `Error ${code}: ${message}` };
  }
  const envelope: Envelope = {
    code,
    message,
    more_info: moreInfo(code, fault, status),
    status: status === 400 && fault === 'envelope-status-200' ? 200 : status,
  };
  const type = fault === 'error-text-html' ? 'text/html; charset=utf-8' : fault === 'not-found-text-plain' && status === 404 ? 'text/plain; charset=utf-8' : 'application/json';
  return { type, body: JSON.stringify(envelope) };
}
