import { randomUUID } from 'node:crypto';
import { type Exchange, replyOf } from '../../../contracts/exchange.ts';
import { PATH } from '../../transport/request.ts';
import type { RunContext } from '../context.ts';
import { createdSids } from './create-burst.ts';
import { of } from './credential-routes.ts';
import { withFields } from '../model/execution.ts';

/** The request header of retry-safe creates (Stripe's, the IETF httpapi draft's); its value is new in every run. */
export const IDEMPOTENCY_HEADER = 'idempotency-key';

/**
 * The lifecycle's create sent twice, one after the other, with one Idempotency-Key and different
 * FriendlyNames (create.sid-from-server): the operation documents no such header, so each create is a create
 * of what it sent — a 201 showing its own fields — or, where the target supports the header, a
 * 4xx for a key reused with another body. A cache keyed by the header alone answers the second
 * with the first's profile. The key is new in every run: a target that supports it never sees it
 * from an earlier run (or a parallel shard). Once a run; two creates inside the create budget;
 * every profile a 201 names is deleted.
 */
export async function probeIdempotencyKey(ctx: RunContext, ex: Exchange): Promise<void> {
  const key = randomUUID();
  const made: Exchange[] = [];
  for (const which of ['first', 'second']) {
    const name = `${ex.case.fields.FriendlyName ?? 'Profile'} (${which} of two creates with one Idempotency-Key)`;
    const tc = withFields(ex.case, { ...ex.case.fields, FriendlyName: name }, `${ex.case.label}, FriendlyName ${name}: sent with the Idempotency-Key of the ${which === 'first' ? 'second' : 'first'}`);
    const sent = await ctx.sender.send({ ...tc, headers: { ...tc.headers, [IDEMPOTENCY_HEADER]: key } }, false, ex.index);
    if (!sent) break;
    ctx.answered(replyOf(sent));
    made.push(sent);
  }
  ex.idempotentCreates = made;
  // the sender counts them in live.deletedByChecks; a DELETE that fails leaves it to the cleanup
  for (const sid of new Set(createdSids(made))) await ctx.sender.follow('DELETE', `${ctx.base}${PATH}/${sid}`, of(ex, 'delete of a profile created with an Idempotency-Key'));
}
