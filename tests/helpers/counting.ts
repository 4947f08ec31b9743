import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { Socket } from 'node:net';

/**
 * A loopback server that answers nothing useful and counts everything that reaches it: TCP
 * connections, requests (method, path, whether they carried an Authorization header) and proxy
 * CONNECT tunnels. As a target or as HTTPS_PROXY/HTTP_PROXY it proves "nothing was sent".
 */
export interface CountingServer {
  url: string;
  connections: number;
  requests: Array<{ method: string; path: string; authorization: boolean }>;
  tunnels: string[];
  close(): Promise<void>;
}

export async function startCounting(answer: (req: IncomingMessage) => { status: number; body?: string } = () => ({ status: 502 })): Promise<CountingServer> {
  const sockets = new Set<Socket>();
  const counted: CountingServer = { url: '', connections: 0, requests: [], tunnels: [], close: async () => undefined };
  const server: Server = createServer((req, res) => {
    counted.requests.push({ method: req.method ?? '', path: req.url ?? '', authorization: req.headers.authorization !== undefined });
    req.resume();
    const a = answer(req);
    res.writeHead(a.status, { 'content-type': 'application/json' }).end(a.body ?? '{}');
  });
  server.on('connection', (socket: Socket) => {
    counted.connections++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('connect', (req: IncomingMessage, socket: Socket) => {
    counted.tunnels.push(req.url ?? '');
    socket.end('HTTP/1.1 502 Bad Gateway\r\n\r\n');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  counted.url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  counted.close = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    });
  return counted;
}
