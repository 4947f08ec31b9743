import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Reply } from '../../../contracts/exchange.ts';
import { HealthMonitor } from '../../../engine/transport/health.ts';
import { Sender } from '../../../engine/transport/sender.ts';
import { ACCOUNT, TOKEN } from '../../helpers/exchange.ts';

/** A target that answers every request 429 (no Retry-After) a little later, counting connections and requests. */
let server: Server;
let url = '';
const sockets = new Set<Socket>();
let requests = 0;

beforeAll(async () => {
  server = createServer((_req, res) => {
    requests++;
    setTimeout(() => {
      res.writeHead(429, { 'content-type': 'text/html' });
      res.end('<html>429 Too Many Requests</html>');
    }, 30);
  });
  server.on('connection', (s) => sockets.add(s));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/CustomerProfiles/BU${'0'.repeat(32)}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('Sender.burst', () => {
  it('sends every request at once on a connection of its own, retries none, hands each answer to the rules, and leaves the health monitor out of it', async () => {
    const replies: Reply[] = [];
    const health = new HealthMonitor({ concurrency: 1, timeoutMs: 2000, retries: 3 });
    const credentials = { accountSid: ACCOUNT, username: ACCOUNT, password: TOKEN, kind: 'auth-token' as const };
    const sender = new Sender({ base: new URL(url).origin, credentials, concurrency: 1, timeoutMs: 2000, track: false, retries: 3, onReply: (r) => replies.push(r) }, health);
    const answers = await sender.burst(url, 6, { purpose: 'one of six at once' });
    expect(answers.map((a) => a.response?.status)).toEqual([429, 429, 429, 429, 429, 429]);
    // six connections for six requests, though the run's own pool has one; a 429 is not retried here
    expect(sockets.size).toBe(6);
    expect(requests).toBe(6);
    expect(sender.retries).toBe(0);
    // not retried, yet judged as a 429 a retry absorbs: its envelope and media type, never a server error
    expect(replies.map((r) => [r.route, r.purpose, r.absorbed, r.response?.status])).toEqual(Array(6).fill(['fetch', 'one of six at once', true, 429]));
    // throttling is what a burst may bring: not the run's health
    expect(health.answered).toBe(0);
    expect(health.stopReason).toBeUndefined();
  });
});

describe('Sender.createsAtOnce', () => {
  const credentials = { accountSid: ACCOUNT, username: ACCOUNT, password: TOKEN, kind: 'auth-token' as const };
  const create = (i: number) => ({
    category: 'valid' as const,
    label: `create ${i}`,
    expect: 'create' as const,
    fields: { FriendlyName: `A ${i}` },
    contentType: 'application/x-www-form-urlencoded',
    body: `FriendlyName=A+${i}`,
    auth: 'valid' as const,
  });

  it('sends the creates at once on connections of their own, retries each as any create (a 429 the retries do not end stays its answer) and leaves the health monitor out of it', async () => {
    sockets.clear();
    requests = 0;
    const health = new HealthMonitor({ concurrency: 1, timeoutMs: 2000, retries: 3 });
    const sender = new Sender({ base: new URL(url).origin, credentials, concurrency: 1, timeoutMs: 2000, track: false, retries: 3 }, health);
    const made = await sender.createsAtOnce([1, 2, 3, 4, 5].map(create), 0);
    expect(made.map((ex) => ex.response?.status)).toEqual([429, 429, 429, 429, 429]);
    expect(sockets.size).toBeGreaterThanOrEqual(5);
    // each create sent once and retried three times (--retries 3), as the run's other creates are
    expect(requests).toBe(20);
    expect(sender.retries).toBe(15);
    expect(health.answered).toBe(0);
  });

  it('takes only the create budget slots free now: the rest are not sent', async () => {
    requests = 0;
    const health = new HealthMonitor({ concurrency: 1, timeoutMs: 2000, retries: 0 });
    // a budget of 4 holds one slot for refusals: 3 for creates
    const sender = new Sender({ base: new URL(url).origin, credentials, concurrency: 1, timeoutMs: 2000, track: false, retries: 0, maxCreates: 4 }, health);
    const made = await sender.createsAtOnce([1, 2, 3, 4, 5, 6].map(create), 0);
    expect(made).toHaveLength(3);
    expect(requests).toBe(3);
    expect(sender.budget!.pending).toBe(0);
  });
});
