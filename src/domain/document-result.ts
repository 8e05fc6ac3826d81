import { z } from 'zod';
import { WebAnnotationSchema } from './annotation.ts';
import { RegionSchema, UnitSourceFields, UnitWarningSchema } from './document-unit.ts';
import { HitSchema, TokenSchema } from './hit.ts';
import { RawOcrSchema, TextBlockSchema, type OcrResult } from './ocr.ts';
import { ScriptSchema } from './script.ts';

/** The per-file object of `termlens annotate|tag --format jsonl` (see DESIGN.md, contracts). */
export const DocumentResultSchema = z.object({
  source: z.object({
    path: z.string(),
    sha256: z.string(),
    bytes: z.number().int().nonnegative(),
    mediaType: z.string(),
    width: z.number().int().positive().optional(),
    height: z.number().int().positive().optional(),
    ...UnitSourceFields,
  }),
  /** OCR text in the original script, spaces OCR put between Chinese characters removed. */
  text: z.string(),
  /**
   * The text's blocks in reading order (columns, cards, bars, captions), as code point spans of
   * `text` with their image region; absent for plain text files.
   */
  blocks: z.array(TextBlockSchema).optional(),
  script: ScriptSchema,
  ocr: z
    .object({
      engine: z.string(),
      languages: z.array(z.string()),
      meanConfidence: z.number(),
      /** What the engine read before cleaning, kept as evidence. */
      rawText: z.string(),
      /** With --engine auto: the script PaddleOCR's first reading showed, which chose the engine. */
      route: RawOcrSchema.shape.route,
      /** The page holds vertical text and was read top to bottom, columns right to left. */
      vertical: z.boolean().optional(),
    })
    .optional(),
  glossaryVersion: z.string(),
  tokens: z.array(TokenSchema),
  hits: z.array(HitSchema),
  annotations: z.array(WebAnnotationSchema),
  /** Pages and sections (see document-unit.ts): where each stretch of `text` came from. */
  regions: z.array(RegionSchema).optional(),
  warnings: z.array(UnitWarningSchema).optional(),
});
export type DocumentResult = z.infer<typeof DocumentResultSchema>;

/** The `ocr` object of a document result: which engine read the page, and how sure it was. */
export function ocrSummary(ocr: OcrResult): NonNullable<DocumentResult['ocr']> {
  return {
    engine: ocr.engine,
    languages: ocr.languages,
    meanConfidence: ocr.meanConfidence,
    rawText: ocr.raw.text,
    ...(ocr.raw.route ? { route: ocr.raw.route } : {}),
    ...(ocr.vertical ? { vertical: true } : {}),
  };
}

/** What a file that could not be processed yields instead; the run goes on. */
export const DocumentFailureSchema = z.object({
  /** A page of a PDF that failed alone also names the PDF's sha256 and the page (or first page) concerned. */
  source: z.object({
    path: z.string(),
    sha256: z.string().optional(),
    page: UnitSourceFields.page,
    pageCount: UnitSourceFields.pageCount,
  }),
  error: z.object({ code: z.string(), message: z.string() }),
});
export type DocumentFailure = z.infer<typeof DocumentFailureSchema>;

export type DocumentOutcome = DocumentResult | DocumentFailure;

export function isFailure(outcome: DocumentOutcome): outcome is DocumentFailure {
  return 'error' in outcome;
}
