/**
 * Text hygiene shared by the writers. Target-supplied text reaches a report verbatim (model.ts:
 * "writers escape"); before any writer prints it, it goes through `cleanText`, and then through
 * the escaping of its format (`escapeHtml`, `escapeMarkdown`, reports/xml.ts for XML).
 */

// ESC-introduced sequences (ECMA-48): OSC / DCS / SOS / PM / APC strings up to their terminator
// (BEL or ST) or, when unterminated, the end of the text; CSI; then any other two-or-more-byte escape.
const ANSI_STRING = /\u001b[\]PX^_][^\u0007\u001b]*(?:\u0007|\u001b\\)?/g;
const ANSI_CSI = /\u001b\[[0-?]*[ -/]*[@-~]?/g;
const ANSI_OTHER = /\u001b[ -/]*[0-~]/g;
// the same in their 8-bit C1 forms: CSI U+009B, OSC U+009D, DCS U+0090, …, ST U+009C
const C1_STRING = /[\u0090\u0098\u009d\u009e\u009f][^\u0007\u009c\u001b]*(?:\u0007|\u009c)?/g;
const C1_CSI = /\u009b[0-?]*[ -/]*[@-~]?/g;

/** Remove ANSI/VT escape sequences (colours, cursor moves, OSC 8 hyperlinks, window titles). */
export function stripAnsi(text: string): string {
  return text
    .replace(ANSI_STRING, '')
    .replace(ANSI_CSI, '')
    .replace(ANSI_OTHER, '')
    .replace(C1_STRING, '')
    .replace(C1_CSI, '');
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
// C0 controls except TAB, LF, CR; DEL
const C0_OR_DEL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;
// C1 controls, and the two non-characters XML 1.0 forbids
const C1_OR_NONCHAR = /[\u0080-\u009f\ufffe\uffff]/g;
// bidi embeddings, overrides and isolates (they reorder what a reader sees: "Trojan Source"),
// and the line and paragraph separators (a line break to some readers, none to others)
const BIDI_OR_SEPARATOR = /[\u202a-\u202e\u2066-\u2069\u2028\u2029]/g;

/**
 * Make target text safe to print in any format: ANSI sequences removed; other control characters
 * shown as their visible Control Pictures (NUL → ␀, ESC → ␛, DEL → ␡) so the evidence stays
 * readable; bidi controls and U+2028/U+2029 shown as their escapes (`\u202E`); C1 controls,
 * U+FFFE/U+FFFF and lone surrogates replaced by U+FFFD. The result holds only characters XML 1.0
 * allows, no ESC and nothing that reorders or breaks the text around it.
 */
export function cleanText(text: string): string {
  return stripAnsi(text)
    .replace(C0_OR_DEL, (c) => String.fromCharCode(c === '\u007f' ? 0x2421 : 0x2400 + c.charCodeAt(0)))
    .replace(C1_OR_NONCHAR, '\ufffd')
    .replace(LONE_SURROGATE, '\ufffd')
    .replace(BIDI_OR_SEPARATOR, (c) => `\\u${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** One line: clean, with runs of whitespace (newlines included) folded to one space. */
export function oneLine(text: string): string {
  return cleanText(text).replace(/\s+/g, ' ').trim();
}

/** Clean, on one line: each run of line breaks becomes one space; other whitespace is kept as it is. */
function unbroken(text: string): string {
  return cleanText(text).replace(/(?:\r\n?|\n)+/g, ' ');
}

/**
 * Whitespace a Markdown or HTML reader would lose, kept visible: in escaped one-line text, every
 * space or tab after the first of a run, and one at the start or end, becomes `&nbsp;` (which
 * neither collapses nor trims), so `"  Acme   Corp  "` still shows its five extra spaces.
 */
function keepSpaces(escaped: string): string {
  return escaped
    .replace(/[ \t]+/g, (run) => ` ${'&nbsp;'.repeat(run.length - 1)}`)
    .replace(/^ /, '&nbsp;')
    .replace(/ $/, '&nbsp;');
}

/** Cut text to at most `max` UTF-16 units (never splitting a surrogate pair), marking the cut. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max;
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end--;
  return `${text.slice(0, end)}… [${text.length - end} more characters]`;
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escape for HTML text and quoted attribute values; cleans the text first. */
export function escapeHtml(text: string): string {
  return cleanText(text).replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

/**
 * Escape for Markdown inline text (GFM, table cells included): every character that could start
 * emphasis, a code span, a link or image, a heading, math, a table cell or a hard break is
 * backslash-escaped, HTML specials become entities, and a leading list marker is escaped.
 * Line breaks fold to a space; runs of spaces, and leading or trailing ones, stay visible.
 */
export function escapeMarkdown(text: string): string {
  return keepSpaces(
    unbroken(text)
      .replace(/[\\`*_{}[\]()#!|~$]/g, (c) => `\\${c}`)
      .replace(/[&<>]/g, (c) => HTML_ESCAPES[c]!)
      .replace(/^([+\-=])/, '\\$1')
      .replace(/^(\d+)([.)])/, '$1\\$2'),
  );
}

/**
 * Escape for the content of an HTML block inside Markdown (`<details><summary>…`), on one line:
 * HTML-escaped, and Markdown specials as numeric entities, which read the same whether or not
 * the renderer parses Markdown there (backslashes would show in raw HTML). Significant spaces
 * stay visible, as in `escapeMarkdown`.
 */
export function escapeHtmlInMarkdown(text: string): string {
  return keepSpaces(escapeHtml(unbroken(text)).replace(/[\\`*_{}[\]()#!|~$]/g, (c) => `&#${c.charCodeAt(0)};`));
}

/** The longest run of `char` in the text. */
function longestRun(text: string, char: string): number {
  let longest = 0;
  let run = 0;
  for (const c of text) {
    run = c === char ? run + 1 : 0;
    if (run > longest) longest = run;
  }
  return longest;
}

/**
 * A fenced code block whose fence is longer than any backtick run in the content, so the
 * content can never close it. Content is cleaned but otherwise verbatim (a curl must replay).
 */
export function markdownFence(content: string, info = ''): string {
  const body = cleanText(content).replace(/\r\n?/g, '\n');
  const fence = '`'.repeat(Math.max(3, longestRun(body, '`') + 1));
  return `${fence}${info}\n${body}${body.endsWith('\n') ? '' : '\n'}${fence}`;
}

// what a backtick code span may hold: nothing a code span shows wrongly (`, |, entities) and
// nothing a naive reader or a later renderer could take for markup
const PLAIN_CODE = /^[\w .,:;/=?%+#@'"-]+$/;

/**
 * Inline code, on one line: a backtick code span when the text is plain, else `<code>` around
 * Markdown-escaped text (inline HTML keeps Markdown parsing inside, so escapes and entities work
 * there, where a code span would print them literally). Safe in GFM table cells.
 */
export function markdownCode(content: string): string {
  const body = unbroken(content);
  const spaced = /\s\s|^\s|\s$|\t/.test(body); // a code span would lose these spaces: <code> keeps them as &nbsp;
  return PLAIN_CODE.test(body) && !spaced ? `\`${body}\`` : `<code>${escapeMarkdown(body)}</code>`;
}

/**
 * Target-supplied text on a terminal or in a test runner's message: control characters (ANSI
 * escapes included) made visible as \xNN, TAB and LF kept; bidi embeddings, overrides and isolates
 * (U+202A–U+202E, U+2066–U+2069), which reorder what a reader sees, and the line/paragraph
 * separators U+2028/U+2029 as \uNNNN.
 */
export function inert(s: string): string {
  return s
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`)
    .replace(/[\u202a-\u202e\u2066-\u2069\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** A word as a POSIX shell reads it back unchanged: as it is when it can be, else single-quoted. */
export function shellWord(s: string): string {
  return /^[A-Za-z0-9_./:@%+=,-]+$/.test(s) ? s : `'${s.replace(/'/g, `'"'"'`)}'`;
}
