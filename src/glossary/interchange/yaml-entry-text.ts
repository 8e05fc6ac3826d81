import { parse } from 'yaml';
import type { GlossaryEntry } from '../../domain/glossary.ts';

/** Fields in the order the glossary files write them. */
export const YAML_FIELD_ORDER = ['id', 'term', 'traditional', 'variants', 'deprecated', 'english', 'category', 'note', 'source'] as const;
export type YamlField = (typeof YAML_FIELD_ORDER)[number];

/** Notes are folded to this width, as the hand-written entries are. */
const NOTE_WIDTH = 92;

/**
 * One field as the glossary files write it: lists in flow style on one line (English renderings
 * quoted), a note as a folded block. `indent` is the column of the key; continuation lines are
 * indented two more. Returned without a trailing newline.
 */
export function renderField(field: YamlField, value: unknown, indent: number): string {
  const pad = ' '.repeat(indent);
  if (Array.isArray(value)) {
    const items = value.map((v) => (field === 'english' ? JSON.stringify(String(v)) : flowScalar(String(v))));
    return `${pad}${field}: [${items.join(', ')}]`;
  }
  const text = String(value);
  if (field === 'note') return `${pad}note: ${blockNote(text, indent + 2)}`;
  return `${pad}${field}: ${plainOrQuoted(text)}`;
}

/** A whole entry as a block sequence item (`- id: …`), fields in the usual order. */
export function renderEntry(entry: GlossaryEntry, indent: number): string {
  const lines: string[] = [];
  for (const field of YAML_FIELD_ORDER) {
    const value = entry[field];
    if (value === undefined || (Array.isArray(value) && value.length === 0)) continue;
    lines.push(renderField(field, value, indent + 2));
  }
  lines[0] = `${' '.repeat(indent)}- ${lines[0]!.trimStart()}`;
  return lines.join('\n');
}

function plainOrQuoted(text: string): string {
  return isPlainSafe(text, false) ? text : JSON.stringify(text);
}

function flowScalar(text: string): string {
  return isPlainSafe(text, true) ? text : JSON.stringify(text);
}

/** Plain when it reads back as the same string (not a number, a boolean or null) and holds no syntax. */
function isPlainSafe(text: string, inFlow: boolean): boolean {
  if (!/^[\p{L}\p{N}_(][\p{L}\p{N}\p{M}_\-.()' ]*$/u.test(text) || /\s$/.test(text) || / {2}/.test(text)) return false;
  if (inFlow && /[,[\]{}]/.test(text)) return false;
  try {
    return parse(text) === text;
  } catch {
    return false;
  }
}

/**
 * `>-` with the text folded at spaces; when folding could not give the text back exactly (line
 * breaks, runs of spaces, tabs), a literal block, and a quoted string as the last resort.
 */
function blockNote(text: string, indent: number): string {
  const pad = ' '.repeat(indent);
  if (/^[^\s].*[^\s]$|^[^\s]$/s.test(text) && !/\s{2}|[\t\r\n]/.test(text)) {
    const lines: string[] = [];
    let line = '';
    for (const word of text.split(' ')) {
      if (line !== '' && indent + line.length + 1 + word.length > NOTE_WIDTH) {
        lines.push(line);
        line = word;
      } else {
        line = line === '' ? word : `${line} ${word}`;
      }
    }
    lines.push(line);
    return `>-\n${lines.map((l) => pad + l).join('\n')}`;
  }
  const rows = text.split('\n');
  if (!/[\r\t]/.test(text) && !/^\s/.test(text) && !text.endsWith('\n') && rows.every((r) => !/\s$/.test(r))) {
    return `|-\n${rows.map((r) => (r === '' ? '' : pad + r)).join('\n')}`;
  }
  return JSON.stringify(text);
}
