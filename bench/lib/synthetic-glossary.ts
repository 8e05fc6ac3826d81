import type { Glossary, GlossaryEntry, GlossaryForm } from '../../src/domain/glossary.ts';
import { derivedTraditional, foldToSimplified } from '../../src/glossary/glossary-forms.ts';
import { weightedSampler, type Random } from './prng.ts';

export type SyntheticGlossaryOptions = {
  /** Entries in all, the real glossary's included. */
  size: number;
  /** Share of synthetic entries that also get their opencc traditional forms (t, tw, hk). */
  traditionalShare: number;
  /** Character frequencies the terms are drawn from. */
  frequencies: ReadonlyMap<string, number>;
};

/** Term lengths in Han characters, weighted towards the 2–4 characters most glossary terms have. */
const LENGTHS = [2, 3, 4, 5, 6, 7, 8];
const LENGTH_WEIGHTS = [20, 25, 25, 12, 8, 5, 5];

/**
 * A glossary of `size` entries: the real glossary's entries and forms, then synthetic terms of
 * 2–8 Han characters drawn by real character frequency, with traditional forms for a share.
 * Folds are kept unique across entries, as the glossary checker demands of real glossaries.
 */
export function syntheticGlossary(real: Glossary, random: Random, options: SyntheticGlossaryOptions): Glossary & { synthetic: number; traditionalForms: number } {
  const chars = [...options.frequencies.keys()];
  const drawChar = weightedSampler(chars, chars.map((c) => options.frequencies.get(c)!));
  const drawLength = weightedSampler(LENGTHS, LENGTH_WEIGHTS);

  const entries: GlossaryEntry[] = [...real.entries];
  const forms: GlossaryForm[] = [...real.forms];
  const folds = new Set(forms.map((f) => f.simplified));
  let traditionalForms = 0;
  let synthetic = 0;
  let attempts = 0;
  while (entries.length < options.size) {
    if (++attempts > options.size * 50) throw new Error('could not draw enough distinct synthetic terms');
    const length = drawLength(random);
    let term = '';
    for (let i = 0; i < length; i++) term += drawChar(random);
    const fold = foldToSimplified(term);
    if (folds.has(fold)) continue;
    const id = `synthetic-${synthetic++}`;
    const withTraditional = random() < options.traditionalShare;
    const traditional = withTraditional ? derivedTraditional(term) : [];
    entries.push({ id, term, traditional, variants: [], english: [`synthetic term ${synthetic}`], category: 'concept', source: ['synthetic'] });
    folds.add(fold);
    forms.push({ form: term, entryId: id, kind: 'canonical', simplified: fold });
    for (const form of traditional) {
      const tradFold = foldToSimplified(form);
      // A per-character fold can land on another entry's term; such a form would be ambiguous.
      if (tradFold !== fold && folds.has(tradFold)) continue;
      if (tradFold !== fold) folds.add(tradFold);
      forms.push({ form, entryId: id, kind: 'traditional', simplified: tradFold });
      traditionalForms++;
    }
  }
  return { entries, forms, version: '0'.repeat(64), synthetic, traditionalForms };
}
