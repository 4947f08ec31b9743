/**
 * The JSON Schema of what a report.json must hold for the tool to read it back (`merge`, `verify`):
 * every count an integer ≥ 0, every text the writers print a string, every level 1–3. Unknown
 * members are allowed (a newer report may add some); a member of the wrong type is refused before
 * any writer sees it (a string count once became a script in report.html).
 */
import { ajv, describeErrors } from './validators.ts';

const count = { type: 'integer', minimum: 0 } as const;
const text = { type: 'string' } as const;
const texts = { type: 'array', items: text } as const;
const level = { type: 'integer', minimum: 1, maximum: 3 } as const;
const levelOrNone = { type: 'integer', minimum: 0, maximum: 3 } as const;
const headers = { type: 'object', additionalProperties: text } as const;
const ms = { type: 'number', minimum: 0 } as const;
const tool = { type: 'object', required: ['name', 'version'], properties: { name: text, version: text } } as const;
const partial = { type: 'object', required: ['leftOut', 'levelSupported'], properties: { leftOut: texts, levelSupported: levelOrNone } } as const;
const incomplete = { type: 'object', required: ['reason'], properties: { reason: text, notSent: count } } as const;

const counterexample = {
  type: 'object',
  required: ['message', 'index', 'category', 'caseLabel', 'request', 'curl', 'shrunk'],
  properties: {
    message: text,
    // -1: an answer that belongs to no case of the plan (the cleanup's, the account model's)
    index: { type: 'integer', minimum: -1 },
    category: text,
    caseLabel: text,
    request: { type: 'object', required: ['method', 'url', 'headers'], properties: { method: text, url: text, headers, body: text } },
    response: {
      type: 'object',
      required: ['status', 'statusText', 'headers', 'body'],
      properties: { status: count, statusText: text, headers, body: text },
    },
    error: { type: 'object', required: ['code', 'message'], properties: { code: text, message: text } },
    curl: text,
    shrunk: { type: 'boolean' },
    step: { type: 'object', required: ['purpose', 'auth'], properties: { purpose: text, auth: text, role: text } },
    sequence: {
      type: 'array',
      items: {
        type: 'object',
        required: ['purpose', 'role', 'request', 'auth'],
        properties: {
          purpose: text,
          role: text,
          request: { type: 'object', required: ['method', 'url', 'headers'], properties: { method: text, url: text, headers, body: text } },
          auth: text,
          status: count,
          error: text,
          cutAt: count,
          sid: text,
        },
      },
    },
  },
} as const;

const failureClass = {
  type: 'object',
  required: ['kind', 'shape', 'failed', 'index'],
  properties: {
    kind: text,
    part: text,
    shape: text,
    cases: { type: 'array', items: { type: 'object', required: ['index', 'label'], properties: { index: count, label: text } } },
    failed: count,
    index: { type: 'integer', minimum: -1 },
    example: counterexample,
  },
} as const;

const check = {
  type: 'object',
  required: ['id', 'title', 'level', 'severity', 'source', 'status', 'passed', 'failed', 'skipped'],
  properties: {
    id: text,
    title: text,
    level,
    severity: { enum: ['MUST', 'SHOULD'] },
    source: { type: 'object', required: ['doc', 'ref'], properties: { doc: text, ref: text } },
    status: { enum: ['pass', 'fail', 'skip'] },
    passed: count,
    failed: count,
    skipped: count,
    skipReason: text,
    needs: { type: 'object', required: ['input', 'words'], properties: { input: { enum: ['second-account', 'other-pair'] }, words: text } },
    firstFailure: counterexample,
    classes: { type: 'array', items: failureClass },
    unclassed: count,
    declared: { type: 'object', required: ['reason', 'expired'], properties: { reason: text, expires: text, expired: { type: 'boolean' } } },
  },
} as const;

const declaredDeviation = {
  type: 'object',
  required: ['check', 'reason', 'expired', 'checkStatus', 'excused'],
  properties: {
    check: text,
    reason: text,
    expires: text,
    expired: { type: 'boolean' },
    checkStatus: { enum: ['pass', 'fail', 'skip', 'not-run'] },
    excused: { type: 'boolean' },
  },
} as const;

export const reportSchema = {
  $id: 'https://trusthub-conformance.dev/schemas/report.json',
  type: 'object',
  required: ['schemaVersion', 'tool', 'target', 'seed', 'runs', 'startedAt', 'finishedAt', 'durationMs', 'verdict', 'levels', 'checks', 'exchanges', 'latencyMs', 'certificate', 'options'],
  properties: {
    schemaVersion: { const: 1 },
    tool,
    target: { type: 'object', required: ['url', 'embedded'], properties: { url: text, embedded: { type: 'boolean' } } },
    seed: { type: 'integer' },
    runs: count,
    startedAt: text,
    finishedAt: text,
    durationMs: { type: 'number' },
    incomplete,
    partial,
    verdict: {
      type: 'object',
      required: ['conformant', 'levelAchieved', 'requiredLevel', 'mustFailures', 'shouldWarnings'],
      properties: { conformant: { type: 'boolean' }, levelAchieved: levelOrNone, requiredLevel: level, mustFailures: count, shouldWarnings: count },
    },
    levels: {
      type: 'array',
      items: {
        type: 'object',
        required: ['level', 'status', 'mustFailed', 'shouldFailed'],
        properties: { level, status: { enum: ['pass', 'fail', 'untested', 'incomplete'] }, mustFailed: count, shouldFailed: count, leftOut: texts, needs: { type: 'array', items: { type: 'object', required: ['check', 'needs'], properties: { check: text, needs: text } } } },
      },
    },
    checks: { type: 'array', items: check },
    exchanges: {
      type: 'object',
      required: ['total', 'byCategory', 'byStatus', 'transportErrors', 'retries'],
      properties: {
        total: count,
        byCategory: { type: 'object', additionalProperties: { type: 'object', required: ['total', 'failed'], properties: { total: count, failed: count } } },
        byStatus: { type: 'object', additionalProperties: count },
        transportErrors: count,
        retries: count,
      },
    },
    latencyMs: {
      type: 'object',
      required: ['p50', 'p95', 'p99', 'max', 'histogram'],
      properties: {
        p50: ms,
        p95: ms,
        p99: ms,
        max: ms,
        histogram: { type: 'object', required: ['upperMs', 'counts'], properties: { upperMs: { type: 'array', items: ms }, counts: { type: 'array', items: count } } },
      },
    },
    certificate: {
      type: 'object',
      required: ['tool', 'catalogFingerprint', 'targetUrl', 'date', 'seed', 'runs', 'levelAchieved', 'conformant', 'rerun'],
      properties: {
        tool,
        catalogFingerprint: text,
        targetUrl: text,
        date: text,
        seed: { type: 'integer' },
        runs: count,
        levelAchieved: levelOrNone,
        conformant: { type: 'boolean' },
        rerun: text,
        planFingerprint: text,
        plan: { type: 'object', required: ['shrink'], properties: { policySids: texts, shrink: { type: 'boolean' } } },
        declaredDeviations: { type: 'array', items: declaredDeviation },
        partial,
        incomplete,
      },
    },
    options: { type: 'object', required: ['concurrency', 'timeoutMs'], properties: { concurrency: count, timeoutMs: ms, only: texts, skip: texts } },
    live: { type: 'object', additionalProperties: true },
    shard: {
      type: 'object',
      required: ['index', 'count', 'planFingerprint', 'latency'],
      properties: {
        index: { type: 'integer', minimum: 1 },
        count: { type: 'integer', minimum: 1 },
        planFingerprint: text,
        latency: {
          type: 'object',
          required: ['pairs', 'max'],
          properties: { pairs: { type: 'array', items: { type: 'array', items: count, minItems: 2, maxItems: 2 } }, max: ms },
        },
      },
    },
    merged: { type: 'object', required: ['shards'], properties: { shards: count } },
    divergences: {
      type: 'array',
      items: {
        type: 'object',
        required: ['index', 'category', 'requestClass', 'caseLabel', 'aspect', 'target', 'reference'],
        properties: {
          index: count,
          category: text,
          requestClass: text,
          caseLabel: text,
          aspect: text,
          target: text,
          reference: text,
          expected: { type: 'object', required: ['reason'], properties: { reason: text, expires: text } },
        },
      },
    },
  },
} as const;

const validate = ajv.compile(reportSchema);

/** Why a parsed report.json is not one the tool can read back ("/checks/3/passed must be integer"), or undefined. */
export function reportShapeProblem(value: unknown): string | undefined {
  if (validate(value)) return undefined;
  const errors = validate.errors ?? [];
  return describeErrors(errors.slice(0, 3)) + (errors.length > 3 ? ` (and ${errors.length - 3} more)` : '');
}
