import { resolveCheckId } from '../../contracts/catalog.ts';
import type { Check } from '../../contracts/check.ts';
import { OptionError } from '../../contracts/errors.ts';

const LEVEL_WORD = /^(?:l|level)?([123])$/i;

/** Select checks by --only (IDs or levels) and --skip (IDs or levels); `names` words the error lines (the library says only/skip); a check's former id names it too. */
export function selectChecks<C extends Pick<Check, 'id' | 'level'>>(
  all: readonly C[],
  only: readonly string[] | undefined,
  skip: readonly string[] | undefined,
  names: { only: string; skip: string } = { only: '--only', skip: '--skip' },
): C[] {
  const matcher = (flag: string, items: readonly string[]) => {
    const levels = new Set<number>();
    const named = new Set<string>();
    // "L1,L2" is two items, as --only takes them
    for (const item of items.flatMap((i) => i.split(',')).map((i) => i.trim()).filter(Boolean)) {
      const m = LEVEL_WORD.exec(item);
      if (m) levels.add(Number(m[1]));
      else if (resolveCheckId(item)) named.add(resolveCheckId(item)!);
      else throw new OptionError(`${flag}: no check or level named ${JSON.stringify(item)} (see 'trusthub-conformance checks')`);
    }
    return (c: C) => levels.has(c.level) || named.has(c.id);
  };
  let selected = [...all];
  if (only?.length) selected = selected.filter(matcher(names.only, only));
  if (skip?.length) {
    const m = matcher(names.skip, skip);
    selected = selected.filter((c) => !m(c));
  }
  if (selected.length === 0) throw new OptionError(`${names.only}/${names.skip} leave no check to run`);
  return selected;
}
