/** What the end audit reads: a listed profile as it keeps it, a follow-up as a Reply, what two profiles differ in. */
import type { FollowUp, Reply } from '../../../contracts/exchange.ts';
import { SHOWN_FIELDS } from '../../transport/sender.ts';

/** What the audit keeps of a listed profile: its date_created, and the key of the three fields a create names it by. */
export interface Listed {
  created: unknown;
  key: string;
  /** what it shows of the fields its 201 showed (Sender.shown) */
  shown: string;
  /** every field it shows (wholeKey) */
  whole: string;
}

/** A failure the audit found, with the answer that shows it (else the end read's first page). */
export type Failure = { message: string; evidence?: Reply };

/** A follow-up of the audit as a Reply (the evidence of a failure). */
export function asReply(f: FollowUp, route: Reply['route'], purpose: string, auth: Reply['auth'] = 'valid'): Reply {
  return {
    route,
    request: f.request,
    ...(f.response ? { response: f.response } : {}),
    ...(f.error ? { error: f.error } : {}),
    auth,
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

/** The fields two wholeKey values differ in (a field one of them lacks included), as `field first → second`. */
export function wholeDifferences(a: string, b: string): string {
  const [x, y] = [JSON.parse(a) as Record<string, unknown>, JSON.parse(b) as Record<string, unknown>];
  const shown = (o: Record<string, unknown>, f: string) => (f in o ? JSON.stringify(o[f]) : '(absent)');
  return [...new Set([...Object.keys(x), ...Object.keys(y)])]
    .sort()
    .flatMap((f) => (shown(x, f) === shown(y, f) ? [] : [`${f} ${shown(x, f)} → ${shown(y, f)}`]))
    .join('; ');
}
