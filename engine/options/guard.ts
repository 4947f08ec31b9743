/**
 * The one production guard of every entry that sends requests (run, diff, replay, the library's
 * certify(), the vitest adapter): a URL on Twilio's production API is refused unless the caller
 * said `live`, in one line, before any connection is opened. It looks at the URLs, never at the
 * network.
 */
import { OptionError } from '../../contracts/errors.ts';
import { DEFAULTS } from '../../contracts/limits.ts';

const hostOf = (url: string): string | undefined => {
  try {
    return new URL(url).hostname.toLowerCase().replace(/\.+$/, '');
  } catch {
    return undefined;
  }
};

/** Twilio's production API: trusthub.twilio.com, its regional edges, any host under twilio.com. */
export function isTwilioProduction(url: string): boolean {
  const host = hostOf(url);
  return host !== undefined && (host === 'twilio.com' || host.endsWith('.twilio.com'));
}

/** A target on this machine: 127.0.0.0/8, ::1 or localhost. */
export function isLoopback(url: string | undefined): boolean {
  const host = url ? hostOf(url) : undefined;
  if (host === undefined) return false;
  return host === 'localhost' || host.endsWith('.localhost') || host === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** How an entry without `live` words its refusal. */
export interface ProductionRefusal {
  /** what sends the requests, e.g. "a diff" (default "a run") */
  what: string;
  /** what to do instead of adding --live */
  instead: string;
}

/** Refuse a production URL unless `live`; a command that has no --live passes false and says what to do instead. */
export function guardProduction(urls: readonly (string | undefined)[], live: boolean, refusal?: ProductionRefusal): void {
  if (live) return;
  for (const url of urls) {
    if (!url || !isTwilioProduction(url)) continue;
    const host = new URL(url).hostname;
    const instead =
      refusal?.instead ?? `add --live to run against it (it then creates at most ${DEFAULTS.liveMaxCreates} unless --max-creates says otherwise)`;
    throw new OptionError(`${host} is Twilio's production API and ${refusal?.what ?? 'a run'} creates real Customer Profiles on the account: ${instead}`);
  }
}
