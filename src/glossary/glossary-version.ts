import { createHash } from 'node:crypto';
import type { GlossaryEntry } from '../domain/glossary.ts';

/**
 * Bumped when the normalisation below changes, so that old and new versions never collide.
 * The version is what decides whether stored documents must be re-tagged.
 */
const FORMAT = 'termlens-glossary-v1';

/**
 * A content hash of the entries that ignores everything that does not change matching or
 * what a translator sees: file order, YAML style, the order of variants and sources. The
 * order of English renderings is kept because the first one is the preferred rendering.
 */
export function glossaryVersion(entries: readonly GlossaryEntry[]): string {
  return versionOfNormalised(normaliseEntries(entries));
}

/** The entries as the version sees them, sorted by id: what version snapshots keep and diffs compare. */
export function normaliseEntries(entries: readonly GlossaryEntry[]): NormalisedEntry[] {
  return [...entries].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)).map(normaliseEntry);
}

/** The version of entries already normalised (and sorted by id), e.g. read back from a snapshot. */
export function versionOfNormalised(normalised: readonly NormalisedEntry[]): string {
  return createHash('sha256')
    .update(`${FORMAT}\n`)
    .update(stableStringify(normalised))
    .digest('hex');
}

export type NormalisedEntry = Record<string, unknown> & { id: string };

export function normaliseEntry(entry: GlossaryEntry): NormalisedEntry {
  const out: NormalisedEntry = {
    id: entry.id,
    term: entry.term,
    traditional: sortedUnique(entry.traditional),
    variants: sortedUnique(entry.variants),
    english: entry.english.map((e) => e.trim()),
    category: entry.category,
    source: sortedUnique(entry.source),
  };
  // Folded and literal YAML blocks differ only in line breaks; the note reads the same.
  const note = entry.note?.replace(/\s+/g, ' ').trim();
  if (note) out.note = note;
  // Only when present, so that glossaries without deprecated forms keep their version.
  const deprecated = sortedUnique(entry.deprecated ?? []);
  if (deprecated.length > 0) out.deprecated = deprecated;
  return out;
}

function sortedUnique(values: readonly string[]): string[] {
  return [...new Set(values)].sort();
}

/** JSON with object keys sorted at every level, so that key order in the source cannot matter. */
export function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record)
      .filter((k) => record[k] !== undefined)
      .sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${stableStringify(record[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
