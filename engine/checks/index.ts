import { CATALOG, type CheckId } from '../../contracts/catalog.ts';
import type { Check, Judge } from '../../contracts/check.ts';
import * as bytes from './bytes.ts';
import * as contract from './contract.ts';
import * as fidelity from './fidelity.ts';
import * as lifecycle from './lifecycle.ts';
import * as validation from './validation.ts';
import * as auth from './auth.ts';
import { noObservations } from '../../evidence/observations.ts';

/** Each catalog ID's judge: the compiler insists on exactly one per ID. */
const JUDGES: Record<CheckId, Judge> = {
  'create.status-201': contract.status201,
  'create.content-type-json': contract.contentTypeJson,
  'create.body-schema': contract.bodySchema,
  'no-server-error': contract.noServerError,
  'no-credential-leak': contract.noCredentialLeak,
  'response.utf8-no-bom': bytes.utf8NoBom,
  'response.charset-utf8': bytes.charsetUtf8,
  'response.unique-members': bytes.uniqueMembers,
  'reject.invalid-4xx': validation.invalid4xx,
  'reject.error-envelope': validation.errorEnvelope,
  'reject.content-type-json': validation.contentTypeJson,
  'reject.envelope-status': validation.envelopeStatus,
  'auth.required-401': validation.authRequired401,
  'reject.no-side-effect': validation.noSideEffect,
  'repeated-param.consistent': validation.repeatedConsistent,
  'missing.code-20001': fidelity.missing20001,
  'auth.code-20003': fidelity.authCode20003,
  'error.more-info': fidelity.moreInfo,
  'json-body.as-missing': fidelity.jsonBodyAsMissing,
  'echo.fields': fidelity.echoFields,
  'create.initial-state': fidelity.initialState,
  'create.timestamps-gmt': fidelity.timestampsGmt,
  'create.timestamps-server-clock': fidelity.serverClock,
  'response.date-header': fidelity.dateHeader,
  'create.timestamps-now': fidelity.timestampsNow,
  'create.url': fidelity.urlAndLinks,
  'create.account-sid': fidelity.accountSid,
  'create.unique-sid': fidelity.uniqueSid,
  'extra-params.ignored': fidelity.extraParamsIgnored,
  'readback.same': fidelity.readBackSame,
  'delete.gone': fidelity.deleteGone,
  // skips unless run --observations replaces it (evidence/observations.ts withObservations)
  'observed.behaviour': noObservations,
  'auth.challenge': auth.challenge,
  'auth.scheme-case-insensitive': auth.schemeCaseInsensitive,
  'list.shows-created': lifecycle.listShowsCreated,
  'list.own-account': lifecycle.listOwnAccount,
  'delete.unknown-404': lifecycle.deleteUnknown404,
  'not-found.envelope': lifecycle.notFoundIsEnvelope,
  'auth.follow-up-routes': lifecycle.followUpRoutesNeedAuth,
};

/** The checks, in catalog order. */
export const CHECKS: readonly Check[] = CATALOG.map((info) => ({ ...info, judge: JUDGES[info.id] }));
