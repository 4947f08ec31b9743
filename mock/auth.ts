import type { MockConfig } from './options.ts';

/** Who a request acts for, and the secret it proved it with (so a fault can leak it). */
export interface Caller {
  accountSid: string;
  secret: string;
}

export type Authenticate = (authorization: string | undefined) => Caller | null;

/**
 * HTTP Basic: Account SID + Auth Token, or API Key SID + secret acting for the key's account.
 * Accepted header values are cached (at most 1,024), refused ones are not.
 */
export function makeAuthenticator(config: Pick<MockConfig, 'accounts' | 'apiKeys'>): Authenticate {
  const secrets = new Map<string, Caller>();
  for (const a of config.accounts) secrets.set(a.accountSid, { accountSid: a.accountSid, secret: a.authToken });
  for (const k of config.apiKeys) secrets.set(k.sid, { accountSid: k.accountSid, secret: k.secret });
  const accepted = new Map<string, Caller>();

  return (authorization) => {
    if (!authorization) return null;
    const known = accepted.get(authorization);
    if (known) return known;
    const match = /^basic +([A-Za-z0-9+/=]+) *$/i.exec(authorization);
    if (!match) return null;
    const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return null;
    const caller = secrets.get(decoded.slice(0, colon));
    if (!caller || caller.secret !== decoded.slice(colon + 1)) return null;
    if (accepted.size < 1024) accepted.set(authorization, caller);
    return caller;
  };
}
