import type { Judge } from '../../contracts/check.ts';
import { fail, mediaType, PASS } from './util.ts';

/** The bytes of every answer, judged as they came (engine/http.ts keeps the bom and invalidUtf8 flags). */

export const utf8NoBom: Judge = (ex) => {
  const res = ex.response;
  if (!res || (!res.bodyText && !res.bom)) return null;
  if (res.bom) return fail(`the ${res.status} body starts with a UTF-8 byte order mark (EF BB BF)`);
  // a body cut at the size cap may end inside a character
  if (res.invalidUtf8 && !res.truncated) return fail(`the ${res.status} body is not valid UTF-8`);
  return PASS;
};

const CHARSET = /;\s*charset\s*=\s*("?)([^";\s]*)\1/i;

export const charsetUtf8: Judge = (ex) => {
  const res = ex.response;
  if (!res || mediaType(res) !== 'application/json') return null;
  const header = res.headers['content-type'] ?? '';
  const charset = CHARSET.exec(header)?.[2];
  if (charset === undefined) return PASS;
  return charset.toLowerCase() === 'utf-8' ? PASS : fail(`Content-Type ${JSON.stringify(header)} names charset ${charset}, not utf-8`);
};

export const uniqueMembers: Judge = (ex) => {
  const res = ex.response;
  if (!res || res.json === undefined || typeof res.json !== 'object' || res.json === null) return null;
  const dup = duplicateMember(res.bodyText);
  return dup === undefined ? PASS : fail(`the ${res.status} body repeats the member ${JSON.stringify(dup)} in one object`);
};

const WS = new Set([' ', '\t', '\n', '\r']);

/** The first member name an object of a valid JSON text repeats, if any. */
export function duplicateMember(text: string): string | undefined {
  // one Set per open object, null per open array
  const stack: Array<Set<string> | null> = [];
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '{') stack.push(new Set());
    else if (ch === '[') stack.push(null);
    else if (ch === '}' || ch === ']') stack.pop();
    else if (ch === '"') {
      const start = i;
      let escaped = false;
      for (i++; i < text.length; i++) {
        const c = text[i];
        if (c === '\\') {
          escaped = true;
          i++;
        } else if (c === '"') break;
      }
      const names = stack.at(-1);
      if (!names) continue;
      let j = i + 1;
      while (j < text.length && WS.has(text[j]!)) j++;
      if (text[j] !== ':') continue;
      const raw = text.slice(start, i + 1);
      const name = escaped ? (JSON.parse(raw) as string) : raw.slice(1, -1);
      if (names.has(name)) return name;
      names.add(name);
    }
  }
  return undefined;
}
