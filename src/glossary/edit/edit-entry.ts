import type { GlossaryEntry, GlossaryProblem } from '../../domain/glossary.ts';
import { splitList, type CsvColumn } from '../interchange/csv-columns.ts';
import { delimitedCells } from '../interchange/csv-export.ts';
import { readRow } from '../interchange/csv-import.ts';
import { prepareImport, type ImportOutcome } from '../interchange/import-glossary.ts';
import type { ImportResult } from '../interchange/imported-entry.ts';

/** What problems name as their file: the admin only knows the entry they sent. */
const EDIT_FILE = 'entry';
/**
 * The name the merge is told the entry comes from. A new entry without a source would get the
 * file's name as its source: "edit", as when the entry went through a scratch edit.csv.
 */
const MERGE_LABEL = 'edit.csv';

export type EntryEdit = {
  /** Every problem, each naming the file "entry"; any error means nothing was written. */
  problems: GlossaryProblem[];
  /** The import as planned (and, without an error, written). */
  outcome: ImportOutcome;
};

/**
 * Adds or changes one entry of the glossary in `glossaryDir` through the interchange merge, in
 * memory: the entry is read as its row in a CSV file would be (same trimming, same sorting of
 * Chinese forms by script, empty fields leave the glossary's value), merged with the same
 * "never delete" rules and written with the same YAML splicing as `termlens glossary import`.
 *
 * A plan that lands on another entry than the one meant is refused unwritten: an import matches
 * an unknown id to the entry that already has its term, which is right for a memoQ file but
 * wrong for someone who asked for a new entry. A value holding "|" (the list separator of the
 * interchange files) is a RangeError, before anything is read.
 */
export async function editGlossaryEntry(glossaryDir: string, entry: GlossaryEntry): Promise<EntryEdit> {
  const read = entryAsImported(entry);
  const prepared = await prepareImport(glossaryDir, { format: 'csv', file: MERGE_LABEL, read: async () => read });
  const { outcome } = prepared;
  const refuse = (problems: GlossaryProblem[]): EntryEdit => ({ problems: asEntryProblems(problems), outcome });
  if (outcome.problems.some((p) => p.severity === 'error')) return refuse(outcome.problems);
  const target = [...outcome.plan.added, ...outcome.plan.changed, ...outcome.plan.unchanged].map((p) => p.entry.id);
  if (target.length !== 1 || target[0] !== entry.id) {
    const other = target.find((id) => id !== entry.id);
    return refuse([
      {
        file: EDIT_FILE,
        severity: 'error',
        message: other ? `"${entry.term}" is already a form of entry "${other}"; edit that entry instead` : 'the entry could not be placed in the glossary',
      },
    ]);
  }
  await prepared.commit();
  return { problems: asEntryProblems(outcome.problems), outcome };
}

/** The entry as the one row of a CSV file: its cells, trimmed and with LF line breaks, read by the CSV reader. */
function entryAsImported(entry: GlossaryEntry): ImportResult {
  const cells = delimitedCells(entry);
  const problems: GlossaryProblem[] = [];
  // Line 2: the row under the header, as in the file the entry used to be written to.
  // The cells as a CSV row of them would read back: text trimmed with LF line breaks, lists split.
  const cell = (column: CsvColumn) => cells[column].replace(/\r\n?/g, '\n').trim();
  const imported = readRow({ cell, list: (column) => splitList(cell(column)) }, 2, problems, MERGE_LABEL);
  return { entries: imported ? [imported] : [], problems };
}

function asEntryProblems(problems: readonly GlossaryProblem[]): GlossaryProblem[] {
  return problems.map(({ file: _file, line: _line, ...p }) => ({ ...p, file: EDIT_FILE }));
}
