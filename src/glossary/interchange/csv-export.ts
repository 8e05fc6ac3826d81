import type { Glossary, GlossaryEntry } from '../../domain/glossary.ts';
import { csvRows } from '../../util/csv-row.ts';
import { CSV_COLUMNS, joinList, type CsvColumn } from './csv-columns.ts';

export type DelimitedFormat = 'csv' | 'tsv';

/**
 * The glossary as CSV or TSV: UTF-8 without a byte order mark, a header row, one row per entry,
 * RFC 4180 quoting (a cell holding the delimiter, a quote or a line break is quoted, quotes
 * doubled) and CRLF line ends as RFC 4180 asks. zh-Hant lists every traditional form of the term,
 * opencc's included, so a spreadsheet user sees them; an import derives those again. Cells are
 * guarded against spreadsheet formulas as every CSV of the project is (util/csv-row.ts);
 * csv-import.ts undoes the guard.
 */
export function exportDelimited(glossary: Pick<Glossary, 'entries'>, format: DelimitedFormat): string {
  const sorted = [...glossary.entries].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const rows = sorted.map((entry) => {
    const cells = delimitedCells(entry);
    return CSV_COLUMNS.map((c) => cells[c]);
  });
  return csvRows([[...CSV_COLUMNS], ...rows], format === 'tsv' ? '\t' : ',');
}

/** One entry's cells, as a row of the export holds them (a "|" inside a list value is a RangeError). */
export function delimitedCells(entry: GlossaryEntry): Record<CsvColumn, string> {
  return {
    'zh-Hans': entry.term,
    english: joinList(entry.english),
    note: entry.note ?? '',
    id: entry.id,
    category: entry.category,
    'zh-Hant': joinList(entry.traditional),
    variants: joinList(entry.variants),
    deprecated: joinList(entry.deprecated ?? []),
    source: joinList(entry.source),
  };
}
