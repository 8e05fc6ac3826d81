import type { GlossaryEntry } from '../../src/domain/glossary.ts';
import { foldToSimplified } from '../../src/glossary/glossary-forms.ts';
import { loadGlossary } from '../../src/glossary/load-glossary.ts';

/** The real glossary (glossary/*.yaml), indexed by the simplified fold of every surface form. */
export class GlossaryIndex {
  private readonly byFold = new Map<string, GlossaryEntry>();
  private readonly byTerm = new Map<string, GlossaryEntry>();

  private constructor(forms: { simplified: string; entry: GlossaryEntry }[]) {
    for (const { simplified, entry } of forms) {
      // The glossary check forbids two entries sharing a fold.
      this.byFold.set(simplified, entry);
      this.byTerm.set(entry.term, entry);
    }
  }

  static async load(dir: string): Promise<GlossaryIndex> {
    const glossary = await loadGlossary(dir);
    const entries = new Map(glossary.entries.map((e) => [e.id, e]));
    return new GlossaryIndex(
      glossary.forms.map((f) => ({ simplified: f.simplified, entry: entries.get(f.entryId) as GlossaryEntry })),
    );
  }

  /** Every distinct fold, as code points, with its entry. */
  folds(): { fold: string[]; entry: GlossaryEntry }[] {
    return [...this.byFold].map(([fold, entry]) => ({ fold: [...fold], entry }));
  }

  entryOfForm(text: string): GlossaryEntry | undefined {
    return this.byFold.get(foldToSimplified(text));
  }

  entryOfTerm(term: string): GlossaryEntry | undefined {
    return this.byTerm.get(term);
  }
}
