/**
 * Implementations written independently of the suite (tests/fixtures/defects/server.mjs: one
 * faithful server with single-defect switches, written from the public reference alone by someone
 * who had not read the generators or the engine; defects.json says what each breaks and why it is
 * realistic). The clean one must stay conformant; the defects listed here must be caught by the
 * named check on every seed tried. The list holds the four that once survived every seed, and one
 * of each family besides.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../contracts/report.ts';
import { certify } from '../../engine/run/certify.ts';
import { resolveOptions } from '../../engine/options/resolve.ts';
import { DEFAULTS, FULL_RUN, start } from '../fixtures/defects/server.mjs';


/** `full`: with the API key beside the Auth Token and the second account the server has (FULL_RUN), as level 3 needs. */
async function certifyServer(defect: string | undefined, seed: number, full = false): Promise<Report> {
  const server = await start({ port: 0, ...(defect ? { defect } : {}) });
  try {
    const options = await resolveOptions(
      {
        target: server.url,
        accountSid: DEFAULTS.accountSid,
        authToken: DEFAULTS.authToken,
        ...(full ? FULL_RUN : {}),
        publicBaseUrl: DEFAULTS.publicBase,
        seed,
        runs: 3,
        concurrency: 4,
        timeout: 5000,
      },
      { naming: 'keys', env: {} },
    );
    const { report } = await certify(options, { rerun: () => '' });
    return report;
  } finally {
    await server.close();
  }
}

const failing = (r: Report) => r.checks.filter((c) => c.status === 'fail').map((c) => c.id);

/** defect → a check that must fail on it */
const CAUGHT: Record<string, string> = {
  // once survivors
  'strip-nul': 'echo.fields',
  'password-split-all-colons': 'auth.required-401',
  'list-includes-deleted': 'delete.gone',
  'malformed-sid-html-404': 'not-found.envelope',
  // one per family
  'nfc-normalize': 'echo.fields',
  'semicolon-separator': 'echo.fields',
  'callback-userinfo-refused': 'create.status-201',
  'reads-without-auth': 'auth.follow-up-routes',
  'delete-twice-204': 'delete.unknown-404',
  'json-utf8-bom': 'response.utf8-no-bom',
  'clock-skew-10min': 'create.timestamps-server-clock',
  'not-found-code-404': 'not-found.envelope',
  'url-http-scheme': 'resource.url',
  // red-team r1 survivors: the list page against its request, its items against their 201
  'list-page-size-capped-100': 'list.page-size',
  'list-page-past-end-404-detail': 'list.valid-query-200',
  'list-dates-local-time': 'list.same-as-created',
  // red-team r5 survivors: a body read short, a page size shared by lists in flight
  'form-max-keys-1000': 'missing.only-when-absent',
  'list-pagesize-singleton-race': 'list.page-size',
  // red-team r6 survivors: a lax base64 decoder, a client address taken for credentials
  'basic-base64-lenient': 'auth.required-401',
  'xff-internal-skips-auth': 'auth.follow-up-routes',
  // red-team r6 survivors: a HEAD routed to a handler's DELETE branch, an input sanitizer that decodes HTML character references
  'head-runs-delete-branch': 'methods.keep-profile',
  'html-entities-unescaped': 'echo.fields',
  // red-team r7 survivors: a strict media-type parser, list parameter names bound in any case
  'form-type-trailing-semicolon': 'missing.only-when-absent',
  'list-query-names-case-insensitive': 'list.page-size',
  // red-team r8 survivor: an auth proxy's identity header taken from a client
  'remote-user-header-trusted': 'auth.follow-up-routes',
};

describe('independently written implementations', () => {
  let clean: Report[] = [];
  beforeAll(async () => {
    // level 3 needs a second account and an API key: the faithful server has both (FULL_RUN)
    clean = await Promise.all([1, 2].map((seed) => certifyServer(undefined, seed, true)));
  });
  afterAll(() => {
    clean = [];
  });

  it('the faithful one is conformant at level 3, with no warning, on every seed', () => {
    for (const r of clean) {
      expect(failing(r)).toEqual([]);
      expect(r.verdict).toMatchObject({ conformant: true, levelAchieved: 3, shouldWarnings: 0 });
    }
  });

  it.each(Object.entries(CAUGHT))('%s is caught by %s on two seeds', async (defect, checkId) => {
    const reports = await Promise.all([1, 2].map((seed) => certifyServer(defect, seed)));
    for (const r of reports) {
      expect(failing(r), `seed ${r.seed}`).toContain(checkId);
      expect(r.verdict.conformant).toBe(false);
    }
  });
});
