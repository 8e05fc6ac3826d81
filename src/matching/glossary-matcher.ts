import type { Glossary, GlossaryForm } from '../domain/glossary.ts';
import type { HitKind } from '../domain/hit.ts';
import { isHanCode } from '../script/char-tables.ts';
import { BigramIndex } from './bigram-index.ts';
import { areConfusable } from './confusables.ts';
import { MatchList } from './match-list.ts';
import type { MatchView } from './match-view.ts';
import { NearMissIndex } from './near-misses.ts';

/** A distinct simplified fold and the glossary form it stands for; `status` is set only for deprecated forms. */
export type MatcherForm = { fold: string; entryId: string; form: string; kind: HitKind; status?: 'deprecated' };

/** Fuzzy matching is only safe for long terms: one changed character in 侨领 is a different word. */
export const FUZZY_MIN_LENGTH = 4;

const KIND_RANK: Record<HitKind, number> = { exact: 0, variant: 1, fuzzy: 2, possible: 3 };

/**
 * Finds every glossary form in one pass over a match view. Exact and variant forms are found
 * through a bigram index of their simplified folds; forms of 4+ characters are also indexed by
 * their two halves, since a form with one misread character still has one half intact, and the
 * whole form is then checked for exactly one differing character.
 */
export class GlossaryMatcher {
  /** Distinct folds and what they stand for, indexed by form id (the ids in every MatchList). */
  readonly forms: MatcherForm[] = [];
  private readonly folds: Uint16Array[] = [];
  /**
   * One index over every pattern: ids below `forms.length` are whole forms, the ids above are
   * halves of fuzzy-matchable forms, so each text position costs one lookup for both kinds.
   */
  private readonly patterns: Uint16Array[] = [];
  private readonly halfForm: Int32Array;
  private readonly halfOffset: Int32Array;
  private readonly index: BigramIndex;
  private nearMissIndex: NearMissIndex | undefined;

  constructor(glossary: Pick<Glossary, 'forms'>) {
    const byFold = new Map<string, MatcherForm>();
    for (const form of glossary.forms) {
      const candidate: MatcherForm = { fold: form.simplified, entryId: form.entryId, form: form.form, kind: formKind(form) };
      if (form.status) candidate.status = form.status;
      const existing = byFold.get(form.simplified);
      // The glossary check forbids two entries sharing a fold; within an entry the stronger kind wins.
      if (!existing || KIND_RANK[candidate.kind] < KIND_RANK[existing.kind]) byFold.set(form.simplified, candidate);
    }
    for (const form of byFold.values()) {
      if (form.fold.length < 2) continue;
      this.forms.push(form);
      this.folds.push(codesOf(form.fold));
    }
    this.patterns.push(...this.folds);
    const halfForm: number[] = [];
    const halfOffset: number[] = [];
    this.folds.forEach((fold, id) => {
      if (fold.length < FUZZY_MIN_LENGTH || !fold.every(isBmpHan)) return;
      const cut = Math.ceil(fold.length / 2);
      for (const [from, to] of [
        [0, cut],
        [cut, fold.length],
      ] as const) {
        this.patterns.push(fold.subarray(from, to));
        halfForm.push(id);
        halfOffset.push(from);
      }
    });
    this.halfForm = Int32Array.from(halfForm);
    this.halfOffset = Int32Array.from(halfOffset);
    // Longer patterns first within a bigram, so exact candidates come out longest first.
    const order = this.patterns.map((_, id) => id).sort((a, b) => this.patterns[b]!.length - this.patterns[a]!.length);
    this.index = new BigramIndex(this.patterns, order);
  }

  /**
   * Every exact/variant occurrence (overlapping ones included, in text order) and every place
   * where a long form stands with exactly one different Han character (fuzzy candidates,
   * ordered by start), in one pass over the view.
   */
  find(view: MatchView): { exact: MatchList; fuzzy: MatchList } {
    const { codes, length } = view;
    const { offsets, ids } = this.index;
    const { patterns, folds, halfForm, halfOffset } = this;
    const formCount = folds.length;
    const exact = new MatchList();
    const fuzzy = new MatchList();
    for (let i = 0; i + 1 < length; i++) {
      const slot = this.index.find(codes[i]!, codes[i + 1]!);
      if (slot < 0) continue;
      const last = offsets[slot + 1]!;
      for (let k = offsets[slot]!; k < last; k++) {
        const id = ids[k]!;
        const pattern = patterns[id]!;
        if (i + pattern.length > length || !sameFrom(codes, i, pattern, 2)) continue;
        if (id < formCount) {
          exact.push(i, i + pattern.length, id);
          continue;
        }
        const half = id - formCount;
        const form = halfForm[half]!;
        const start = i - halfOffset[half]!;
        const differing = oneDifference(codes, start, length, folds[form]!);
        if (differing >= 0) fuzzy.push(start, start + folds[form]!.length, form, differing);
      }
    }
    return { exact, fuzzy: fuzzy.sortedByStart() };
  }

  /**
   * Short forms (2–3 characters) standing with one character replaced by a known lookalike:
   * candidates for `possible` hits (see near-misses.ts). The index is built on first use.
   */
  findNearMisses(view: MatchView): MatchList {
    this.nearMissIndex ??= new NearMissIndex(this.folds);
    return this.nearMissIndex.find(view);
  }

  /** Whether the character at a fuzzy candidate's differing position looks like the glossary's. */
  isConfusable(view: MatchView, formId: number, differing: number, start: number): boolean {
    const expected = this.folds[formId]![differing - start]!;
    return areConfusable(String.fromCharCode(view.codes[differing]!), String.fromCharCode(expected));
  }
}

function formKind(form: GlossaryForm): HitKind {
  return form.kind === 'variant' ? 'variant' : 'exact';
}

function codesOf(text: string): Uint16Array {
  const codes = new Uint16Array(text.length);
  for (let i = 0; i < text.length; i++) codes[i] = text.charCodeAt(i);
  return codes;
}

function isBmpHan(code: number): boolean {
  return isHanCode(code) && (code < 0xd800 || code > 0xdfff);
}

function sameFrom(codes: Uint16Array, at: number, pattern: Uint16Array, from: number): boolean {
  for (let j = from; j < pattern.length; j++) if (codes[at + j] !== pattern[j]) return false;
  return true;
}

/** The view position of the single differing Han character, or -1 (none, several, or not Han). */
function oneDifference(codes: Uint16Array, start: number, length: number, fold: Uint16Array): number {
  if (start < 0 || start + fold.length > length) return -1;
  let differing = -1;
  for (let j = 0; j < fold.length; j++) {
    if (codes[start + j] === fold[j]) continue;
    if (differing >= 0) return -1;
    differing = start + j;
  }
  return differing >= 0 && isBmpHan(codes[differing]!) ? differing : -1;
}
