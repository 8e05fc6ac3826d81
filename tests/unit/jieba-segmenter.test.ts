import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { JiebaSegmenter } from '../../src/segmentation/jieba-segmenter.ts';

const require = createRequire(import.meta.url);

describe('JiebaSegmenter', () => {
  it('covers the text with words and offsets, keeping glossary words whole', () => {
    const segmenter = new JiebaSegmenter();
    segmenter.addWords([{ word: '警侨驿站', pos: 'n' }]);
    const text = '青田县在罗马设立警侨驿站，聘请侨领担任负责人';
    const segments = segmenter.segment(text);
    expect(segments.map((s) => s.word).join('')).toBe(text);
    expect(segments.every((s) => text.slice(s.start, s.end) === s.word)).toBe(true);
    expect(segments.find((s) => s.word === '警侨驿站')).toMatchObject({ start: 8, end: 12, pos: 'n' });
  });

  // Its own file would do as well: this reloads the process-wide dictionary, so it goes last.
  it('leaves nodejieba whole: its TextRank extractor, no longer built by load() (patches/), is built on first use', () => {
    const nodejieba = require('nodejieba') as { load(): boolean; textRankExtract(text: string, top: number): { word: string }[] };
    nodejieba.load();
    const keywords = nodejieba.textRankExtract('青田县在罗马设立警侨驿站，聘请侨领担任负责人。警侨驿站由侨领负责。', 3).map((k) => k.word);
    expect(keywords).toContain('侨领');
  });
});
