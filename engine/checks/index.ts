import { CATALOG, type CheckId } from '../../contracts/catalog.ts';
import { type AnswerScope, type Check, type CheckInfo, inScope, type Judge, type ReplyJudge, type StepJudge } from '../../contracts/check.ts';
import { replyOf } from '../../contracts/exchange.ts';
import * as bytes from './bytes.ts';
import * as contract from './contract.ts';
import * as fidelity from './fidelity.ts';
import * as identity from './identity.ts';
import * as lifecycle from './lifecycle.ts';
import * as update from './update.ts';
import * as lookup from './lookup.ts';
import { pairsOneAccount } from './pairs.ts';
import * as list from './list.ts';
import * as model from './model.ts';
import * as validation from './validation.ts';
import * as auth from './auth.ts';
import * as errors from './errors.ts';
import * as headers from './headers.ts';
import * as resource from './resource.ts';
import * as clock from './clock.ts';
import { noObservations } from '../../evidence/observations.ts';

type Entry<K extends CheckId> = Extract<(typeof CATALOG)[number], { id: K }>;
/**
 * A rule of `answers` is judged answer by answer (a ReplyJudge), a rule of the model command by
 * command (a StepJudge); any other judges a case's exchange.
 */
type JudgeOf<K extends CheckId> = Entry<K> extends { answers: AnswerScope } ? { reply: ReplyJudge } : Entry<K> extends { model: true } ? { step: StepJudge } : Judge;

/** Each catalog ID's judge: the compiler insists on exactly one per ID, of the kind its entry says. */
const JUDGES: { [K in CheckId]: JudgeOf<K> } = {
  'create.status-201': contract.status201,
  'create.success-201': { reply: contract.success201 },
  'update.status-200': { reply: contract.updateStatus200 },
  'create.burst': contract.burst201,
  'response.content-type-json': { reply: headers.successJson },
  'resource.schema': { reply: resource.resourceSchema },
  'list.page-schema': { reply: resource.listPageSchema },
  'delete.no-content': { reply: headers.deleteNoContent },
  'no-server-error': { reply: contract.noServerError },
  'no-credential-leak': { reply: contract.noCredentialLeak },
  'response.utf8-no-bom': { reply: bytes.utf8NoBom },
  'response.charset-utf8': { reply: bytes.charsetUtf8 },
  'response.unique-members': { reply: bytes.uniqueMembers },
  'response.json-interoperable': { reply: bytes.jsonInteroperable },
  'reject.invalid-4xx': validation.invalid4xx,
  'error.envelope': { reply: errors.errorEnvelope },
  'error.content-type-json': { reply: errors.errorContentType },
  'error.envelope-status': { reply: errors.envelopeStatus },
  'auth.required-401': validation.authRequired401,
  'reject.no-side-effect': validation.noSideEffect,
  'repeated-param.consistent': validation.repeatedConsistent,
  'missing.code-20001': fidelity.missing20001,
  'missing.only-when-absent': { reply: validation.missingOnlyWhenAbsent },
  'auth.code-20003': { reply: errors.authCode20003 },
  'error.more-info': { reply: errors.moreInfo },
  'not-found.code-20404': { reply: errors.notFound20404 },
  'rate-limit.code-20429': { reply: errors.rateLimit20429 },
  'json-body.as-missing': fidelity.jsonBodyAsMissing,
  'echo.fields': fidelity.echoFields,
  'create.initial-state': { reply: resource.initialState },
  'resource.timestamps-gmt': { reply: resource.timestampsGmt },
  'create.timestamps-server-clock': { reply: resource.serverClock },
  'response.date-header': { reply: headers.dateHeader },
  'response.date-imf-fixdate': { reply: headers.dateImfFixdate },
  'create.timestamps-now': { reply: resource.timestampsNow },
  'response.date-advances': { reply: clock.dateAdvances },
  'create.date-created-advances': { reply: clock.createdAdvances },
  'resource.url': { reply: resource.urlAndLinks },
  'resource.account-sid': { reply: resource.accountSid },
  'create.unique-sid': fidelity.uniqueSid,
  'extra-params.ignored': fidelity.extraParamsIgnored,
  'readback.same': fidelity.readBackSame,
  'delete.gone': fidelity.deleteGone,
  // skips unless run --observations replaces it (evidence/observations.ts withObservations)
  'observed.behaviour': noObservations,
  'auth.challenge': { reply: auth.challenge },
  'response.allow-405': { reply: errors.allow405 },
  'auth.scheme-case-insensitive': { reply: auth.schemeCaseInsensitive },
  'list.shows-created': lifecycle.listShowsCreated,
  'list.own-account': { reply: resource.listOwnAccount },
  'list.paging': lifecycle.listPaging,
  'list.previous-page': lifecycle.previousPage,
  'methods.keep-profile': lifecycle.keepProfile,
  'delete.concurrent': lifecycle.deleteConcurrent,
  'delete.unknown-404': lifecycle.deleteUnknown404,
  'create.sid-from-server': identity.sidFromServer,
  'lookup.account-param': identity.accountParam,
  'resource.url-not-from-request': identity.urlNotFromRequest,
  'list.conditional-fresh': identity.conditionalFresh,
  'lookup.sid-exact': lookup.sidExact,
  'lookup.update-of-none': lookup.updateOfNone,
  'update.date-created-kept': update.updateKeepsDateCreated,
  'update.unsent-kept': update.updateKeepsUnsent,
  'update.callback-absolute': update.updateRefusesRelativeCallback,
  'update.applied': update.updateApplied,
  'update.status-enum': update.updateStatusInEnum,
  'update.listed-by-name': update.updateListedByName,
  'update.answer-stored': update.updateAnswerStored,
  'update.date-updated-moves': update.updateMovesDateUpdated,
  'update.filtered-listed': update.updateFilteredListed,
  'update.repeated-param': update.updateRepeatedParam,
  'lookup.other-account-404': lookup.otherAccount404,
  'auth.pairs-one-account': pairsOneAccount,
  'route.path-exact': lookup.pathExact,
  'not-found.envelope': lifecycle.notFoundIsEnvelope,
  'auth.follow-up-routes': { reply: auth.followUpRoutes },
  'auth.before-lookup': { reply: auth.beforeLookup },
  'auth.refused-delete-keeps': auth.refusedDeleteKeeps,
  'auth.refused-update-keeps': auth.refusedUpdateKeeps,
  'list.page-size': { reply: list.pageSize },
  'list.page-index': { reply: list.pageIndex },
  'list.meta-key': { reply: list.metaKey },
  'list.valid-query-200': { reply: list.validQuery200 },
  'list.invalid-paging-4xx': { reply: list.invalidPaging4xx },
  'list.filters': { reply: list.filters },
  'list.filter-complete': list.filterComplete,
  'list.walk-complete': list.walkComplete,
  'list.same-as-created': list.sameAsCreated,
  'account.model': { step: model.accountModel },
  'list.exact': { step: model.listExact },
  'fetch.no-update': fidelity.fetchNoUpdate,
  'account.list-paging': { step: model.listPaging },
  'account.list-filter': { step: model.listFilter },
  'reject.no-trace': { step: model.rejectNoTrace },
};

/**
 * A check from its entry and judge. A rule of `answers` also judges the create's own final answer
 * through `judge` (so shrinking, replay and the differential run see it like any check).
 */
function checkOf(info: CheckInfo, judge: Judge | { reply: ReplyJudge } | { step: StepJudge }): Check {
  if (typeof judge === 'function') return { ...info, judge };
  // a rule of the model judges the commands of the model phase, never a case
  if ('step' in judge) return { ...info, judge: () => null, judgeStep: judge.step };
  const scope = info.answers!;
  const judgeReply = judge.reply;
  return {
    ...info,
    judgeReply,
    judge: (ex, ctx) => {
      const reply = replyOf(ex);
      return inScope(scope, reply) ? judgeReply(reply, ctx) : null;
    },
  };
}

/** The checks, in catalog order. */
export const CHECKS: readonly Check[] = CATALOG.map((info) => checkOf(info, JUDGES[info.id]));
