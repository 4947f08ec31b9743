import fc from 'fast-check';

/** one unit arbitrary per digit set, so fc.string prepares its edge-case slices once (same values) */
const units = new Map<string, fc.Arbitrary<string>>();

const hex = (digits: string): fc.Arbitrary<string> => {
  let unit = units.get(digits);
  if (!unit) {
    unit = fc.constantFrom(...digits);
    units.set(digits, unit);
  }
  return fc.string({ unit, minLength: 32, maxLength: 32 });
};

export interface PolicySidConstraints {
  /** draw from these SIDs only (already checked well-formed) */
  policySids?: readonly string[];
}

/**
 * A well-formed PolicySid: `RN` + 32 hex digits (seed: PolicySid, ^RN[0-9a-fA-F]{32}$), with
 * lower-case, upper-case and, most often, mixed-case digits; or one of the given SIDs.
 */
export function policySid(constraints: PolicySidConstraints = {}): fc.Arbitrary<string> {
  if (constraints.policySids) {
    if (constraints.policySids.length === 0) throw new Error('policySid: policySids must hold at least one SID');
    return fc.constantFrom(...constraints.policySids);
  }
  return fc
    .oneof(
      { weight: 3, arbitrary: hex('0123456789abcdefABCDEF') },
      { weight: 1, arbitrary: hex('0123456789abcdef') },
      { weight: 1, arbitrary: hex('0123456789ABCDEF') },
    )
    .map((digits) => `RN${digits}`);
}
