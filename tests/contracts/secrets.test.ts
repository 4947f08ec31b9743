import { describe, expect, it } from 'vitest';
import { knownSecretsMatcher, matcherFor, REDACTED, redactDeep, redactHeaderValues, rememberSecrets, secretMatcher, tooShortToRedact } from '../../contracts/secrets.ts';
import { revealed, SECRET_FORMS } from '../helpers/secret-forms.ts';

const SID = 'AC0123456789abcdef0123456789abcdef';
const TOKEN = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
const BASIC = Buffer.from(`${SID}:${TOKEN}`).toString('base64');
const WRONG = Buffer.from(`${SID}:${TOKEN}-wrong`).toString('base64');
const cred = { sid: SID, token: TOKEN };
const secrets = secretMatcher([TOKEN, BASIC, WRONG]);

describe.each(SECRET_FORMS)('a credential $name', (form) => {
  const encoded = form.encode(cred);

  it('is what the form says: the scanner of the tests reveals it, and it is not the token as is (but for verbatim)', () => {
    expect(revealed(encoded, cred)).not.toEqual([]);
    if (form.name !== 'verbatim') expect(encoded).not.toContain(TOKEN);
  });

  it('is found alone and inside a JSON body', () => {
    expect(secrets.find(encoded)).toBeDefined();
    expect(secrets.find(`{"sid": "BU1", "account_sid": "${SID}", "debug": "${encoded}", "status": "draft"}`)).toBeDefined();
  });

  it('is redacted: nothing of it is left, the text around it is kept', () => {
    const text = `{"account_sid": "${SID}", "debug": "${encoded}", "status": "draft"}`;
    const out = secrets.redact(text);
    expect(out).toContain(REDACTED);
    expect(revealed(out, cred)).toEqual([]);
    expect(secrets.find(out)).toBeUndefined();
    expect(out.startsWith(`{"account_sid": "${SID}", "debug": "`)).toBe(true);
    expect(out.endsWith('", "status": "draft"}')).toBe(true);
    expect(secrets.redact(out)).toBe(out);
  });
});

describe('the secret matcher', () => {
  it('names the form it found', () => {
    expect(secrets.find(TOKEN)).toBe('verbatim');
    expect(secrets.find(TOKEN.toUpperCase())).toBe('in another letter case');
    expect(secrets.find(Buffer.from(TOKEN).toString('hex'))).toBe('hex-encoded');
    expect(secrets.find(`Basic ${BASIC}`)).toBe('base64-encoded');
    expect(secrets.find(encodeURIComponent(TOKEN).replace(/a/g, '%61'))).toBe('escaped (JSON, percent or HTML)');
  });

  it('does not take the Account SID, nor its base64, nor other sids for a secret', () => {
    const body = JSON.stringify({ sid: 'BU0123456789abcdef0123456789abcdef', account_sid: SID, url: `https://x.example/${SID}?a=%41&b=&amp;` });
    expect(secrets.find(body)).toBeUndefined();
    expect(secrets.find(Buffer.from(`${SID}:`).toString('base64'))).toBeUndefined();
    expect(secrets.redact(body)).toBe(body);
  });

  it('finds nothing in texts full of escapes that hold no secret, and leaves them as they are', () => {
    const texts = [
      '\\u0041\\u{1F600}\\x41%41%e2%80%8b&#65;&#x41;&amp;&unknown;&#xFFFFFFF;%zz\\q',
      `${TOKEN.slice(0, 20)}%${TOKEN.slice(20)}`.replace('%', ''), // a prefix alone: 20 of 32 characters
      Buffer.from(TOKEN.slice(0, 12)).toString('base64'),
      '\u001b[31mred\u001b[0m \u009b1mbold',
    ].filter((t) => !t.includes(TOKEN));
    for (const t of texts) {
      expect(secrets.find(t), t).toBeUndefined();
      expect(secrets.redact(t), t).toBe(t);
    }
  });

  it('replaces a base64 run holding a secret whole, padding included', () => {
    const run = Buffer.from(`pre${SID}:${TOKEN}post`).toString('base64');
    expect(secrets.redact(`Authorization: Basic ${run}, next`)).toBe(`Authorization: Basic ${REDACTED}, next`);
    expect(secrets.redact(`t=${BASIC}&u=1`)).toBe(`t=${REDACTED}&u=1`);
  });

  it('finds a secret that a later escape layer would take apart', () => {
    // "%a1" decodes to one character: the token is only whole before decoding
    expect(secrets.find(`%${TOKEN}`)).toBe('verbatim');
    expect(secrets.redact(`%${TOKEN}`)).toBe(`%${REDACTED}`);
    // "%25" + token: whole after one layer, taken apart by the next
    expect(secrets.find(`%25${TOKEN}`)).toBeDefined();
    expect(revealed(secrets.redact(`%25${TOKEN}`), cred)).toEqual([]);
  });

  it('decodes an escape that only forms once the escapes after its start are decoded', () => {
    const pct = (c: string) => `%${[...c.charCodeAt(0).toString(16)].map((d) => `%${d.charCodeAt(0).toString(16)}`).join('')}`; // "a" → "%%36%31"
    const forms = [
      [...TOKEN].map(pct).join(''),
      [...TOKEN].map((c) => `&#${[...String(c.charCodeAt(0))].map((d) => `%3${d}`).join('')};`).join(''), // "a" → "&#%39%37;"
      [...TOKEN].map((c) => `\\%75${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join(''), // "a" → "\%750061"
      [...TOKEN].map((c) => `%\\u003${c.charCodeAt(0).toString(16)[0]}${c.charCodeAt(0).toString(16)[1]}`).join(''), // "a" → "%\u00361"
    ];
    for (const f of forms) {
      expect(revealed(f, cred), f).not.toEqual([]);
      expect(secrets.find(f), f).toBe('escaped (JSON, percent or HTML)');
      expect(revealed(secrets.redact(`x ${f} y`), cred), f).toEqual([]);
    }
  });

  it('redacts every occurrence, in several forms in one text', () => {
    const forms = SECRET_FORMS.filter((f) => f.header !== false);
    const text = forms.map((f) => `<${f.encode(cred)}>`).join(' ');
    const out = secrets.redact(text);
    expect(revealed(out, cred)).toEqual([]);
    expect(out.split(REDACTED).length - 1).toBeGreaterThanOrEqual(forms.length);
  });

  it('ignores secrets shorter than 6 characters, and an empty list finds nothing', () => {
    expect(secretMatcher(['abc']).find('abc')).toBeUndefined();
    expect(secretMatcher([]).redact(TOKEN)).toBe(TOKEN);
  });

  it('an API key secret of any characters is found in its encodings too', () => {
    const m = secretMatcher(['s3cr3t/With+Odd=Chars&more']);
    expect(m.find(encodeURIComponent('s3cr3t/With+Odd=Chars&more'))).toBeDefined();
    expect(m.find('s3cr3t/With+Odd=Chars&amp;more')).toBeDefined();
    expect(m.find(Buffer.from('x:s3cr3t/With+Odd=Chars&more').toString('base64'))).toBeDefined();
  });

  it('is built once per list of secrets', () => {
    const list = [TOKEN, BASIC];
    expect(matcherFor(list)).toBe(matcherFor(list));
    expect(matcherFor([...list])).toBe(matcherFor(list));
  });
});

describe('redactDeep and the secrets of the process', () => {
  it('redacts every string and key of a JSON-like value, without changing the value', () => {
    const value = { a: [TOKEN, 1, null, { [`k-${TOKEN}`]: `x ${BASIC}` }], b: true };
    const out = redactDeep(value, secrets);
    expect(out).toEqual({ a: [REDACTED, 1, null, { [`k-${REDACTED}`]: `x ${REDACTED}` }], b: true });
    expect(value.a[0]).toBe(TOKEN);
  });

  it('remembers the secrets a run used: the matcher of the process finds them', () => {
    const mine = 'remembered-secret-4f1e2d3c';
    expect(knownSecretsMatcher().find(mine)).toBeUndefined();
    rememberSecrets([mine, 'short']);
    expect(knownSecretsMatcher().find(encodeURIComponent(mine).replace(/e/g, '%65'))).toBeDefined();
    expect(knownSecretsMatcher().find('short')).toBeUndefined();
  });
});

describe('a secret split across texts (a token in two headers)', () => {
  const half = cred.token.length / 2;
  const parts = ['application/json', `${cred.token.slice(0, half)}`, `${cred.token.slice(half)}`, 'Sat, 06 Dec 2025 10:00:00 GMT'];

  it('is found only when the texts are read together', () => {
    for (const p of parts) expect(secrets.find(p)).toBeUndefined();
    expect(secrets.findAcross(parts)).toBe('verbatim');
    expect(secrets.findAcross(['application/json', 'no secret here'])).toBeUndefined();
  });

  it('is redacted piece by piece; the other texts are kept', () => {
    const out = secrets.redactAcross(parts);
    expect(out).toEqual(['application/json', REDACTED, REDACTED, 'Sat, 06 Dec 2025 10:00:00 GMT']);
    expect(revealed(out.join(''), cred)).toEqual([]);
    expect(redactHeaderValues({ 'x-part-1': parts[1]!, 'x-part-2': parts[2]!, 'x-other': 'kept as it is' }, secrets)).toEqual({
      'x-part-1': REDACTED,
      'x-part-2': REDACTED,
      'x-other': 'kept as it is',
    });
  });
});

describe('a secret too short to redact', () => {
  it('is named as such, without its value; six characters and more are secrets', () => {
    expect(tooShortToRedact('the Auth Token', 'abc12')).toBe('the Auth Token is shorter than 6 characters: too short to redact reliably from every output; give the whole secret');
    expect(tooShortToRedact('the Auth Token', 'abc123')).toBeUndefined();
  });
});

describe('the first look samples the text, and misses nothing', () => {
  // the first look reads the text every few characters (contracts/secrets.ts samplerOf): a secret
  // at any offset, of any length from the shortest searched, in any letter case, inside any text
  // (two-byte characters included) is found, and a text without it is not
  const alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+/=:-_ ';
  const rnd = (seed: number) => () => {
    seed = (Math.imul(seed, 1103515245) + 12345) | 0;
    return ((seed >>> 8) & 0xffff) / 0x10000;
  };
  it.each([6, 7, 8, 9, 13, 31, 32, 64, 101])('a secret of %i characters is found at every offset, in any case, beside two-byte text', (length) => {
    const r = rnd(length);
    const pick = (n: number) => Array.from({ length: n }, () => alphabet[Math.floor(r() * alphabet.length)]).join('');
    const secret = pick(length).replace(/[ :=]/g, 'q');
    const matcher = secretMatcher([secret]);
    for (let offset = 0; offset < 40; offset++) {
      const before = `é${pick(offset + 200)}`.slice(0, offset + 200);
      const cased = offset % 3 === 0 ? secret.toUpperCase() : offset % 3 === 1 ? secret : secret.toLowerCase();
      const text = `${before}${cased}${pick(50)}ж`;
      expect(matcher.find(text), `offset ${offset}`).toBeDefined();
      expect(matcher.find(`${before}${cased.slice(0, -1)}\u0000${pick(50)}`), `cut at offset ${offset}`).toBeUndefined();
    }
  });
});
