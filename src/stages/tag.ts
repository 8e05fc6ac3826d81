import type { Hit, HitKind } from '../domain/hit.ts';
import type { CompiledGlossary } from '../glossary/compiled-glossary.ts';
import type { MatchList } from '../matching/match-list.ts';
import type { MatchView } from '../matching/match-view.ts';
import { NestedExactMatches } from '../matching/nested-exact-matches.ts';
import { numberContinues } from '../matching/number-boundaries.ts';
import { resolveOverlaps } from '../matching/resolve-overlaps.ts';
import { WordBoundaries } from '../matching/word-boundaries.ts';
import type { Segment } from '../segmentation/segmenter.ts';

/**
 * How much a hit's kind alone says about it. A fuzzy hit on a known OCR confusion (侨/係) is
 * likelier right than one on an arbitrary character, but both need a translator's eye.
 */
const CONFIDENCE: Record<HitKind, number> = { exact: 1, variant: 0.9, fuzzy: 0.5, possible: 0.3 };
const CONFUSABLE_FUZZY_CONFIDENCE = 0.7;

export type TagInput = {
  /** The document text; hit offsets and `matched` refer to it. */
  text: string;
  view: MatchView;
  /** Words over the view, offsets in view code units. */
  segments: Segment[];
};

/**
 * Glossary hits in a text: exact and variant matches, then fuzzy ones where nothing else matched,
 * then `possible` hits where nothing matched at all: short terms one known lookalike off (聘清),
 * so that a place where a term may have been missed reaches a translator.
 */
export function tagText(input: TagInput, glossary: CompiledGlossary): Hit[] {
  const { view } = input;
  const { matcher } = glossary;
  const boundaries = new WordBoundaries(input.segments);
  const charAt = (i: number) => (i >= 0 && i < view.length ? String.fromCharCode(view.codes[i]!) : undefined);
  const agrees = (list: MatchList) => (i: number) =>
    boundaries.respects(list.start[i]!, list.end[i]!) && !numberContinues(charAt, list.start[i]!, list.end[i]!);

  const taken = new Uint8Array(view.length);
  const { exact, fuzzy } = matcher.find(view);
  const exactAgrees = agrees(exact);
  const fuzzyAgrees = agrees(fuzzy);
  const isKnownConfusion = (i: number) => matcher.isConfusable(view, fuzzy.form[i]!, fuzzy.differing[i]!, fuzzy.start[i]!);
  // A longer term with one known confusion (追逃追贼: 贼 for 赃) goes before the shorter terms
  // it holds read right (追逃), as the longest term wins among exact ones; else the short term
  // took its place and the long one was never a hit (samples/ page 13, 追逃追贓 read 追逃追賊).
  // Built only when a fuzzy candidate on a known confusion asks: most texts have none, and it
  // costs an array over the view and a boundary check of every exact candidate.
  let nested: NestedExactMatches | undefined;
  const holdsOnlyNested = (i: number) => {
    nested ??= new NestedExactMatches(exact, view.length, exactAgrees);
    return nested.holdsOnlyNested(fuzzy.start[i]!, fuzzy.end[i]!);
  };
  const confusable = new Set<number>();
  const supersedingChosen = resolveOverlaps(fuzzy, taken, (i) => {
    if (!isKnownConfusion(i) || !fuzzyAgrees(i) || !holdsOnlyNested(i)) return false;
    confusable.add(i);
    return true;
  });
  const exactChosen = resolveOverlaps(exact, taken, exactAgrees);
  // Asked once per candidate: whether a fuzzy hit is kept and its confidence both depend on it.
  const fuzzyChosen = resolveOverlaps(fuzzy, taken, (i) => {
    if (!fuzzyAgrees(i)) return false;
    const known = isKnownConfusion(i);
    if (known) confusable.add(i);
    return looksMisread(known, fuzzy.differing[i]!, boundaries);
  });
  fuzzyChosen.push(...supersedingChosen);

  const textChars = [...input.text];
  const hits = [
    ...exactChosen.map((i) => toHit(exact, i, input, textChars, glossary, false)),
    ...fuzzyChosen.map((i) => toHit(fuzzy, i, input, textChars, glossary, confusable.has(i))),
  ];
  const nearMisses = matcher.findNearMisses(view);
  // A lookalike inside a longer word is that word (清楚 holds no misread 请); one standing alone is not.
  const possibleChosen = resolveOverlaps(nearMisses, taken, (i) => !numberContinues(charAt, nearMisses.start[i]!, nearMisses.end[i]!) && boundaries.respects(nearMisses.start[i]!, nearMisses.end[i]!));
  hits.push(...possibleChosen.map((i) => toHit(nearMisses, i, input, textChars, glossary, false, 'possible')));
  return hits.sort((a, b) => a.start - b.start);
}

/**
 * A one-character difference is an OCR error only if the character looks like the glossary's
 * (侨/係) or fits no word around it (管侨在线: 管 stands alone). If it forms a word with its
 * neighbours, the text most likely says something else: 为民服务 is not a misread 为侨服务.
 */
function looksMisread(confusable: boolean, differing: number, boundaries: WordBoundaries): boolean {
  return confusable || boundaries.isLoneCharacter(differing);
}

/** `confusable`: the fuzzy candidate's differing character is a known OCR confusion. */
function toHit(
  list: MatchList,
  i: number,
  input: TagInput,
  textChars: readonly string[],
  glossary: CompiledGlossary,
  confusable: boolean,
  as?: HitKind,
): Hit {
  const form = glossary.matcher.forms[list.form[i]!]!;
  const entry = glossary.entries.get(form.entryId);
  if (!entry) throw new Error(`glossary matcher returned unknown entry ${form.entryId}`);
  const start = input.view.toText[list.start[i]!]!;
  const end = input.view.toText[list.end[i]! - 1]! + 1;
  const fuzzy = list.differing[i]! >= 0;
  const kind: HitKind = as ?? (fuzzy ? 'fuzzy' : form.kind);
  const hit: Hit = {
    entryId: entry.id,
    term: entry.term,
    english: entry.english[0]!,
    category: entry.category,
    matched: textChars.slice(start, end).join(''),
    start,
    end,
    kind,
    confidence: confusable ? CONFUSABLE_FUZZY_CONFIDENCE : CONFIDENCE[kind],
    form: form.form,
  };
  // A deprecated form is still evidence; the hit says so and names what to use instead.
  if (form.status === 'deprecated') {
    hit.status = 'deprecated';
    hit.preferred = entry.term;
  }
  return hit;
}
