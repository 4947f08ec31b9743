/**
 * The answers of `explain`'s examples (contracts/explain/answers.ts), taken from the reference
 * mock: each example's requests are sent to a fresh clean mock and to a fresh mock started with
 * the example's fault. `npm run docs:explain` writes the file; tests/contracts/explain.test.ts
 * computes the answers again and fails when the file differs.
 *
 * What changes from run to run is made the same: sids become BU0…1, BU0…2 in the order they
 * appear (the literal sids of the requests stay), times keep their offset from the first answer's Date header (rounded to the minute)
 * but start from 2026-05-04 09:42 GMT, the mock's resource URLs use its default port 4010, and a
 * secret it echoes reads {AuthToken}.
 */
import { request as httpRequest } from 'node:http';
import { writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CheckId } from '../contracts/catalog.ts';
import { EXPLANATIONS, type ExampleAnswer, type ExampleRequest, type Explanation } from '../contracts/explain.ts';
import { authorizationOf, contentTypeOf } from '../contracts/explain/example.ts';
import { parseHttpDate } from '../contracts/grammar.ts';
import { DEFAULT_ACCOUNT_SID, DEFAULT_API_KEY_SECRET, DEFAULT_API_KEY_SID, DEFAULT_AUTH_TOKEN, DEFAULT_SECOND_ACCOUNT_SID, DEFAULT_SECOND_AUTH_TOKEN, startMock } from '../mock/index.ts';

export const ANSWERS_FILE = join(dirname(fileURLToPath(import.meta.url)), '..', 'contracts', 'explain', 'answers.ts');

const BASE = 'http://127.0.0.1:4010';
const LONG_DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const FIXED_NOW = Date.UTC(2026, 4, 4, 9, 42, 0);
const DEFAULT_BODY_SHOWN = 600;

interface Raw {
  status: number;
  statusText: string;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

function send(url: string, req: ExampleRequest, sid: string | undefined): Promise<Raw> {
  // {SID}: the same sid with its hex letters upper-cased (the mock's are lower-case)
  const path = req.path.replaceAll('{SID}', sid ? `${sid.slice(0, 2)}${sid.slice(2).toUpperCase()}` : '{SID}');
  const target = new URL(path.replaceAll('{sid}', sid ?? '{sid}'), url);
  const headers: Record<string, string> = { ...req.headers };
  const authorization = authorizationOf(req.auth, { accountSid: DEFAULT_ACCOUNT_SID, authToken: DEFAULT_AUTH_TOKEN, second: { accountSid: DEFAULT_SECOND_ACCOUNT_SID, authToken: DEFAULT_SECOND_AUTH_TOKEN }, key: { sid: DEFAULT_API_KEY_SID, secret: DEFAULT_API_KEY_SECRET } });
  if (authorization) headers.authorization = authorization;
  const type = contentTypeOf(req);
  // {sid} in a body too (a create naming the example's profile)
  const body = req.body === undefined ? undefined : Buffer.from(req.body.replaceAll('{sid}', sid ?? '{sid}'), 'utf8');
  if (type) headers['content-type'] = type;
  if (body) headers['content-length'] = String(body.length);
  return new Promise((resolve, reject) => {
    const r = httpRequest(target, { method: req.method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, statusText: res.statusMessage ?? '', headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    r.on('error', reject);
    r.end(body);
  });
}

/** The body as text a terminal shows: bytes that are not UTF-8 as \xNN, a BOM and control characters as escapes. */
function bodyText(bytes: Buffer): string {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    text = [...bytes].map((b) => (b < 0x80 ? String.fromCharCode(b) : `\\x${b.toString(16).padStart(2, '0')}`)).join('');
  }
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f\ufeff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`);
}

/** JSON members by path; `results.sid` maps over a list. A member the value lacks is left out. */
function pick(value: unknown, paths: readonly string[]): unknown {
  if (Array.isArray(value)) return value.map((v) => pick(v, paths));
  if (!value || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const path of paths) {
    const [head, ...rest] = path.split('.');
    if (!head || !Object.hasOwn(value, head)) continue;
    const member = (value as Record<string, unknown>)[head];
    if (rest.length === 0) out[head] = member;
    else if (!(head in out)) out[head] = pick(member, paths.filter((p) => p.startsWith(`${head}.`)).map((p) => p.slice(head.length + 1)));
  }
  return out;
}

/** Makes an example's answers the same on every run (see the top of this file). */
class Normalizer {
  private readonly sids = new Map<string, string>();
  private reference: number | undefined;

  constructor(literalSids: Iterable<string>) {
    for (const sid of literalSids) this.sids.set(sid, sid);
  }

  /** The instant every other is measured from: the first Date header, else the first time seen. */
  anchor(ms: number): void {
    this.reference ??= ms;
  }

  private shifted(ms: number): number {
    this.anchor(ms);
    return FIXED_NOW + Math.round((ms - this.reference!) / 60_000) * 60_000;
  }

  /** A Date header, shifted, in the form it was written (a date fault shows its form); one that is no HTTP-date as other text. */
  httpDate(value: string): string {
    const parsed = parseHttpDate(value);
    if (!parsed) return this.text(value);
    const d = new Date(this.shifted(parsed.ms));
    if (parsed.form === 'IMF-fixdate') return d.toUTCString();
    const [day, date, month, year, time] = d.toUTCString().replace(',', '').split(' ') as [string, string, string, string, string];
    if (parsed.form === 'rfc850-date') return `${LONG_DAYS[d.getUTCDay()]}, ${date}-${month}-${year.slice(2)} ${time} GMT`;
    return `${day} ${month} ${String(d.getUTCDate()).padStart(2, ' ')} ${time} ${year}`;
  }

  text(s: string): string {
    return s
      // a secret the mock echoes (the leak fault) reads as the placeholder the requests use
      .replaceAll(DEFAULT_AUTH_TOKEN, '{AuthToken}')
      .replaceAll(DEFAULT_SECOND_AUTH_TOKEN, '{SecondAuthToken}')
      .replaceAll(DEFAULT_API_KEY_SECRET, '{ApiKeySecret}')
      // a profile's sid, also one with the wrong prefix a fault gives it
      .replace(/(?:BU|XX)[0-9a-fA-F]{32}/g, (sid) => {
        if (!this.sids.has(sid)) this.sids.set(sid, `${sid.slice(0, 2)}${(this.sids.size + 1).toString(16).padStart(32, '0')}`);
        return this.sids.get(sid)!;
      })
      .replace(/(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(\.\d+)?(Z|[+-]\d\d:\d\d)/g, (iso, _whole: string, fraction: string | undefined, zone: string) => {
        const ms = Date.parse(iso);
        if (Number.isNaN(ms)) return iso;
        const offset = zone === 'Z' ? 0 : (zone.startsWith('-') ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6)));
        const local = new Date(this.shifted(ms) + offset * 60_000).toISOString();
        return `${local.slice(0, 19)}${fraction ? `.${'0'.repeat(fraction.length - 1)}` : ''}${zone}`;
      });
  }
}

function shown(raw: Raw, e: Explanation, n: Normalizer): ExampleAnswer {
  const header = (name: string) => {
    const v = raw.headers[name];
    return v === undefined ? null : Array.isArray(v) ? v.join(', ') : v;
  };
  const date = header('date');
  if (date) n.anchor(parseHttpDate(date)?.ms ?? Date.parse(date));
  const headers: Record<string, string | null> = {};
  for (const name of ['content-type', ...(e.show?.headers ?? [])]) {
    const v = header(name);
    if (v === null && name === 'content-type' && raw.body.length === 0) continue;
    headers[name] = v === null ? null : name === 'date' ? n.httpDate(v) : n.text(v);
  }
  const text = n.text(bodyText(raw.body));
  let body = text;
  let cut = false;
  const members = e.show?.members;
  let parsed: unknown;
  try {
    parsed = members && !e.show?.raw ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  if (parsed && typeof parsed === 'object' && members) {
    body = JSON.stringify(pick(parsed, members));
    cut = body !== JSON.stringify(parsed);
  } else {
    const limit = e.show?.raw ?? DEFAULT_BODY_SHOWN;
    cut = text.length > limit;
    body = cut ? text.slice(0, limit) : text;
  }
  return { status: raw.status, statusText: raw.statusText, headers, body, cut };
}

async function answersOf(e: Explanation, fault: string | null): Promise<ExampleAnswer[]> {
  const mock = await startMock({ port: 0, publicBaseUrl: BASE, ...(fault ? { fault } : {}) });
  try {
    const raws: Raw[] = [];
    let sid: string | undefined;
    for (const req of e.requests) {
      const raw = await send(mock.url, req, sid);
      if (sid === undefined && raw.status === 201) sid = /"sid"\s*:\s*"([^"]+)"/.exec(raw.body.toString('utf8'))?.[1];
      raws.push(raw);
    }
    const literal = e.requests.flatMap((r) => r.path.match(/BU[0-9a-fA-F]{32}/g) ?? []);
    const n = new Normalizer(literal);
    return raws.map((raw) => shown(raw, e, n));
  } finally {
    await mock.close();
  }
}

export type Answers = Record<CheckId, { pass: ExampleAnswer[]; fail: ExampleAnswer[] }>;

/** Every example's answers, from the clean mock and from the mock with the example's fault. */
export async function computeAnswers(): Promise<Answers> {
  const out: Partial<Answers> = {};
  for (const [id, e] of Object.entries(EXPLANATIONS) as Array<[CheckId, Explanation]>) {
    out[id] = { pass: await answersOf(e, null), fail: await answersOf(e, e.fault) };
  }
  return out as Answers;
}

/** contracts/explain/answers.ts with these answers. */
export function renderAnswersModule(answers: Answers): string {
  return `// Generated from the reference mock by \`npm run docs:explain\` (scripts/gen-explain.ts); do not edit by hand.
import type { CheckId } from '../catalog.ts';
import type { ExampleAnswer } from './example.ts';

export const EXAMPLE_ANSWERS: Partial<Record<CheckId, { pass: readonly ExampleAnswer[]; fail: readonly ExampleAnswer[] }>> = ${JSON.stringify(answers, null, 2)};
`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await writeFile(ANSWERS_FILE, renderAnswersModule(await computeAnswers()));
  process.stdout.write(`wrote ${ANSWERS_FILE}\n`);
}
