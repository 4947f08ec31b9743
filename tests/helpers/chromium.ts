/**
 * The browser the HTML tests drive: the Chromium that @sparticuz/chromium (a devDependency) ships
 * inside its npm package, so `npm ci && npm test` needs nothing but Node; Debian's
 * /usr/bin/chromium when that package's binary cannot be unpacked or run here.
 */
import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

export const SYSTEM_CHROMIUM = '/usr/bin/chromium';

/** What this machine's Chromium needs: no sandbox (root in a container), no GPU, nothing fetched in the background. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** The path of the npm package's Chromium, unpacked (once) into the temporary folder. */
export async function packagedChromium(): Promise<string> {
  const { default: packaged } = await import('@sparticuz/chromium');
  return packaged.executablePath();
}

/**
 * Headless Chromium, launched by playwright-core (which gives it a new, empty user-data-dir):
 * the packaged one first, Debian's when the packaged one cannot start.
 */
export async function launchChromium(): Promise<{ browser: Browser; executablePath: string }> {
  const tried: string[] = [];
  const candidates: Array<() => Promise<string>> = [packagedChromium, async () => SYSTEM_CHROMIUM];
  for (const candidate of candidates) {
    let executablePath: string;
    try {
      executablePath = await candidate();
    } catch (err) {
      tried.push(`@sparticuz/chromium: ${(err as Error).message}`);
      continue;
    }
    if (!existsSync(executablePath)) {
      tried.push(`${executablePath}: missing`);
      continue;
    }
    try {
      return { browser: await chromium.launch({ executablePath, args: CHROMIUM_ARGS, timeout: 60_000 }), executablePath };
    } catch (err) {
      tried.push(`${executablePath}: ${(err as Error).message.split('\n')[0]}`);
    }
  }
  throw new Error(`no Chromium could be started (run npm ci: @sparticuz/chromium is a devDependency): ${tried.join('; ')}`);
}
