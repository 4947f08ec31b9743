import type { Exchange } from '../../../contracts/exchange.ts';
import { PATH } from '../../transport/request.ts';
import type { RunContext } from '../context.ts';

/**
 * Once a run: the first profile the list before the run showed whole (RunContext.wholeBefore) is
 * fetched (fetch.no-update: a read that records itself on the row moves date_updated). The run's own
 * profiles are read too soon after their create for a read that writes only now and then to show;
 * a profile older than the run is not. A read only; nothing when the account held none.
 */
export async function probePreRunRead(ctx: RunContext, ex: Exchange): Promise<void> {
  const first = ctx.wholeBefore?.entries().next().value;
  if (!first) return;
  const [sid, item] = first;
  const fetch = await ctx.sender.follow('GET', `${ctx.base}${PATH}/${sid}`, { purpose: 'fetch of a profile the list showed before the run' });
  ex.preRunRead = { sid, item, fetch };
}
