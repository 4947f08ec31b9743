/**
 * The simplest valid value of each create parameter, and a case with one of its parameters set to
 * it: what shrinking tries, field by field, after fast-check's shrinker, so that a counterexample
 * keeps junk only in the fields its failure depends on.
 */
import type { TestCase } from '../contracts/exchange.ts';
import { describeFields } from './_internals/describe.ts';
import { encodeForm } from './encodeForm.ts';
import { SEED_EXAMPLE_POLICY_SID } from './fixedCases.ts';
import type { GeneratorOptions } from './options.ts';
import type { FieldName, RequestFields } from './validFields.ts';

/** One step: set `field` to `value` (undefined: leave the optional parameter out). */
export interface SimplifyStep {
  field: FieldName;
  value: string | undefined;
}

/**
 * The steps, in order: FriendlyName "Acme", Email "a@example.com", PolicySid the first given
 * (else the seed example's), StatusCallback left out, else "https://example.com/cb".
 */
export function simplifySteps(opts: GeneratorOptions = {}): SimplifyStep[] {
  return [
    { field: 'FriendlyName', value: 'Acme' },
    { field: 'Email', value: 'a@example.com' },
    { field: 'PolicySid', value: opts.policySids?.[0] ?? SEED_EXAMPLE_POLICY_SID },
    { field: 'StatusCallback', value: undefined },
    { field: 'StatusCallback', value: 'https://example.com/cb' },
  ];
}

/** Cases whose body is a special form of its own, or whose point is the request as a whole. */
const UNTOUCHED = new Set<TestCase['category']>(['body-encoding', 'seed-example', 'auth']);

/** The parameters a case's rule is about (`PolicySid.pattern`, `FriendlyName.empty+Email.empty`). */
function ruleFields(tc: TestCase): Set<string> {
  const names = new Set(tc.missing ?? []);
  for (const part of tc.rule?.split('+') ?? []) names.add(part.split('.')[0]!);
  return names;
}

function decoded(text: string): string | undefined {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return undefined;
  }
}

/**
 * The case with one parameter simplified, or undefined when the step does not apply: the case's
 * rule is about that parameter, it is absent or repeated, it already has that value, or the body
 * is not a plain form. Only that parameter's bytes change; every other one is sent as it was.
 */
export function simplified(tc: TestCase, step: SimplifyStep): TestCase | undefined {
  if (UNTOUCHED.has(tc.category) || !/^application\/x-www-form-urlencoded/i.test(tc.contentType ?? '')) return undefined;
  if (ruleFields(tc).has(step.field)) return undefined;
  if (step.value === undefined && step.field !== 'StatusCallback') return undefined;
  const segments = tc.body.split('&');
  const at = segments.flatMap((seg, i) => (decoded(seg.split('=')[0]!) === step.field ? [i] : []));
  if (at.length !== 1) return undefined;
  const i = at[0]!;
  const segment = segments[i]!;
  const eq = segment.indexOf('=');
  if (eq < 0 || decoded(segment.slice(eq + 1)) === step.value) return undefined;
  const fields = { ...tc.fields };
  if (step.value === undefined) {
    segments.splice(i, 1);
    delete fields[step.field];
  } else {
    segments[i] = `${segment.slice(0, eq)}=${encodeForm([['', step.value]]).slice(1)}`;
    if (Object.hasOwn(tc.fields, step.field)) fields[step.field] = step.value;
  }
  const label = tc.category === 'valid' ? `valid request: ${describeFields(fields as unknown as RequestFields)}` : tc.label;
  return { ...tc, label, fields, body: segments.join('&') };
}
