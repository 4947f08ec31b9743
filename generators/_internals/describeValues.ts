import { isOrdinary, NONCHARACTERS } from './unicode.ts';

const NONCHARACTER = new Set(NONCHARACTERS);

/** The kinds of code point a text holds that servers mishandle, in words: `controls, BOM, astral`. */
export function textTraits(text: string): string[] {
  const traits = new Set<string>();
  if (text !== text.trim() || /^ | $/.test(text)) traits.add('whitespace around');
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (cp === 0) traits.add('NUL');
    else if (cp === 0x0d || cp === 0x0a) traits.add('CR/LF');
    else if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f)) traits.add('controls');
    else if (cp === 0xfeff) traits.add('BOM');
    else if (NONCHARACTER.has(cp) || (cp >= 0xfdd0 && cp <= 0xfdef)) traits.add('noncharacters');
    else if ((cp >= 0xe000 && cp <= 0xf8ff) || cp >= 0xf0000) traits.add('private use');
    else if (!isOrdinary(cp)) traits.add('unlisted or unassigned');
    else if ((cp >= 0x300 && cp <= 0x36f) || (cp >= 0xfe20 && cp <= 0xfe2f)) traits.add('combining');
    else if ((cp >= 0x200e && cp <= 0x200f) || (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069) || cp === 0x61c) traits.add('bidi');
    if (cp > 0xffff) traits.add('astral');
  }
  return [...traits];
}

/** What an Email is beyond a plain ASCII address, in words. */
export function emailTraits(value: string): string[] {
  const traits: string[] = [];
  if (value !== value.trim()) traits.push('whitespace around');
  const at = value.lastIndexOf('@');
  const local = value.slice(0, at);
  const domain = value.slice(at + 1);
  if (/[^\x00-\x7f]/.test(local)) traits.push('non-ASCII local part');
  if (local.trim().startsWith('"')) traits.push('quoted local part');
  if (/[^\x00-\x7f]/.test(domain)) traits.push('non-ASCII domain');
  if (/xn--/i.test(domain)) traits.push('A-label domain');
  if (domain.trim().startsWith('[')) traits.push('address literal');
  if (/[A-Z]/.test(domain)) traits.push('upper-case domain');
  return traits;
}

/** The parts of a callback URI servers mishandle, in words. */
export function callbackTraits(uri: string): string[] {
  const traits: string[] = [];
  const scheme = uri.slice(0, uri.indexOf(':'));
  if (scheme !== scheme.toLowerCase()) traits.push('scheme case');
  const authority = uri.slice(uri.indexOf('//') + 2).split(/[/?#]/)[0] ?? '';
  if (authority.includes('@')) traits.push('userinfo');
  if (authority.includes('[')) traits.push('IPv6');
  else if (/^(?:[^@]*@)?\d+\.\d+\.\d+\.\d+(?::|$)/.test(authority)) traits.push('IPv4');
  if (/:\d*$/.test(authority.replace(/^[^@]*@/, '').replace(/^\[[^\]]*\]/, ''))) traits.push('port');
  if (uri.includes('?')) traits.push('query');
  if (uri.includes('#')) traits.push('fragment');
  return traits;
}
