import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import type { GlossaryEntry, GlossaryProblem } from '../../domain/glossary.ts';
import { checkEntries } from '../check-glossary.ts';
import { completeEntry } from '../glossary-forms.ts';
import { compareProblems, displayPath } from '../glossary-problem.ts';
import { glossaryVersion } from '../glossary-version.ts';
import { parseGlossaryText, readGlossaryFiles, type LocatedEntry } from '../read-glossary-files.ts';
import { writeFileAtomic } from './atomic-write.ts';
import { readDelimited } from './csv-import.ts';
import type { ImportResult } from './imported-entry.ts';
import { interchangeFormat, type InterchangeFormat } from './interchange-format.ts';
import { mergeEntries, type MergePlan } from './merge-entries.ts';
import { decodeUtf8, isProblem } from './decode-utf8.ts';
import { readTbx } from './tbx-import.ts';
import { editGlossaryText } from './yaml-edits.ts';

/**
 * New entries go to their own file rather than into the curated, sectioned terms.yaml: a
 * reviewer sees at a glance what an import brought, and moving an entry into its section is a
 * cut and paste (ids, not files, give entries their identity). Changes to existing entries are
 * made where each entry is written.
 */
export const IMPORTED_FILE = 'imported.yaml';

const IMPORTED_HEADER = `# Entries added by \`termlens glossary import\`. Same fields as terms.yaml (see its header);
# move an entry into its section of terms.yaml once reviewed: ids, not files, are what count.
`;

export type ImportOptions = { glossaryDir: string; file: string; format?: string; dryRun: boolean };

export type ImportOutcome = {
  format: InterchangeFormat;
  plan: MergePlan;
  /** Every problem, sorted; any error means nothing was (or would be) written. */
  problems: GlossaryProblem[];
  /** Where new entries go. */
  newEntriesFile: string;
  /** Files written (or that would be, on a dry run). */
  files: string[];
  versionBefore?: string;
  versionAfter?: string;
  /** The glossary before the import, completed as loading completes it. */
  entriesBefore?: GlossaryEntry[];
  /** The glossary after the import, completed as loading completes it. */
  entriesAfter?: GlossaryEntry[];
};

export async function importGlossary(options: ImportOptions): Promise<ImportOutcome> {
  const format = interchangeFormat(options.file, options.format);
  const file = displayPath(path.resolve(options.file));
  const prepared = await prepareImport(options.glossaryDir, { format, file, read: () => readImportFile(options.file, file, format) });
  if (!options.dryRun) await prepared.commit();
  return prepared.outcome;
}

/** Where imported entries come from: a file's name for problems, and its entries once read. */
export type ImportSource = { format: InterchangeFormat; file: string; read: () => Promise<ImportResult> };

/**
 * An import planned, checked and verified, not yet written: `commit` writes the files (nothing
 * when the outcome has an error). The caller may look at the plan first and not commit.
 */
export type PreparedImport = { outcome: ImportOutcome; commit: () => Promise<void> };

export async function prepareImport(glossaryDir: string, source: ImportSource): Promise<PreparedImport> {
  const dir = path.resolve(glossaryDir);
  const newEntriesFile = path.join(dir, IMPORTED_FILE);
  const outcome: ImportOutcome = {
    format: source.format,
    plan: { added: [], changed: [], unchanged: [], problems: [] },
    problems: [],
    newEntriesFile: displayPath(newEntriesFile),
    files: [],
  };
  const refuse = (problems: GlossaryProblem[]): PreparedImport => {
    outcome.problems = [...problems].sort(compareProblems);
    return { outcome, commit: async () => undefined };
  };

  const existing = await readExisting(dir);
  const glossaryErrors = existing.problems.filter((p) => p.severity === 'error');
  if (glossaryErrors.length > 0) {
    return refuse([...glossaryErrors, { file: displayPath(dir), severity: 'error', message: 'the glossary has errors (see above); fix them before importing' }]);
  }

  const read = await source.read();
  if (read.problems.some((p) => p.severity === 'error')) return refuse(read.problems);

  const plan = mergeEntries(existing.entries, read.entries, source.file);
  outcome.plan = plan;
  const problems = [...read.problems, ...plan.problems];
  if (problems.some((p) => p.severity === 'error')) return refuse(problems);
  outcome.problems = problems.sort(compareProblems);

  // The new text of each file that changes, checked by reading it back before anything is written.
  const texts = await plannedTexts(plan, newEntriesFile);
  const after = await verify(dir, texts, plan);
  outcome.files = [...texts.keys()].map((f) => displayPath(f));
  outcome.entriesBefore = existing.entries.map(({ entry }) => completeEntry(entry));
  outcome.versionBefore = glossaryVersion(outcome.entriesBefore);
  outcome.entriesAfter = after.map(completeEntry);
  outcome.versionAfter = glossaryVersion(outcome.entriesAfter);
  const commit = async (): Promise<void> => {
    await mkdir(dir, { recursive: true });
    for (const [target, text] of texts) await writeFileAtomic(target, text);
  };
  return { outcome, commit };
}

/** An interchange file's entries; a file that cannot be read or decoded is one error. */
async function readImportFile(filePath: string, file: string, format: InterchangeFormat): Promise<ImportResult> {
  let bytes: Buffer;
  try {
    bytes = await readFile(filePath);
  } catch (error) {
    const code = error && typeof error === 'object' && 'code' in error ? String(error.code) : String(error);
    return { entries: [], problems: [{ file, severity: 'error', message: `cannot read file: ${code}` }] };
  }
  const decoded = decodeUtf8(bytes, file);
  if (isProblem(decoded)) return { entries: [], problems: [decoded] };
  return format === 'tbx' ? readTbx(decoded.text, file) : readDelimited(decoded.text, file, format);
}

/** The glossary as it is; a folder without glossary files is an empty glossary to import into. */
async function readExisting(dir: string): Promise<{ entries: LocatedEntry[]; problems: GlossaryProblem[] }> {
  const read = await readGlossaryFiles(dir);
  const problems = read.problems.filter((p) => !(p.line === undefined && p.message.startsWith('no *.yaml glossary files')));
  problems.push(...checkEntries(read.entries));
  return { entries: read.entries, problems };
}

async function plannedTexts(plan: MergePlan, newEntriesFile: string): Promise<Map<string, string>> {
  const byFile = new Map<string, Map<string, { before: GlossaryEntry; after: GlossaryEntry }>>();
  for (const change of plan.changed) {
    const target = path.resolve(change.before.file);
    const updates = byFile.get(target) ?? new Map();
    updates.set(change.entry.id, { before: change.before.entry, after: change.entry });
    byFile.set(target, updates);
  }
  if (plan.added.length > 0 && !byFile.has(newEntriesFile)) byFile.set(newEntriesFile, new Map());
  const texts = new Map<string, string>();
  for (const [target, updates] of byFile) {
    const current = await readFile(target, 'utf8').catch((error: unknown) => {
      if (error && typeof error === 'object' && 'code' in error && error.code === 'ENOENT') return IMPORTED_HEADER;
      throw error;
    });
    const added = target === newEntriesFile ? plan.added.map((a) => a.entry) : [];
    texts.set(target, editGlossaryText(current, updates, added));
  }
  return texts;
}

/**
 * Reads the new texts back as the glossary loader will and insists that they hold exactly the
 * planned entries and no errors: a bug in the text splicing must never reach the files.
 */
async function verify(dir: string, texts: ReadonlyMap<string, string>, plan: MergePlan): Promise<GlossaryEntry[]> {
  const current = await readGlossaryFiles(dir);
  const kept = current.entries.filter((e) => !texts.has(path.resolve(e.file)));
  const entries: LocatedEntry[] = [...kept];
  for (const [target, text] of texts) {
    const parsed = parseGlossaryText(text, displayPath(target));
    const errors = parsed.problems.filter((p) => p.severity === 'error');
    if (errors.length > 0) throw new Error(`internal error: the edited ${displayPath(target)} does not read back: ${errors[0]!.message}`);
    entries.push(...parsed.entries);
  }
  const errors = checkEntries(entries).filter((p) => p.severity === 'error');
  if (errors.length > 0) throw new Error(`internal error: the merged glossary has errors: ${errors[0]!.message}`);
  const byId = new Map(entries.map((e) => [e.entry.id, e.entry]));
  for (const planned of [...plan.added, ...plan.changed]) {
    const read = byId.get(planned.entry.id);
    if (!read || !isDeepStrictEqual(withoutEmpty(read), withoutEmpty(planned.entry))) {
      throw new Error(`internal error: entry "${planned.entry.id}" does not read back as planned`);
    }
  }
  return entries.map((e) => e.entry);
}

function withoutEmpty(entry: GlossaryEntry): Record<string, unknown> {
  return Object.fromEntries(Object.entries(entry).filter(([, v]) => v !== undefined && !(Array.isArray(v) && v.length === 0)));
}
