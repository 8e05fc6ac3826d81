import type { Hit, Token } from '../domain/hit.ts';
import type { CompiledGlossary } from '../glossary/compiled-glossary.ts';
import { buildMatchView } from '../matching/match-view.ts';
import type { Segmenter } from '../segmentation/segmenter.ts';
import type { ScriptResult } from '../domain/script.ts';
import { analyseScript } from '../stages/script.ts';
import { segmentText } from '../stages/segment.ts';
import { tagText } from '../stages/tag.ts';

export type TextAnalysis = {
  script: ScriptResult['script'];
  /** The simplified form the matcher read, same line structure as the text. */
  simplified: string;
  tokens: Token[];
  hits: Hit[];
};

/** script → segment → tag, the part of the pipeline shared by images and plain text. */
export function analyseText(text: string, glossary: CompiledGlossary, segmenter: Segmenter): TextAnalysis {
  const script = analyseScript(text);
  const view = buildMatchView(script);
  const { segments, tokens } = segmentText(view, segmenter);
  const hits = tagText({ text, view, segments }, glossary);
  return { script: script.script, simplified: script.simplified, tokens, hits };
}
