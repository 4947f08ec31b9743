/**
 * The certificate's rerun command reproduces the run: every option that shapes the plan or the
 * verdict, from flags or from the config file. Running the printed command gives the same plan
 * fingerprint and the same verdict.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { pactRerunArgs } from '../../cli/rerun.ts';
import { resolveOptions } from '../../engine/options/resolve.ts';
import { rerunCommand } from '../../engine/options/rerun.ts';
import type { Report } from '../../contracts/report.ts';
import { cliEnv, NODE, spawnProcess } from '../helpers/spawn-cli.ts';

const ROOT = process.cwd();
const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'thc-rerun-'));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const POLICY = 'RNdfbf3fae0e1107f8aded0e7cead80bf5';
const target = { url: 'https://staging.example.com', credentials: { accountSid: 'AC1', username: 'AC1', password: 'x', kind: 'auth-token' as const }, embedded: false };

/** Split a command the way a POSIX shell does for the words rerunCommand writes. */
function shellSplit(command: string): string[] {
  return [...command.matchAll(/'((?:[^']|'"'"')*)'|(\S+)/g)].map((m) => (m[1] !== undefined ? m[1].replace(/'"'"'/g, "'") : m[2]!));
}

describe('rerunCommand', () => {
  const resolved = (input: Parameters<typeof resolveOptions>[0]) => resolveOptions(input, { env: { TWILIO_ACCOUNT_SID: `AC${'1'.repeat(32)}`, TWILIO_AUTH_TOKEN: 'token-123456' } });

  it('names every option that shapes the plan, the verdict or how the target is spoken to', async () => {
    const dir = tempDir();
    const caFile = join(dir, 'ca dir.pem');
    writeFileSync(caFile, '-----BEGIN CERTIFICATE-----\nx\n-----END CERTIFICATE-----\n');
    writeFileSync(join(dir, 'obs.json'), '{}');
    writeFileSync(join(dir, 'dev.json'), '{}');
    const options = await resolved({
      target: 'https://staging.example.com',
      seed: 99,
      runs: 7,
      only: ['L1', 'L2'],
      skip: ['resource.url'],
      requireLevel: 2,
      policySids: [POLICY, 'RN00000000000000000000000000000000'],
      publicBaseUrl: 'https://api.example.com',
      shrink: false,
      concurrency: 4,
      timeout: 2500,
      maxResponseBytes: 4096,
      maxFailures: 3,
      maxCreates: 20,
      keepCreated: true,
      rps: 2.5,
      retries: 1,
      retryMaxTime: 5000,
      insecure: true,
      caFile,
      headers: ['x-api-key: k-0123456789'],
      observations: join(dir, 'obs.json'),
      deviations: join(dir, 'dev.json'),
    });
    const cmd = rerunCommand(options, target, pactRerunArgs({ pact: true, timeout: 1 }));
    expect(cmd).toBe(
      'npx trusthub-conformance run --target https://staging.example.com --seed 99 --runs 7 --only L1,L2 --skip resource.url --require-level 2 ' +
        `--policy-sid ${POLICY} --policy-sid RN00000000000000000000000000000000 --public-base-url https://api.example.com --no-shrink ` +
        '--concurrency 4 --timeout 2500 --max-response-bytes 4096 -x 3 --max-creates 20 --keep-created --rps 2.5 --retries 1 --retry-max-time 5000 ' +
        `--insecure --ca-file '${caFile}' -H "x-api-key: $TRUSTHUB_HEADER_X_API_KEY" --pact --observations ${join(dir, 'obs.json')} --deviations ${join(dir, 'dev.json')}`,
    );
    expect(shellSplit(cmd)).toContain(caFile);
    expect(cmd).not.toContain('k-0123456789');
  });

  it('leaves out defaults, the report folder and credentials', async () => {
    const cmd = rerunCommand(await resolved({ seed: 5, runs: 100, requireLevel: 3, shrink: true, timeout: 10_000, concurrency: 8, retries: 3 }), { ...target, embedded: true });
    expect(cmd).toBe('npx trusthub-conformance run --seed 5 --runs 100');
  });
});

describe('the printed command reruns the certification', () => {
  it('a run shaped by a config file (policySids, skip) and flags: the rerun has the same plan fingerprint and verdict', async () => {
    const first = tempDir();
    writeFileSync(join(first, 'trusthub-conformance.config.json'), JSON.stringify({ policySids: [POLICY], skip: ['resource.url'], runs: 4 }));
    const cli = (cwd: string, args: string[]) =>
      spawnProcess(NODE, [join(ROOT, 'cli/main.ts'), ...args], { cwd, env: cliEnv() }).done;
    const a = await cli(first, ['run', '--seed', '321', '--require-level', '2', '--no-shrink', '--no-progress', '--format', 'json', '--report-dir', 'out']);
    expect(a.code, a.stderr).toBeLessThan(2);
    const original = JSON.parse(readFileSync(join(first, 'out', 'report.json'), 'utf8')) as Report;
    const rerun = original.certificate.rerun;
    expect(rerun).toContain(`--policy-sid ${POLICY}`);
    expect(rerun).toContain('--skip resource.url');

    // elsewhere, without the config file: only the printed command
    const second = tempDir();
    const words = shellSplit(rerun);
    expect(words.slice(0, 3)).toEqual(['npx', 'trusthub-conformance', 'run']);
    const b = await cli(second, ['run', ...words.slice(3), '--no-progress', '--format', 'json', '--report-dir', 'out']);
    expect(b.code).toBe(a.code);
    const again = JSON.parse(readFileSync(join(second, 'out', 'report.json'), 'utf8')) as Report;
    expect(again.certificate.planFingerprint).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(again.certificate.planFingerprint).toBe(original.certificate.planFingerprint);
    expect(again.verdict).toEqual(original.verdict);
    expect(again.partial).toEqual(original.partial);
    expect(again.exchanges.total).toBe(original.exchanges.total);
    expect(again.certificate.rerun).toBe(rerun);
  });
});
