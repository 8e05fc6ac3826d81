import { stringify } from 'csv-stringify/sync';

/**
 * The one writer of every CSV and TSV termlens produces (hits.csv, batch export, glossary
 * export). Text in these files comes off screenshots or from imported glossaries, so it is
 * untrusted: a cell starting with = + - @ (or their full-width forms, which spreadsheets in CJK
 * locales also read as operators), a tab or a carriage return would run as a formula when a
 * translator opens the file in a spreadsheet. Such a cell gets a leading apostrophe, the mark
 * spreadsheets themselves use for "text, not a formula".
 *
 * So that a reader can undo the guard exactly, a cell that already starts with an apostrophe
 * gets a second one: every cell this writer starts with an apostrophe carries exactly one added
 * apostrophe, and `unguardCell` removes it. Numbers are written as they are (-1 is no formula).
 */
export type CsvValue = string | number | undefined | null;
export type Delimiter = ',' | '\t';

const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20']/;
export const GUARD_MARK = "'";

export function guardCell(value: string): string {
  return FORMULA_START.test(value) ? `${GUARD_MARK}${value}` : value;
}

/** Whether a cell read back from a file carries the writer's guard. */
export function isGuarded(cell: string): boolean {
  return cell.startsWith(GUARD_MARK);
}

/** The value a guarded cell was written from; an unguarded cell is returned as it is. */
export function unguardCell(cell: string): string {
  return isGuarded(cell) ? cell.slice(GUARD_MARK.length) : cell;
}

/** Rows as RFC 4180 text with CRLF record ends; a cell holding the delimiter, a quote or any line break is quoted. */
export function csvRows(rows: readonly (readonly CsvValue[])[], delimiter: Delimiter = ','): string {
  return stringify(rows.map((row) => [...row]), {
    delimiter,
    record_delimiter: 'windows',
    // Given a record delimiter, csv-stringify otherwise quotes only cells holding that exact
    // sequence, and a cell with a bare LF or CR would split the record when read back.
    quote_record_delimiter: true,
    cast: { string: guardCell },
  });
}

export function csvRow(values: readonly CsvValue[], delimiter: Delimiter = ','): string {
  return csvRows([values], delimiter);
}
