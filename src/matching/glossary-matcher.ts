import { AhoCorasick } from '@monyone/aho-corasick/fast';
import type { Glossary, GlossaryForm } from '../domain/glossary.ts';
import type { HitKind } from '../domain/hit.ts';
import { areConfusable } from './confusables.ts';
import type { MatchView } from './match-view.ts';

/** A place in a match view where a glossary form was found; offsets are view code points. */
export type MatchCandidate = {
  entryId: string;
  form: string;
  kind: HitKind;
  start: number;
  end: number;
  /** For fuzzy candidates: where the one differing character is (view code point)… */
  differingAt?: number;
  /** …and whether it is a known OCR confusion of the glossary's character. */
  confusable?: boolean;
};

type FormRef = { entryId: string; form: string; kind: HitKind };
/** A half of a fuzzy-matchable form: if one character is misread, one half is still intact. */
type HalfRef = { fold: string[]; offset: number; ref: FormRef };

/** Fuzzy matching is only safe for long terms: one changed character in 侨领 is a different word. */
export const FUZZY_MIN_LENGTH = 4;

const HAN = /\p{Script=Han}/u;
const KIND_RANK: Record<HitKind, number> = { exact: 0, variant: 1, fuzzy: 2 };

/**
 * Finds every glossary form in one pass over the text (Aho-Corasick over the simplified folds
 * of all forms, plus the halves of long forms for one-character-off matches).
 */
export class GlossaryMatcher {
  private readonly byFold = new Map<string, FormRef>();
  private readonly halves = new Map<string, HalfRef[]>();
  private readonly automaton: AhoCorasick;

  constructor(glossary: Pick<Glossary, 'forms'>) {
    for (const form of glossary.forms) {
      const ref: FormRef = { entryId: form.entryId, form: form.form, kind: formKind(form) };
      const existing = this.byFold.get(form.simplified);
      // The glossary check forbids two entries sharing a fold; within an entry the stronger kind wins.
      if (!existing || KIND_RANK[ref.kind] < KIND_RANK[existing.kind]) this.byFold.set(form.simplified, ref);
    }
    for (const [fold, ref] of this.byFold) {
      const chars = [...fold];
      if (chars.length < FUZZY_MIN_LENGTH) continue;
      const cut = Math.ceil(chars.length / 2);
      this.addHalf(chars.slice(0, cut).join(''), { fold: chars, offset: 0, ref });
      this.addHalf(chars.slice(cut).join(''), { fold: chars, offset: cut, ref });
    }
    const patterns = new Set<string>([...this.byFold.keys(), ...this.halves.keys()]);
    this.automaton = new AhoCorasick([...patterns]);
  }

  private addHalf(half: string, ref: HalfRef): void {
    const list = this.halves.get(half) ?? [];
    list.push(ref);
    this.halves.set(half, list);
  }

  /**
   * Every exact and variant occurrence (overlapping ones included) and every fuzzy candidate
   * (long forms with exactly one different Han character), in view code points.
   */
  find(view: MatchView): { exact: MatchCandidate[]; fuzzy: MatchCandidate[] } {
    const toCodePoint = utf16ToCodePoint(view.chars);
    const viewChars = view.length === view.chars.length ? null : [...view.chars];
    const charAt = (i: number): string => (viewChars ? viewChars[i]! : view.chars[i]!);
    const exact: MatchCandidate[] = [];
    const fuzzy = new Map<string, MatchCandidate>();

    for (const match of this.automaton.matchInText(view.chars)) {
      const start = toCodePoint ? toCodePoint[match.begin]! : match.begin;
      const end = toCodePoint ? toCodePoint[match.end]! : match.end;
      const ref = this.byFold.get(match.keyword);
      if (ref) exact.push({ ...ref, start, end });
      for (const half of this.halves.get(match.keyword) ?? []) {
        const candidate = verifyOneOff(half, start - half.offset, view.length, charAt);
        if (candidate) fuzzy.set(`${candidate.start}:${candidate.entryId}`, candidate);
      }
    }
    return { exact, fuzzy: [...fuzzy.values()] };
  }
}

function formKind(form: GlossaryForm): HitKind {
  return form.kind === 'variant' ? 'variant' : 'exact';
}

/** The form placed at `start` differs from the text in exactly one Han character. */
function verifyOneOff(half: HalfRef, start: number, length: number, charAt: (i: number) => string): MatchCandidate | null {
  const { fold, ref } = half;
  if (start < 0 || start + fold.length > length) return null;
  let differing = -1;
  for (let i = 0; i < fold.length; i++) {
    if (charAt(start + i) === fold[i]) continue;
    if (differing >= 0) return null;
    differing = i;
  }
  if (differing < 0) return null; // an exact match, found as such
  const found = charAt(start + differing);
  if (!HAN.test(found)) return null;
  return {
    entryId: ref.entryId,
    form: ref.form,
    kind: 'fuzzy',
    start,
    end: start + fold.length,
    differingAt: start + differing,
    confusable: areConfusable(found, fold[differing]!),
  };
}

/** Maps UTF-16 indices to code point indices; null when the text has no surrogate pairs. */
function utf16ToCodePoint(text: string): Int32Array | null {
  let hasSurrogates = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      hasSurrogates = true;
      break;
    }
  }
  if (!hasSurrogates) return null;
  const map = new Int32Array(text.length + 1);
  let cp = 0;
  for (let i = 0; i < text.length; i++) {
    map[i] = cp;
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      map[i + 1] = cp;
      i++;
    }
    cp++;
  }
  map[text.length] = cp;
  return map;
}
