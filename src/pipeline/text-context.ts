import type { CompiledGlossary } from '../glossary/compiled-glossary.ts';
import { compileGlossary } from '../glossary/compiled-glossary.ts';
import { loadGlossary } from '../glossary/load-glossary.ts';
import { JiebaSegmenter } from '../segmentation/jieba-segmenter.ts';
import type { Segmenter } from '../segmentation/segmenter.ts';

/** What every document in a run shares: the compiled glossary and a segmenter that knows its terms. */
export type TextContext = { glossary: CompiledGlossary; segmenter: Segmenter };

export async function createTextContext(glossaryDir?: string): Promise<TextContext> {
  const glossary = compileGlossary(await loadGlossary(glossaryDir));
  const segmenter = new JiebaSegmenter();
  segmenter.addWords(glossary.segmenterWords);
  return { glossary, segmenter };
}
