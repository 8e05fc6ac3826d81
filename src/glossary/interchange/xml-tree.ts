import { SaxesParser } from 'saxes';
import type { GlossaryProblem } from '../../domain/glossary.ts';
import { LineIndex } from './line-index.ts';

/** An element with its local name (namespace prefix dropped) and the line its start tag is on. */
export type XmlElement = {
  name: string;
  attributes: Record<string, string>;
  children: XmlNode[];
  line: number;
};
export type XmlNode = XmlElement | string;

/** Stops saxes at the first well-formedness error, which it reports and would otherwise go past. */
class Malformed extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Parses an XML file into a small tree whose elements know their line, with saxes: a streaming
 * parser that checks well-formedness as XML 1.0 defines it (matching tags, one root, references
 * to undefined entities, line breaks handed over as \n) and knows the line it is on. Entity
 * declarations are refused: a terminology file needs none, and expanding them is how "billion
 * laughs" files attack parsers (saxes does not expand them either; the message says why).
 */
export function parseXml(text: string, file: string): { root?: XmlElement; problems: GlossaryProblem[] } {
  const error = (line: number | undefined, message: string) => ({ problems: [{ file, ...(line ? { line } : {}), severity: 'error' as const, message }] });
  const entity = text.search(/<!ENTITY/);
  if (entity >= 0) return error(new LineIndex(text).lineAt(entity), 'malformed XML: entity declarations are not accepted in a glossary file');

  const parser = new SaxesParser<{ xmlns: false; position: true }>({ xmlns: false, position: true });
  const open: XmlElement[] = [];
  let root: XmlElement | undefined;
  let startLine = 1;
  // saxes closes the innermost open element before it reports a close tag that does not match it.
  let closed: XmlElement | undefined;
  const append = (node: XmlNode) => {
    const parent = open.at(-1);
    if (!parent) return;
    const last = parent.children.at(-1);
    // Text, references and CDATA sections next to each other are one text node.
    if (typeof node === 'string' && typeof last === 'string') parent.children[parent.children.length - 1] = last + node;
    else parent.children.push(node);
  };
  parser.on('error', (cause) => {
    throw new Malformed(parser.line, describeError(cause.message.replace(/^\d+:\d+: /, ''), text, parser.position, closed));
  });
  parser.on('opentagstart', () => {
    startLine = parser.line;
  });
  parser.on('opentag', (tag) => {
    const element: XmlElement = { name: localName(tag.name), attributes: { ...tag.attributes }, children: [], line: startLine };
    if (open.length === 0) root = element;
    else append(element);
    if (!tag.isSelfClosing) open.push(element);
  });
  parser.on('closetag', (tag) => {
    if (!tag.isSelfClosing) closed = open.pop();
  });
  parser.on('text', append);
  parser.on('cdata', append);
  try {
    parser.write(text).close();
  } catch (cause) {
    if (cause instanceof Malformed) return error(cause.line, `malformed XML: ${cause.message}`);
    throw cause;
  }
  if (!root) return error(1, 'malformed XML: no root element');
  return { root, problems: [] };
}

/**
 * saxes' message, with what a person needs to fix the file: the tags of a mismatched pair, the
 * reference that is not defined. `offset` is where saxes stopped, just past the offending token.
 */
function describeError(message: string, text: string, offset: number, unclosed: XmlElement | undefined): string {
  if (message === 'unexpected close tag.' && unclosed) {
    const closing = /^<\/([^\s>]+)/.exec(text.slice(text.lastIndexOf('</', offset - 1)))?.[1] ?? '?';
    return `Expected closing tag '${unclosed.name}' (opened on line ${unclosed.line}) instead of closing tag '${closing}'`;
  }
  if (message === 'undefined entity.' || message === 'disallowed character in entity name.' || message === 'empty entity name.') {
    const reference = /^&[^;\s<&]*;?/.exec(text.slice(text.lastIndexOf('&', offset - 1)))?.[0] ?? '&';
    return `undefined entity or bare "&" (${reference}); write &amp; for a literal &`;
  }
  return message;
}

function localName(name: string): string {
  const colon = name.indexOf(':');
  return colon < 0 ? name : name.slice(colon + 1);
}

export function elementChildren(element: XmlElement, name?: string): XmlElement[] {
  return element.children.filter((c): c is XmlElement => typeof c === 'object' && (name === undefined || c.name === name));
}

/** All text inside an element, inline markup (hi, foreign …) included. */
export function textOf(node: XmlNode): string {
  return typeof node === 'string' ? node : node.children.map(textOf).join('');
}

/** An attribute by local name: xml:lang is found as "lang" too. */
export function attribute(element: XmlElement, name: string): string | undefined {
  if (element.attributes[name] !== undefined) return element.attributes[name];
  for (const [key, value] of Object.entries(element.attributes)) if (localName(key) === name) return value;
  return undefined;
}
