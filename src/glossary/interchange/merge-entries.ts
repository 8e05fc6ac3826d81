import path from 'node:path';
import type { z } from 'zod';
import { CategorySchema, GlossaryEntrySchema, type GlossaryEntry, type GlossaryProblem } from '../../domain/glossary.ts';
import { checkEntries } from '../check-glossary.ts';
import { foldToSimplified, sourcedForms, type FieldPath } from '../glossary-forms.ts';
import { normaliseEntry } from '../glossary-version.ts';
import type { LocatedEntry } from '../read-glossary-files.ts';
import { deriveEntryId, fromFileId } from './entry-id.ts';
import { diffEntry, type FieldChange } from './glossary-diff.ts';
import type { ImportedEntry, ImportedField } from './imported-entry.ts';

/** Category given to a new entry whose file names none termlens knows; reported as a warning. */
const DEFAULT_CATEGORY: GlossaryEntry['category'] = 'concept';

/** How an imported entry found its id. */
export type IdOrigin = 'file' | 'term' | 'derived';

export type PlannedEntry = { entry: GlossaryEntry; line: number; idOrigin: IdOrigin };
export type ChangedEntry = PlannedEntry & { before: LocatedEntry; fields: FieldChange[] };

export type MergePlan = {
  added: PlannedEntry[];
  changed: ChangedEntry[];
  unchanged: (PlannedEntry & { before: LocatedEntry })[];
  problems: GlossaryProblem[];
};

/**
 * Merges imported entries into the glossary. An entry is the same entry when it has the same id;
 * a concept whose id the glossary does not know (memoQ numbers them) is the entry whose forms
 * include its term, or else a new entry, under its own id or one made from its English rendering. Merging never deletes: imported
 * forms, renderings and sources are added to what the entry has, a form the file lists with
 * another status moves, and the file's term, preferred rendering, category and note win.
 * Contradictions (one id twice, a form claimed by two entries, a concept without a Chinese term)
 * are errors at the line of the imported file; the caller writes nothing when there is one.
 */
export function mergeEntries(existing: readonly LocatedEntry[], imported: readonly ImportedEntry[], importFile: string): MergePlan {
  const problems: GlossaryProblem[] = [];
  const error = (line: number, message: string): void => {
    problems.push({ file: importFile, line, severity: 'error', message });
  };
  const warning = (line: number, message: string): void => {
    problems.push({ file: importFile, line, severity: 'warning', message });
  };

  const byId = new Map(existing.map((e) => [e.entry.id, e]));
  const byFold = new Map<string, string>();
  for (const { entry } of existing) for (const { form } of sourcedForms(entry)) if (!byFold.has(foldToSimplified(form))) byFold.set(foldToSimplified(form), entry.id);

  // Ids the file states are reserved first, so that an id made up for one concept never takes
  // the id a later concept states.
  const firstByRawId = new Map<string, ImportedEntry>();
  const duplicates = new Set<ImportedEntry>();
  for (const item of imported) {
    if (item.rawId === undefined) continue;
    const first = firstByRawId.get(item.rawId);
    if (first === undefined) {
      firstByRawId.set(item.rawId, item);
      continue;
    }
    const terms = first.fields.term === item.fields.term ? '' : ` with a different term ("${first.fields.term}" there, "${item.fields.term}" here)`;
    error(item.lineOf('id'), `duplicate id "${item.rawId}"${terms} (first at ${importFile}:${first.lineOf('id')})`);
    duplicates.add(item);
  }
  const taken = new Set([...byId.keys(), ...imported.map((i) => fromFileId(i.rawId)).filter((id): id is string => id !== undefined)]);
  const resolved = new Map<ImportedEntry, { id: string; origin: IdOrigin }>();
  const claimedBy = new Map<string, ImportedEntry>();
  for (const item of imported) {
    if (duplicates.has(item)) continue;
    const target = resolveId(item, byId, byFold, taken);
    taken.add(target.id);
    const other = claimedBy.get(target.id);
    if (other !== undefined) {
      error(item.line, `this concept and the one at ${importFile}:${other.line} are both entry "${target.id}"`);
      continue;
    }
    claimedBy.set(target.id, item);
    resolved.set(item, target);
  }

  const plan: MergePlan = { added: [], changed: [], unchanged: [], problems };
  const touched: LocatedEntry[] = [];
  const fallbackSource = path.basename(importFile).replace(/\.[^.]+$/, '');
  for (const item of imported) {
    const target = resolved.get(item);
    if (target === undefined) continue;
    const before = byId.get(target.id);
    const label = `entry "${target.id}"`;
    const raw = mergedFields(before?.entry, item, target.id);
    if (!before) {
      if (raw.english === undefined) {
        error(item.line, `${label}: no English term (a langSec "en" or an english column), which a new entry needs`);
        continue;
      }
      if (raw.source === undefined) {
        raw.source = [fallbackSource];
        warning(item.line, `${label}: no source; set to "${fallbackSource}", the imported file's name`);
      }
    }
    if (item.fields.category !== undefined && !CategorySchema.safeParse(item.fields.category).success) {
      const fallback = before ? `"${before.entry.category}" is kept` : `set to "${DEFAULT_CATEGORY}"`;
      warning(item.lineOf('category'), `${label}: "${item.fields.category}" is not a termlens category (${CategorySchema.options.join(', ')}); ${fallback}`);
      raw.category = before?.entry.category ?? DEFAULT_CATEGORY;
    } else if (raw.category === undefined) {
      warning(item.line, `${label}: no category (subjectField); set to "${DEFAULT_CATEGORY}"`);
      raw.category = DEFAULT_CATEGORY;
    }

    const parsed = GlossaryEntrySchema.safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) error(lineOfIssue(issue, raw, item), `${label}: ${describeIssue(issue)}`);
      continue;
    }
    const entry = parsed.data;
    // Problems about this entry point into the imported file: at the value when it came from
    // there, else at the concept that brought the entry in.
    const lineOf = (fieldPath: FieldPath): number => {
      const [field, index] = fieldPath;
      if (field === 'id') return item.lineOf('id');
      const list = (entry as Record<string, unknown>)[String(field)];
      const value = Array.isArray(list) && typeof index === 'number' ? String(list[index]) : field === 'term' ? entry.term : undefined;
      return item.lineOf(String(field) as ImportedField, value);
    };
    touched.push({ entry, file: importFile, lineOf });
    const planned: PlannedEntry = { entry, line: item.line, idOrigin: target.origin };
    if (!before) {
      plan.added.push(planned);
      continue;
    }
    const fields = diffEntry(normaliseEntry(before.entry), normaliseEntry(entry));
    if (fields.length === 0) plan.unchanged.push({ ...planned, before });
    else plan.changed.push({ ...planned, before, fields });
  }

  // Entries the file leaves alone come first, so that a form two entries claim is reported at the imported one.
  const touchedIds = new Set(touched.map((t) => t.entry.id));
  const untouched = existing.filter((e) => !touchedIds.has(e.entry.id));
  const unchangedIds = new Set(plan.unchanged.map((u) => u.entry.id));
  const checked = checkEntries([...untouched, ...touched]).filter((p) => p.file === importFile || p.severity === 'error');
  // An entry imported unchanged brings back the YAML's own warnings, which `glossary check` reports already.
  problems.push(...checked.filter((p) => p.severity === 'error' || !unchangedIds.has(idInMessage(p.message) ?? '')));
  return plan;
}

/**
 * A stated id the glossary knows is that entry; otherwise the entry that has the concept's term
 * (a CAT tool renumbers concepts, the term stays); otherwise the stated id, or one made from
 * the English rendering.
 */
function resolveId(
  item: ImportedEntry,
  byId: ReadonlyMap<string, LocatedEntry>,
  byFold: ReadonlyMap<string, string>,
  taken: ReadonlySet<string>,
): { id: string; origin: IdOrigin } {
  const stated = fromFileId(item.rawId);
  if (stated !== undefined && byId.has(stated)) return { id: stated, origin: 'file' };
  const owner = byFold.get(foldToSimplified(item.fields.term));
  if (owner !== undefined) return { id: owner, origin: 'term' };
  if (stated !== undefined) return { id: stated, origin: 'file' };
  return { id: deriveEntryId([item.fields.english?.[0], item.rawId, item.fields.term], taken), origin: 'derived' };
}

/** The entry as it will be written: the file's values merged into what the glossary has. */
function mergedFields(before: GlossaryEntry | undefined, item: ImportedEntry, id: string): Record<string, unknown> {
  const imported = item.fields;
  // Each Chinese form ends up in one field: the file's word for it, else the glossary's.
  const placed = new Map<string, 'term' | 'traditional' | 'variants' | 'deprecated'>();
  placed.set(imported.term, 'term');
  for (const field of ['traditional', 'variants', 'deprecated'] as const) for (const form of imported[field]) if (!placed.has(form)) placed.set(form, field);
  const lists: Record<'traditional' | 'variants' | 'deprecated', string[]> = { traditional: [], variants: [], deprecated: [] };
  const place = (form: string, field: 'traditional' | 'variants' | 'deprecated'): void => {
    const where = placed.get(form) ?? field;
    if (where !== 'term' && !lists[where].includes(form)) lists[where].push(form);
  };
  if (before) {
    // A renamed term is kept as a variant: an import never drops a form documents may hold.
    if (before.term !== imported.term) place(before.term, 'variants');
    for (const field of ['traditional', 'variants', 'deprecated'] as const) for (const form of before[field] ?? []) place(form, field);
  }
  for (const field of ['traditional', 'variants', 'deprecated'] as const) for (const form of imported[field]) place(form, field);

  const union = (first: readonly string[] | undefined, second: readonly string[] | undefined): string[] | undefined =>
    first === undefined && second === undefined ? undefined : [...new Set([...(first ?? []), ...(second ?? [])])];
  const raw: Record<string, unknown> = { id, term: imported.term };
  if (lists.traditional.length > 0) raw.traditional = lists.traditional;
  if (lists.variants.length > 0) raw.variants = lists.variants;
  if (lists.deprecated.length > 0) raw.deprecated = lists.deprecated;
  const english = union(imported.english, before?.english);
  if (english) raw.english = english;
  const category = imported.category ?? before?.category;
  if (category !== undefined) raw.category = category;
  // The note as written in the YAML stays when the file says the same in other line breaks.
  const note = imported.note !== undefined && before?.note !== undefined && sameText(imported.note, before.note) ? before.note : (imported.note ?? before?.note);
  if (note !== undefined) raw.note = note;
  const source = union(before?.source, imported.source);
  if (source) raw.source = source;
  return raw;
}

function sameText(a: string, b: string): boolean {
  return a.replace(/\s+/g, ' ').trim() === b.replace(/\s+/g, ' ').trim();
}

function lineOfIssue(issue: z.core.$ZodIssue, raw: Record<string, unknown>, item: ImportedEntry): number {
  const [field, index] = issue.path;
  if (typeof field !== 'string') return item.line;
  const value = raw[field];
  const at = Array.isArray(value) && typeof index === 'number' ? String(value[index]) : typeof value === 'string' ? value : undefined;
  return item.lineOf(field as ImportedField, at);
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const field = issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : String(p))).join('.').replace(/\.\[/g, '[');
  const message = issue.message.charAt(0).toLowerCase() + issue.message.slice(1);
  return field === '' ? message : `${field}: ${message}`;
}

function idInMessage(message: string): string | undefined {
  return /^entry "([^"]+)"/.exec(message)?.[1];
}
