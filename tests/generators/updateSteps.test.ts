import { describe, expect, it } from 'vitest';
import { STATUS_VALUES } from '../../contracts/schemas.ts';
import { decodeForm } from '../../generators/decodeForm.ts';
import { VALID_CALLBACKS } from '../../generators/coverage/statusCallback.ts';
import { LABELLED_CHARSETS } from '../../generators/coverage/requests.ts';
import { CALLBACK_CLASSES, CALLBACKS_REWRITTEN, CALLBACKS_UNUSUAL_HOST, DRAFT_SPELLINGS, EMAILS_DOMAIN_CASE, OTHERS, RELATIVE_CALLBACK, STATUSES_OUTSIDE_ENUM, updateSteps } from '../../generators/updateSteps.ts';
import { allUpdateValues, FIELD_OF, sentWhole } from '../../generators/updateValues.ts';
import { updateBodySteps } from '../../generators/updateBodies.ts';
import { FORM_CONTENT_TYPES } from '../../generators/wireVariantCase.ts';
import { WHITESPACE_ONLY } from '../../generators/coverage/friendlyName.ts';

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

  it('sends the same values on every seed: the seed draws only which of the create\'s Emails goes alone', () => {
    // the body steps (generators/updateBodies.ts) draw their bytes that are no UTF-8 per seed: theirs aside
    const sent = (seed: number) => {
      const bodies = new Set(updateBodySteps(seed, NAMES).map((s) => s.what));
      return new Set(updateSteps(seed, NAMES).filter((s) => !bodies.has(s.what)).flatMap((s) => decodeForm(s.text).map(([n, v]) => `${n}=${v}`)));
    };
    for (const seed of SEEDS) expect(sent(seed)).toEqual(sent(1));
    expect(new Set(SEEDS.map((seed) => updateSteps(seed, NAMES)[1]!.text)).size).toBeGreaterThan(1);
  });

  it('sends, in a form applied step, exactly the values it expects read back; every name of its own holds the run’s tag (the create’s values sent whole hold none); its words hold none', () => {
    const whole = new Set(allUpdateValues().filter((v) => v.param === 'FriendlyName' && sentWhole(v)).map((v) => v.value));
    for (const seed of SEEDS) {
      for (const step of updateSteps(seed, NAMES)) {
        expect(step.what, step.what).not.toContain(NAMES.tag);
        if (step.expect !== 'applied') continue;
        expect(step.type.split(';')[0]!.trim().toLowerCase()).toBe('application/x-www-form-urlencoded');
        const sent = Object.fromEntries(decodeForm(step.text).map(([n, v]) => [{ FriendlyName: 'friendly_name', Email: 'email', StatusCallback: 'status_callback' }[n] ?? n, v]));
        expect(sent, step.what).toEqual(step.sets);
        if (step.sets.friendly_name !== undefined && !whole.has(step.sets.friendly_name)) expect(step.sets.friendly_name).toContain(NAMES.tag);
      }
    }
  });

  it("sends every value of the create's value space each run, as its row spells it: create values applied, either values applied or refused whole (the create values then sent again alone), reject values refused", () => {
    for (const seed of [1, 2]) {
      const steps = updateSteps(seed, NAMES);
      const values = allUpdateValues();
      const bodies = steps.map((s) => `&${s.text}&`);
      for (const v of values.filter((x) => x.expect !== 'reject')) {
        const joinedPart = v.param === 'FriendlyName' && !sentWhole(v);
        const at = bodies.findIndex((b) => (joinedPart ? (/&FriendlyName=([^&]*)&/.exec(b)?.[1] ?? '').includes(v.raw) : b.includes(`&${v.rawName}=${v.raw}&`)));
        expect(at, v.what).toBeGreaterThanOrEqual(0);
        const step = steps[at]!;
        if (joinedPart) expect(step.sets.friendly_name, v.what).toContain(v.value);
        else expect(step.sets[FIELD_OF[v.param]], v.what).toBe(v.value);
        if (v.expect === 'either') expect(step.expect, v.what).toBe('either');
        else expect(['applied', 'either'], v.what).toContain(step.expect);
        if (v.expect === 'create' && step.expect === 'either' && step.fallback) expect(step.fallback.sets[FIELD_OF[v.param]], v.what).toBe(step.sets[FIELD_OF[v.param]]);
      }
      // an either step's fallback: its create values alone, applied
      const fallbacks = steps.filter((x) => x.fallback);
      expect(fallbacks.length).toBeGreaterThan(0);
      for (const s of fallbacks) {
        expect(s.fallback!.expect).toBe('applied');
        expect(Object.keys(s.fallback!.sets).length).toBeLessThan(Object.keys(s.sets).length);
        for (const [field, value] of Object.entries(s.fallback!.sets)) expect(s.sets[field]).toBe(value);
      }
      // every value the create refuses: one refused update each, a FriendlyName of the run's own before it
      const refusedCallbacks = steps.filter((s) => s.refuses === 'StatusCallback');
      for (const v of values.filter((x) => x.expect === 'reject')) {
        const step = refusedCallbacks.find((s) => s.text.endsWith(`&StatusCallback=${v.raw}`));
        expect(step, v.what).toBeDefined();
        expect(decodeForm(step!.text)[0]![0]).toBe('FriendlyName');
        expect(decodeForm(step!.text)[0]![1]).toContain(NAMES.tag);
      }
      expect(refusedCallbacks.map((s) => decodeForm(s.text)[1]![1])).toContain(RELATIVE_CALLBACK);
      // every class of callback, every spelling of the form's type, each whitespace alone, each Email with capitals in its domain
      const callbacks = new Set(steps.map((s) => s.sets.status_callback));
      for (const [what, list] of CALLBACK_CLASSES) for (const c of list) expect(callbacks.has(c), `${what}: ${c}`).toBe(true);
      for (const type of FORM_CONTENT_TYPES) expect(steps.some((s) => s.type === type), type).toBe(true);
      const names = new Set(steps.map((s) => s.sets.friendly_name));
      for (const ws of WHITESPACE_ONLY) expect(names.has(ws), JSON.stringify(ws)).toBe(true);
      const emails = new Set(steps.map((s) => s.sets.email));
      for (const e of EMAILS_DOMAIN_CASE) expect(emails.has(e), e).toBe(true);
    }
  });

  it('covers every body shape each run: JSON and names in another case (nothing changes), then every refused StatusCallback and Status, the refusals last', () => {
    for (const seed of SEEDS) {
      const steps = updateSteps(seed, NAMES);
      const unread = steps.filter((s) => s.expect === 'unread');
      expect(unread.map((s) => s.type)).toEqual(['application/json', 'application/x-www-form-urlencoded']);
      const cased = decodeForm(unread[1]!.text).map(([name]) => name);
      expect(cased).toHaveLength(9);
      for (const name of cased) expect(['FriendlyName', 'Email', 'StatusCallback', 'Status']).not.toContain(name);
      const refused = steps.filter((s) => s.expect === 'refused');
      expect(steps.slice(-refused.length)).toEqual(refused);
      expect(refused.filter((s) => s.refuses === 'Status').map((s) => decodeForm(s.text)[1]![1])).toEqual([...STATUSES_OUTSIDE_ENUM, ...DRAFT_SPELLINGS]);
    }
  });

  it('sends, every run, the OpenAPI update example (three parameters in one body, a raw ; and an Email with capitals in its domain), parameters not the update\'s beside a FriendlyName, a query string, and each labelled charset', () => {
    for (const seed of SEEDS) {
      const steps = updateSteps(seed, NAMES);
      const all = steps.find((s) => s.what.endsWith("as the OpenAPI's update example"))!;
      expect(decodeForm(all.text).map(([n]) => n)).toEqual(['StatusCallback', 'FriendlyName', 'Email']);
      expect(all.text).toMatch(/FriendlyName=[^&]*;/);
      expect(EMAILS_DOMAIN_CASE as readonly string[]).toContain(all.sets.email);
      const either = steps.filter((s) => s.expect === 'either' && !s.what.startsWith("the create's values"));
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

  it('never sends a Status of the enum, nor one a lenient server could read as any status but draft (a real profile would be submitted for review): outside the enum, or draft spelt otherwise', () => {
    const folded = (v: string) => v.toLowerCase().replace(/[^a-z]/g, '');
    for (const status of STATUSES_OUTSIDE_ENUM) expect(STATUS_VALUES.map(folded)).not.toContain(folded(status));
    for (const status of DRAFT_SPELLINGS) {
      expect(STATUS_VALUES as readonly string[]).not.toContain(status);
      expect(folded(status)).toBe('draft');
    }
    for (const seed of SEEDS) {
      const sent = updateSteps(seed, NAMES).flatMap((step) => decodeForm(step.text).filter(([name]) => name === 'Status' || name.toLowerCase() === 'status').map(([, v]) => v));
      expect(sent.filter((v) => v !== 'approved')).toEqual([...STATUSES_OUTSIDE_ENUM, ...DRAFT_SPELLINGS].filter((v) => v !== 'approved'));
      for (const v of sent) expect(STATUS_VALUES.filter((s) => s !== 'draft').map(folded)).not.toContain(folded(v));
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
