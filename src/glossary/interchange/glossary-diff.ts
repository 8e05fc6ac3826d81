import type { NormalisedEntry } from '../glossary-version.ts';

/** Fields whose order does not matter (the version sorts them): shown as what was added and removed. */
const SET_FIELDS = new Set(['traditional', 'variants', 'deprecated', 'source']);
/** The order in which fields are listed, as they are written in the YAML. */
const FIELD_ORDER = ['term', 'traditional', 'variants', 'deprecated', 'english', 'category', 'note', 'source'];

export type FieldChange =
  | { field: string; kind: 'set'; added: string[]; removed: string[] }
  | { field: string; kind: 'value'; before?: unknown; after?: unknown };

export type EntryChange = { id: string; before: NormalisedEntry; after: NormalisedEntry; fields: FieldChange[] };

export type GlossaryDiff = {
  added: NormalisedEntry[];
  removed: NormalisedEntry[];
  changed: EntryChange[];
};

/** What changed between two sets of normalised entries (as version snapshots keep them), by id. */
export function diffGlossaries(before: readonly NormalisedEntry[], after: readonly NormalisedEntry[]): GlossaryDiff {
  const beforeById = new Map(before.map((e) => [e.id, e]));
  const afterById = new Map(after.map((e) => [e.id, e]));
  const diff: GlossaryDiff = { added: [], removed: [], changed: [] };
  for (const entry of after) if (!beforeById.has(entry.id)) diff.added.push(entry);
  for (const entry of before) {
    const next = afterById.get(entry.id);
    if (next === undefined) {
      diff.removed.push(entry);
      continue;
    }
    const fields = diffEntry(entry, next);
    if (fields.length > 0) diff.changed.push({ id: entry.id, before: entry, after: next, fields });
  }
  const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  diff.added.sort(byId);
  diff.removed.sort(byId);
  diff.changed.sort(byId);
  return diff;
}

export function diffEntry(before: NormalisedEntry, after: NormalisedEntry): FieldChange[] {
  const fields = [...new Set([...FIELD_ORDER, ...Object.keys(before), ...Object.keys(after)])].filter((f) => f !== 'id');
  const changes: FieldChange[] = [];
  for (const field of fields) {
    const a = before[field];
    const b = after[field];
    if (JSON.stringify(a) === JSON.stringify(b)) continue;
    if (SET_FIELDS.has(field)) {
      const left = new Set(asList(a));
      const right = new Set(asList(b));
      changes.push({ field, kind: 'set', added: [...right].filter((v) => !left.has(v)), removed: [...left].filter((v) => !right.has(v)) });
    } else {
      changes.push({ field, kind: 'value', ...(a !== undefined ? { before: a } : {}), ...(b !== undefined ? { after: b } : {}) });
    }
  }
  return changes;
}

function asList(value: unknown): string[] {
  return Array.isArray(value) ? value.map(String) : [];
}

/** One line per change, for people: `variants: + 聘用 - 聘任`, `english: "a", "b" → "b", "a"`. */
export function describeChange(change: FieldChange): string {
  if (change.kind === 'set') {
    const parts = [...change.added.map((v) => `+ ${v}`), ...change.removed.map((v) => `- ${v}`)];
    return `${change.field}: ${parts.join('  ')}`;
  }
  return `${change.field}: ${show(change.before)} → ${show(change.after)}`;
}

function show(value: unknown): string {
  if (value === undefined) return '(none)';
  if (Array.isArray(value)) return value.map((v) => JSON.stringify(v)).join(', ');
  return JSON.stringify(value);
}
