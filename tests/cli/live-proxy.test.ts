/**
 * Reaching real targets: HTTP(S)_PROXY / NO_PROXY through a tiny local CONNECT proxy, a private
 * CA with --ca-file, and --insecure only when asked (and then said in the report). Through the CLI,
 * so the proxy variables are read the way a user sets them.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../contracts/report.ts';
import { type CountingProxy, HOSTILE_CLI_CREDENTIALS, HOSTILE_CLI_FULL, type HostileServer, type PrivateCa, privateCa, startHostile, startProxy } from '../helpers/hostile-server.ts';
import { crashSigns, runCli } from '../helpers/spawn-cli.ts';

let dir: string;
let ca: PrivateCa;
let plain: HostileServer;
let tls: HostileServer;
let proxy: CountingProxy;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'thc-proxy-'));
  ca = await privateCa(dir);
  plain = await startHostile('faithful');
  tls = await startHostile('faithful', { tls: ca.server });
  proxy = await startProxy();
});
afterAll(async () => {
  await Promise.all([plain.close(), tls.close(), proxy.close()]);
  rmSync(dir, { recursive: true, force: true });
});

async function run(target: string, extra: string[], env: Record<string, string> = {}) {
  const out = mkdtempSync(join(dir, 'report-'));
  // the mock's API key and second account beside the Auth Token: level 3 needs them
  const r = await runCli(['run', '--target', target, ...HOSTILE_CLI_FULL, '--runs', '2', '--seed', '8', '--report-dir', out, '--format', 'json', '--no-progress', ...extra], env);
  expect(crashSigns(r), r.stderr).toEqual([]);
  const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as Report;
  return { ...r, report };
}

describe('proxies from the environment', () => {
  it('HTTP_PROXY carries every request to an http target, and the report names the proxy', async () => {
    const tunnelsBefore = proxy.tunnels.length;
    const requestsBefore = plain.requests;
    const r = await run(plain.url, [], { HTTP_PROXY: proxy.url });
    expect(r.code, r.stderr).toBe(0);
    expect(proxy.tunnels.length).toBeGreaterThan(tunnelsBefore);
    expect(new Set(proxy.tunnels.slice(tunnelsBefore))).toEqual(new Set([new URL(plain.url).host]));
    expect(plain.requests - requestsBefore).toBeGreaterThanOrEqual(r.report.exchanges.total);
    expect(r.report.options.proxy).toEqual({ url: proxy.url });
  });

  it('NO_PROXY sends the requests direct', async () => {
    const tunnelsBefore = proxy.tunnels.length;
    const forwardedBefore = proxy.forwarded.length;
    const r = await run(plain.url, [], { HTTP_PROXY: proxy.url, NO_PROXY: '127.0.0.1' });
    expect(r.code, r.stderr).toBe(0);
    expect(proxy.tunnels.length).toBe(tunnelsBefore);
    expect(proxy.forwarded.length).toBe(forwardedBefore);
    expect(r.report.options.proxy).toEqual({ url: proxy.url, noProxy: '127.0.0.1' });
  });

  it('HTTPS_PROXY tunnels to an https target with a private CA', async () => {
    const tunnelsBefore = proxy.tunnels.length;
    const r = await run(tls.url, ['--ca-file', ca.caFile], { HTTPS_PROXY: proxy.url });
    expect(r.code, r.stderr).toBe(0);
    expect(proxy.tunnels.slice(tunnelsBefore)).toContain(new URL(tls.url).host);
    expect(r.report.options.caFile).toBe(ca.caFile);
  });
});

describe('TLS', () => {
  it('without the CA the handshake fails: exit 3, nothing reaches the server', async () => {
    const before = tls.requests;
    const r = await run(tls.url, []);
    expect(r.code).toBe(3);
    expect(r.report.incomplete?.reason).toMatch(/TLS handshake failed.*--ca-file/);
    expect(tls.requests).toBe(before);
    expect(r.report.options.insecure).toBeUndefined();
  });

  it('--ca-file trusts the private CA', async () => {
    const r = await run(tls.url, ['--ca-file', ca.caFile]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.report.options.caFile).toBe(ca.caFile);
    expect(r.report.options.insecure).toBeUndefined();
  });

  it('--insecure accepts the certificate, and says so on the terminal and in the report', async () => {
    const r = await run(tls.url, ['--insecure']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.report.options.insecure).toBe(true);
    expect(r.stderr).toMatch(/TLS certificates NOT verified \(--insecure\)/);
  });

  it('a --ca-file that is not there or not PEM is a usage error', async () => {
    const a = await runCli(['run', '--target', tls.url, ...HOSTILE_CLI_CREDENTIALS, '--ca-file', join(dir, 'missing.pem')]);
    expect(a.code).toBe(2);
    expect(a.stderr).toMatch(/--ca-file .*missing\.pem: no such file/);
    const b = await runCli(['run', '--target', tls.url, ...HOSTILE_CLI_CREDENTIALS, '--ca-file', join(process.cwd(), 'package.json')]);
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(/holds no PEM certificate/);
  });
});
