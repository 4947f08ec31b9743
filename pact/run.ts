/**
 * Pact verification inside a run: the pacts the CLI (or a caller) prepared are verified against the
 * opened target after the suite, one check per interaction; certify() hands the checks to buildReport.
 */
import type { CheckReport } from '../contracts/report.ts';
import type { Credentials } from '../engine/transport/credentials.ts';
import { type BrokerOptions, mockProviderStates, type ProviderStates, policyProviderStates, verifyPacts } from './verify.ts';

export interface PactPlan {
  files: string[];
  broker?: BrokerOptions;
  provider: string;
  publish?: { providerVersion: string; providerVersionBranch?: string };
  /** some pact to verify has provider states (then a live target needs --policy-sid) */
  usesStates: boolean;
}

/** The target as the run opened it; `addPolicy` only for the embedded mock. */
export interface PactTarget {
  url: string;
  credentials: Credentials;
  addPolicy?: (policySid: string) => void;
}

/** Only the account: for broker pacts against a live target given no --policy-sid (their example PolicySid stays). */
const accountOnly =
  (accountSid: string): ProviderStates =>
  async ({ action, params }) =>
    action === 'setup' ? { ...params, accountSid } : undefined;

/** Runs the verification; one check per interaction. Prints one timing line to stderr. */
export async function runPactVerification(
  plan: PactPlan,
  target: PactTarget,
  opts: { timeoutMs: number; policySids?: string[]; log?: (line: string) => void },
): Promise<CheckReport[]> {
  const accountSid = target.credentials.accountSid;
  const states = target.addPolicy
    ? mockProviderStates({ addPolicy: target.addPolicy }, accountSid)
    : opts.policySids?.length
      ? policyProviderStates(opts.policySids, accountSid)
      : accountOnly(accountSid);
  const started = performance.now();
  const checks = await verifyPacts({
    targetUrl: target.url,
    credentials: target.credentials,
    pactFiles: plan.files,
    ...(plan.broker ? { broker: plan.broker } : {}),
    provider: plan.provider,
    ...(plan.publish ? { publish: plan.publish } : {}),
    states,
    timeoutMs: opts.timeoutMs,
  });
  const ms = Math.round(performance.now() - started);
  const failed = checks.filter((c) => c.status === 'fail').length;
  const skipped = checks.filter((c) => c.status === 'skip').length;
  opts.log?.(
    `pact: ${checks.length} interaction(s) verified in ${ms} ms: ${checks.length - failed - skipped} passed, ${failed} failed` +
      `${skipped ? `, ${skipped} skipped` : ''}${plan.publish ? `; results published as provider version ${plan.publish.providerVersion}` : ''}`,
  );
  return checks;
}

