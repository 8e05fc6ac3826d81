import type { Segmenter } from './segmenter.ts';

/**
 * Whether the segmenter's dictionary holds `text` as one word: it comes back as a single
 * segment with a part of speech. jieba's HMM joins characters it does not know into one
 * segment too, tagged `x`; that is a guess, not a dictionary word (关注 is one, 阙注 is not).
 */
export function isDictionaryWord(segmenter: Segmenter, text: string): boolean {
  const segments = segmenter.segment(text);
  return segments.length === 1 && segments[0]!.pos !== 'x';
}
