/**
 * Judges of the update of a profile of the run's own (engine/phases/probes/update-route.ts
 * probeUpdateOwn): it applies what it is sent, byte for byte, keeps what it was not sent, refuses
 * values outside their value space whole (date_updated included), answers the profile as it stored
 * it, and the lists by name and by filter follow it.
 */
import type { Judge, Outcome } from '../../contracts/check.ts';
import { type Exchange, type FollowUp, OTHER_PAIR_AUTH, type UpdateOwn, type UpdateStep } from '../../contracts/exchange.ts';
import { bodyObject, busy, created, describe, fail, jsonText, PASS, pathOf, show, skip } from './util.ts';
import { BY_REQUEST } from './list.ts';
import { listedProfiles } from '../../contracts/answer.ts';

const is2xx = (f: FollowUp | undefined) => f?.response !== undefined && f.response.status >= 200 && f.response.status < 300;

/**
 * The update of the run's own profile (engine/phases/probes/update-route.ts probeUpdateOwn) and the
 * 201 it is judged against; a skip when the target has no update (404, 405 or 501 to the first: the
 * suite certifies the update only where the target has it); null when there is none to judge.
 */
function ownUpdate(ex: Exchange): { u: UpdateOwn; before: Record<string, unknown> } | Outcome | null {
  const u = ex.updateOwn;
  const before = u && created(u.create);
  const first = u?.steps[0];
  if (!u || !before || !first) return null;
  const status = first.sent.response?.status;
  if (status === 404 || status === 405 || status === 501) return skip(`the update POST ${pathOf(first.sent)} of a profile of the run answered ${describe(first.sent.response)}: the target has no update, so the update is not judged`);
  return { u, before };
}

/** The same instant (two spellings of one GMT time are the same date), else the same JSON. */
function sameDate(a: unknown, b: unknown): boolean {
  if (typeof a === 'string' && typeof b === 'string') {
    const [x, y] = [Date.parse(a), Date.parse(b)];
    if (Number.isFinite(x) && Number.isFinite(y)) return x === y;
  }
  return jsonText(a) === jsonText(b);
}

/** One member of a profile shown twice the same: a date_* as the same instant, any other as the same JSON. */
const sameMember = (key: string, a: unknown, b: unknown): boolean => (key.startsWith('date_') ? sameDate(a, b) : jsonText(a) === jsonText(b));

/** What a follow-up of the update was, for a failure message. */
const asked = (f: FollowUp, what: string) => `${f.request.method} ${pathOf(f)} (${what})`;

/** An update step in words: its request, what it sent, the pair, its answer. */
const stepWords = (step: UpdateStep) =>
  `the update POST ${pathOf(step.sent)} of a profile of the run with ${step.what}${step.sent.auth === OTHER_PAIR_AUTH ? ' (signed with the pair the run does not act with)' : ''} (${describe(step.sent.response)})`;

/** The profile as a step's answer (a 2xx showing a profile) and the read after it (a 200) show it. */
function shownAfter(step: UpdateStep): Array<[Record<string, unknown>, string]> {
  const shown: Array<[Record<string, unknown>, string]> = [];
  const answer = is2xx(step.sent) ? bodyObject(step.sent.response) : undefined;
  if (answer && typeof answer.sid === 'string') shown.push([answer, `the answer to ${stepWords(step)}`]);
  const read = step.readAfter.response?.status === 200 ? bodyObject(step.readAfter.response) : undefined;
  if (read) shown.push([read, `${asked(step.readAfter, readWords(step, 'read after it'))}, after ${stepWords(step)}`]);
  return shown;
}

/**
 * What the profile held just before each step: the read after the step before it (a 200), else its
 * 201 with every value an update applied (2xx) since: each step is judged on what it found, so one
 * update that went wrong fails its own step alone.
 */
function priorStates(u: UpdateOwn, before: Record<string, unknown>): Array<Record<string, unknown>> {
  const states: Array<Record<string, unknown>> = [];
  let held = before;
  for (const [i, step] of u.steps.entries()) {
    // one read after several updates that change nothing: each is judged on what the profile held before the first of them
    states.push(sharesRead(u, i) ? states[i - 1]! : held);
    const read = step.readAfter.response?.status === 200 ? bodyObject(step.readAfter.response) : undefined;
    held = read ?? (writes(step) ? { ...held, ...step.sets } : held);
  }
  return states;
}

/** Whether a step's read is the one after the step before it too (UpdateStep.readShared). */
const sharesRead = (u: UpdateOwn, i: number): boolean => i > 0 && u.steps[i]!.readShared !== undefined && u.steps[i - 1]!.readAfter === u.steps[i]!.readAfter;

/** The parameters of the update a step's form body named, by the resource field each sets. */
function formParams(step: UpdateStep): Record<string, string> {
  const field: Record<string, string> = { FriendlyName: 'friendly_name', Email: 'email', StatusCallback: 'status_callback', Status: 'status' };
  const sent: Record<string, string> = {};
  for (const [name, value] of new URLSearchParams(`&${step.sent.request.body}`)) if (field[name] && !(field[name] in sent)) sent[field[name]] = value;
  return sent;
}

/**
 * Whether a field a shared read shows moved is the step's doing: the value is one its body sent; else,
 * when no other step the read follows sent it either, the first of them answers for it.
 */
function movedBy(u: UpdateOwn, i: number, field: string, shown: unknown): boolean {
  const step = u.steps[i]!;
  if (step.readShared === undefined) return true;
  if (formParams(step)[field] === shown) return true;
  const batch = u.steps.filter((s) => s.readAfter === step.readAfter);
  return !batch.some((s) => formParams(s)[field] === shown) && !sharesRead(u, i);
}

/** The read after a step in words: with the updates after it that it follows too, when it is shared. */
const readWords = (step: UpdateStep, what: string) =>
  step.readShared === undefined ? what : `${what}, sent after the ${step.readShared - 1} other update${step.readShared === 2 ? '' : 's'} that followed it, each answered 4xx and changing nothing`;

/** The fields an update may change, and those of the profile's identity and review it cannot: each judged against what the profile held before. */
const UPDATE_FIELDS = ['friendly_name', 'email', 'status_callback', 'policy_sid', 'status', 'account_sid', 'sid', 'valid_until'] as const;

/** A step that wrote what it sets: one applied or either (applied, or refused whole), answered 2xx. */
const writes = (step: UpdateStep) => (step.expect === 'applied' || step.expect === 'either') && is2xx(step.sent);

/**
 * update.date-created-kept: every 2xx of the updates and of the reads after them that shows a
 * profile shows the date_created its 201 showed (OpenAPI: "when the resource was created"; the
 * update's example keeps it and moves date_updated).
 */
export const updateKeepsDateCreated: Judge = (ex) => {
  const own = ownUpdate(ex);
  if (!own || 'status' in own) return own;
  const { u, before } = own;
  let judged = false;
  for (const step of u.steps) {
    for (const [f, what] of [
      [step.sent, `the update with ${step.what}`],
      [step.readAfter, `the read after the update with ${step.what}`],
    ] as const) {
      const body = is2xx(f) ? bodyObject(f.response) : undefined;
      if (!body || !('date_created' in body)) continue;
      judged = true;
      if (!sameDate(body.date_created, before.date_created)) {
        return fail(`${asked(f, what)} shows date_created ${show(body.date_created)}; the profile's 201 showed ${show(before.date_created)}: an update keeps when the resource was created (date_updated is the date that moves)`);
      }
    }
  }
  return judged ? PASS : null;
};

/**
 * update.applied: every update with valid parameters (FriendlyName, Email, a StatusCallback of the
 * create's value space; a form body under any spelling of its media type; signed with either pair
 * of the account) is answered 2xx — the first too: a 4xx other than 404, 405 or 501 is a valid
 * update refused — and its answer (when it shows the profile) and the read after it show each value
 * it sent byte for byte.
 */
export const updateApplied: Judge = (ex) => {
  const own = ownUpdate(ex);
  if (!own || 'status' in own) return own;
  let judged = false;
  for (const step of own.u.steps) {
    if (step.expect !== 'applied' && !(step.expect === 'either' && is2xx(step.sent))) continue;
    if (!step.sent.response || busy(step.sent)) continue;
    judged = true;
    const res = step.sent.response;
    if (!is2xx(step.sent)) {
      return fail(`${stepWords(step)}: a valid update of one's own profile (its parameters in their value space, a form body, the account's own credentials) is applied, answered 2xx, not ${res.status}`, 'refused');
    }
    const after = step.readAfter;
    if (after.response && !busy(after) && after.response.status !== 200) {
      return fail(`after ${stepWords(step)}, ${asked(after, 'read after it')} answered ${describe(after.response)}: the updated profile no longer reads back`, 'read back');
    }
    for (const [body, where] of shownAfter(step)) {
      for (const [field, value] of Object.entries(step.sets)) {
        if (body[field] !== value) {
          return fail(`${where} shows ${field} ${show(body[field])}; the update sent ${show(value)}: an update stores the value it is sent, byte for byte (no trimming, no case change, no normalization)`, field);
        }
      }
    }
  }
  return judged ? PASS : null;
};

/**
 * update.unsent-kept: an update changes only the parameters its form body names: an update answered
 * 2xx keeps every field it did not send, and one whose body names no parameter of the update (a JSON
 * body, names in another case) changes nothing, whatever its answer — each in its answer (when it
 * shows the profile) and the read after it, against what the profile held before it.
 */
export const updateKeepsUnsent: Judge = (ex) => {
  const own = ownUpdate(ex);
  if (!own || 'status' in own) return own;
  const states = priorStates(own.u, own.before);
  let judged = false;
  for (const [i, step] of own.u.steps.entries()) {
    const applied = writes(step);
    const answered = step.sent.response !== undefined && !busy(step.sent);
    // either: refused whole (a 4xx) it changes nothing, and the profile still reads back for its owner
    const refusedWhole = step.expect === 'either' && !applied && answered;
    if (!applied && !refusedWhole && (step.expect !== 'unread' || !answered)) continue;
    const after = step.readAfter;
    if (refusedWhole && after.response && !busy(after) && after.response.status !== 200) {
      judged = true;
      return fail(`after ${stepWords(step)}, ${asked(after, 'read after it')} answered ${describe(after.response)}: a refused update changes nothing, so the profile still reads back for its owner`, 'read back');
    }
    const prior = states[i]!;
    for (const [body, where] of shownAfter(step)) {
      judged = true;
      for (const field of UPDATE_FIELDS) {
        // a parameter named twice sets its field to one of its values (update.repeated-param judges which)
        if ((applied && (field in step.sets || field === step.repeated?.field)) || jsonText(body[field]) === jsonText(prior[field]) || !movedBy(own.u, i, field, body[field])) continue;
        const [why, part] = keptWhy(step, applied, field);
        return fail(`${where} shows ${field} ${show(body[field])}; before it the profile showed ${show(prior[field])}: ${why}`, part);
      }
    }
  }
  return judged ? PASS : null;
};

/** Why a step keeps a field it moved, and the part of the rule it broke. */
function keptWhy(step: UpdateStep, applied: boolean, field: string): [string, string] {
  if (step.expect === 'either' && applied) {
    return ["no parameter of the update sets it (UpdateCustomerProfileRequest names Status, StatusCallback, FriendlyName and Email; the others in its body are not the update's: ignored, or the update refused whole), so it is kept", `${field}, from a parameter not the update's`];
  }
  if (step.expect === 'either') return ['the update was refused (4xx), and a refused update changes nothing', `${field}, though refused`];
  if (applied && step.query !== undefined) {
    return ["the update's form body did not send it (its parameters are the form body's; a query string's are no parameters of the update), so it is kept", `${field}, from the query string`];
  }
  if (applied) return ['the update did not send it: every parameter of the update is optional, and one not sent is kept', field];
  return ['its body names no parameter of the update (a form body is read, by case-sensitive names; a JSON body is not read), so nothing changes', `${field}, from no parameter`];
}

/** An update with a parameter outside its value space (a Status outside the enum, a relative StatusCallback): a 4xx, and nothing changed. */
function refusedUpdate(ex: Exchange, param: 'Status' | 'StatusCallback', why: string): Outcome | null {
  const own = ownUpdate(ex);
  if (!own || 'status' in own) return own;
  const states = priorStates(own.u, own.before);
  let judged = false;
  for (const [i, step] of own.u.steps.entries()) {
    const res = step.sent.response;
    if (step.refuses !== param || !res || busy(step.sent)) continue;
    judged = true;
    if (res.status < 400 || res.status >= 500) return fail(`${stepWords(step)}: ${why}, so the update is refused with a 4xx`, 'answered');
    const after = step.readAfter;
    const body = !busy(after) && after.response?.status === 200 ? bodyObject(after.response) : undefined;
    const prior = states[i]!;
    const moved = body && UPDATE_FIELDS.find((f) => jsonText(body[f]) !== jsonText(prior[f]) && movedBy(own.u, i, f, body[f]));
    if (body && moved) {
      const beside = moved !== FIELD_OF_PARAM[param] && moved in formParams(step) ? `, the ${moved} sent beside the refused ${param} applied` : '';
      return fail(`${stepWords(step)} was refused, yet ${asked(after, readWords(step, 'the read after it'))} shows ${moved} ${show(body[moved])} (before it: ${show(prior[moved])})${beside}: a refused update changes nothing, the valid parameters sent beside the refused one included (refused whole)`, beside ? 'applied in part' : 'stored');
    }
    // no update happened: date_updated ("when the resource was last updated") stays; the first refusal of a shared read answers for them all
    if (body && !sharesRead(own.u, i) && 'date_updated' in prior && !sameDate(body.date_updated, prior.date_updated)) {
      return fail(`${stepWords(step)} was refused, yet ${asked(after, readWords(step, 'the read after it'))} shows date_updated ${show(body.date_updated)} (before it: ${show(prior.date_updated)}): a refused update is no update, so when the resource was last updated stays as it was`, 'date_updated moved');
    }
  }
  return judged ? PASS : null;
}

/** The resource field of each parameter a step may refuse. */
const FIELD_OF_PARAM: Record<'Status' | 'StatusCallback', string> = { Status: 'status', StatusCallback: 'status_callback' };

/** update.callback-absolute: a StatusCallback that is a relative reference (format: uri; standards.md RFC 3986 §4.2/§4.3, as the create's rule): a 4xx, nothing changed. */
export const updateRefusesRelativeCallback: Judge = (ex) => refusedUpdate(ex, 'StatusCallback', 'a StatusCallback is an absolute URI (format: uri), as the create requires');

/** update.status-enum: a Status outside customer_profile_enum_status: a 4xx, nothing changed (the status reads back as before). */
export const updateStatusInEnum: Judge = (ex) =>
  refusedUpdate(ex, 'Status', 'a Status is one of draft, pending-review, in-review, twilio-rejected, twilio-approved (the OpenAPI\'s customer_profile_enum_status)');

/**
 * update.listed-by-name: after the rename (applied: the read after it shows the new name), the list
 * filtered by the new FriendlyName shows the profile, and the list filtered by the one it was
 * created with does not (both names unique to the run).
 */
export const updateListedByName: Judge = (ex) => {
  const own = ownUpdate(ex);
  if (!own || 'status' in own) return own;
  const { u, before } = own;
  const rename = u.steps[0]!;
  const read = rename.readAfter.response?.status === 200 ? bodyObject(rename.readAfter.response) : undefined;
  if (!u.lists || !is2xx(rename.sent) || read?.friendly_name !== u.lists.renamed || typeof before.sid !== 'string') return null;
  const { byRenamed, byCreated } = u.lists;
  let judged = false;
  for (const [list, name, want] of [
    [byRenamed, u.lists.renamed, true],
    [byCreated, u.lists.created, false],
  ] as const) {
    if (list.response?.status !== 200 || list.response.truncated) continue;
    const listed = listedProfiles(list);
    if (typeof listed === 'string') continue;
    judged = true;
    if (listed.has(before.sid) !== want) {
      const after = `after ${stepWords(rename)} (read back with friendly_name ${show(u.lists.renamed)})`;
      return want
        ? fail(`${asked(list, `the list by the name the update gave, ${show(name)}`)} does not show ${before.sid}, ${after}: a list filtered by FriendlyName shows the profiles that have that name now`, 'not listed by its name')
        : fail(`${asked(list, `the list by the name it was created with, ${show(name)}`)} shows ${before.sid}, ${after}: a profile is listed by the name it has, not one it had`, 'listed by its former name');
    }
  }
  return judged ? PASS : null;
};

/**
 * update.answer-stored: a 2xx update that shows a profile shows it as it stored it — every member of
 * its answer is what the read right after it (a 200) shows (the same instant spelt otherwise is the
 * same date), as readback.same holds the create's 201 to its read back. The run never sends a Status
 * of the enum, so an answer showing a Status the row did not keep is not reached.
 */
export const updateAnswerStored: Judge = (ex) => {
  const own = ownUpdate(ex);
  if (!own || 'status' in own) return own;
  let judged = false;
  for (const step of own.u.steps) {
    const answer = is2xx(step.sent) ? bodyObject(step.sent.response) : undefined;
    const read = !busy(step.readAfter) && step.readAfter.response?.status === 200 ? bodyObject(step.readAfter.response) : undefined;
    if (!answer || typeof answer.sid !== 'string' || !read) continue;
    judged = true;
    for (const key of Object.keys(answer)) {
      if (sameMember(key, answer[key], read[key])) continue;
      const then = key in read ? show(read[key]) : 'no such member';
      return fail(`the answer to ${stepWords(step)} shows ${key} ${show(answer[key])}; ${asked(step.readAfter, 'the read right after it')} shows ${then}: an update answers the profile as it stored it`, key);
    }
  }
  return judged ? PASS : null;
};

/** A date member as milliseconds since the epoch (NaN when it is none: resource.timestamps-gmt judges its form). */
const instant = (v: unknown): number => (typeof v === 'string' ? Date.parse(v) : Number.NaN);

/**
 * update.date-updated-moves: date_updated never goes back — every 2xx update that shows a profile and
 * every read after an update shows it no earlier than the profile showed before (its 201, then each
 * answer and read in turn) —, and when the run waited for the target's clock (UpdateOwn.clockWaited:
 * the first update went UPDATE_AFTER_MS after the 201) an applied update that changed a value shows
 * it later than the 201's date_created and date_updated. An update that changes nothing may keep it.
 */
export const updateMovesDateUpdated: Judge = (ex) => {
  const own = ownUpdate(ex);
  if (!own || 'status' in own) return own;
  const { u, before } = own;
  const states = priorStates(u, before);
  const made = [instant(before.date_created), instant(before.date_updated)].filter(Number.isFinite);
  let held = instant(before.date_updated);
  let heldShown = before.date_updated;
  let judged = false;
  for (const [i, step] of u.steps.entries()) {
    const prior = states[i]!;
    const changes = step.expect === 'applied' && is2xx(step.sent) && Object.entries(step.sets).some(([f, v]) => prior[f] !== v);
    for (const [body, where] of shownAfter(step)) {
      const at = instant(body.date_updated);
      if (!Number.isFinite(at)) continue;
      judged = true;
      if (Number.isFinite(held) && at < held) {
        return fail(`${where} shows date_updated ${show(body.date_updated)}, earlier than ${show(heldShown)}, which the profile showed before it: date_updated is when the resource was last updated, it never goes back`, 'goes back');
      }
      if (changes && u.clockWaited && made.some((m) => at <= m)) {
        return fail(
          `${where} shows date_updated ${show(body.date_updated)}; the profile's 201 showed date_created ${show(before.date_created)}, date_updated ${show(before.date_updated)}: the update, sent ${UPDATE_WAIT_WORDS} after the 201, changed the profile, so date_updated (when the resource was last updated) is later`,
          'not moved',
        );
      }
      if (!Number.isFinite(held) || at > held) [held, heldShown] = [at, body.date_updated];
    }
  }
  return judged ? PASS : null;
};

/** How long after the 201 the first update goes on a target whose clock the run waits for (engine/phases/probes/update-route.ts UPDATE_AFTER_MS), in words. */
const UPDATE_WAIT_WORDS = 'at least 1.5 s';

/**
 * update.filtered-listed: between the last update and the DELETE, the lists by the profile's
 * PolicySid and by its Status, each with its FriendlyName, and by its FriendlyName alone, as the read
 * after the last update showed them: each 200 page shows the profile, every member as that read
 * showed it (url and links aside) — a list served from a search index or a per-profile summary the
 * update did not refresh (or refreshed only the name of) shows it otherwise.
 */
export const updateFilteredListed: Judge = (ex) => {
  const own = ownUpdate(ex);
  if (!own || 'status' in own) return own;
  const { u } = own;
  const last = u.steps.at(-1)?.readAfter;
  const shown = last?.response?.status === 200 ? bodyObject(last.response) : undefined;
  if (!u.filtered || !last || !shown || typeof shown.sid !== 'string') return null;
  let judged = false;
  for (const { by, list } of u.filtered) {
    if (list.response?.status !== 200 || list.response.truncated) continue;
    const listed = listedProfiles(list);
    if (typeof listed === 'string') continue;
    judged = true;
    const filter = by === 'FriendlyName' ? 'FriendlyName alone' : `${by} and FriendlyName`;
    const what = asked(list, `the list by its ${filter} after the last update`);
    const item = listed.get(shown.sid);
    if (!item) return fail(`${what} does not show ${shown.sid}, which ${asked(last, 'the read after the last update')} showed with that ${filter}: a filtered list shows every profile that matches it`, `not listed by ${by}`);
    const members = [...new Set([...Object.keys(shown), ...Object.keys(item)])].filter((f) => !BY_REQUEST.has(f)).sort();
    const differ = members.filter((f) => !sameMember(f, item[f], shown[f]));
    if (differ.length === 0) continue;
    const shownAs = differ.map((f) => `${f} ${f in item ? show(item[f]) : 'absent'} (the read: ${f in shown ? show(shown[f]) : 'absent'})`).join(', ');
    return fail(`${what} shows ${shown.sid} with ${shownAs}, unlike ${asked(last, 'the read after the last update')}: a list shows a profile as it is, whatever filter selects it`, `listed by ${by} otherwise`);
  }
  return judged ? PASS : null;
};

/**
 * update.repeated-param: an update whose form body names a parameter twice with two values
 * (FriendlyName) is refused whole with a 4xx (update.unsent-kept holds that it changed nothing), or
 * applied with one of the two values as sent — its answer (when it shows the profile) and the read
 * after it show one of them, never both (a list: qs's extended parser; joined: ASP.NET Core's
 * StringValues.ToString()) — as the create's repeated-param.consistent. A 5xx is no-server-error's.
 */
export const updateRepeatedParam: Judge = (ex) => {
  const own = ownUpdate(ex);
  if (!own || 'status' in own) return own;
  let judged = false;
  for (const step of own.u.steps) {
    const twice = step.repeated;
    const res = step.sent.response;
    if (!twice || !res || busy(step.sent)) continue;
    if (res.status >= 400 && res.status < 500) {
      judged = true;
      continue;
    }
    if (!is2xx(step.sent)) continue;
    for (const [body, where] of shownAfter(step)) {
      judged = true;
      const value = body[twice.field];
      if (typeof value === 'string' && twice.values.includes(value)) continue;
      const how = Array.isArray(value) ? 'both, as a list' : typeof value === 'string' && twice.values.every((v) => value.includes(v)) ? 'both, joined' : 'neither';
      return fail(
        `${where} shows ${twice.field} ${show(value)}; the update named ${twice.param} twice, ${twice.values.map((v) => show(v)).join(' then ')}: a parameter sent twice is refused, or one of its values is used as sent (as the create's repeated-param.consistent), never ${how === 'neither' ? 'a value it was not sent' : how}`,
        how,
      );
    }
  }
  return judged ? PASS : null;
};
