import { ocrSummary, type DocumentResult } from '../domain/document-result.ts';
import type { OcrEngine } from '../domain/ocr.ts';
import { ingestImage } from '../stages/ingest-image.ts';
import { ocrImage } from '../stages/ocr.ts';
import { analyseOcr } from './analyse-ocr.ts';
import { imageLimits } from './input-limits.ts';
import type { TextContext } from './text-context.ts';

export type ImageContext = TextContext & { engine: OcrEngine };

/** ingest → OCR → analysis, for one screenshot. */
export async function annotateImage(path: string, ctx: ImageContext): Promise<DocumentResult> {
  const { source, data } = await ingestImage(path, imageLimits());
  const ocr = await ocrImage(data, ctx.engine);
  const analysis = analyseOcr(ocr, source, ctx);
  return {
    source: {
      path: source.path,
      sha256: source.sha256,
      bytes: source.bytes,
      mediaType: source.mediaType,
      width: ocr.width,
      height: ocr.height,
    },
    text: ocr.text,
    ...(ocr.blocks ? { blocks: ocr.blocks } : {}),
    script: analysis.script,
    ocr: ocrSummary(ocr),
    glossaryVersion: ctx.glossary.version,
    tokens: analysis.tokens,
    hits: analysis.hits,
    annotations: analysis.annotations,
  };
}
