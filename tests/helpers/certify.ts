import type { Level } from '../../contracts/check.ts';
import { DEFAULT_ACCOUNT_SID, DEFAULT_API_KEY_SECRET, DEFAULT_API_KEY_SID, DEFAULT_AUTH_TOKEN, DEFAULT_RUN_CREDENTIALS, DEFAULT_SECOND_ACCOUNT_SID, DEFAULT_SECOND_AUTH_TOKEN, type MockOptions, startMock, stopsClock } from '../../mock/index.ts';
import { CHECKS } from '../../engine/checks/index.ts';
import { buildReport, type ReportInputs } from '../../engine/judge/report.ts';
import { type RunOptions, runSuite } from '../../engine/run/run.ts';
import type { Report } from '../../contracts/report.ts';

/** The mock's account as the CLI and the library read it from the environment, with what level 3 needs beside the Auth Token: its API key and its second account. */
export const MOCK_FULL_ENV = {
  TWILIO_ACCOUNT_SID: DEFAULT_ACCOUNT_SID,
  TWILIO_AUTH_TOKEN: DEFAULT_AUTH_TOKEN,
  TWILIO_API_KEY: DEFAULT_API_KEY_SID,
  TWILIO_API_SECRET: DEFAULT_API_KEY_SECRET,
  TRUSTHUB_SECOND_ACCOUNT_SID: DEFAULT_SECOND_ACCOUNT_SID,
  TRUSTHUB_SECOND_AUTH_TOKEN: DEFAULT_SECOND_AUTH_TOKEN,
};

/**
 * The mock's first account, knowing its API key and its second account as the embedded mock's run
 * does: level 3 needs both (lookup.other-account-404 and auth.pairs-one-account are judged).
 */
export const MOCK_CREDENTIALS = DEFAULT_RUN_CREDENTIALS;

/** Certify a fresh reference mock (optionally with a fault) and return the report. */
export async function certifyMock(
  mockOptions: MockOptions = {},
  run: Partial<RunOptions> = {},
  requiredLevel: Level = 3,
  inputs: ReportInputs = {},
): Promise<Report> {
  const mock = await startMock({ port: 0, ...mockOptions });
  try {
    const options: RunOptions = {
      targetUrl: mock.url,
      credentials: MOCK_CREDENTIALS,
      seed: 20261127,
      runs: 25,
      concurrency: 8,
      timeoutMs: 5000,
      checks: CHECKS,
      publicBaseUrl: mock.publicBaseUrl,
      // a mock of this process, as the embedded one: its clock is this process's own unless its fault stops it
      ...(stopsClock(mockOptions.fault) ? {} : { clockSpanMs: 0 }),
      ...run,
    };
    const result = await runSuite(options);
    return buildReport(result, {
      targetUrl: mock.url,
      embedded: true,
      seed: options.seed,
      runs: options.runs,
      requiredLevel,
      concurrency: options.concurrency,
      timeoutMs: options.timeoutMs,
      rerun: 'test',
    }, inputs);
  } finally {
    await mock.close();
  }
}

/**
 * The options of a short run of the whole suite against a mock of this process, as the tests of one
 * probe make it: every check, 2 runs a stream, no shrinking; `over` adds what the test is about.
 */
export function mockRun(mock: { url: string; publicBaseUrl: string }, over: Partial<RunOptions> & Pick<RunOptions, 'credentials'>): RunOptions {
  return { targetUrl: mock.url, seed: 3, runs: 2, concurrency: 4, timeoutMs: 5000, checks: CHECKS, publicBaseUrl: mock.publicBaseUrl, shrink: false, ...over };
}
