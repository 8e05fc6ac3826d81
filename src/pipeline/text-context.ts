import { config } from '../config.ts';
import type { Glossary } from '../domain/glossary.ts';
import type { CompiledGlossary } from '../glossary/compiled-glossary.ts';
import { compileGlossary } from '../glossary/compiled-glossary.ts';
import { loadGlossary } from '../glossary/load-glossary.ts';
import { JiebaSegmenter } from '../segmentation/jieba-segmenter.ts';
import type { Segmenter } from '../segmentation/segmenter.ts';

/** What every document in a run shares: the compiled glossary and a segmenter that knows its terms. */
export type TextContext = { glossary: CompiledGlossary; segmenter: Segmenter };

export async function createTextContext(glossaryDir?: string): Promise<TextContext> {
  return textContextOf(await loadGlossary(glossaryDir ?? config().glossaryDir));
}

export function textContextOf(loaded: Glossary): TextContext {
  const glossary = compileGlossary(loaded);
  const segmenter = new JiebaSegmenter();
  segmenter.addWords(glossary.segmenterWords);
  return { glossary, segmenter };
}
