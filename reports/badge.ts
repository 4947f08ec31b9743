import type { Report } from '../contracts/report.ts';
import { escapeHtml } from './text.ts';
import { incompleteWords, plural, stoppedByUntested } from './view.ts';

/**
 * badge.svg: a shields.io "flat" style badge that says what it certifies: "TrustHub create |
 * level 3". The message is the level achieved ("level 2" even when level 3 was required; "no
 * level" at none), with ", partial" when the run left checks out; a run cut short says
 * "incomplete: 139 cases not sent" (grey, red when it saw a failure); a level that declared
 * deviations excuse says so ("level 3, 1 declared deviation"). Green shades for a conformant
 * run (brightest at level 3), orange for a level below the required one, red for no level, grey
 * for a partial run that nothing failed. Text is sized with Verdana 11px advance widths (as
 * shields.io does), so it fits without the renderer's help; `textLength` pins it where Verdana is
 * missing.
 */
export function renderBadge(report: Report): string {
  const { message, color } = badgeMessage(report);
  return badgeSvg(BADGE_LABEL, message, color);
}

/** What the badge certifies: the create operation of TrustHub Customer Profiles. */
export const BADGE_LABEL = 'TrustHub create';

export const BADGE_COLORS = {
  brightgreen: '#4c1',
  green: '#97ca00',
  yellowgreen: '#a4a61d',
  orange: '#fe7d37',
  red: '#e05d44',
  lightgrey: '#9f9f9f',
} as const;

export function badgeMessage(report: Report): { message: string; color: string } {
  const { conformant, levelAchieved } = report.verdict;
  // a run cut short claims no level (judgeLevels): the badge says so, red when it saw a failure
  const cut = incompleteWords(report);
  if (cut) return { message: cut, color: report.levels.some((l) => l.status === 'fail') ? BADGE_COLORS.red : BADGE_COLORS.lightgrey };
  const level = levelAchieved === 0 ? 'no level' : `level ${levelAchieved}`;
  // what the level owes to declared deviations is on the badge too: "level 3, 1 declared deviation"
  const excused = report.certificate.declaredDeviations?.filter((d) => d.excused).length ?? 0;
  const declared = excused > 0 ? `, ${plural(excused, 'declared deviation')}` : '';
  const message = `${level}${report.partial ? ', partial' : ''}${declared}`;
  const failedShort = !conformant && !stoppedByUntested(report);
  let color: string;
  if (failedShort) color = levelAchieved === 0 ? BADGE_COLORS.red : BADGE_COLORS.orange;
  else if (report.partial) color = BADGE_COLORS.lightgrey;
  else color = levelAchieved === 3 ? BADGE_COLORS.brightgreen : levelAchieved === 2 ? BADGE_COLORS.green : BADGE_COLORS.yellowgreen;
  return { message, color };
}

// Verdana advance widths, in 1/2048 em, for the characters a badge uses; others take AVERAGE.
const ADVANCE: Record<string, number> = {
  ' ': 720, '-': 748, '.': 748, ':': 818, '/': 1034,
  a: 1229, b: 1276, c: 1067, d: 1276, e: 1220, f: 720, g: 1276, h: 1296, i: 562, j: 705, k: 1205, l: 562, m: 1992,
  n: 1296, o: 1243, p: 1276, q: 1276, r: 874, s: 1067, t: 807, u: 1296, v: 1178, w: 1686, x: 1178, y: 1178, z: 1051,
  '0': 1303, '1': 1303, '2': 1303, '3': 1303, '4': 1303, '5': 1303, '6': 1303, '7': 1303, '8': 1303, '9': 1303,
};
const AVERAGE = 1400; // capitals and anything else

/** Estimated width in px of `text` in Verdana at 11px. */
export function textWidth(text: string): number {
  let units = 0;
  for (const ch of text) units += ADVANCE[ch] ?? AVERAGE;
  return (units / 2048) * 11;
}

function badgeSvg(label: string, message: string, color: string): string {
  // shields.io geometry: 5px padding on each side of each text, text drawn at 10x scale
  const lw = Math.round(textWidth(label)) + 10;
  const mw = Math.round(textWidth(message)) + 10;
  const width = lw + mw;
  const title = escapeHtml(`${label}: ${message}`);
  const l = escapeHtml(label);
  const m = escapeHtml(message);
  const text = (x: number, w: number, s: string) =>
    `<text aria-hidden="true" x="${x * 10}" y="150" fill="#010101" fill-opacity=".3" transform="scale(.1)" textLength="${(w - 10) * 10}">${s}</text>` +
    `<text x="${x * 10}" y="140" transform="scale(.1)" fill="#fff" textLength="${(w - 10) * 10}">${s}</text>`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="20" role="img" aria-label="${title}">`,
    `<title>${title}</title>`,
    '<linearGradient id="s" x2="0" y2="100%"><stop offset="0" stop-color="#bbb" stop-opacity=".1"/><stop offset="1" stop-opacity=".1"/></linearGradient>',
    `<clipPath id="r"><rect width="${width}" height="20" rx="3" fill="#fff"/></clipPath>`,
    `<g clip-path="url(#r)"><rect width="${lw}" height="20" fill="#555"/><rect x="${lw}" width="${mw}" height="20" fill="${color}"/><rect width="${width}" height="20" fill="url(#s)"/></g>`,
    '<g fill="#fff" text-anchor="middle" font-family="Verdana,Geneva,DejaVu Sans,sans-serif" text-rendering="geometricPrecision" font-size="110">',
    text(lw / 2, lw, l),
    text(lw + mw / 2, mw, m),
    '</g>',
    '</svg>',
    '',
  ].join('\n');
}
