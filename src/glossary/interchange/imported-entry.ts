import type { GlossaryProblem } from '../../domain/glossary.ts';

/** The entry fields an exchange file can carry; Chinese forms are always there, the rest may be absent. */
export type ImportedFields = {
  term: string;
  traditional: string[];
  variants: string[];
  deprecated: string[];
  english?: string[];
  category?: string;
  note?: string;
  source?: string[];
};

export type ImportedField = keyof ImportedFields;

/** One concept (TBX) or row (CSV/TSV) as read, with the line of each value so problems can point at it. */
export type ImportedEntry = {
  /** The file's id as written; a termlens id when `fromFileId` accepts it. */
  rawId?: string;
  /** Line of the concept or row. */
  line: number;
  fields: ImportedFields;
  /** Line of a value of a field, or of the field; falls back to the concept's line. */
  lineOf: (field: ImportedField | 'id', value?: string) => number;
};

export type ImportResult = { entries: ImportedEntry[]; problems: GlossaryProblem[] };

/** Records where values were read, for an ImportedEntry's lineOf. */
export class ValueLines {
  private readonly lines = new Map<string, number>();

  constructor(private readonly fallback: number) {}

  add(field: ImportedField | 'id', value: string | undefined, line: number): void {
    const key = `${field}\u0000${value ?? ''}`;
    if (!this.lines.has(key)) this.lines.set(key, line);
    if (!this.lines.has(`${field}\u0000`)) this.lines.set(`${field}\u0000`, line);
  }

  lineOf = (field: ImportedField | 'id', value?: string): number =>
    this.lines.get(`${field}\u0000${value ?? ''}`) ?? this.lines.get(`${field}\u0000`) ?? this.fallback;
}
