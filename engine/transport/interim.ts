/**
 * Unsolicited interim responses (RFC 9110 §15.2): a server may send `100 Continue`, `103 Early
 * Hints` or any 1xx before the final answer, and a client must accept them. undici's HTTP/1.1
 * parser refuses a 100 it did not ask for ("bad response": the exchange is lost), so the sockets
 * of our clients drop every 1xx interim response (101 Switching Protocols aside, which is no
 * interim answer) before the parser reads the final one.
 *
 * A response starts with the first bytes read after a request's header block was written: the
 * clients do not pipeline, so nothing else can come first. Only there is anything dropped.
 */
import type { Duplex } from 'node:stream';
import { buildConnector, Client, type Dispatcher, Pool } from 'undici';

/** The status line of an interim answer: HTTP/1.x 1xx, 101 aside. */
const INTERIM = /^HTTP\/1\.[01] 1(?!01)\d\d[ \r]/;
/** A request line as undici writes it (a header block; bodies go out as Buffers). */
const REQUEST_LINE = /^[A-Z]+ \S+ HTTP\/1\.1\r\n/;
/** An interim header block larger than this is not waited for: it goes to the parser as it is. */
const MAX_INTERIM_BYTES = 64 * 1024;

/** The beginnings of an interim status line, up to its status code. */
const INTERIM_PREFIX = /^(?:H(?:T(?:T(?:P(?:\/(?:1(?:\.(?:[01](?: (?:1\d{0,2})?)?)?)?)?)?)?)?)?)?$/;

/** Could these first bytes of a response still be (or are they) an interim status line? */
function mayBeInterim(head: Buffer): boolean {
  const text = head.subarray(0, 16).toString('latin1');
  return text.length >= 13 ? INTERIM.test(text) : INTERIM_PREFIX.test(text);
}

/** Make a connected socket drop interim responses at the start of each response. */
export function dropInterimResponses(socket: Duplex): void {
  const read = socket.read.bind(socket);
  const write = socket.write.bind(socket) as (...args: unknown[]) => boolean;
  let atResponseStart = false;
  let held: Buffer | undefined;

  socket.write = ((chunk: unknown, ...rest: unknown[]) => {
    if (typeof chunk === 'string' && REQUEST_LINE.test(chunk)) atResponseStart = true;
    return write(chunk, ...rest);
  }) as typeof socket.write;

  socket.read = ((size?: number) => {
    if (!atResponseStart && !held) return read(size);
    for (let chunk = read() as Buffer | null; chunk !== null; chunk = read() as Buffer | null) {
      held = held ? Buffer.concat([held, chunk]) : chunk;
    }
    while (held && atResponseStart) {
      if (!mayBeInterim(held)) break;
      const end = held.indexOf('\r\n\r\n');
      if (end < 0) {
        if (held.length > MAX_INTERIM_BYTES) break;
        return null; // wait for the rest of the interim answer
      }
      if (!INTERIM.test(held.subarray(0, 16).toString('latin1'))) break;
      held = held.length > end + 4 ? held.subarray(end + 4) : undefined;
    }
    if (!held) return null;
    atResponseStart = false;
    const out = held;
    held = undefined;
    return out;
  }) as typeof socket.read;
}

type ConnectOption = Client.Options['connect'];

/** The same connector, its sockets dropping interim responses. */
function tolerant(connect: ConnectOption): NonNullable<ConnectOption> {
  const base = typeof connect === 'function' ? connect : buildConnector({ ...connect });
  return (options, callback) =>
    base(options, (err, socket) => {
      if (socket) dropInterimResponses(socket);
      (callback as (e: Error | null, s: typeof socket | null) => void)(err, socket);
    });
}

/**
 * The Agent option `factory`: undici's own choice of Client or Pool, with a connector whose
 * sockets drop interim responses (also inside a proxy tunnel: the ProxyAgent hands its tunnel
 * connector to the same factory).
 */
export function interimTolerantFactory(origin: string | URL, opts: object): Dispatcher {
  const o = opts as Client.Options & Pool.Options;
  const options = { ...o, connect: tolerant(o.connect) };
  return o.connections === 1 ? new Client(origin, options) : new Pool(origin, options);
}
