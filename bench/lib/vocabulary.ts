import type { CompiledGlossary } from '../../src/glossary/compiled-glossary.ts';
import { entryForms, foldToSimplified } from '../../src/glossary/glossary-forms.ts';
import type { Sample } from '../../scripts/samples-manifest.ts';
import type { Vocabulary } from './score-sample.ts';

/** The glossary entries the manifest's terms (expected, nested, traps) belong to. */
export function manifestVocabulary(samples: readonly Sample[], glossary: CompiledGlossary): Vocabulary & { terms: string[]; unknown: string[] } {
  const byFold = new Map<string, string>();
  for (const entry of glossary.entries.values()) {
    for (const form of entryForms(entry)) if (!byFold.has(form.simplified)) byFold.set(form.simplified, entry.id);
  }
  const entryOf = (term: string) => byFold.get(foldToSimplified(term));
  const terms = new Set<string>();
  for (const s of samples) {
    for (const e of s.expected) {
      terms.add(e.term);
      for (const n of e.nested ?? []) terms.add(n.term);
    }
    for (const t of s.traps) terms.add(t.term);
  }
  const entries = new Set<string>();
  const unknown: string[] = [];
  for (const term of terms) {
    const id = entryOf(term);
    if (id) entries.add(id);
    else unknown.push(term);
  }
  return { entryOf, entries, terms: [...terms], unknown };
}
