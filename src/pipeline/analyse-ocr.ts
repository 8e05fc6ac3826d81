import type { WebAnnotation } from '../domain/annotation.ts';
import type { Box } from '../domain/geometry.ts';
import type { Hit } from '../domain/hit.ts';
import { annotateHits, type AnnotationSource } from '../stages/annotate.ts';
import { locateHits } from '../stages/locate-hits.ts';
import { analyseText, type TextAnalysis } from './analyse-text.ts';
import type { TextContext } from './text-context.ts';

export type OcrAnalysis = Omit<TextAnalysis, 'hits'> & { hits: Hit[]; annotations: WebAnnotation[] };

/**
 * script → segment → tag → locate → annotate over OCR text and its character boxes: the part
 * after OCR, shared by the CLI (straight after reading the image) and the analysis job (from
 * stored OCR, which is what makes a retag cheap).
 */
export function analyseOcr(
  ocr: { text: string; boxes: readonly (Box | null)[] },
  source: Omit<AnnotationSource, 'glossaryVersion'>,
  ctx: TextContext,
): OcrAnalysis {
  const analysis = analyseText(ocr.text, ctx.glossary, ctx.segmenter);
  const hits = locateHits(analysis.hits, ocr.text, ocr.boxes);
  const annotations = annotateHits({ ...source, glossaryVersion: ctx.glossary.version }, ocr.text, hits);
  return { ...analysis, hits, annotations };
}
