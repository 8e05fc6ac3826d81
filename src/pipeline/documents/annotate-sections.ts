import { createHash } from 'node:crypto';
import { ocrSummary, type DocumentOutcome, type DocumentResult } from '../../domain/document-result.ts';
import type { UnitWarning } from '../../domain/document-unit.ts';
import { annotateHits } from '../../stages/annotate.ts';
import { checkDocumentImage, isCheckedImage, type CheckedImage } from '../../stages/documents/document-image.ts';
import type { ReadDocument } from '../../stages/documents/read-docx.ts';
import { ocrImage } from '../../stages/ocr.ts';
import { analyseOcr } from '../analyse-ocr.ts';
import { analyseText } from '../analyse-text.ts';
import type { ImageContext } from '../annotate-image.ts';

/**
 * A Word file or a saved web page as sections: section 1 is the document's text (read, not
 * OCR'd: no boxes, like `tag`), then one section per image it holds, in document order, each
 * OCR'd like a screenshot with its boxes in that image's pixels. Every section names the
 * document (path, sha256) and its place in it (section, sectionCount).
 */

export type SectionsContext = ImageContext & { maxImagePixels: number };

type DocumentFile = { path: string; data: Buffer; mediaType: string };

export async function annotateSections(file: DocumentFile, read: ReadDocument, ctx: SectionsContext, emit: (outcome: DocumentOutcome) => void): Promise<void> {
  const sha256 = createHash('sha256').update(file.data).digest('hex');
  const base = { path: file.path, sha256, bytes: file.data.length, mediaType: file.mediaType };
  const checked = await Promise.all(read.images.map((image) => checkDocumentImage(image, ctx.maxImagePixels)));
  const images = checked.filter(isCheckedImage);
  const warnings: UnitWarning[] = [...read.warnings, ...checked.filter((c): c is UnitWarning => !isCheckedImage(c))];
  const sectionCount = 1 + images.length;

  const analysis = analyseText(read.text, ctx.glossary, ctx.segmenter);
  const text: DocumentResult = {
    source: { ...base, section: 1, sectionCount, sectionKind: 'text' },
    text: read.text,
    script: analysis.script,
    glossaryVersion: ctx.glossary.version,
    tokens: analysis.tokens,
    hits: analysis.hits,
    annotations: annotateHits({ sha256, mediaType: file.mediaType, unit: 'section=1', glossaryVersion: ctx.glossary.version }, read.text, analysis.hits),
    regions: [{ kind: 'document-text', start: 0, end: Array.from(read.text).length }],
    ...(warnings.length > 0 ? { warnings } : {}),
  };
  emit(text);

  for (const [i, image] of images.entries()) {
    const section = i + 2;
    try {
      emit(await imageSection(base, image, section, sectionCount, ctx));
    } catch (error) {
      const summary = error instanceof Error ? error.message : String(error);
      emit({ source: { path: file.path, sha256 }, error: { code: 'IMAGE_UNREADABLE', message: `${file.path}: section ${section} (${image.name}): ${summary}` } });
    }
  }
}

async function imageSection(
  base: { path: string; sha256: string; bytes: number; mediaType: string },
  image: CheckedImage,
  section: number,
  sectionCount: number,
  ctx: SectionsContext,
): Promise<DocumentResult> {
  const ocr = await ocrImage(image.data, ctx.engine);
  const analysis = analyseOcr(ocr, { sha256: base.sha256, mediaType: base.mediaType, unit: `section=${section}`, imageSha256: image.sha256 }, ctx);
  return {
    source: {
      ...base,
      width: ocr.width,
      height: ocr.height,
      section,
      sectionCount,
      sectionKind: 'image',
      image: { name: image.name, sha256: image.sha256, mediaType: image.mediaType },
    },
    text: ocr.text,
    script: analysis.script,
    ocr: ocrSummary(ocr),
    glossaryVersion: ctx.glossary.version,
    tokens: analysis.tokens,
    hits: analysis.hits,
    annotations: analysis.annotations,
    regions: [
      {
        kind: 'image',
        image: section - 1,
        start: 0,
        end: Array.from(ocr.text).length,
        bbox: { x: 0, y: 0, w: ocr.width, h: ocr.height },
        pixels: { width: ocr.width, height: ocr.height },
        ocr: { engine: ocr.engine, meanConfidence: ocr.meanConfidence },
      },
    ],
  };
}
