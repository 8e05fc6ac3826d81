import type { Token } from '../domain/hit.ts';
import type { MatchView } from '../matching/match-view.ts';
import type { Segment, Segmenter } from '../segmentation/segmenter.ts';

export type SegmentResult = {
  /** Words over the match view (offsets in view code points), for the boundary check. */
  segments: Segment[];
  /** The same words with offsets into the document text, for output; whitespace dropped. */
  tokens: Token[];
};

/** Segments the simplified, unwrapped text, so a term split across lines is one word. */
export function segmentText(view: MatchView, segmenter: Segmenter): SegmentResult {
  const segments = segmenter.segment(view.chars);
  const tokens: Token[] = [];
  for (const s of segments) {
    if (s.word.trim() === '') continue;
    tokens.push({ word: s.word, pos: s.pos, start: view.toText[s.start]!, end: view.toText[s.end - 1]! + 1 });
  }
  return { segments, tokens };
}
