import { createRequire } from 'node:module';
import type { Segment, Segmenter } from './segmenter.ts';

// nodejieba is a CommonJS native addon; its dictionaries load once per process.
const require = createRequire(import.meta.url);
type NodeJieba = {
  tag(sentence: string): { word: string; tag: string }[];
  insertWord(word: string, tag?: string): boolean;
};
let jieba: NodeJieba | undefined;

function nodejieba(): NodeJieba {
  jieba ??= require('nodejieba') as NodeJieba;
  return jieba;
}

/**
 * jieba through nodejieba. Its dictionary is process-wide, so words added here are known to
 * every JiebaSegmenter in the process; adding the same word twice is harmless.
 */
export class JiebaSegmenter implements Segmenter {
  readonly name = 'nodejieba';
  private readonly added = new Set<string>();

  addWords(words: readonly { word: string; pos: string }[]): void {
    const lib = nodejieba();
    for (const { word, pos } of words) {
      const key = `${word}\u0000${pos}`;
      if (this.added.has(key)) continue;
      lib.insertWord(word, pos);
      this.added.add(key);
    }
  }

  segment(text: string): Segment[] {
    const segments: Segment[] = [];
    let offset = 0;
    // jieba returns words in order and covers the input, so offsets are running sums.
    for (const { word, tag } of nodejieba().tag(text)) {
      const length = word.length;
      segments.push({ word, pos: tag, start: offset, end: offset + length });
      offset += length;
    }
    return segments;
  }
}
