import { cleanText } from './text.ts';

/**
 * A small XML 1.0 writer for junit.xml. Every attribute value and every text is cleaned
 * (`cleanText`: only characters XML allows) and then escaped here, character by character: `&`
 * always becomes `&amp;`, so text that looks like an entity or a character reference (`&e;`,
 * `&#0;`, `&lt;`) stays text. (xmlbuilder2, used before, passes such text through as markup,
 * which made a report with `&e;` in a response body malformed XML.)
 */

export interface XmlNode {
  name: string;
  attrs?: Record<string, string>;
  /** child elements, or the element's text */
  children?: XmlNode[];
  text?: string;
}

const TEXT_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '\r': '&#13;' };
const ATTR_ESCAPES: Record<string, string> = { ...TEXT_ESCAPES, '"': '&quot;', '\t': '&#9;', '\n': '&#10;' };

/** Text content: `]]>` cannot occur, since every `>` is escaped; CR is kept as a reference (a parser would turn a raw one into LF). */
export function xmlEscapeText(text: string): string {
  return cleanText(text).replace(/[&<>\r]/g, (c) => TEXT_ESCAPES[c]!);
}

/** A double-quoted attribute value; whitespace a parser would normalise is kept as references. */
export function xmlEscapeAttr(value: string): string {
  return cleanText(value).replace(/[&<>"\r\n\t]/g, (c) => ATTR_ESCAPES[c]!);
}

function render(node: XmlNode, indent: string, out: string[]): void {
  const attrs = Object.entries(node.attrs ?? {})
    .map(([name, value]) => ` ${name}="${xmlEscapeAttr(value)}"`)
    .join('');
  if (node.text !== undefined && node.text !== '') {
    out.push(`${indent}<${node.name}${attrs}>${xmlEscapeText(node.text)}</${node.name}>`);
  } else if (node.children?.length) {
    out.push(`${indent}<${node.name}${attrs}>`);
    for (const child of node.children) render(child, `${indent}  `, out);
    out.push(`${indent}</${node.name}>`);
  } else {
    out.push(`${indent}<${node.name}${attrs}/>`);
  }
}

/** The document: declaration, then the root element pretty-printed (two spaces per level), ending in a newline. */
export function xmlDocument(root: XmlNode): string {
  const out = ['<?xml version="1.0" encoding="UTF-8"?>'];
  render(root, '', out);
  return `${out.join('\n')}\n`;
}
