/**
 * The public API of the generators: arbitraries of TestCases (contracts/exchange.ts) for
 * POST /v1/CustomerProfiles, the fixed cases, and the exact form encoder.
 */
export type { GeneratorOptions } from './options.ts';

// cases
export { validCase } from './validCase.ts';
export { invalidCase, INVALID_KINDS } from './invalidCase.ts';
export { missingFieldCase, MISSING_FIELD_KINDS } from './missingFieldCase.ts';
export { emptyFieldCase, EMPTY_FIELD_KINDS } from './emptyFieldCase.ts';
export { invalidPolicySidCase, POLICY_SID_KINDS } from './invalidPolicySidCase.ts';
export { invalidStatusCallbackCase, STATUS_CALLBACK_KINDS } from './invalidStatusCallbackCase.ts';
export { bodyEncodingCase, BODY_ENCODING_KINDS } from './bodyEncodingCase.ts';
export { wireVariantCase, FORM_CONTENT_TYPES } from './wireVariantCase.ts';
export { extraParamsCase, EXTRA_PARAM_NAMES } from './extraParamsCase.ts';
export { repeatedParamCase } from './repeatedParamCase.ts';
export { valueSpaceCase } from './valueSpaceCase.ts';
export { fixedCases, OPENAPI_EXAMPLE, SEED_EXAMPLE, SEED_EXAMPLE_POLICY_SID } from './fixedCases.ts';
export { alteredPairWords, CLIENT_ADDRESSES, CREDENTIAL_WORDS, credentialCases, headerWords, OTHER_PAIR_BAD_POLICY_SID, otherPairCases, WRONG_CREDENTIALS } from './credentialCases.ts';
export { DRAFT_SPELLINGS, OTHERS, RELATIVE_CALLBACK, STATUSES_OUTSIDE_ENUM, STATUSES_SENT, updateSteps, type UpdateOthers, type UpdateStepPlan } from './updateSteps.ts';
export { allUpdateValues, type UpdateValue } from './updateValues.ts';
export { CLIENT_PROFILES, type ClientProfile, identityHeaders, profileWords, TURKISH } from './clientProfiles.ts';

// fields
export { validFields, type RequestFields, type FieldName, REQUIRED_FIELDS, WIRE_ORDER } from './validFields.ts';
export { friendlyName } from './friendlyName.ts';
export { email } from './email.ts';
export { policySid, type PolicySidConstraints } from './policySid.ts';
export { statusCallbackUrl } from './statusCallbackUrl.ts';

// the whole value space: any text, any mail address form, any callback URI part, any legal spelling, parameters the create does not take
export { nameLengthExpectation, NAME_LENGTH_TAKEN, textExpectation, unicodeText } from './unicodeText.ts';
export { emailAnyForm } from './emailAnyForm.ts';
export { callbackUri } from './callbackUri.ts';
export { formSpelling } from './formSpelling.ts';
export { notTakenParams, type NotTaken } from './notTakenParams.ts';

// shrinking: the simplest valid value of each parameter
export { simplified, simplifySteps, type SimplifyStep } from './simplify.ts';

// form encoding
export { encodeForm, type EncodeFormOptions, RAW_IN_VALUES, RAW_SAFE, utf8Bytes } from './encodeForm.ts';
export { decodeForm, firstValues } from './decodeForm.ts';

// the deterministic coverage phase: one exact value per row
export { coverageCases, coverageRows, type CoverageRow } from './coverage/index.ts';
export { BROWSER_ACCEPT, WIDE_ACCEPT } from './coverage/requests.ts';
export { NAMES_LISTED_BY_THEMSELVES } from './coverage/friendlyName.ts';
