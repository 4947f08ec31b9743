import { describe, expect, it } from 'vitest';
import { STATUS_VALUES } from '../../contracts/schemas.ts';
import { decodeForm } from '../../generators/decodeForm.ts';
import { VALID_CALLBACKS } from '../../generators/coverage/statusCallback.ts';
import { LABELLED_CHARSETS } from '../../generators/coverage/requests.ts';
import { CALLBACK_CLASSES, CALLBACKS_REWRITTEN, CALLBACKS_UNUSUAL_HOST, EMAILS_DOMAIN_CASE, OTHERS, RELATIVE_CALLBACK, STATUSES_OUTSIDE_ENUM, updateSteps } from '../../generators/updateSteps.ts';

const NAMES = { base: 'Acme', renamed: 'Acme (renamed by an update 0badcafe)', tag: '0badcafe' };
const SEEDS = [1, 2, 3, 4, 5, 17, 4242];

describe('updateSteps: the updates of the run’s own profile', () => {
  it('is the same table for one seed, and the first step renames with the pair the run acts with', () => {
    for (const seed of SEEDS) {
      const steps = updateSteps(seed, NAMES);
      expect(updateSteps(seed, NAMES)).toEqual(steps);
      expect(steps[0]).toMatchObject({ expect: 'applied', sets: { friendly_name: NAMES.renamed }, otherPair: false });
      expect(decodeForm(steps[0]!.text)).toEqual([['FriendlyName', NAMES.renamed]]);
      // the pairs alternate after it
      expect(steps.map((s) => s.otherPair)).toEqual(steps.map((_, i) => i % 2 === 1));
    }
  });

  it('draws other values for other seeds', () => {
    const texts = new Set(SEEDS.map((seed) => updateSteps(seed, NAMES).map((s) => s.text).join('\n')));
    expect(texts.size).toBeGreaterThan(3);
  });

  it('sends, in a form applied step, exactly the values it expects read back; every name it sets holds the run’s tag; its words hold none', () => {
    for (const seed of SEEDS) {
      for (const step of updateSteps(seed, NAMES)) {
        expect(step.what, step.what).not.toContain(NAMES.tag);
        if (step.expect !== 'applied') continue;
        expect(step.type.split(';')[0]!.trim().toLowerCase()).toBe('application/x-www-form-urlencoded');
        const sent = Object.fromEntries(decodeForm(step.text).map(([n, v]) => [{ FriendlyName: 'friendly_name', Email: 'email', StatusCallback: 'status_callback' }[n]!, v]));
        expect(sent, step.what).toEqual(step.sets);
        if (step.sets.friendly_name !== undefined) expect(step.sets.friendly_name).toContain(NAMES.tag);
      }
    }
  });

  it('covers every body shape and value space each run: Email, spaced and coverage names, both kinds of callback, another form type, JSON, names in another case, Status, a relative callback', () => {
    for (const seed of SEEDS) {
      const steps = updateSteps(seed, NAMES);
      const applied = steps.filter((s) => s.expect === 'applied');
      expect(applied.some((s) => s.sets.email !== undefined)).toBe(true);
      expect(applied.some((s) => s.sets.friendly_name !== undefined && s.sets.friendly_name !== s.sets.friendly_name.trim())).toBe(true);
      const callbacks = applied.map((s) => s.sets.status_callback).filter((c) => c !== undefined);
      // every class of the create's callbacks, every run (not one draw a seed)
      for (const [what, values] of CALLBACK_CLASSES) expect(callbacks.some((c) => values.includes(c)), what).toBe(true);
      expect(applied.filter((s) => s.type !== 'application/x-www-form-urlencoded')).toHaveLength(1);
      const unread = steps.filter((s) => s.expect === 'unread');
      expect(unread.map((s) => s.type)).toEqual(['application/json', 'application/x-www-form-urlencoded']);
      // names in another case: none of the update's own
      for (const [name] of decodeForm(unread[1]!.text)) expect(['FriendlyName', 'Email', 'StatusCallback', 'Status']).not.toContain(name);
      expect(steps.filter((s) => s.expect === 'refused').map((s) => s.refuses)).toEqual(['Status', 'StatusCallback']);
      expect(decodeForm(steps.at(-1)!.text)).toEqual([['StatusCallback', RELATIVE_CALLBACK]]);
    }
  });

  it('sends, every run, the OpenAPI update example (three parameters in one body, a raw ; and an Email with capitals in its domain), parameters not the update\'s beside a FriendlyName, a query string, and each labelled charset', () => {
    for (const seed of SEEDS) {
      const steps = updateSteps(seed, NAMES);
      const all = steps.find((s) => Object.keys(s.sets).length === 3)!;
      expect(decodeForm(all.text).map(([n]) => n)).toEqual(['StatusCallback', 'FriendlyName', 'Email']);
      expect(all.text).toMatch(/FriendlyName=[^&]*;/);
      expect(EMAILS_DOMAIN_CASE as readonly string[]).toContain(all.sets.email);
      const either = steps.filter((s) => s.expect === 'either');
      const named = either.map((s) => decodeForm(s.text).map(([n]) => n));
      expect(named.flat()).toEqual(expect.arrayContaining(['PolicySid', 'AccountSid', 'Sid', 'DateCreated', 'account_sid']));
      // a FriendlyName named twice (generators/updateBodies.ts) sets one of its values: update.repeated-param judges which
      for (const s of either) expect(s.repeated ? [s.repeated.field] : Object.keys(s.sets)).toContain('friendly_name');
      expect(either.map((s) => /charset=(.*)$/.exec(s.type)?.[1]).filter(Boolean)).toEqual([...LABELLED_CHARSETS]);
      const query = steps.find((s) => s.query !== undefined)!;
      expect([...new URLSearchParams(query.query).keys()]).toEqual(['Email', 'FriendlyName']);
      expect(decodeForm(query.text).map(([n]) => n)).toEqual(['StatusCallback']);
      expect(query.expect).toBe('applied');
    }
    // the others the run knows take the made-up values' place
    const other = { policySid: `RN${'a'.repeat(32)}`, accountSid: `AC${'b'.repeat(32)}`, sid: OTHERS.sid };
    const text = updateSteps(1, NAMES, other).map((s) => s.text).join('&');
    expect(text).toContain(other.policySid);
    expect(text).toContain(other.accountSid);
  });

  it('never sends a Status of the enum, nor one that is an enum value in another case or spacing (a real profile would be submitted for review)', () => {
    const folded = STATUS_VALUES.map((s) => s.toLowerCase().replace(/[^a-z]/g, ''));
    for (const status of STATUSES_OUTSIDE_ENUM) expect(folded).not.toContain(status.toLowerCase().replace(/[^a-z]/g, ''));
    for (const seed of SEEDS) {
      for (const step of updateSteps(seed, NAMES)) {
        for (const [name, value] of decodeForm(step.text)) if (name === 'Status') expect(STATUSES_OUTSIDE_ENUM as readonly string[]).toContain(value);
      }
    }
  });

  it('draws callbacks from the create’s valid values only: one with a host that has no top-level label, one a URL parser writes otherwise', () => {
    const valid = VALID_CALLBACKS.map(([v]) => v);
    for (const c of [...CALLBACKS_UNUSUAL_HOST, ...CALLBACKS_REWRITTEN]) expect(valid).toContain(c);
    expect(CALLBACKS_UNUSUAL_HOST).toContain('https://[2001:db8::1]/cb');
    expect(CALLBACKS_UNUSUAL_HOST).not.toContain('http://192.0.2.1:8080/cb');
    expect(CALLBACKS_REWRITTEN).toContain('https://example.com:443/cb');
    for (const c of CALLBACKS_REWRITTEN) expect(new URL(c).href).not.toBe(c);
  });
});
