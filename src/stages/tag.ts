import type { Hit, HitKind } from '../domain/hit.ts';
import type { CompiledGlossary } from '../glossary/compiled-glossary.ts';
import type { MatchCandidate } from '../matching/glossary-matcher.ts';
import type { MatchView } from '../matching/match-view.ts';
import { numberContinues } from '../matching/number-boundaries.ts';
import { isTaken, resolveOverlaps } from '../matching/resolve-overlaps.ts';
import { WordBoundaries } from '../matching/word-boundaries.ts';
import type { Segment } from '../segmentation/segmenter.ts';

/**
 * How much a hit's kind alone says about it. A fuzzy hit on a known OCR confusion (侨/係) is
 * likelier right than one on an arbitrary character, but both need a translator's eye.
 */
const CONFIDENCE: Record<HitKind, number> = { exact: 1, variant: 0.9, fuzzy: 0.5 };
const CONFUSABLE_FUZZY_CONFIDENCE = 0.7;

export type TagInput = {
  /** The document text; hit offsets and `matched` refer to it. */
  text: string;
  view: MatchView;
  segments: Segment[];
};

/** Glossary hits in a text: exact and variant matches, then fuzzy ones where nothing else matched. */
export function tagText(input: TagInput, glossary: CompiledGlossary): Hit[] {
  const boundaries = new WordBoundaries(input.segments);
  const { exact, fuzzy } = glossary.matcher.find(input.view);
  const viewChars = [...input.view.chars];
  const charAt = (i: number) => viewChars[i];
  const agreed = (c: MatchCandidate) => boundaries.respects(c.start, c.end) && !numberContinues(charAt, c.start, c.end);
  const exactHits = resolveOverlaps(exact.filter(agreed));
  const covered = new Uint8Array(input.view.length);
  for (const h of exactHits) covered.fill(1, h.start, h.end);
  const free = (c: MatchCandidate) => !isTaken(covered, c.start, c.end);
  const fuzzyHits = resolveOverlaps(fuzzy.filter((c) => free(c) && agreed(c) && looksMisread(c, boundaries)));

  const textChars = [...input.text];
  return [...exactHits, ...fuzzyHits]
    .sort((a, b) => a.start - b.start)
    .map((c) => toHit(c, input.view, textChars, glossary));
}

/**
 * A one-character difference is an OCR error only if the character looks like the glossary's
 * (侨/係) or fits no word around it (管侨在线: 管 stands alone). If it forms a word with its
 * neighbours, the text most likely says something else: 为民服务 is not a misread 为侨服务.
 */
function looksMisread(c: MatchCandidate, boundaries: WordBoundaries): boolean {
  if (c.confusable) return true;
  return c.differingAt !== undefined && boundaries.isLoneCharacter(c.differingAt);
}

function toHit(c: MatchCandidate, view: MatchView, textChars: readonly string[], glossary: CompiledGlossary): Hit {
  const entry = glossary.entries.get(c.entryId);
  if (!entry) throw new Error(`glossary matcher returned unknown entry ${c.entryId}`);
  const start = view.toText[c.start]!;
  const end = view.toText[c.end - 1]! + 1;
  const confidence = c.kind === 'fuzzy' && c.confusable ? CONFUSABLE_FUZZY_CONFIDENCE : CONFIDENCE[c.kind];
  return {
    entryId: entry.id,
    term: entry.term,
    english: entry.english[0]!,
    category: entry.category,
    matched: textChars.slice(start, end).join(''),
    start,
    end,
    kind: c.kind,
    confidence,
    form: c.form,
  };
}
