import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { acceptedCodings, decodeContent } from '../../../engine/transport/content-coding.ts';
import { createHttpClient } from '../../../engine/transport/http.ts';

const JSON_TEXT = '{"sid":"BU0123","friendly_name":"Café"}';
const plain = Buffer.from(JSON_TEXT);
const MAX = 1024 * 1024;
/** A list page: long enough that gzip makes it shorter */
const PAGE = Buffer.from(JSON.stringify({ results: Array.from({ length: 50 }, () => JSON.parse(JSON_TEXT)) }));

describe('the content codings of an answer', () => {
  it('reads the codings an Accept-Encoding asks for, leaving out q=0', () => {
    expect([...acceptedCodings('gzip, compress, deflate, br')]).toEqual(['gzip', 'compress', 'deflate', 'br']);
    expect([...acceptedCodings('br;q=1.0, GZIP;q=0.8, identity;q=0')]).toEqual(['br', 'gzip']);
    expect(acceptedCodings(undefined).size).toBe(0);
  });

  it('decodes gzip, deflate (zlib or raw) and br when the request asked for them', () => {
    expect(decodeContent(gzipSync(plain), 'gzip', 'gzip, deflate, br', MAX).toString()).toBe(JSON_TEXT);
    expect(decodeContent(deflateSync(plain), 'deflate', 'deflate', MAX).toString()).toBe(JSON_TEXT);
    expect(decodeContent(deflateRawSync(plain), 'deflate', 'deflate', MAX).toString()).toBe(JSON_TEXT);
    expect(decodeContent(brotliCompressSync(plain), 'br', 'br;q=1.0, *;q=0.1', MAX).toString()).toBe(JSON_TEXT);
    // codings applied in order are removed last first
    expect(decodeContent(brotliCompressSync(gzipSync(plain)), 'gzip, br', 'gzip, br', MAX).toString()).toBe(JSON_TEXT);
  });

  it('keeps the bytes as sent for a coding not asked for, an unknown one, bytes that do not decode, or more than the bound', () => {
    const gz = gzipSync(plain);
    expect(decodeContent(gz, 'gzip', undefined, MAX)).toBe(gz);
    expect(decodeContent(gz, 'gzip', 'br', MAX)).toBe(gz);
    expect(decodeContent(gz, 'zstd', 'zstd', MAX)).toBe(gz);
    expect(decodeContent(plain, 'gzip', 'gzip', MAX)).toBe(plain);
    expect(decodeContent(gz, 'gzip', 'gzip', 8)).toBe(gz);
    expect(decodeContent(plain, 'identity', 'gzip', MAX)).toBe(plain);
  });
});

describe('the HTTP client with Accept-Encoding', () => {
  /** A server that gzips when asked; `stale` announces the uncompressed length (a gzip filter that passes it through). */
  async function serve(stale: boolean) {
    const server = createServer((req, res) => {
      const gzip = /gzip/.test(req.headers['accept-encoding'] ?? '');
      const body = gzip ? gzipSync(PAGE) : PAGE;
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': stale ? PAGE.length : body.length, ...(gzip ? { 'content-encoding': 'gzip' } : {}) });
      res.end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    return { url: `http://127.0.0.1:${port}/`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
  }
  const client = () => createHttpClient({ connections: 1, timeoutMs: 300, maxResponseBytes: MAX });

  it('reads a gzip answer it asked for as its JSON', async () => {
    const server = await serve(false);
    const http = client();
    try {
      const r = await http.send({ method: 'GET', url: server.url, headers: { 'accept-encoding': 'gzip, deflate, br' } });
      expect(r.ok && r.response.json).toEqual(JSON.parse(PAGE.toString()));
    } finally {
      await http.close();
      await server.close();
    }
  });

  it('holds Content-Length to the bytes sent: a gzip answer announcing the uncompressed length never completes', async () => {
    const server = await serve(true);
    const http = client();
    try {
      const r = await http.send({ method: 'GET', url: server.url, headers: { 'accept-encoding': 'gzip' } });
      expect(r.ok, JSON.stringify(r)).toBe(false);
      const plainAnswer = await http.send({ method: 'GET', url: server.url, headers: {} });
      expect(plainAnswer.ok && plainAnswer.response.json).toEqual(JSON.parse(PAGE.toString()));
    } finally {
      await http.close();
      await server.close();
    }
  });
});
