import type { UpdateExpect, UpdateRepeated } from '../contracts/exchange.ts';
import { FORM_CONTENT_TYPE } from './_internals/formCase.ts';
import { mix } from './_internals/mix.ts';
import { formDecoded, NOT_UTF8 } from './coverage/friendlyName.ts';
import { encodeForm } from './encodeForm.ts';

/** One update of the run's own profile, as generators/updateSteps.ts UpdateStepPlan has it (the pair it goes with aside: updateSteps alternates them). */
export interface UpdateBodyStep {
  what: string;
  type: string;
  text: string;
  expect: UpdateExpect;
  sets: Readonly<Record<string, string>>;
  repeated?: UpdateRepeated;
}

/**
 * The update's form body held to the create's parser rules (standards.md Form bodies, the WHATWG
 * application/x-www-form-urlencoded parser: split on & only, empty sequences skipped, each sequence
 * split at its FIRST =, + a space, percent-decoded exactly once, invalid UTF-8 U+FFFD or a 4xx, never
 * a 5xx), as the create's coverage holds its body (form.utf8, repeated-param.consistent,
 * form.spelling's raw =, form.decode-once's + and %2B, form.empty-sequences): one update each, of
 * the run's own profile, each followed by a read (engine/phases/probes/update-route.ts).
 *
 * - FriendlyName ending in percent-escapes that are no UTF-8 (which, drawn from the seed among the
 *   create's NOT_UTF8): applied with U+FFFD for each invalid sequence, or refused whole with a 4xx
 *   (`either`); a 5xx is no-server-error's, as on every route (a hand-written decodeURIComponent throws);
 * - FriendlyName named twice with two values (`repeated`): refused whole, or one of the two stored as
 *   sent, as the create's repeated-param.consistent — never both (a list, or joined: qs's extended
 *   parser, ASP.NET Core's StringValues.ToString()) — update.repeated-param;
 * - FriendlyName holding raw = signs (a=b=c): the sequence splits at its first =, so the value keeps
 *   the others (a parser's pair.split('=') cuts it);
 * - FriendlyName with a literal + written %2B beside a space written +;
 * - FriendlyName and Email between empty sequences (a leading &, && and a trailing &): skipped.
 *
 * What each is, in words, holds no name (the words name a failure's class, the same in every run and
 * shard); every name set holds `tag`, unique to the run.
 */
export function updateBodySteps(seed: number, names: { base: string; tag: string }): UpdateBodyStep[] {
  const { base, tag } = names;
  const [escapes, escapesWhat] = NOT_UTF8[mix(Math.imul(seed, 31) + 5) % NOT_UTF8.length]!;
  const notUtf8 = `${base} (${tag}, then bytes that are no UTF-8) Acme`;
  const twice = [`${base} (${tag}, named twice: the first)`, `${base} (${tag}, named twice: the second)`] as const;
  const equals = `${base} (${tag}; a=b=c)`;
  const plus = `${base} (${tag}; A+B C)`;
  const between = `${base} (${tag}, between empty sequences)`;
  const betweenEmail = 'empty-sequences@example.com';
  return [
    {
      what: `FriendlyName ending in ${escapes} (${escapesWhat}: no UTF-8)`,
      type: FORM_CONTENT_TYPE,
      text: `${encodeForm([['FriendlyName', notUtf8]])}${escapes}`,
      expect: 'either',
      sets: { friendly_name: `${notUtf8}${formDecoded(escapes)}` },
    },
    {
      what: 'FriendlyName named twice, with two values',
      type: FORM_CONTENT_TYPE,
      text: encodeForm([
        ['FriendlyName', twice[0]],
        ['FriendlyName', twice[1]],
      ]),
      expect: 'either',
      sets: {},
      repeated: { param: 'FriendlyName', field: 'friendly_name', values: twice },
    },
    {
      what: 'FriendlyName holding raw = signs (a=b=c: the sequence splits at its first =)',
      type: FORM_CONTENT_TYPE,
      text: encodeForm([['FriendlyName', equals]], { rawInValues: '=' }),
      expect: 'applied',
      sets: { friendly_name: equals },
    },
    {
      what: 'FriendlyName with a literal + written %2B beside a space written +',
      type: FORM_CONTENT_TYPE,
      text: encodeForm([['FriendlyName', plus]]),
      expect: 'applied',
      sets: { friendly_name: plus },
    },
    {
      what: 'FriendlyName and Email between empty sequences (a leading &, && and a trailing &)',
      type: FORM_CONTENT_TYPE,
      text: `&${encodeForm([['FriendlyName', between]])}&&${encodeForm([['Email', betweenEmail]])}&`,
      expect: 'applied',
      sets: { friendly_name: between, email: betweenEmail },
    },
  ];
}
