import { brotliDecompressSync, gunzipSync, inflateRawSync, inflateSync } from 'node:zlib';

/** The codings a request's Accept-Encoding asks for (RFC 9110 §12.5.3), names lower-cased, those with q=0 left out. */
export function acceptedCodings(acceptEncoding: string | undefined): ReadonlySet<string> {
  const asked = new Set<string>();
  for (const part of (acceptEncoding ?? '').split(',')) {
    const [name = '', ...params] = part.split(';').map((p) => p.trim().toLowerCase());
    const q = params.find((p) => p.startsWith('q='));
    if (name !== '' && !(q !== undefined && Number(q.slice(2)) === 0)) asked.add(name);
  }
  return asked;
}

const DECODERS: Readonly<Record<string, (b: Buffer, max: number) => Buffer>> = {
  gzip: (b, max) => gunzipSync(b, { maxOutputLength: max }),
  'x-gzip': (b, max) => gunzipSync(b, { maxOutputLength: max }),
  // RFC 9110 §8.4.1.2: the zlib format; some servers send raw deflate, which clients read too
  deflate: (b, max) => (b.length > 0 && (b[0]! & 0x0f) === 8 ? inflateSync(b, { maxOutputLength: max }) : inflateRawSync(b, { maxOutputLength: max })),
  br: (b, max) => brotliDecompressSync(b, { maxOutputLength: max }),
};

/**
 * The body as the client reads it (RFC 9110 §8.4): decoded through each content coding of the answer,
 * last applied first, when the request asked for it. A coding the request did not ask for, one the
 * tool does not know, or bytes that do not decode are kept as sent: the rules then read what a
 * client would be left with. The length the answer announced was already held to the bytes sent
 * (undici's parser reads exactly Content-Length bytes, RFC 9110 §8.6: fewer is a body that never
 * completes). `max` bounds what a decoder may write (--max-response-bytes).
 */
export function decodeContent(raw: Buffer, contentEncoding: string | undefined, acceptEncoding: string | undefined, max: number): Buffer {
  if (contentEncoding === undefined || raw.length === 0) return raw;
  const codings = contentEncoding
    .split(',')
    .map((c) => c.trim().toLowerCase())
    .filter((c) => c !== '' && c !== 'identity');
  if (codings.length === 0) return raw;
  const asked = acceptedCodings(acceptEncoding);
  let body = raw;
  for (const coding of codings.reverse()) {
    const decode = DECODERS[coding];
    if (decode === undefined || !(asked.has(coding) || asked.has('*'))) return raw;
    try {
      body = decode(body, max);
    } catch {
      return raw;
    }
  }
  return body;
}
