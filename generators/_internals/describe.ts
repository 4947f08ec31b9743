import type { RequestFields } from '../validFields.ts';

const SCRIPTS: readonly [name: string, test: RegExp][] = [
  ['ASCII', /[\u0021-\u007e]/u],
  ['accented', /[\u00c0-\u017f]/u],
  ['Greek/Cyrillic', /[\u0370-\u04ff]/u],
  ['Hebrew/Arabic', /[\u0590-\u06ff]/u],
  ['CJK', /[\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7a3\u{20000}-\u{2a6df}]/u],
  ['emoji', /\p{Extended_Pictographic}/u],
];

/** `37 chars: ASCII, CJK`, a FriendlyName in words */
export function describeName(name: string): string {
  const scripts = SCRIPTS.filter(([, test]) => test.test(name)).map(([label]) => label);
  const spaces = name.includes(' ') ? ', spaces' : '';
  return `${[...name].length} chars: ${scripts.join(', ')}${spaces}`;
}

/** what a valid set of fields is, in words */
export function describeFields(fields: RequestFields): string {
  const callback = fields.StatusCallback === undefined ? 'no StatusCallback' : `StatusCallback ${fields.StatusCallback.split(':')[0]}`;
  return `FriendlyName of ${describeName(fields.FriendlyName)}; ${callback}`;
}
