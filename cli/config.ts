/**
 * The config file: `trusthub-conformance.config.{ts,mts,mjs,js,json}` in the working directory,
 * or the file `--config PATH` names. Its keys mirror the `run` flags in camelCase; a flag given on
 * the command line wins over the file, and the TWILIO_* environment fills credentials neither
 * gives. A problem with the file is one line naming the file, the key and what was expected (exit 2).
 */
import { access, readFile } from 'node:fs/promises';
import { dirname, extname, isAbsolute, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';
import type { Ajv2020, ErrorObject } from 'ajv/dist/2020.js';
import type { Command } from 'commander';
import { COMMAND_LINE_ONLY, CONFIG_FILE_NAMES, type ConformanceConfig, configSchema, KEYS, } from '../contracts/config.ts';
import { UsageError } from './errors.ts';
import { checkInputFile, readInputText } from '../engine/options/files.ts';

export {
  COMMAND_LINE_ONLY,
  CONFIG_FILE_NAMES,
  CONFIG_KEY_ATTRS,
  type ConformanceConfig,
  configSchema,
  defineConfig,
} from '../contracts/config.ts';

let validate: ReturnType<Ajv2020['compile']> | undefined;

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1]!.toLowerCase() === b[j - 1]!.toLowerCase() ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length]!;
}

function show(value: unknown): string {
  let s: string;
  try {
    s = JSON.stringify(value) ?? String(value);
  } catch {
    s = String(value);
  }
  return s.length > 60 ? `${s.slice(0, 57)}…` : s;
}

function valueAt(config: unknown, pointer: string): unknown {
  let v = config;
  for (const part of pointer.split('/').slice(1)) v = (v as Record<string, unknown> | undefined)?.[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  return v;
}

/** One line for the first problem ajv found. */
function describeProblem(file: string, config: unknown, errors: ErrorObject[]): string {
  const unknown = errors.find((e) => e.keyword === 'additionalProperties');
  if (unknown) {
    const key = (unknown.params as { additionalProperty: string }).additionalProperty;
    if ((COMMAND_LINE_ONLY as readonly string[]).includes(key)) {
      const flag = `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
      return `${file}: ${key} is not a config key: give ${flag} on the command line of the run it is for`;
    }
    const near = Object.keys(KEYS)
      .map((k) => [k, distance(key, k)] as const)
      .sort((a, b) => a[1] - b[1])[0]!;
    const hint = near[1] <= 3 ? `; did you mean "${near[0]}"?` : '; the keys mirror the run flags in camelCase (trusthub-conformance run --help)';
    return `${file}: unknown key "${key}"${hint}`;
  }
  const e = errors.find((x) => x.instancePath !== '') ?? errors[0]!;
  if (e.instancePath === '') return `${file}: the config must be an object of settings, got ${show(config)}`;
  const [, key, ...rest] = e.instancePath.split('/');
  const where = `${key}${rest.map((p) => (/^\d+$/.test(p) ? `[${p}]` : `.${p}`)).join('')}`;
  const spec = KEYS[key as keyof ConformanceConfig];
  const expect = rest.length ? (spec.item ?? `part of ${spec.expect}`) : spec.expect;
  return `${file}: ${where} must be ${expect}, got ${show(valueAt(config, e.instancePath))}`;
}

/** Checks a config object; throws UsageError with one line naming the key and what it takes. */
export function validateConfig(config: unknown, file = 'config'): ConformanceConfig {
  // `target: process.env.X` with X unset is a key without a value: refused, not read as "not given"
  const unset = config && typeof config === 'object' ? Object.entries(config).find(([, v]) => v === undefined) : undefined;
  if (unset) throw new UsageError(`${file}: ${unset[0]} is not set (undefined: an unset environment variable?): give it a value or leave the key out`);
  // ajv loads when there is a config file to check, not on every run
  if (!validate) {
    const { Ajv2020: Ajv } = createRequire(import.meta.url)('ajv/dist/2020.js') as { Ajv2020: typeof Ajv2020 };
    validate = new Ajv({ strict: true, allErrors: true, allowUnionTypes: true }).compile(configSchema);
  }
  if (!validate(config)) throw new UsageError(describeProblem(file, config, validate.errors ?? []));
  return config as ConformanceConfig;
}

const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

/** The config file to use: the one named, else the one in `cwd`, else none. */
export async function findConfig(explicit: string | undefined, cwd = process.cwd()): Promise<string | undefined> {
  if (explicit !== undefined) {
    const path = resolve(cwd, explicit);
    if (!(await exists(path))) throw new UsageError(`--config: no such file ${explicit}`);
    return path;
  }
  const found: string[] = [];
  for (const name of CONFIG_FILE_NAMES) if (await exists(join(cwd, name))) found.push(name);
  if (found.length > 1) throw new UsageError(`two config files in ${cwd}: ${found.join(' and ')}; keep one (or pick with --config)`);
  return found[0] ? join(cwd, found[0]) : undefined;
}

/** The nearest package.json above a file, and its "type". */
async function packageScope(file: string): Promise<{ path: string; type?: unknown } | undefined> {
  for (let dir = dirname(file); ; dir = dirname(dir)) {
    const path = join(dir, 'package.json');
    try {
      const pkg = JSON.parse(await readFile(path, 'utf8')) as { type?: unknown };
      return { path, type: pkg?.type };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') return { path };
    }
    if (dirname(dir) === dir) return undefined;
  }
}

/**
 * Node reads a .ts or .js file as CommonJS under a package.json that says "type": "commonjs"
 * (as `npm init` writes it): an `import` or `export` in the config would then fail with a
 * warning and a syntax error. Say what to do instead.
 */
async function refuseEsmInCommonJs(path: string, ext: string): Promise<void> {
  const scope = await packageScope(path);
  if (scope?.type !== 'commonjs') return;
  const text = await readFile(path, 'utf8').catch(() => '');
  if (!/^\s*(?:import|export)\b/m.test(text)) return;
  const name = `trusthub-conformance.config.${ext === '.ts' ? 'mts' : 'mjs'}`;
  throw new UsageError(
    `${path} uses import/export, but ${scope.path} says "type": "commonjs", so Node would read it as CommonJS: name it ${name}`,
  );
}

/** How long a config module may take to load (its top-level await included), in ms. */
function loadTimeoutMs(): number {
  const ms = Number(process.env.TRUSTHUB_CONFORMANCE_CONFIG_TIMEOUT_MS);
  return Number.isInteger(ms) && ms > 0 ? ms : 10_000;
}

/**
 * A config module's loading, bounded: a top-level await that never settles gets one line instead
 * of a silent hang. What the module left running (a timer, a socket) would still keep the process
 * alive after the error, so the process ends once the error is out.
 */
async function settled<T>(loading: Promise<T>, path: string): Promise<T> {
  const ms = loadTimeoutMs();
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      setTimeout(() => process.exit(), 200).unref();
      reject(new UsageError(`${path} did not finish loading within ${ms / 1000} s (a top-level await that never settles?); a config exports its settings at once`));
    }, ms);
  });
  try {
    return await Promise.race([loading, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** Reads and validates a config file. */
export async function loadConfig(path: string): Promise<ConformanceConfig> {
  const ext = extname(path).toLowerCase();
  // an input file like any other: a regular file, readable, of a sensible size (never a FIFO or a device)
  await checkInputFile('--config', path, 'json');
  let value: unknown;
  if (ext === '.json') {
    const text = await readInputText('--config', path, 'json');
    try {
      // a UTF-8 byte order mark (as some Windows editors save JSON) is not part of the JSON
      value = JSON.parse(text.replace(/^\uFEFF/, ''));
    } catch (err) {
      throw new UsageError(`${path} is not valid JSON: ${(err as Error).message}`);
    }
  } else if (['.ts', '.mts', '.mjs', '.js'].includes(ext)) {
    if (ext === '.ts' || ext === '.js') await refuseEsmInCommonJs(path, ext);
    let mod: { default?: unknown };
    try {
      mod = (await settled(import(pathToFileURL(path).href), path)) as { default?: unknown };
    } catch (err) {
      if (err instanceof UsageError) throw err;
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ERR_UNKNOWN_FILE_EXTENSION' || code === 'ERR_NO_TYPESCRIPT') {
        throw new UsageError(`${path}: Node ${process.versions.node} cannot load a TypeScript config (Node ≥ 22.18 can); use a .mjs or .json config`);
      }
      const message = err instanceof Error ? err.message.split('\n')[0] : String(err);
      throw new UsageError(`cannot load ${path}: ${message}`);
    }
    if (!('default' in mod) || mod.default === undefined) {
      throw new UsageError(`${path} has no default export: write export default defineConfig({ … })`);
    }
    value = await settled(Promise.resolve(mod.default), path);
  } else {
    throw new UsageError(`${path}: a config file is .ts, .mts, .mjs, .js or .json, not ${ext || 'without an extension'}`);
  }
  return validateConfig(value, path);
}

/**
 * Fills the command's flags from the config file: a key sets its flag unless the flag was given on
 * the command line. Keys the command has no flag for are left alone (e.g. `runs` for `merge`).
 */
export function mergeConfig<F extends object>(flags: F, config: ConformanceConfig, base: string, cmd: Command): F {
  const out = { ...flags } as Record<string, unknown>;
  const attrs = new Set(cmd.options.map((o) => o.attributeName()));
  for (const [key, value] of Object.entries(config) as Array<[keyof ConformanceConfig, unknown]>) {
    if (value === undefined) continue;
    const spec = KEYS[key];
    // the command line wins, then the environment (--target's TRUSTHUB_TARGET), then the file
    const source = cmd.getOptionValueSource(spec.attr);
    if (!attrs.has(spec.attr) || source === 'cli' || source === 'env') continue;
    out[spec.attr] = spec.convert ? spec.convert(value as never, base) : value;
    cmd.setOptionValueWithSource(spec.attr, out[spec.attr], 'config');
  }
  return out as F;
}

/** Finds, loads and applies the config file for a command (its `--config` flag, or the working directory). */
export async function applyConfig<F extends { config?: string }>(flags: F, cmd: Command): Promise<F> {
  const path = await findConfig(flags.config);
  if (!path) return flags;
  const config = await loadConfig(path);
  // which file set what: said once, before anything is sent
  const shown = relative(process.cwd(), path);
  process.stderr.write(`config: ${shown.startsWith('..') || isAbsolute(shown) ? path : shown}\n`);
  return mergeConfig(flags, config, dirname(path), cmd);
}
