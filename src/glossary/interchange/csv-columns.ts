/**
 * The spreadsheet layout: one row per entry under a header row. The simplified term comes first
 * and the English rendering second, so OmegaT (source, target, comment) and memoQ read the file
 * as a glossary as it is; the note is the third column for the same reason. Cells holding
 * several values join them with " | " (a bar, which no Chinese form can contain and English
 * renderings do not use); a value containing "|" is refused on export rather than split apart.
 */
export const CSV_COLUMNS = ['zh-Hans', 'english', 'note', 'id', 'category', 'zh-Hant', 'variants', 'deprecated', 'source'] as const;
export type CsvColumn = (typeof CSV_COLUMNS)[number];

export const LIST_SEPARATOR = ' | ';

/** Header names other tools write for the same columns, compared case-insensitively. */
const ALIASES: Record<string, CsvColumn> = {
  'zh-hans': 'zh-Hans',
  'zh-cn': 'zh-Hans',
  'zh-sg': 'zh-Hans',
  zh: 'zh-Hans',
  chinese: 'zh-Hans',
  simplified: 'zh-Hans',
  term: 'zh-Hans',
  'zh-hant': 'zh-Hant',
  'zh-tw': 'zh-Hant',
  'zh-hk': 'zh-Hant',
  traditional: 'zh-Hant',
  english: 'english',
  en: 'english',
  'en-us': 'english',
  'en-gb': 'english',
  note: 'note',
  notes: 'note',
  comment: 'note',
  definition: 'note',
  id: 'id',
  category: 'category',
  subjectfield: 'category',
  variants: 'variants',
  variant: 'variants',
  deprecated: 'deprecated',
  forbidden: 'deprecated',
  source: 'source',
  sources: 'source',
};

export function columnOf(header: string): CsvColumn | undefined {
  return ALIASES[header.trim().toLowerCase().replace(/_/g, '-')];
}

export function joinList(values: readonly string[]): string {
  for (const value of values) {
    if (value.includes('|')) throw new RangeError(`"${value}" contains "|", the list separator of the CSV/TSV export`);
  }
  return values.join(LIST_SEPARATOR);
}

export function splitList(cell: string): string[] {
  return cell
    .split('|')
    .map((v) => v.trim())
    .filter((v) => v !== '');
}
