/**
 * Every line the CLI prints passes the secret matcher of the process (contracts/secrets.ts): a sid,
 * a message or an error text the target chose, a Pact verifier's output, anything that reaches
 * stdout or stderr and holds a secret this run used (the credentials, the -H values) in any form
 * the matcher knows is printed with `[redacted]` instead. One guard on the two streams, so no line
 * can forget it.
 */
import { knownSecretsMatcher } from '../contracts/secrets.ts';

type Write = NodeJS.WriteStream['write'];

/** Redact what `stream` is given to write; returns the function that restores it. */
function guard(stream: NodeJS.WriteStream): () => void {
  const original = stream.write;
  const write = function (this: NodeJS.WriteStream, chunk: unknown, ...rest: unknown[]) {
    const text = typeof chunk === 'string' ? chunk : Buffer.isBuffer(chunk) ? chunk.toString('utf8') : undefined;
    const safe = text === undefined ? chunk : knownSecretsMatcher().redact(text);
    return (original as (...args: unknown[]) => boolean).call(this, safe, ...rest);
  } as Write;
  stream.write = write;
  return () => {
    if (stream.write === write) stream.write = original;
  };
}

/** Guard stdout and stderr for the life of a command; returns the function that lifts the guard. */
export function guardTerminal(streams: readonly NodeJS.WriteStream[] = [process.stdout, process.stderr]): () => void {
  const restores = streams.map(guard);
  return () => {
    for (const restore of restores) restore();
  };
}
