import { bodyObject } from '../checks/util.ts';
import { PATH } from '../request.ts';
import type { Phase } from './context.ts';

/**
 * The first fixed creates, followed up: read back, deleted, read again; then judged on that and
 * recorded. Not cut by a stop other than an interruption: the exchanges are already under way.
 */
export const followUpsPhase: Phase = {
  name: 'follow-ups',
  async run(ctx) {
    for (let ex = ctx.awaitingFollowUps.shift(); ex; ex = ctx.awaitingFollowUps.shift()) {
      if (!ctx.signal?.aborted) {
        const url = `${ctx.base}${PATH}/${bodyObject(ex.response)!.sid as string}`;
        ex.readBack = await ctx.sender.follow('GET', url);
        ex.deleted = await ctx.sender.follow('DELETE', url);
        const status = ex.deleted.response?.status ?? 0;
        // the run's own account: these profiles are gone before the cleanup, which counts only the rest
        if (status >= 200 && status < 300) ctx.sender.live.deletedByChecks = (ctx.sender.live.deletedByChecks ?? 0) + 1;
        ex.readAfterDelete = await ctx.sender.follow('GET', url);
        ctx.judgement.judgeFollowUps(ex);
      }
      ctx.emit(ex);
    }
  },
};
