import type { GlossaryEntry } from '../domain/glossary.ts';
import { foldToSimplified } from './glossary-forms.ts';

/**
 * Whether an entry answers a search: any of its forms in either script (the query folded to
 * simplified too), its id, an English rendering or its note (case-insensitively).
 */
export function entryMatches(entry: GlossaryEntry, q: string): boolean {
  const needle = q.toLowerCase();
  const fold = foldToSimplified(q);
  const forms = [entry.term, ...entry.traditional, ...entry.variants, ...(entry.deprecated ?? [])];
  return (
    entry.id.includes(needle) ||
    forms.some((f) => f.includes(q) || foldToSimplified(f).includes(fold)) ||
    entry.english.some((e) => e.toLowerCase().includes(needle)) ||
    (entry.note?.toLowerCase().includes(needle) ?? false)
  );
}
