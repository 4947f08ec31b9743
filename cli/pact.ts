/**
 * The `run` command's Pact part, kept beside pact/verify.ts so the shared CLI files only call it:
 * read and check the pact flags before anything is sent (bad file or flag: exit 2; unreachable
 * broker: exit 3, one line each), verify after the run, and fold the checks into the report.
 */
import { resolve } from 'node:path';
import { UsageError } from './errors.ts';
import {
  type BrokerOptions,
  checkBroker,
  DEFAULT_CONSUMER_VERSION_SELECTORS,
  loadPactFile,
  PROJECT_PACT_FILE,
  PROVIDER,
} from '../pact/verify.ts';

/** The `run` flags this part reads. */
export interface PactFlags {
  pact?: boolean;
  pactFile?: string[];
  pactBrokerUrl?: string;
  pactConsumerVersionSelector?: string[];
  pactProvider?: string;
  pactPublish?: boolean;
  providerVersion?: string;
  providerVersionBranch?: string;
  target?: string;
  policySid?: string[];
  timeout: number;
}

import type { PactPlan } from '../pact/run.ts';

export type { PactPlan, PactTarget } from '../pact/run.ts';



function parseSelectors(values: string[]): Record<string, unknown>[] {
  return values.flatMap((text) => {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw new UsageError(`--pact-consumer-version-selector takes JSON, e.g. '{"mainBranch":true}', got ${JSON.stringify(text)}`);
    }
    const list = Array.isArray(value) ? value : [value];
    if (list.length === 0 || !list.every((s) => typeof s === 'object' && s !== null && !Array.isArray(s) && Object.keys(s).length > 0)) {
      throw new UsageError(`--pact-consumer-version-selector takes a JSON object (or an array of them) with at least one key, got ${JSON.stringify(text)}`);
    }
    return list as Record<string, unknown>[];
  });
}

function brokerUrl(value: string): string {
  let u: URL;
  try {
    u = new URL(value);
  } catch {
    throw new UsageError(`--pact-broker-url is not a URL: ${JSON.stringify(value)}`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new UsageError(`--pact-broker-url must be an http or https URL, got ${u.protocol}`);
  if (u.username || u.password) throw new UsageError('--pact-broker-url must not carry credentials; set PACT_BROKER_TOKEN');
  return value.replace(/\/+$/, '');
}

/**
 * Reads the pact flags; undefined when the run verifies no pact. Checks every pact file and
 * asks the broker once, so a problem stops the run before it sends anything.
 */
export async function preparePact(flags: PactFlags, env: NodeJS.ProcessEnv = process.env): Promise<PactPlan | undefined> {
  const wanted = Boolean(flags.pact || flags.pactFile?.length || flags.pactBrokerUrl);
  if (!wanted) {
    const stray = [
      flags.pactPublish && '--pact-publish',
      flags.providerVersion && '--provider-version',
      flags.providerVersionBranch && '--provider-version-branch',
      flags.pactConsumerVersionSelector?.length && '--pact-consumer-version-selector',
    ].filter(Boolean);
    if (stray.length) throw new UsageError(`${stray.join(', ')} ${stray.length === 1 ? 'needs' : 'need'} --pact-broker-url`);
    return undefined;
  }
  const files = [...(flags.pact ? [PROJECT_PACT_FILE] : []), ...(flags.pactFile ?? []).map((f) => resolve(f))];
  const pacts = await Promise.all(files.map((f) => loadPactFile(f)));

  let broker: BrokerOptions | undefined;
  if (flags.pactBrokerUrl) {
    broker = {
      url: brokerUrl(flags.pactBrokerUrl),
      consumerVersionSelectors: flags.pactConsumerVersionSelector?.length
        ? parseSelectors(flags.pactConsumerVersionSelector)
        : DEFAULT_CONSUMER_VERSION_SELECTORS,
      ...(env.PACT_BROKER_TOKEN ? { token: env.PACT_BROKER_TOKEN } : {}),
      ...(!env.PACT_BROKER_TOKEN && env.PACT_BROKER_USERNAME && env.PACT_BROKER_PASSWORD
        ? { username: env.PACT_BROKER_USERNAME, password: env.PACT_BROKER_PASSWORD }
        : {}),
    };
  } else if (flags.pactConsumerVersionSelector?.length) {
    throw new UsageError('--pact-consumer-version-selector needs --pact-broker-url');
  }

  let publish: PactPlan['publish'];
  if (flags.pactPublish) {
    if (!broker) throw new UsageError('--pact-publish publishes to a Pact Broker: give --pact-broker-url');
    if (!flags.providerVersion) throw new UsageError('--pact-publish needs --provider-version (the version of the target that was verified)');
    publish = { providerVersion: flags.providerVersion, ...(flags.providerVersionBranch ? { providerVersionBranch: flags.providerVersionBranch } : {}) };
  } else if (flags.providerVersion || flags.providerVersionBranch) {
    throw new UsageError('--provider-version and --provider-version-branch are only used with --pact-publish');
  }

  const usesStates = Boolean(broker) || pacts.some((p) => p.interactions.some((i) => i.states.length > 0));
  if (flags.target && !flags.policySid?.length && pacts.some((p) => p.interactions.some((i) => i.states.length > 0))) {
    throw new UsageError(
      'verifying a pact with provider states against --target needs --policy-sid: the state supplies a PolicySid the account may use',
    );
  }
  if (broker) await checkBroker(broker, flags.timeout);
  return { files, ...(broker ? { broker } : {}), provider: flags.pactProvider ?? PROVIDER, ...(publish ? { publish } : {}), usesStates };
}

