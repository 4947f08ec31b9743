import type { AuthMode, CaseCategory, Expectation, FormParams, TestCase } from '../../contracts/exchange.ts';
import { type EncodeFormOptions, encodeForm } from '../encodeForm.ts';

export const FORM_CONTENT_TYPE = 'application/x-www-form-urlencoded';

export interface FormCaseSpec {
  category: CaseCategory;
  label: string;
  expect: Expectation;
  params: FormParams;
  fields: Record<string, string>;
  rule?: string;
  missing?: string[];
  encoding?: EncodeFormOptions;
  contentType?: string;
  auth?: AuthMode;
  /** the body when the caller has already encoded `params` with `encoding` (saves encoding twice) */
  body?: string;
}

/** A case whose body is the params, form-encoded. */
export function formCase(spec: FormCaseSpec): TestCase {
  const testCase: TestCase = {
    category: spec.category,
    label: spec.label,
    expect: spec.expect,
    fields: spec.fields,
    contentType: spec.contentType ?? FORM_CONTENT_TYPE,
    body: spec.body ?? encodeForm(spec.params, spec.encoding),
    auth: spec.auth ?? 'valid',
  };
  if (spec.rule !== undefined) testCase.rule = spec.rule;
  if (spec.missing !== undefined) testCase.missing = spec.missing;
  return testCase;
}
