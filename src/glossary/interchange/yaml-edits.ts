import { isMap, isScalar, isSeq, parseDocument, type Node, type Pair, type YAMLMap } from 'yaml';
import type { GlossaryEntry } from '../../domain/glossary.ts';
import { normaliseEntry } from '../glossary-version.ts';
import { renderEntry, renderField, YAML_FIELD_ORDER, type YamlField } from './yaml-entry-text.ts';

type Edit = { start: number; end: number; text: string };

/**
 * Rewrites the fields that changed in some entries of a glossary file, and appends new entries,
 * by splicing text: yaml's Document API locates each field (its node ranges), and everything
 * outside the changed fields, comments, blank lines and the folding of untouched notes
 * included, stays byte for byte as it was. (Re-stringifying the Document would re-flow every
 * note and flow list of the file.)
 */
export function editGlossaryText(text: string, updates: ReadonlyMap<string, { before: GlossaryEntry; after: GlossaryEntry }>, added: readonly GlossaryEntry[]): string {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) throw new Error(`cannot edit a glossary file with YAML errors: ${doc.errors[0]!.message}`);
  const entries = isMap(doc.contents) ? doc.contents.get('entries', true) : undefined;
  const edits: Edit[] = [];
  const done = new Set<string>();
  if (isSeq(entries)) {
    for (const item of entries.items) {
      if (!isMap(item)) continue;
      const id = scalarValue(item.get('id', true));
      const update = id === undefined ? undefined : updates.get(id);
      if (!update || id === undefined) continue;
      edits.push(...entryEdits(text, item, update.before, update.after));
      done.add(id);
    }
  }
  const missing = [...updates.keys()].filter((id) => !done.has(id));
  if (missing.length > 0) throw new Error(`entries not found in the file: ${missing.join(', ')}`);

  let out = text;
  // From the end backwards, so offsets stay valid; of two insertions at one place, the one
  // planned first is applied last and so ends up first.
  const ordered = edits.map((edit, i) => ({ edit, i })).sort((a, b) => b.edit.start - a.edit.start || b.i - a.i);
  for (const { edit } of ordered) out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
  if (added.length === 0) return out;
  if (isSeq(entries) && entries.flow !== true && entries.items.length > 0 && onlyTrivia(text.slice(entries.range![2]))) {
    const indent = column(text, (entries.items[0] as Node).range![0]) - 2;
    const rendered = added.map((e) => renderEntry(e, Math.max(indent, 0))).join('\n\n');
    return `${out.replace(/\s*$/, '')}\n\n${rendered}\n`;
  }
  if (!isMap(doc.contents) || entries === undefined || (isSeq(entries) && entries.items.length === 0)) {
    // A file without entries yet (or `entries: []`): the list is written after what is there.
    const head = out.replace(/^entries:.*$/m, '').replace(/\s*$/, '');
    return `${head === '' ? '' : `${head}\n`}entries:\n${added.map((e) => renderEntry(e, 2)).join('\n\n')}\n`;
  }
  throw new Error('cannot append to this file: its entries are not a block list at the end of the file');
}

function entryEdits(text: string, item: YAMLMap, before: GlossaryEntry, after: GlossaryEntry): Edit[] {
  const edits: Edit[] = [];
  const pairs = new Map<string, Pair>();
  for (const pair of item.items) {
    const key = scalarValue(pair.key);
    if (key !== undefined) pairs.set(key, pair as Pair);
  }
  const indent = column(text, keyNode(pairs.get('id'))!.range![0]);
  const normalisedBefore = normaliseEntry(before);
  const normalisedAfter = normaliseEntry(after);
  for (const field of YAML_FIELD_ORDER) {
    if (field === 'id') continue;
    // Equal for the version means equal for matching and for readers: the file's text stays,
    // with its own order of variants and sources and its own line breaks in the note.
    if (JSON.stringify(normalisedBefore[field]) === JSON.stringify(normalisedAfter[field])) continue;
    const value = written(after, field);
    const pair = pairs.get(field);
    if (pair) {
      const start = keyNode(pair)!.range![0];
      const end = valueEnd(text, pair);
      if (value === undefined) {
        const lineStart = text.lastIndexOf('\n', start - 1) + 1;
        const lineEnd = text.indexOf('\n', end);
        edits.push({ start: lineStart, end: lineEnd < 0 ? text.length : lineEnd + 1, text: '' });
      } else {
        edits.push({ start, end, text: renderField(field, value, indent).trimStart() });
      }
    } else if (value !== undefined) {
      // A new field goes after the nearest field that precedes it in the usual order.
      const order = YAML_FIELD_ORDER.indexOf(field);
      const previous = YAML_FIELD_ORDER.slice(0, order).reverse().map((f) => pairs.get(f)).find((p) => p !== undefined);
      const at = lineEnd(text, previous ? valueEnd(text, previous) : keyNode(pairs.get('id'))!.range![0]);
      edits.push({ start: at, end: at, text: `\n${renderField(field, value, indent)}` });
    }
  }
  return edits;
}

/** A field's value as it should be written, or undefined when the field should not be there. */
function written(entry: GlossaryEntry, field: YamlField): unknown {
  const value = entry[field];
  if (Array.isArray(value) && value.length === 0) return undefined;
  return value;
}

function keyNode(pair: Pair | undefined): Node | undefined {
  return pair && typeof pair.key === 'object' && pair.key !== null ? (pair.key as Node) : undefined;
}

/** Where a field's value ends, before the line break that ends it (and before a trailing comment). */
function valueEnd(text: string, pair: Pair): number {
  const value = pair.value as Node | null;
  let end = value?.range ? value.range[1] : keyNode(pair)!.range![1];
  while (end > 0 && (text[end - 1] === '\n' || text[end - 1] === '\r')) end -= 1;
  return end;
}

/** The end of the line holding `offset`, before its line break: past a trailing comment. */
function lineEnd(text: string, offset: number): number {
  const newline = text.indexOf('\n', offset);
  if (newline < 0) return text.length;
  return text[newline - 1] === '\r' ? newline - 1 : newline;
}

function scalarValue(node: unknown): string | undefined {
  return isScalar(node) && (typeof node.value === 'string' || typeof node.value === 'number') ? String(node.value) : undefined;
}

function column(text: string, offset: number): number {
  return offset - (text.lastIndexOf('\n', offset - 1) + 1);
}

function onlyTrivia(rest: string): boolean {
  return rest.split('\n').every((line) => /^\s*(#.*)?$/.test(line));
}
