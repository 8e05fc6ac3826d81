import { parse } from 'csv-parse/sync';
import type { GlossaryProblem } from '../../domain/glossary.ts';
import { classifyForms, type ReadForm } from './chinese-forms.ts';
import { isGuarded, unguardCell } from '../../util/csv-row.ts';
import { CSV_COLUMNS, columnOf, LIST_SEPARATOR, splitList, type CsvColumn } from './csv-columns.ts';
import type { DelimitedFormat } from './csv-export.ts';
import { ValueLines, type ImportedEntry, type ImportResult } from './imported-entry.ts';

type Record_ = { record: string[]; info: { bytes: number } };

/**
 * Reads a CSV or TSV glossary with a header row (see csv-columns.ts for the names understood).
 * A byte order mark and CRLF line ends, as Excel writes them, are accepted. An empty cell leaves
 * the field as it is in the glossary.
 *
 * A cell starting with an apostrophe carries the formula guard of util/csv-row.ts (the writer
 * doubles a real leading apostrophe), so one apostrophe is removed and the rest is the value
 * exactly as it was written: not trimmed, line breaks kept, a list split at exactly " | ". Every
 * other cell is read leniently, as a hand-made file needs: trimmed, CRLF read as a line break.
 */
export function readDelimited(text: string, file: string, format: DelimitedFormat): ImportResult {
  const problems: GlossaryProblem[] = [];
  const error = (line: number, message: string): void => {
    problems.push({ file, line, severity: 'error', message });
  };
  const bytes = Buffer.from(text, 'utf8');
  let records: Record_[];
  try {
    records = parse(bytes, {
      bom: true,
      delimiter: format === 'tsv' ? '\t' : ',',
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
    }) as unknown as Record_[];
  } catch (e) {
    const line = e && typeof e === 'object' && 'lines' in e && typeof e.lines === 'number' ? e.lines : 1;
    const message = e instanceof Error ? e.message.replace(/ (on|at) line \d+$/, '') : String(e);
    error(line, `malformed ${format.toUpperCase()}: ${message}`);
    return { entries: [], problems };
  }
  // csv-parse reports where a record ends, in bytes; a record starts where the previous one ended,
  // past any blank lines.
  const lineOfRecord = recordLines(bytes, records);
  const [header, ...rows] = records;
  if (!header) {
    error(1, `empty ${format.toUpperCase()} file: a header row (${CSV_COLUMNS.join(', ')}) is needed`);
    return { entries: [], problems };
  }
  const headerLine = lineOfRecord[0]!;
  const columns: (CsvColumn | undefined)[] = [];
  header.record.forEach((name) => {
    const column = columnOf(name);
    if (column === undefined && name.trim() !== '') error(headerLine, `unknown column "${name}" (known: ${CSV_COLUMNS.join(', ')})`);
    else if (column !== undefined && columns.includes(column)) error(headerLine, `column "${name}" repeats column ${column}`);
    columns.push(column);
  });
  if (!columns.includes('zh-Hans') && !columns.includes('zh-Hant')) error(headerLine, 'no Chinese column: the header needs zh-Hans (or zh-Hant)');
  if (problems.length > 0) return { entries: [], problems };

  const entries: ImportedEntry[] = [];
  rows.forEach(({ record }, index) => {
    const line = lineOfRecord[index + 1]!;
    if (record.every((cell) => cell.trim() === '')) return;
    if (record.length > columns.length) {
      error(line, `row has ${record.length} cells, the header ${columns.length}`);
      return;
    }
    const raw = (column: CsvColumn): string => {
      const i = columns.indexOf(column);
      return i < 0 ? '' : (record[i] ?? '');
    };
    const cell = (column: CsvColumn): string => {
      const text = raw(column);
      // A cell written on Windows holds its line breaks as CRLF.
      return isGuarded(text) ? unguardCell(text) : text.replace(/\r\n?/g, '\n').trim();
    };
    const list = (column: CsvColumn): string[] => {
      const text = raw(column);
      return isGuarded(text) ? unguardCell(text).split(LIST_SEPARATOR).filter((v) => v !== '') : splitList(cell(column));
    };
    const entry = readRow({ cell, list }, line, problems, file);
    if (entry) entries.push(entry);
  });
  return { entries, problems };
}

/** A row's cells by column: as text (guard undone, trimmed, line breaks as LF) and as a list. */
export type RowCells = { cell: (column: CsvColumn) => string; list: (column: CsvColumn) => string[] };

/**
 * One row, given its cells: what the row means for an import. Also read by the glossary editor,
 * so that an entry sent by an admin is read exactly as the same entry in a CSV file would be.
 */
export function readRow({ cell, list }: RowCells, line: number, problems: GlossaryProblem[], file: string): ImportedEntry | undefined {
  const rawId = cell('id') || undefined;
  const label = rawId === undefined ? `row ${line}` : `row "${rawId}"`;
  const read = (column: CsvColumn, status: ReadForm['status']): ReadForm[] => list(column).map((form) => ({ form, status, line }));
  const [term, ...others] = read('zh-Hans', 'admitted');
  // The variants and deprecated columns say what each form is, whatever its script; they are
  // classified with the term so that a zh-Hant form that spells a variant goes under traditional.
  const listed = [...others, ...read('variants', 'admitted'), ...read('deprecated', 'deprecated')];
  const simplified = term ? [{ ...term, status: 'preferred' as const }, ...listed] : listed;
  const forms = classifyForms(simplified, read('zh-Hant', 'admitted'));
  if (!forms) {
    problems.push({ file, line, severity: 'error', message: `${label}: no Chinese term (zh-Hans or zh-Hant is empty)` });
    return undefined;
  }
  if (forms.convertedFrom) {
    problems.push({ file, line, severity: 'warning', message: `${label}: no simplified term; "${forms.term.form}" converted by opencc from "${forms.convertedFrom.form}"` });
  }
  const fields: ImportedEntry['fields'] = {
    term: forms.term.form,
    traditional: forms.traditional.map((f) => f.form),
    variants: [...new Set(forms.variants.map((f) => f.form))],
    deprecated: [...new Set(forms.deprecated.map((f) => f.form))],
  };
  const english = list('english');
  if (english.length > 0) fields.english = english;
  if (cell('category') !== '') fields.category = cell('category');
  if (cell('note') !== '') fields.note = cell('note');
  const source = list('source');
  if (source.length > 0) fields.source = source;
  const lines = new ValueLines(line);
  return { ...(rawId !== undefined ? { rawId } : {}), line, fields, lineOf: lines.lineOf };
}

function recordLines(bytes: Buffer, records: readonly Record_[]): number[] {
  const lines: number[] = [];
  let line = 1;
  let offset = 0;
  for (const { info } of records) {
    // Walk from the previous record's end to this record's first byte, counting line breaks.
    while (offset < bytes.length && (bytes[offset] === 0x0a || bytes[offset] === 0x0d || isBom(bytes, offset))) {
      if (bytes[offset] === 0x0a || (bytes[offset] === 0x0d && bytes[offset + 1] !== 0x0a)) line += 1;
      offset += isBom(bytes, offset) ? 3 : 1;
    }
    lines.push(line);
    for (; offset < info.bytes && offset < bytes.length; offset++) {
      if (bytes[offset] === 0x0a || (bytes[offset] === 0x0d && bytes[offset + 1] !== 0x0a)) line += 1;
    }
  }
  return lines;
}

function isBom(bytes: Buffer, offset: number): boolean {
  return offset === 0 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
}
