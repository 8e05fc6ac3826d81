import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { LineCounter, isMap, isScalar, isSeq, parseDocument, visit, type Alias, type Document } from 'yaml';
import type { z } from 'zod';
import { GlossaryEntrySchema, GlossaryFileSchema, type GlossaryEntry, type GlossaryProblem } from '../domain/glossary.ts';
import type { FieldPath } from './glossary-forms.ts';
import { displayPath } from './glossary-problem.ts';

/** A valid entry and where it was written, so that later checks can point at the offending line. */
export type LocatedEntry = {
  entry: GlossaryEntry;
  file: string;
  /** The 1-based line of a field of this entry (of the entry itself for a missing field). */
  lineOf: (path: FieldPath) => number;
};

export type ReadResult = { entries: LocatedEntry[]; problems: GlossaryProblem[] };

const GLOSSARY_FILE = /\.ya?ml$/i;

/** Reads and validates every YAML file in the folder, in name order; entries that fail validation are left out. */
export async function readGlossaryFiles(dir: string): Promise<ReadResult> {
  const absoluteDir = path.resolve(dir);
  const shownDir = displayPath(absoluteDir);
  let names: string[];
  try {
    const dirents = await readdir(absoluteDir, { withFileTypes: true });
    names = dirents
      .filter((d) => (d.isFile() || d.isSymbolicLink()) && GLOSSARY_FILE.test(d.name))
      .map((d) => d.name)
      .sort();
  } catch (error) {
    return { entries: [], problems: [fileError(shownDir, `cannot read glossary folder: ${reason(error)}`)] };
  }
  if (names.length === 0) {
    return { entries: [], problems: [fileError(shownDir, 'no *.yaml glossary files in this folder')] };
  }

  const result: ReadResult = { entries: [], problems: [] };
  for (const name of names) {
    const absolute = path.join(absoluteDir, name);
    const file = displayPath(absolute);
    let text: string;
    try {
      text = await readFile(absolute, 'utf8');
    } catch (error) {
      result.problems.push(fileError(file, `cannot read file: ${reason(error)}`));
      continue;
    }
    const parsed = parseGlossaryText(text, file);
    result.entries.push(...parsed.entries);
    result.problems.push(...parsed.problems);
  }
  return result;
}

/** Parses one glossary file's text; `file` is only used to label problems. */
export function parseGlossaryText(text: string, file: string): ReadResult {
  const lineCounter = new LineCounter();
  // logLevel error: yaml reports what it must warn about (a mapping used as a key) through
  // process.emitWarning, which would print a Node warning in the middle of `glossary check`; the
  // schema check below reports such an entry as a problem of its own.
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true, logLevel: 'error' });
  const lineAtOffset = (offset: number): number => lineCounter.linePos(offset).line;
  const problems: GlossaryProblem[] = [];

  for (const e of doc.errors) problems.push({ file, line: lineAtOffset(e.pos[0]), severity: 'error', message: e.message });
  for (const w of doc.warnings) problems.push({ file, line: lineAtOffset(w.pos[0]), severity: 'warning', message: w.message });
  // A document with syntax errors is only partly built; checking its schema would report ghosts.
  if (doc.errors.length > 0) return { entries: [], problems };

  const lineOf = (fieldPath: FieldPath): number => lineAt(doc, fieldPath, lineAtOffset);
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    // The parser leaves some aliases to toJS: one to an anchor defined nowhere (behind a merge
    // key `<<`), and aliases that multiply into millions of nodes (a "billion laughs" file).
    const message = error instanceof Error ? error.message : String(error);
    problems.push({ file, line: aliasLine(doc, lineAtOffset), severity: 'error', message: `the file cannot be read: ${message}` });
    return { entries: [], problems };
  }
  const fileResult = GlossaryFileSchema.safeParse(data ?? {});
  if (!fileResult.success) {
    for (const issue of fileResult.error.issues) problems.push(...issueProblems(issue, [], data, file, lineOf, 'glossary file'));
    return { entries: [], problems };
  }

  const entries: LocatedEntry[] = [];
  fileResult.data.entries.forEach((raw, index) => {
    const base: FieldPath = ['entries', index];
    const result = GlossaryEntrySchema.safeParse(raw);
    if (!result.success) {
      const label = entryLabel(raw, index);
      for (const issue of result.error.issues) problems.push(...issueProblems(issue, base, raw, file, lineOf, label));
      return;
    }
    entries.push({ entry: result.data, file, lineOf: (fieldPath) => lineOf([...base, ...fieldPath]) });
  });
  return { entries, problems };
}

/** Aliases one document may expand; a glossary has no use for many, a resource-exhaustion file has thousands. */
const MAX_ALIAS_COUNT = 100;

/** The line of the first alias that does not resolve, else of the first alias, else 1. */
function aliasLine(doc: Document, lineAtOffset: (offset: number) => number): number {
  let first: Alias | undefined;
  let unresolved: Alias | undefined;
  visit(doc, {
    Alias(_, node) {
      first ??= node;
      if (!node.resolve(doc)) {
        unresolved = node;
        return visit.BREAK;
      }
      return undefined;
    },
  });
  const offset = (unresolved ?? first)?.range?.[0];
  return offset === undefined ? 1 : lineAtOffset(offset);
}

function entryLabel(raw: unknown, index: number): string {
  const id = isRecord(raw) ? raw.id : undefined;
  return typeof id === 'string' && id !== '' ? `entry "${id}"` : `entry #${index + 1}`;
}

function issueProblems(
  issue: z.core.$ZodIssue,
  base: FieldPath,
  raw: unknown,
  file: string,
  lineOf: (fieldPath: FieldPath) => number,
  label: string,
): GlossaryProblem[] {
  const issuePath = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
  // Each unknown key gets its own line: usually a typo of a real field name.
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => ({
      file,
      line: lineOf([...base, ...issuePath, key]),
      severity: 'error' as const,
      message: `${label}: unknown field "${fieldName([...issuePath, key])}"`,
    }));
  }
  const field = fieldName(issuePath);
  // zod words a missing enum as a bad option; say plainly that the field is absent.
  const missing = issuePath.length > 0 && !hasPath(raw, issuePath);
  const detail = missing ? 'required field is missing' : lowerFirst(issue.message);
  return [
    {
      file,
      line: lineOf([...base, ...issuePath]),
      severity: 'error',
      message: field === '' ? `${label}: ${detail}` : `${label}: ${field}: ${detail}`,
    },
  ];
}

/**
 * The line of the node at `fieldPath`. For a field, the line of its key, which is where a
 * reader looks even when the value is a block below it; for a missing field, the line of the
 * nearest enclosing node that exists.
 */
function lineAt(doc: Document, fieldPath: FieldPath, lineAtOffset: (offset: number) => number): number {
  let node: unknown = doc.contents;
  let line = nodeLine(node, lineAtOffset) ?? 1;
  for (const segment of fieldPath) {
    if (isMap(node)) {
      const pair = node.items.find((p) => (isScalar(p.key) ? String(p.key.value) : String(p.key)) === String(segment));
      if (!pair) return line;
      line = nodeLine(pair.key, lineAtOffset) ?? line;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number') {
      const item: unknown = node.items[segment];
      if (item === undefined) return line;
      line = nodeLine(item, lineAtOffset) ?? line;
      node = item;
    } else {
      return line;
    }
  }
  return line;
}

function nodeLine(node: unknown, lineAtOffset: (offset: number) => number): number | undefined {
  if (node === null || typeof node !== 'object' || !('range' in node)) return undefined;
  const range = (node as { range?: readonly number[] | null }).range;
  const start = range?.[0];
  return start === undefined ? undefined : lineAtOffset(start);
}

function hasPath(raw: unknown, fieldPath: readonly (string | number)[]): boolean {
  let value: unknown = raw;
  for (const segment of fieldPath) {
    if (Array.isArray(value) && typeof segment === 'number') {
      if (segment >= value.length) return false;
      value = value[segment];
    } else if (isRecord(value)) {
      if (!Object.hasOwn(value, segment)) return false;
      value = value[segment];
    } else {
      return false;
    }
  }
  return true;
}

function fieldName(fieldPath: readonly (string | number)[]): string {
  return fieldPath.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

function fileError(file: string, message: string): GlossaryProblem {
  return { file, severity: 'error', message };
}

function reason(error: unknown): string {
  if (error && typeof error === 'object' && 'code' in error && typeof error.code === 'string') return error.code;
  return error instanceof Error ? error.message : String(error);
}
