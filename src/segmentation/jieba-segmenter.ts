import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import type { Segment, Segmenter } from './segmenter.ts';

// nodejieba is a CommonJS native addon with one dictionary per process.
const require = createRequire(import.meta.url);
type NodeJieba = {
  load(options: { userDict?: string; idfDict?: string; stopWordDict?: string }): boolean;
  tag(sentence: string): { word: string; tag: string }[];
};
let jieba: NodeJieba | undefined;

function nodejieba(): NodeJieba {
  jieba ??= require('nodejieba') as NodeJieba;
  return jieba;
}

/**
 * Frequency given to glossary words in jieba's user dictionary. With jieba's default weight for
 * user words its own dictionary often wins (南/通商/会 for 南通商会, 市/公安/局局长,
 * 名侨/领受 for 名侨领受), and a segmentation that cuts a term vetoes a correct hit. Much
 * higher and glossary words win where they should not (招/聘请 in 招聘请于): measured on the
 * samples' ground truth, where 3000 gets both right.
 */
const GLOSSARY_WORD_FREQUENCY = 3000;

/**
 * Slogans are ordinary words strung together (走出去 is also 走出 + 去年 in 走出去年), so
 * they keep jieba's default weight and win only where the text reads that way.
 */
const DEFAULT_WEIGHT_TAGS = new Set(['l']);

/** Words already loaded, across instances: the dictionary is process-wide. */
const loaded = new Map<string, string>();
/**
 * Words wait to be loaded. True at first, so that even with no glossary words the dictionary is
 * loaded by reload(), never by nodejieba on its own with its default (larger) tables.
 */
let pending = true;

/**
 * jieba through nodejieba. Glossary words go into a user dictionary file with an explicit
 * frequency (nodejieba's insertWord takes none); the dictionary is reloaded when new words
 * arrive, which happens once per glossary version in a process.
 */
export class JiebaSegmenter implements Segmenter {
  readonly name = 'nodejieba';

  addWords(words: readonly { word: string; pos: string }[]): void {
    for (const { word, pos } of words) {
      if (/\s/.test(word) || loaded.get(word) === pos) continue;
      loaded.set(word, pos);
      pending = true;
    }
  }

  segment(text: string): Segment[] {
    if (pending) reload();
    const segments: Segment[] = [];
    let offset = 0;
    // jieba returns words in order and covers the input, so offsets are running sums.
    for (const { word, tag } of nodejieba().tag(text)) {
      segments.push({ word, pos: tag, start: offset, end: offset + word.length });
      offset += word.length;
    }
    return segments;
  }
}

function reload(): void {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'termlens-jieba-'));
  try {
    const file = path.join(dir, 'glossary.dict.utf8');
    const lines = [...loaded].map(([word, pos]) =>
      DEFAULT_WEIGHT_TAGS.has(pos) ? `${word} ${pos}` : `${word} ${GLOSSARY_WORD_FREQUENCY} ${pos}`,
    );
    writeFileSync(file, `${lines.join('\n')}\n`);
    // tag() reads only the dictionary and the HMM model. The keyword extractor nodejieba builds
    // beside them would hold its 6 MB IDF table (about 20 MB resident) for nothing; it gets a
    // one-word table instead (an empty one fails an assert() in cppjieba's loader). Its TextRank
    // extractor, which would read these files when first used (patches/nodejieba+3.5.8.patch),
    // is never used here, so the files can go once the dictionary is loaded.
    const idfDict = path.join(dir, 'idf.utf8');
    const stopWordDict = path.join(dir, 'stop_words.utf8');
    writeFileSync(idfDict, '的 1.0\n');
    writeFileSync(stopWordDict, '的\n');
    nodejieba().load({ userDict: file, idfDict, stopWordDict });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  pending = false;
}
