import { type Exchange, replyOf } from '../../../contracts/exchange.ts';
import { DOCUMENTED_POLICY } from '../../../contracts/schemas.ts';
import { PATH } from '../../transport/request.ts';
import type { RunContext } from '../context.ts';
import { withFields } from '../model/execution.ts';
import { createdSids } from './create-burst.ts';
import { of } from './credential-routes.ts';

/**
 * The lifecycle's create sent once more with the policy twilio-behaviour.md names (the Secondary
 * Customer Profile's, RNdfbf…), judged by the rules of its answer's kind: the real API refuses it
 * ("can only be created through Twilio console"), and a profile it makes starts as draft like any
 * other (create.initial-state: a server that sends that policy's profiles to review at once). The
 * profile is deleted at once (the sender counts it; a DELETE that fails leaves it to the cleanup), before the second
 * account's lists filtered by that policy, so what they show never depends on where a shard's share
 * of the plan put it. Once a run, inside the create budget.
 */
export async function probeDocumentedPolicy(ctx: RunContext, ex: Exchange): Promise<void> {
  const tc = withFields(ex.case, { ...ex.case.fields, PolicySid: DOCUMENTED_POLICY }, `${ex.case.label}, PolicySid ${DOCUMENTED_POLICY} (the policy twilio-behaviour.md names)`);
  const made = await ctx.sender.send(tc, false, ex.index);
  if (!made) return;
  ctx.answered(replyOf(made));
  for (const sid of createdSids([made])) await ctx.sender.follow('DELETE', `${ctx.base}${PATH}/${sid}`, of(ex, 'delete of the profile created with the documented policy'));
}
