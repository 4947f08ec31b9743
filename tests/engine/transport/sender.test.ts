import { describe, expect, it } from 'vitest';
import { noteCookies } from '../../../engine/transport/sender.ts';

/** The cookies a target sets (engine/transport/sender.ts noteCookies): replayed on requests without credentials. */
describe('noteCookies', () => {
  it('keeps the name=value of each cookie of a Set-Cookie header, repeats joined by ", " included', () => {
    const cookies = new Map<string, string>();
    noteCookies(cookies, 'JSESSIONID=AB12; Path=/; HttpOnly, lb=2; Expires=Wed, 21 Oct 2026 07:28:00 GMT; Secure');
    expect([...cookies]).toEqual([
      ['JSESSIONID', 'AB12'],
      ['lb', '2'],
    ]);
    // a later value of the same name replaces the earlier one
    noteCookies(cookies, 'JSESSIONID=CD34; Path=/');
    expect(cookies.get('JSESSIONID')).toBe('CD34');
  });

  it('skips what names no cookie, and remembers at most 16 names', () => {
    const cookies = new Map<string, string>();
    noteCookies(cookies, '=nameless; Path=/');
    noteCookies(cookies, 'garbage');
    expect(cookies.size).toBe(0);
    for (let i = 0; i < 20; i++) noteCookies(cookies, `c${i}=${i}`);
    expect(cookies.size).toBe(16);
    expect(cookies.has('c16')).toBe(false);
  });
});
