/**
 * Secrets at the CLI's edges: a token or -H value too short to redact is refused before anything
 * is sent (one line, exit 2, a counting target proves it, the value never printed); a sid or a
 * message the target chose that holds the caller's token is redacted on stderr and in
 * left-behind.txt, as every other output.
 */
import { readFileSync, readdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_ACCOUNT_SID, DEFAULT_AUTH_TOKEN, DEFAULT_SECOND_ACCOUNT_SID, DEFAULT_SECOND_AUTH_TOKEN, startMock } from '../../mock/index.ts';
import { revealed } from '../helpers/secret-forms.ts';
import { crashSigns, runCli, spawnCli } from '../helpers/spawn-cli.ts';

const CRED = { sid: DEFAULT_ACCOUNT_SID, token: DEFAULT_AUTH_TOKEN };
const CREDS = ['--account-sid', DEFAULT_ACCOUNT_SID, '--auth-token', DEFAULT_AUTH_TOKEN];

interface Target {
  url: string;
  requests: number;
  posts: number;
  deletes: number;
  server: Server;
}

/**
 * A target that names its profiles after the caller's token (sid `BU<token>`) and answers a DELETE
 * with a message holding the token: 500 at once, or never (`hangDeletes`). POSTs wait `postDelayMs`.
 */
async function tokenTarget(opts: { hangDeletes?: boolean; postDelayMs?: number } = {}): Promise<Target> {
  const t = { requests: 0, posts: 0, deletes: 0 } as Target;
  const json = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  };
  t.server = createServer((req: IncomingMessage, res: ServerResponse) => {
    t.requests++;
    req.resume();
    req.on('end', () => {
      if (req.method === 'POST') {
        t.posts++;
        const sid = `BU${CRED.token}`;
        setTimeout(() => json(res, 201, { sid, account_sid: CRED.sid, friendly_name: 'x', status: 'draft', url: `${t.url}/v1/CustomerProfiles/${sid}` }), opts.postDelayMs ?? 0);
        return;
      }
      if (req.method === 'DELETE') {
        t.deletes++;
        if (opts.hangDeletes) return;
        return json(res, 500, { code: 20500, message: `cannot delete: token ${CRED.token} is locked`, status: 500 });
      }
      if (req.url?.includes('PageSize')) return json(res, 200, { results: [], meta: { page: 0, page_size: 1000 } });
      return json(res, 404, { code: 20404, message: 'not found', status: 404 });
    });
  });
  await new Promise<void>((resolve) => t.server.listen(0, '127.0.0.1', resolve));
  t.url = `http://127.0.0.1:${(t.server.address() as { port: number }).port}`;
  return t;
}

const close = (t: Target) => {
  t.server.closeAllConnections();
  return new Promise((resolve) => t.server.close(resolve));
};

let base: string;
let counting: Target;
beforeAll(async () => {
  base = mkdtempSync(join(tmpdir(), 'thc-secrets-'));
  counting = await tokenTarget();
});
afterAll(async () => {
  await close(counting);
  rmSync(base, { recursive: true, force: true });
});

describe('a secret too short to redact', () => {
  it.each([
    ['-H value', ['-H', 'x-api-key: k3y4'], /^trusthub-conformance: --header: the value of x-api-key is shorter than 6 characters: too short to redact reliably/],
    ['--auth-token', ['--auth-token', 'tok12'], /^trusthub-conformance: the Auth Token \(--auth-token or TWILIO_AUTH_TOKEN\) is shorter than 6 characters/],
    [
      '--second-auth-token',
      ['--second-auth-token', 'tok12', '--second-account-sid', DEFAULT_SECOND_ACCOUNT_SID],
      /^trusthub-conformance: the second account's Auth Token \(--second-auth-token or TRUSTHUB_SECOND_AUTH_TOKEN\) is shorter than 6 characters/,
    ],
  ])('%s: refused in one line, exit 2, nothing sent, the value never printed', async (_name, args, pattern) => {
    const before = counting.requests;
    const creds = args[0] === '--auth-token' ? ['--account-sid', DEFAULT_ACCOUNT_SID] : CREDS;
    const r = await runCli(['run', '--target', counting.url, ...creds, ...args, '--runs', '1', '--report-dir', join(base, 'never')]);
    expect(r.code, r.stderr).toBe(2);
    expect(crashSigns(r)).toEqual([]);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(pattern);
    expect(r.stderr + r.stdout).not.toContain(args[1]!.split(': ').at(-1)!);
    expect(counting.requests).toBe(before);
  });
});

describe("a second account's token", () => {
  it('is sent (the check passes on the mock), and is in no output: terminal, report files, HAR cassette', async () => {
    const mock = await startMock({ port: 0 });
    try {
      const dir = join(base, 'second');
      const har = join(dir, 'run.har');
      const second = ['--second-account-sid', DEFAULT_SECOND_ACCOUNT_SID, '--second-auth-token', DEFAULT_SECOND_AUTH_TOKEN];
      const r = await runCli(['run', '--target', mock.url, ...CREDS, ...second, '--runs', '1', '--no-progress', '--record', har, '--report-dir', dir]);
      expect(crashSigns(r)).toEqual([]);
      const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as { checks: Array<{ id: string; status: string }> };
      expect(report.checks.find((c) => c.id === 'lookup.other-account-404')?.status).toBe('pass');
      // the cassette holds the creates and their lifecycle, redacted with every secret of the run (the second account's among them)
      const cassette = readFileSync(har, 'utf8');
      const SECOND = { sid: DEFAULT_SECOND_ACCOUNT_SID, token: DEFAULT_SECOND_AUTH_TOKEN };
      for (const [name, text] of [['stdout and stderr', r.stdout + r.stderr], ['run.har', cassette], ...readdirSync(dir).filter((f) => f !== 'run.har').map((f) => [f, readFileSync(join(dir, f), 'utf8')])]) {
        expect(revealed(text!, SECOND), name).toEqual([]);
      }
    } finally {
      await mock.close();
    }
  });
});

describe("the caller's token sent as form fields, without an Authorization header", () => {
  it('is in no output (terminal, report files, HAR cassette): the recorded bodies hold [redacted] in its place', async () => {
    // the fault takes the token from the body: the create and the DELETE fail, so the reports show their requests too
    const mock = await startMock({ port: 0, fault: 'token-param-accepted' });
    try {
      const dir = join(base, 'token-fields');
      const har = join(dir, 'run.har');
      const r = await runCli(['run', '--target', mock.url, ...CREDS, '--runs', '1', '--no-progress', '--record', har, '--report-dir', dir]);
      expect(crashSigns(r)).toEqual([]);
      const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as { checks: Array<{ id: string; status: string }> };
      expect(report.checks.find((c) => c.id === 'auth.required-401')?.status).toBe('fail');
      const cassette = readFileSync(har, 'utf8');
      expect(cassette).toContain('api_token=[redacted]');
      const files = readdirSync(dir).filter((f) => f !== 'run.har');
      expect(files.filter((f) => readFileSync(join(dir, f), 'utf8').includes('api_token=[redacted]')).length).toBeGreaterThan(0);
      for (const [name, text] of [['stdout and stderr', r.stdout + r.stderr], ['run.har', cassette], ...files.map((f) => [f, readFileSync(join(dir, f), 'utf8')])]) {
        expect(revealed(text!, CRED), name).toEqual([]);
      }
    } finally {
      await mock.close();
    }
  });
});

describe("the caller's token sent outside Authorization: in the query string, in an API gateway's key headers", () => {
  // each fault takes the credentials from where the shape puts them: the create and the DELETE fail, so the reports show their requests too
  // the cassette's url percent-encodes the mark (a URI holds no [ or ]: evidence/har.ts); the key headers are redacted whole (request.ts sentRequest)
  it.each([
    ['query-string-credentials', 'AuthToken=[redacted]', 'AuthToken=%5Bredacted%5D'],
    ['api-key-header-accepted', '"x-api-key":"[redacted]"', '{"name":"x-api-key","value":"[redacted]"}'],
  ])('%s: in no output (terminal, report files, HAR cassette), the recorded requests hold %s in its place', async (fault, shown, inCassette) => {
    const mock = await startMock({ port: 0, fault });
    try {
      const dir = join(base, fault);
      const har = join(dir, 'run.har');
      const r = await runCli(['run', '--target', mock.url, ...CREDS, '--runs', '1', '--no-progress', '--record', har, '--report-dir', dir]);
      expect(crashSigns(r)).toEqual([]);
      const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as { checks: Array<{ id: string; status: string }> };
      expect(report.checks.find((c) => c.id === 'auth.required-401')?.status).toBe('fail');
      expect(report.checks.find((c) => c.id === 'auth.follow-up-routes')?.status).toBe('fail');
      const cassette = readFileSync(har, 'utf8');
      expect(cassette.replace(/\s/g, '')).toContain(inCassette);
      const files = readdirSync(dir).filter((f) => f !== 'run.har');
      expect(files.filter((f) => readFileSync(join(dir, f), 'utf8').replace(/\s/g, '').includes(shown)).length).toBeGreaterThan(0);
      for (const [name, text] of [['stdout and stderr', r.stdout + r.stderr], ['run.har', cassette], ...files.map((f) => [f, readFileSync(join(dir, f), 'utf8')])]) {
        expect(revealed(text!, CRED), name).toEqual([]);
      }
    } finally {
      await mock.close();
    }
  });
});

describe('a sid or a message the target chose, holding the token', () => {
  it('is redacted on stderr (the cleanup line) and on stdout', async () => {
    const t = await tokenTarget();
    try {
      const dir = join(base, 'cleanup');
      const r = await runCli(['run', '--target', t.url, ...CREDS, '--runs', '1', '--max-creates', '3', '--no-progress', '--report-dir', dir]);
      expect(crashSigns(r)).toEqual([]);
      expect(t.deletes).toBeGreaterThan(0);
      expect(r.stderr).toMatch(/COULD NOT DELETE \d+: BU\[redacted\]/);
      expect(revealed(r.stderr, CRED)).toEqual([]);
      expect(revealed(r.stdout, CRED)).toEqual([]);
      expect(revealed(readFileSync(join(dir, 'report.json'), 'utf8'), CRED)).toEqual([]);
    } finally {
      await close(t);
    }
  });

  it('is redacted in left-behind.txt and the line of a second signal', async () => {
    const t = await tokenTarget({ hangDeletes: true, postDelayMs: 50 });
    try {
      const dir = join(base, 'left');
      const cli = spawnCli(['run', '--target', t.url, ...CREDS, '--runs', '2', '--no-progress', '--report-dir', dir]);
      while (t.posts < 3) await new Promise((r) => setTimeout(r, 20));
      cli.kill('SIGINT');
      // the cleanup's DELETE never ends: a second signal leaves at once, naming what is left
      while (t.deletes < 1) await new Promise((r) => setTimeout(r, 20));
      cli.kill('SIGINT');
      const r = await cli.done;
      expect(r.code).toBe(130);
      const left = readFileSync(join(dir, 'left-behind.txt'), 'utf8');
      expect(left).toMatch(/^BU\[redacted\]\n/);
      expect(revealed(left, CRED)).toEqual([]);
      expect(r.stderr).toMatch(/SIGINT again: exiting now.*BU\[redacted\]/);
      expect(revealed(r.stderr + r.stdout, CRED)).toEqual([]);
    } finally {
      await close(t);
    }
  });
});
