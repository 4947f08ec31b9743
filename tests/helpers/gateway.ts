import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Gateway {
  url: string;
  /** requests refused for a missing or wrong key */
  refused: number;
  /** requests passed on */
  passed: number;
  close(): Promise<void>;
}

/**
 * A staging gateway in front of a target, on 127.0.0.1: it refuses (403) every request without
 * `header: value` and passes the rest on; with `echo`, it echoes the key in a response header (as
 * a careless gateway might), so a report that did not redact it would show it.
 */
export async function startGateway(targetUrl: string, header: string, value: string, opts: { echo?: boolean } = {}): Promise<Gateway> {
  const gw = { refused: 0, passed: 0 } as Gateway;
  const server = createServer((req, res) => {
    if (req.headers[header] !== value) {
      gw.refused++;
      res.writeHead(403, { 'content-type': 'application/json' }).end('{"message":"missing gateway key"}');
      return;
    }
    gw.passed++;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const headers = { ...req.headers };
      delete headers.host;
      const out = httpRequest(`${targetUrl}${req.url}`, { method: req.method, headers }, (up) => {
        const back: Record<string, string> = {};
        for (const [k, v] of Object.entries(up.headers)) if (typeof v === 'string' && k !== 'connection' && k !== 'keep-alive') back[k] = v;
        if (opts.echo) back['x-seen-key'] = value;
        res.writeHead(up.statusCode ?? 502, back);
        up.pipe(res);
      });
      // the target may answer (a 413) and close before the whole body is relayed: the answer it sent stands
      out.on('error', () => {
        if (!res.headersSent) res.writeHead(502);
        res.end();
      });
      out.end(Buffer.concat(chunks));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  gw.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  gw.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return gw;
}
