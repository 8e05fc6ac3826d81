/** A word from a segmenter, with UTF-16 code unit offsets into the segmented string (as JS strings index). */
export type Segment = { word: string; pos: string; start: number; end: number };

/**
 * Word segmentation behind a small interface so a better segmenter can sit beside jieba.
 * `addWords` teaches it glossary terms so they stay whole.
 */
export interface Segmenter {
  readonly name: string;
  addWords(words: readonly { word: string; pos: string }[]): void;
  segment(text: string): Segment[];
}
