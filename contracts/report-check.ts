/**
 * What a report.json read back (`merge`, `verify`) must hold true, recomputed rather than trusted:
 * its shape (every count an integer ≥ 0, every printed field a string: contracts/report-schema.ts),
 * each check's status from its counts, levels and verdict from the checks (judgeLevels, the same
 * rule the run used), the certificate from the verdict, declarations that may excuse nothing they
 * may not, and the plan fingerprint from seed, runs, catalog and tool version. No signature is
 * checked here: a signed in-toto statement (reports/statement.ts) is what ties the file to its maker.
 */
import { CATALOG, catalogFingerprint } from './catalog.ts';
import { checkStatus, judgeLevels, planFingerprint, type Report, UNEXCUSABLE_CHECKS } from './report.ts';
import { reportShapeProblem } from './report-schema.ts';

/**
 * shape: not a report this tool can read; other-catalog: judged by another catalog, so nothing can
 * be recomputed here; contradiction: a recomputed value differs from the one written.
 */
export type ReportProblemKind = 'shape' | 'other-catalog' | 'contradiction';

export interface ReportProblem {
  kind: ReportProblemKind;
  message: string;
}


const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** The first thing wrong with a parsed report.json, or undefined when everything recomputes. */
export function reportProblem(value: unknown): ReportProblem | undefined {
  const shape = reportShapeProblem(value);
  if (shape) return { kind: 'shape', message: `is not a report this version can read: ${shape}` };
  const report = value as Report;
  const local = catalogFingerprint();
  if (report.certificate.catalogFingerprint !== local) {
    return {
      kind: 'other-catalog',
      message: `was judged by catalog ${report.certificate.catalogFingerprint} (${report.tool.name}@${report.tool.version}), this version has ${local}: use the version that wrote it`,
    };
  }
  const contradiction = firstContradiction(report);
  return contradiction ? { kind: 'contradiction', message: contradiction } : undefined;
}

function firstContradiction(report: Report): string | undefined {
  const catalog = new Map<string, (typeof CATALOG)[number]>(CATALOG.map((c) => [c.id, c]));
  const seen = new Set<string>();
  const day = report.finishedAt.slice(0, 10);
  for (const c of report.checks) {
    if (seen.has(c.id)) return `lists check ${c.id} twice`;
    seen.add(c.id);
    const info = catalog.get(c.id);
    if (info && (info.level !== c.level || info.severity !== c.severity)) {
      return `says ${c.id} is level ${c.level} ${c.severity}; the catalog that judged it says level ${info.level} ${info.severity}`;
    }
    if (c.status !== checkStatus(c)) return `says ${c.id} is ${c.status} with ${c.passed} passed, ${c.failed} failed, ${c.skipped} skipped: that is ${checkStatus(c)}`;
    if (c.needs && c.status !== 'skip') return `says ${c.id} needs ${c.needs.words}, but it is ${c.status}: only a check that could not judge needs an input`;
    if (c.classes) {
      const classed = c.classes.reduce((n, k) => n + k.failed, 0) + (c.unclassed ?? 0);
      if (classed !== c.failed) return `says ${c.id} failed ${c.failed} times; its classes of failure count ${classed}`;
    }
    const d = c.declared;
    if (!d) continue;
    if (UNEXCUSABLE_CHECKS.includes(c.id)) return `declares a deviation for ${c.id}, which no declaration can excuse`;
    if (d.expires === undefined) return `declares a deviation for ${c.id} without an expiry date`;
    if (d.expired !== d.expires < day) return `says the declaration for ${c.id} (expires ${d.expires}) is ${d.expired ? '' : 'not '}expired on ${day}`;
  }
  const notSent = report.incomplete?.notSent ?? 0;
  const judged = judgeLevels(report.checks, report.verdict.requiredLevel, CATALOG, notSent);
  const verdict = { ...judged.verdict, conformant: judged.verdict.conformant && !report.incomplete };
  for (const key of ['levelAchieved', 'conformant', 'mustFailures', 'shouldWarnings'] as const) {
    if (report.verdict[key] !== verdict[key]) return `says verdict.${key} is ${report.verdict[key]}; its checks make it ${verdict[key]}`;
  }
  for (const l of judged.levels) {
    const written = report.levels.find((w) => w.level === l.level);
    const agrees = written && written.status === l.status && written.mustFailed === l.mustFailed && written.shouldFailed === l.shouldFailed && same(written.leftOut, l.leftOut);
    if (!agrees) return `says level ${l.level} is ${written ? written.status : 'absent'}; its checks make it ${l.status}`;
    if (!same(written.needs, l.needs)) return `says other checks of level ${l.level} lacked an input than its checks make (${l.needs?.map((n) => n.check).join(', ') || 'none'})`;
  }
  if (!same(report.partial, judged.partial)) return 'says a different partial run than its checks make';
  const cert = report.certificate;
  if (cert.levelAchieved !== verdict.levelAchieved || cert.conformant !== verdict.conformant) {
    return `has a certificate for level ${cert.levelAchieved}${cert.conformant ? ', conformant' : ''}; its checks make level ${verdict.levelAchieved}${verdict.conformant ? ', conformant' : ', not conformant'}`;
  }
  if (cert.seed !== report.seed || cert.runs !== report.runs) return 'has a certificate for another seed or number of runs';
  if (!same(cert.partial, report.partial) || !same(cert.incomplete, report.incomplete)) return 'has a certificate that says another partial or incomplete run';
  return planContradiction(report);
}

/** The plan fingerprint, recomputed from seed, runs, policy sids, shrinking, catalog and tool version. */
function planContradiction(report: Report): string | undefined {
  const cert = report.certificate;
  const written = [cert.planFingerprint, report.shard?.planFingerprint].filter((f) => f !== undefined);
  if (written.length === 0) return undefined;
  if (!cert.plan) return 'has a plan fingerprint but not what it is computed from (certificate.plan)';
  const expected = planFingerprint({
    seed: cert.seed,
    runs: cert.runs,
    ...(cert.plan.policySids ? { policySids: cert.plan.policySids } : {}),
    shrink: cert.plan.shrink,
    catalogFingerprint: cert.catalogFingerprint,
    toolVersion: cert.tool.version,
  });
  const wrong = written.find((f) => f !== expected);
  return wrong ? `has plan fingerprint ${wrong}; its seed, runs, plan, catalog and tool version make ${expected}` : undefined;
}
