/** What the end audit reads: a listed profile as it keeps it, a follow-up as a Reply, what two profiles differ in. */
import type { FollowUp, Reply } from '../../../contracts/exchange.ts';
import { SHOWN_FIELDS } from '../../transport/sender.ts';

/** What the audit keeps of a listed profile: its date_created, and the key of the three fields a create names it by. */
export interface Listed {
  created: unknown;
  key: string;
  /** what it shows of the fields its 201 showed (Sender.shown) */
  shown: string;
}

/** A failure the audit found, with the answer that shows it (else the end read's first page). */
export type Failure = { message: string; evidence?: Reply };

/** A follow-up of the audit as a Reply (the evidence of a failure). */
export function asReply(f: FollowUp, route: Reply['route'], purpose: string): Reply {
  return {
    route,
    request: f.request,
    ...(f.response ? { response: f.response } : {}),
    ...(f.error ? { error: f.error } : {}),
    auth: 'valid',
    latencyMs: 0,
    receivedAt: Date.now(),
    absorbed: false,
    index: -1,
    purpose,
  };
}

/** The fields two shownKey values differ in, as `field listed → fetched`. */
export function differences(a: string, b: string): string {
  const [x, y] = [JSON.parse(a) as unknown[], JSON.parse(b) as unknown[]];
  return SHOWN_FIELDS.flatMap((f, i) => (JSON.stringify(x[i]) === JSON.stringify(y[i]) ? [] : [`${f} ${JSON.stringify(x[i])} → ${JSON.stringify(y[i])}`])).join('; ');
}
