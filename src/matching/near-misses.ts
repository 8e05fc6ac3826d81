import { confusablePartners } from './confusables.ts';
import { MatchList } from './match-list.ts';
import type { MatchView } from './match-view.ts';

/**
 * Where a short glossary form (two or three characters) may have been misread: the text holds it
 * with one character replaced by a known lookalike (聘清 for 聘请, 侨颂 for 侨领). Fuzzy matching
 * leaves such forms alone (one changed character in a two-character term is as often another
 * word: 清 in 清楚), so these are not hits but `possible` hits, for a translator to look at
 * where a term would otherwise be missed without anyone seeing it.
 *
 * Every form is expanded once into its misspellings (each position, each lookalike), keyed by
 * their code units, so finding them costs two map lookups per text position.
 */

/** Forms of these lengths are looked for one lookalike off. */
const MIN_LENGTH = 2;
const MAX_LENGTH = 3;

type Entry = { form: number; offset: number };

function key(codes: ArrayLike<number>, from: number, length: number): number {
  let k = 0;
  // 16 bits per code unit: three fit below 2^53.
  for (let i = 0; i < length; i++) k = k * 65536 + codes[from + i]!;
  return k;
}

export class NearMissIndex {
  private readonly byKey = new Map<number, Entry[]>();

  /** `folds[id]` is the simplified fold of form id (the matcher's form ids). */
  constructor(folds: readonly Uint16Array[]) {
    folds.forEach((fold, form) => {
      if (fold.length < MIN_LENGTH || fold.length > MAX_LENGTH) return;
      for (let offset = 0; offset < fold.length; offset++) {
        for (const partner of confusablePartners(String.fromCharCode(fold[offset]!))) {
          if (partner.length !== 1) continue;
          const misspelt = Uint16Array.from(fold);
          misspelt[offset] = partner.charCodeAt(0);
          const k = key(misspelt, 0, fold.length);
          const list = this.byKey.get(k);
          if (list) list.push({ form, offset });
          else this.byKey.set(k, [{ form, offset }]);
        }
      }
    });
  }

  /** Every near miss in the view (overlapping ones included), ordered by start; `differing` is the lookalike's position. */
  find(view: MatchView): MatchList {
    const found = new MatchList();
    if (this.byKey.size === 0) return found;
    for (let i = 0; i < view.length; i++) {
      for (let length = MIN_LENGTH; length <= MAX_LENGTH && i + length <= view.length; length++) {
        const entries = this.byKey.get(key(view.codes, i, length));
        if (!entries) continue;
        for (const { form, offset } of entries) found.push(i, i + length, form, i + offset);
      }
    }
    return found;
  }
}
