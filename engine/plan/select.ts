import { CATALOG } from '../../contracts/catalog.ts';
import type { Check } from '../../contracts/check.ts';
import { OptionError } from '../../contracts/errors.ts';

const LEVEL_WORD = /^(?:l|level)?([123])$/i;

/** Select checks by --only (IDs or levels) and --skip (IDs or levels). */
export function selectChecks(all: readonly Check[], only: string[] | undefined, skip: string[] | undefined): Check[] {
  const ids = new Set(CATALOG.map((c) => c.id as string));
  const matcher = (flag: string, items: string[]) => {
    const levels = new Set<number>();
    const named = new Set<string>();
    for (const item of items) {
      const m = LEVEL_WORD.exec(item);
      if (m) levels.add(Number(m[1]));
      else if (ids.has(item)) named.add(item);
      else throw new OptionError(`${flag}: no check or level named ${JSON.stringify(item)} (see 'trusthub-conformance checks')`);
    }
    return (c: Check) => levels.has(c.level) || named.has(c.id);
  };
  let selected = [...all];
  if (only?.length) selected = selected.filter(matcher('--only', only));
  if (skip?.length) {
    const m = matcher('--skip', skip);
    selected = selected.filter((c) => !m(c));
  }
  if (selected.length === 0) throw new OptionError('--only/--skip leave no check to run');
  return selected;
}
