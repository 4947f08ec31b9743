import { describe, expect, it } from 'vitest';
import { decodeForm } from '../../generators/decodeForm.ts';
import { NOT_UTF8 } from '../../generators/coverage/friendlyName.ts';
import { updateBodySteps } from '../../generators/updateBodies.ts';
import { updateSteps } from '../../generators/updateSteps.ts';

const NAMES = { base: 'Acme', renamed: 'Acme (renamed by an update 0badcafe)', tag: '0badcafe' };
const SEEDS = [1, 2, 3, 4, 5, 17, 4242];

describe('updateBodySteps: the update’s form body held to the create’s parser rules', () => {
  it('is the same table for one seed, sets names holding the run’s tag, and its words hold none', () => {
    for (const seed of SEEDS) {
      const steps = updateBodySteps(seed, NAMES);
      expect(updateBodySteps(seed, NAMES)).toEqual(steps);
      for (const step of steps) {
        expect(step.what).not.toContain(NAMES.tag);
        expect(step.type).toBe('application/x-www-form-urlencoded');
        for (const v of [...Object.values(step.sets), ...(step.repeated?.values ?? [])]) if (v.includes('Acme')) expect(v).toContain(NAMES.tag);
      }
    }
  });

  it('sends each value so that the WHATWG parser reads exactly what it expects read back', () => {
    for (const seed of SEEDS) {
      for (const step of updateBodySteps(seed, NAMES)) {
        const read = decodeForm(step.text);
        if (step.repeated) {
          expect(read).toEqual(step.repeated.values.map((v) => [step.repeated!.param, v]));
          expect(step.sets).toEqual({});
          continue;
        }
        const fields = Object.fromEntries(read.map(([n, v]) => [{ FriendlyName: 'friendly_name', Email: 'email' }[n]!, v]));
        expect(fields, step.what).toEqual(step.sets);
      }
    }
  });

  it('writes the bytes each rule is about: escapes that are no UTF-8 (either), a raw = (applied), a + as %2B beside a space +, empty sequences', () => {
    for (const seed of SEEDS) {
      const [bad, twice, equals, plus, empty] = updateBodySteps(seed, NAMES);
      expect(bad!.expect).toBe('either');
      expect(NOT_UTF8.some(([escapes]) => bad!.text.endsWith(`Acme${escapes}`))).toBe(true);
      expect(bad!.sets.friendly_name).toMatch(/Acme\uFFFD+$/);
      expect(twice!.text.match(/FriendlyName=/g)).toHaveLength(2);
      expect(twice!.repeated!.values[0]).not.toBe(twice!.repeated!.values[1]);
      expect(equals!.expect).toBe('applied');
      expect(equals!.text).toMatch(/^FriendlyName=[^=&]*=[^=&]*=[^=&]*$/);
      expect(plus!.text).toContain('A%2BB+C');
      expect(empty!.text).toMatch(/^&FriendlyName=[^&]+&&Email=[^&]+&$/);
    }
    // the bytes that are no UTF-8 drawn from the seed: more than one kind over the seeds
    expect(new Set(SEEDS.map((seed) => updateBodySteps(seed, NAMES)[0]!.what)).size).toBeGreaterThan(1);
  });

  it('goes into the run’s update steps before the refused ones', () => {
    for (const seed of SEEDS) {
      const all = updateSteps(seed, NAMES);
      const mine = updateBodySteps(seed, NAMES).map((s) => s.what);
      const at = all.findIndex((s) => s.what === mine[0]);
      expect(all.slice(at, at + mine.length).map((s) => s.what)).toEqual(mine);
      // then the bodies that name no parameter of the update, and the refusals (generators/updateSteps.ts)
      const after = all.slice(at + mine.length).map((s) => s.expect);
      expect(after.slice(0, 2)).toEqual(['unread', 'unread']);
      expect(new Set(after.slice(2))).toEqual(new Set(['refused']));
    }
  });
});
