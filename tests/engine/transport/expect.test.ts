import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createContinueClient } from '../../../engine/transport/expect.ts';
import type { HttpClient } from '../../../engine/transport/http.ts';

/**
 * The client of a request with Expect: 100-continue (undici refuses the header), against servers
 * on 127.0.0.1: one that answers 100 Continue (Node's default), one that refuses it with 417 before
 * the body, and one that never answers the expectation (the body goes after CONTINUE_WAIT_MS).
 */

const OPTIONS = { connections: 1, timeoutMs: 5000, maxResponseBytes: 1024 };
const unused: HttpClient = { send: () => Promise.reject(new Error('not through a proxy')), close: async () => undefined };
let server: Server | undefined;

afterEach(async () => {
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  server = undefined;
});

/** A server on loopback: each request's body, and what it answers. */
async function serve(setup: (s: Server, bodies: string[]) => void): Promise<{ url: string; bodies: string[] }> {
  const bodies: string[] = [];
  server = createServer();
  setup(server, bodies);
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server!.address() as AddressInfo).port}/v1/CustomerProfiles`, bodies };
}

const echo = (bodies: string[]) => (req: IncomingMessage, res: ServerResponse) => {
  let body = '';
  req.on('data', (c) => (body += c));
  req.on('end', () => {
    bodies.push(body);
    res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ expect: req.headers.expect ?? null, body }));
  });
};

const post = (client: HttpClient, url: string) =>
  client.send({ method: 'POST', url, headers: { expect: '100-continue', 'content-type': 'application/x-www-form-urlencoded' }, body: 'FriendlyName=Acme' });

describe('createContinueClient', () => {
  it('sends Expect: 100-continue, then the body once the server answers 100 Continue', async () => {
    const { url, bodies } = await serve((s, b) => s.on('request', echo(b)));
    const r = await post(createContinueClient(OPTIONS, unused), url);
    expect(r.ok && r.response.status).toBe(201);
    expect(r.ok && r.response.json).toEqual({ expect: '100-continue', body: 'FriendlyName=Acme' });
    expect(bodies).toEqual(['FriendlyName=Acme']);
  });

  it('takes a final answer sent before the body as the answer, and never sends the body', async () => {
    const { url, bodies } = await serve((s, b) => {
      s.on('checkContinue', (req, res) => {
        req.on('data', (c) => b.push(String(c)));
        res.writeHead(417, { 'content-type': 'text/html', connection: 'close' }).end('<h1>417</h1>');
      });
    });
    const r = await post(createContinueClient(OPTIONS, unused), url);
    expect(r.ok && r.response.status).toBe(417);
    expect(r.ok && r.response.bodyText).toBe('<h1>417</h1>');
    expect(r.ok && r.response.jsonError).toBeDefined();
    expect(bodies).toEqual([]);
  });

  it('sends the body after CONTINUE_WAIT_MS when the server answers nothing to the expectation', async () => {
    const { url, bodies } = await serve((s, b) => {
      // a server that reads the body without a word about the expectation (a proxy that passes it on)
      s.on('checkContinue', (req, res) => echo(b)(req, res));
    });
    const r = await post(createContinueClient(OPTIONS, unused), url);
    expect(r.ok && r.response.status).toBe(201);
    expect(bodies).toEqual(['FriendlyName=Acme']);
  });

  it('through a proxy (HTTPS_PROXY), which node:http cannot use, goes through the run\'s own client without the header', async () => {
    const sent: Array<Record<string, string>> = [];
    const viaProxy: HttpClient = {
      send: async (req) => {
        sent.push(req.headers);
        return { ok: false, error: { code: 'ECONNREFUSED', message: 'refused' }, latencyMs: 0, receivedAt: 0 };
      },
      close: async () => undefined,
    };
    const before = process.env.HTTPS_PROXY;
    process.env.HTTPS_PROXY = 'http://127.0.0.1:1';
    try {
      await post(createContinueClient(OPTIONS, viaProxy), 'http://127.0.0.1:1/v1/CustomerProfiles');
    } finally {
      if (before === undefined) delete process.env.HTTPS_PROXY;
      else process.env.HTTPS_PROXY = before;
    }
    expect(sent).toEqual([{ 'content-type': 'application/x-www-form-urlencoded' }]);
  });

  it('names a refused connection as a transport error', async () => {
    const r = await post(createContinueClient(OPTIONS, unused), 'http://127.0.0.1:1/v1/CustomerProfiles');
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error.code).toBe('ECONNREFUSED');
  });
});
