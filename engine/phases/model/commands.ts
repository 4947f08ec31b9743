/**
 * The commands of the account model, as fast-check model-based commands, and the arbitraries that
 * draw them: create (valid, with long text, and each refused class: a required parameter missing,
 * a malformed PolicySid, wrong credentials), fetch and delete (a live profile, a deleted one, a sid
 * that never existed) and list (PageSize from 1 to 1000, every page to the end). Field values come
 * from the generators: the creates of the sequence from the whole value space (valueSpaceCase), the
 * audit's from plain valid cases, so that the audit always has profiles to work on.
 */
import fc from 'fast-check';
import { CROSSED_AUTH, MIXED_ACCOUNT_AUTH, OUTSIDE_AUTHORIZATION_AUTH, REFUSED_AUTH, type TestCase } from '../../../contracts/exchange.ts';
import type { Whose } from '../../../contracts/model.ts';
import { type GeneratorOptions, invalidPolicySidCase, missingFieldCase, validCase, valueSpaceCase } from '../../../generators/index.ts';
import { type Audit, type Execution, type Model, withFields } from './execution.ts';

type Command = fc.AsyncCommand<Model, Execution>;

/** The longest sequence of commands drawn (the audit after it is not counted). */
export const MAX_COMMANDS = 30;

class Create implements Command {
  readonly kind: string;
  readonly tc: TestCase;
  constructor(kind: string, tc: TestCase) {
    this.kind = kind;
    this.tc = tc;
  }
  check(m: Readonly<Model>): boolean {
    return !m.ended;
  }
  run(_m: Model, r: Execution): Promise<void> {
    return r.create(this.tc);
  }
  toString(): string {
    return `create ${this.kind}`;
  }
}

/** A fetch or delete of a live profile, a deleted one (picked by index) or a sid that never existed. */
class Read implements Command {
  readonly command: 'fetch' | 'delete';
  readonly whose: Whose;
  readonly pick: number;
  readonly unknown: string;
  constructor(command: 'fetch' | 'delete', whose: Whose, pick: number, unknown: string) {
    this.command = command;
    this.whose = whose;
    this.pick = pick;
    this.unknown = unknown;
  }
  check(m: Readonly<Model>): boolean {
    if (m.ended) return false;
    return this.whose === 'unknown' || (this.whose === 'live' ? m.live.size : m.deleted.size) > 0;
  }
  run(_m: Model, r: Execution): Promise<void> {
    return this.command === 'fetch' ? r.fetch(this.whose, this.pick, this.unknown) : r.remove(this.whose, this.pick, this.unknown);
  }
  toString(): string {
    return `${this.command} ${this.whose}${this.whose === 'unknown' ? ` BU${this.unknown}` : ` #${this.pick}`}`;
  }
}

class List implements Command {
  readonly pageSize: number;
  constructor(pageSize: number) {
    this.pageSize = pageSize;
  }
  check(m: Readonly<Model>): boolean {
    return !m.ended;
  }
  run(_m: Model, r: Execution): Promise<void> {
    return r.list(this.pageSize);
  }
  toString(): string {
    return `list PageSize=${this.pageSize}`;
  }
}

/** PageSize from 1 to its maximum 1000 (OpenAPI), small ones most: they make pages. */
export const pageSize = (): fc.Arbitrary<number> =>
  fc.oneof(
    { weight: 4, arbitrary: fc.integer({ min: 1, max: 4 }) },
    { weight: 2, arbitrary: fc.integer({ min: 5, max: 50 }) },
    { weight: 1, arbitrary: fc.integer({ min: 51, max: 999 }) },
    { weight: 1, arbitrary: fc.constant(1000) },
  );

const HEX = fc.constantFrom(...'0123456789abcdef');

/** A create whose FriendlyName is the drawn one repeated to 256 to 4,096 characters: kept exactly, or refused (no length limit is documented either way). */
function longCase(opts: GeneratorOptions): fc.Arbitrary<TestCase> {
  return fc.tuple(validCase(opts), fc.integer({ min: 256, max: 4096 })).map(([tc, length]) => {
    const unit = tc.fields.FriendlyName!;
    const unitLength = Array.from(unit).length;
    // `unit`, then ` unit` as often as it takes to reach `length` characters
    const times = Math.max(1, Math.ceil((length + 1) / (unitLength + 1)));
    const name = Array<string>(times).fill(unit).join(' ');
    // longer than NAME_LENGTH_TAKEN: created and echoed exactly, or refused (no length limit is documented either way)
    return { ...withFields(tc, { ...tc.fields, FriendlyName: name }, `valid request, FriendlyName of ${times * (unitLength + 1) - 1} characters`), expect: 'either' as const };
  });
}

/** A create whose parameters the contract refuses: a required one missing (leaving FriendlyName or Email to mark it) or a malformed PolicySid. */
function invalidCase(opts: GeneratorOptions): fc.Arbitrary<TestCase> {
  return fc.oneof(missingFieldCase(opts).filter((tc) => tc.fields.FriendlyName !== undefined || tc.fields.Email !== undefined), invalidPolicySidCase(opts));
}

/**
 * The wrong credentials a model command may send: every refused shape but the crossed pairs, which
 * need a second pair of the account that most runs do not know (the same for every run, so a seed
 * draws the same commands whatever credentials it was given), and the shapes added in round 18
 * (ROUND_18_AUTH: the token beside other text, the credentials outside Authorization), which the
 * credential matrix and its routes send (credential-routes.ts): a seed's model sequences stay what they were.
 */
const ROUND_18_AUTH: readonly string[] = ['token-space-junk', 'bearer-then-basic', ...OUTSIDE_AUTHORIZATION_AUTH];
const MODEL_REFUSED_AUTH = REFUSED_AUTH.filter((mode) => !([...CROSSED_AUTH, ...MIXED_ACCOUNT_AUTH, ...ROUND_18_AUTH] as readonly string[]).includes(mode));

/** A create the contract refuses: invalid parameters, or wrong credentials. */
function refusedCase(opts: GeneratorOptions): fc.Arbitrary<TestCase> {
  const credentials = fc
    .tuple(validCase(opts), fc.constantFrom(...MODEL_REFUSED_AUTH))
    .map(([tc, auth]) => withFields({ ...tc, expect: 'reject', category: 'auth' }, tc.fields, `credentials ${auth}`, auth));
  return fc.oneof({ weight: 2, arbitrary: invalidCase(opts) }, { weight: 1, arbitrary: credentials });
}

/** The command arbitraries, weighted by repetition: creates most, then reads, deletes and lists. */
export function commandArbitraries(opts: GeneratorOptions): fc.Arbitrary<Command>[] {
  // values are never shrunk here: shrinking a sequence drops commands (each replay costs requests)
  // the whole value space: created and echoed exactly, or (an `either` value) refused with a 4xx
  const valid = fc.noShrink(valueSpaceCase(opts).filter((tc) => tc.expect !== 'reject')).map((tc): Command => new Create('value space', tc));
  const long = fc.noShrink(longCase(opts)).map((tc): Command => new Create('long text', tc));
  const refused = fc.noShrink(refusedCase(opts)).map((tc): Command => new Create('refused', tc));
  const whose = fc.oneof(
    { weight: 3, arbitrary: fc.constant<Whose>('live') },
    { weight: 1, arbitrary: fc.constant<Whose>('deleted') },
    { weight: 1, arbitrary: fc.constant<Whose>('unknown') },
  );
  const read = (command: 'fetch' | 'delete') =>
    fc
      .noShrink(fc.tuple(whose, fc.nat({ max: 63 }), fc.string({ unit: HEX, minLength: 32, maxLength: 32 })))
      .map(([w, pick, unknown]): Command => new Read(command, w, pick, unknown));
  const list = fc.noShrink(pageSize()).map((size): Command => new List(size));
  return [valid, valid, valid, long, refused, read('fetch'), read('fetch'), read('delete'), read('delete'), list, list];
}

/**
 * A part of the audit: always drawn (nil once in a billion draws), dropped when shrinking, its value
 * never shrunk (replays cost requests: shrinking drops commands and parts, the shrink phase shrinks values).
 */
const part = <T>(arbitrary: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> => fc.option(fc.noShrink(arbitrary), { nil: undefined, freq: 1e9 });

/** The audit that closes a sequence (model/execution.ts Audit), every part present. */
export function auditArbitrary(opts: GeneratorOptions): fc.Arbitrary<Audit> {
  const valid = validCase(opts);
  const yes = part(fc.constant(true as const));
  return fc
    .record({
      // parameters refused after the credentials are accepted: what a careless target may still store
      refused: part(invalidCase(opts)),
      long: part(longCase(opts)),
      first: part(valid),
      readBack: yes,
      walk: part(pageSize()),
      deleteOldest: yes,
      createAfter: part(valid),
      readAgain: yes,
      walkOne: yes,
      deleteAll: yes,
    })
    .map((a) => Object.fromEntries(Object.entries(a).filter(([, v]) => v !== undefined)) as Audit);
}
