import { XMLParser, XMLValidator } from 'fast-xml-parser';
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

const PREDEFINED = /^&(?:amp|lt|gt|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);/;

/**
 * Parses an XML file into a small tree whose elements know their line. fast-xml-parser checks
 * well-formedness (XMLValidator reports line and column) and, with captureMetaData, gives each
 * element's offset, which is turned into a line here. Entity declarations are refused: a
 * terminology file needs none, and expanding them is how "billion laughs" files attack parsers.
 */
export function parseXml(text: string, file: string): { root?: XmlElement; problems: GlossaryProblem[] } {
  const error = (line: number | undefined, message: string) => ({ problems: [{ file, ...(line ? { line } : {}), severity: 'error' as const, message }] });
  const lines = new LineIndex(text);
  const entity = text.search(/<!ENTITY/);
  if (entity >= 0) return error(lines.lineAt(entity), 'malformed XML: entity declarations are not accepted in a glossary file');

  const valid = XMLValidator.validate(text, { allowBooleanAttributes: false });
  if (valid !== true) return error(valid.err.line, `malformed XML: ${valid.err.msg}`);
  const undefinedEntity = findUndefinedEntity(text);
  if (undefinedEntity >= 0) {
    const name = /^&[^;\s<&]*;?/.exec(text.slice(undefinedEntity))?.[0] ?? '&';
    return error(lines.lineAt(undefinedEntity), `malformed XML: undefined entity or bare "&" (${name}); write &amp; for a literal &`);
  }

  const parser = new XMLParser({
    preserveOrder: true,
    ignoreAttributes: false,
    attributeNamePrefix: '',
    captureMetaData: true,
    trimValues: false,
    parseTagValue: false,
    parseAttributeValue: false,
    // Decodes numeric character references (&#x4E2D;); named HTML entities were refused above.
    htmlEntities: true,
    cdataPropName: '#cdata',
    ignoreDeclaration: true,
    ignorePiTags: true,
  });
  const metaKey = XMLParser.getMetaDataSymbol() as unknown as string;
  let nodes: RawNode[];
  try {
    nodes = parser.parse(text) as RawNode[];
  } catch (cause) {
    // The validator lets a few malformed files through that the parser then throws on (a
    // processing instruction opened inside another's attribute: found by fuzzing).
    return error(undefined, `malformed XML: ${cause instanceof Error ? cause.message : String(cause)}`);
  }
  const convert = (raw: RawNode): XmlNode | undefined => {
    // XML parsers must hand over line breaks as \n (XML 1.0, 2.11); fast-xml-parser leaves CRLF.
    if ('#text' in raw) return String(raw['#text']).replace(/\r\n?/g, '\n');
    const name = Object.keys(raw).find((k) => k !== ':@');
    if (name === undefined) return undefined;
    const content = raw[name];
    if (name === '#cdata') return (content as RawNode[]).map((c) => String(c['#text'] ?? '').replace(/\r\n?/g, '\n')).join('');
    if (name.startsWith('?') || name.startsWith('!')) return undefined;
    const meta = (raw as Record<string, unknown>)[metaKey] as { startIndex?: number } | undefined;
    const attributes: Record<string, string> = {};
    for (const [key, value] of Object.entries((raw[':@'] ?? {}) as Record<string, unknown>)) attributes[key] = String(value);
    const children = Array.isArray(content) ? (content as RawNode[]).map(convert).filter((c): c is XmlNode => c !== undefined) : [];
    return { name: localName(name), attributes, children, line: meta?.startIndex === undefined ? 1 : lines.lineAt(meta.startIndex) };
  };
  const root = nodes.map(convert).find((n): n is XmlElement => typeof n === 'object');
  if (!root) return error(1, 'malformed XML: no root element');
  return { root, problems: [] };
}

type RawNode = Record<string, unknown> & { '#text'?: unknown; ':@'?: unknown };

function localName(name: string): string {
  const colon = name.indexOf(':');
  return colon < 0 ? name : name.slice(colon + 1);
}

/** Offset of the first "&" outside comments, CDATA and processing instructions that starts no XML reference. */
function findUndefinedEntity(text: string): number {
  let i = 0;
  while (i < text.length) {
    const next = text.indexOf('<', i);
    const amp = text.indexOf('&', i);
    if (amp < 0) return -1;
    if (next >= 0 && next < amp) {
      const skip = [
        ['<!--', '-->'],
        ['<![CDATA[', ']]>'],
        ['<?', '?>'],
      ].find(([open]) => text.startsWith(open!, next));
      if (skip) {
        const end = text.indexOf(skip[1]!, next + skip[0]!.length);
        i = end < 0 ? text.length : end + skip[1]!.length;
      } else {
        i = next + 1;
      }
      continue;
    }
    if (!PREDEFINED.test(text.slice(amp, amp + 12))) return amp;
    i = amp + 1;
  }
  return -1;
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
