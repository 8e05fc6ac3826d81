/** A word from a segmenter, with code point offsets into the segmented string. */
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
