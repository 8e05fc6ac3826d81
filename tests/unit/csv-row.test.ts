import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { csvRow, csvRows, guardCell, unguardCell } from '../../src/util/csv-row.ts';

describe('csv-row: the one CSV/TSV writer', () => {
  const risky = ['=SUM(A1:A2)', '+86', '-2+3', '@cmd', '\tlead tab', '\rlead CR', '＝全角', "'already quoted", "''two"];

  it('puts one apostrophe before a cell starting with = + - @ tab CR, their full-width forms or an apostrophe', () => {
    expect(risky.map(guardCell)).toEqual(risky.map((v) => `'${v}`));
    expect(guardCell('公安局')).toBe('公安局');
    expect(guardCell('a=b')).toBe('a=b');
  });

  it('writes numbers as they are, empty cells for missing values, and quotes as RFC 4180 asks', () => {
    expect(csvRow([-1, 0.5, undefined, null, 'a,b', 'say "hi"', 'two\nlines'])).toBe('-1,0.5,,,"a,b","say ""hi""","two\nlines"\r\n');
    expect(csvRow(['a\tb', 'c,d'], '\t')).toBe('"a\tb"\tc,d\r\n');
  });

  for (const delimiter of [',', '\t'] as const) {
    it(`reads back with csv-parse and unguardCell to the values written (${delimiter === ',' ? 'CSV' : 'TSV'})`, () => {
      const rows = [risky, ['plain', '公安局', 'a | b']];
      const text = csvRows(rows, delimiter);
      const read = (parse(text, { delimiter, relax_column_count: true }) as string[][]).map((row) => row.map(unguardCell));
      expect(read).toEqual(rows);
    });
  }
});
