import { SID_PATTERNS } from '../contracts/schemas.ts';

/** What every case generator accepts. */
export interface GeneratorOptions {
  /**
   * Policy SIDs the target accepts (a live target only accepts existing policies). When
   * given, every well-formed PolicySid is drawn from this list, and malformed ones are
   * derived from its entries.
   */
  policySids?: string[];
}

const POLICY_SID = new RegExp(SID_PATTERNS.policy);

/** The caller's policy SIDs, checked; undefined when none were given. Throws on misuse. */
export function checkedPolicySids(api: string, opts: GeneratorOptions | undefined): readonly string[] | undefined {
  const sids = opts?.policySids;
  if (sids === undefined) return undefined;
  if (sids.length === 0) {
    throw new Error(`${api}: policySids is empty; give at least one RN… SID or leave the option out`);
  }
  for (const sid of sids) {
    if (!POLICY_SID.test(sid)) {
      throw new Error(`${api}: policySids entry ${JSON.stringify(sid)} does not match ${SID_PATTERNS.policy}`);
    }
  }
  return [...sids];
}
