/**
 * The class of a failure: the rule broken and the kind of case. A check's failures are counted per
 * class and each class keeps one example, so a target with several defects in one check shows
 * them all in one run.
 *
 * The kind of case:
 * - a case: its category, the rule it tests (`TestCase.rule`: an invalid case's broken rule, a
 *   coverage row's, e.g. `echo.exact`) and a credential shape other than the caller's own:
 *   `invalid · PolicySid.pattern`, `auth · auth.bearer-basic · credentials bearer-basic`. The
 *   fixed cases and coverage rows of a class (each sends one exact value) are listed in it;
 * - any other answer (a follow-up, a credential probe, the cleanup): its route, status and
 *   purpose, `fetch 401 · fetch of the profile with no credentials`; an answer a retry replaced:
 *   `create 503 (an answer the retry replaced) · <category>`.
 *
 * The rule broken: the part the check names (`Outcome.part`, e.g. the field echo.fields found
 * changed), the request of a sequence that broke it (its purpose), and the failure's message with
 * its values taken out (`shapeOf`): "got 500" and "got 400" are two classes, the same wrong field
 * on two hundred coverage rows is one.
 */
import type { Exchange, Reply } from '../../contracts/exchange.ts';

/** What a failure is shown with: a case's exchange, or any other answer of the run. */
export type Evidence = Exchange | Reply;

export const isReply = (e: Evidence): e is Reply => 'route' in e;

export interface ClassOf {
  kind: string;
  part?: string;
  /** the message with its values taken out */
  shape: string;
}

/** The key of a class within its check. */
export const classKey = (c: ClassOf): string => `${c.kind}\u0000${c.part ?? ''}\u0000${c.shape}`;

/**
 * A failure message with what varies from answer to answer taken out: quoted values, sids,
 * plan indices, URL queries, long numbers (timestamps, sizes, drifts). Statuses and short codes stay.
 */
export function shapeOf(message: string): string {
  return message
    // a quoted value, or one a message cut short (show() ends it with …)
    .replace(/"(?:[^"\\…]|\\.)*["…]/g, '"…"')
    .replace(/\b[A-Z]{2}[0-9a-fA-F]{32}\b/g, '<sid>')
    .replace(/#-?\d+/g, '#…')
    // a URL's query (PageSize, PageToken: where a walk stands) varies from walk to walk
    .replace(/\?[^\s)"]*/g, '?…')
    .replace(/\d+\.\d+|\d{4,}/g, 'N')
    .slice(0, 160);
}

/** The kind of case of a piece of evidence. */
export function kindOf(e: Evidence): string {
  if (isReply(e)) {
    const answer = e.response ? String(e.response.status) : `no answer (${e.error?.code ?? 'unknown'})`;
    if (e.route === 'create' && e.case) return `create ${answer}${e.absorbed ? ' (an answer the retry replaced)' : ''} · ${e.case.category}`;
    return `${e.route} ${answer} · ${e.purpose}`;
  }
  const tc = e.case;
  return [tc.category, tc.rule, tc.auth !== 'valid' ? `credentials ${tc.auth}` : undefined].filter(Boolean).join(' · ');
}

/** The class of a failure: its kind of case, and the rule broken (the check's part, after the request of a sequence that broke it, and the message's shape). */
export function classOf(e: Evidence, message: string, part?: string, step?: string): ClassOf {
  const parts = [step, part].filter((p): p is string => p !== undefined);
  // a message may name its case, in words: the words vary from case to case, the rule broken does not
  const label = isReply(e) ? e.case?.label : e.case.label;
  const plain = label ? message.split(label).join('<case>') : message;
  return { kind: kindOf(e), ...(parts.length ? { part: parts.join(': ') } : {}), shape: shapeOf(plain) };
}
