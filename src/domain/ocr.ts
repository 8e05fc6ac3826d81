import { z } from 'zod';
import { BoxSchema } from './geometry.ts';
import type { RawImage } from './raw-image.ts';

/** One recognised glyph (tesseract "symbol") in reading order. */
export const OcrSymbolSchema = z.object({
  text: z.string(),
  box: BoxSchema,
  confidence: z.number().min(0).max(100),
});
export type OcrSymbol = z.infer<typeof OcrSymbolSchema>;

/** A line of symbols; lines are joined by "\n" in the cleaned text. */
export const OcrLineSchema = z.object({
  symbols: z.array(OcrSymbolSchema),
  /** Index of the first symbol of each word, so Latin words keep their spaces. */
  wordStarts: z.array(z.number().int().nonnegative()),
  box: BoxSchema,
});
export type OcrLine = z.infer<typeof OcrLineSchema>;

/** What an OCR engine returns, before termlens cleans it. Kept as evidence. */
export const RawOcrSchema = z.object({
  engine: z.string(),
  languages: z.array(z.string()),
  text: z.string(),
  meanConfidence: z.number().min(0).max(100),
  lines: z.array(OcrLineSchema),
  /**
   * Other readings of the same image that lost to this one (e.g. the page read with chi_tra
   * when chi_sim was more confident), so the choice of script can be checked later.
   */
  alternatives: z.array(z.object({ languages: z.array(z.string()), meanConfidence: z.number().min(0).max(100) })).optional(),
  /**
   * Set when the page was routed between engines (--engine auto): the script the first reading
   * showed, from its counts of simplified-only and traditional-only characters.
   */
  route: z
    .object({ script: z.enum(['simplified', 'traditional']), simplified: z.number().int().nonnegative(), traditional: z.number().int().nonnegative() })
    .optional(),
});
export type RawOcr = z.infer<typeof RawOcrSchema>;

/**
 * A block of the text in reading order (a column's paragraph, a card, a bar, a caption):
 * `start`/`end` are code point offsets into the cleaned text, `bbox` the region on the image.
 */
export const TextBlockSchema = z.object({
  start: z.number().int().nonnegative(),
  end: z.number().int().nonnegative(),
  bbox: BoxSchema,
});
export type TextBlock = z.infer<typeof TextBlockSchema>;

/**
 * The OCR stage's output: `text` is the cleaned text (spaces OCR put between Chinese
 * characters removed, minority-script characters harmonised to the page's script), and
 * `boxes[i]` is the image box of the i-th code point of `text` (null for inserted line breaks
 * and spaces), so every glossary hit can be located on the image.
 */
export const OcrResultSchema = z.object({
  engine: z.string(),
  languages: z.array(z.string()),
  meanConfidence: z.number().min(0).max(100),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  text: z.string(),
  boxes: z.array(BoxSchema.nullable()),
  /** The text's blocks in reading order; absent where the OCR predates them (stored results). */
  blocks: z.array(TextBlockSchema).optional(),
  /**
   * Set when the page holds vertical text (top to bottom, columns right to left) and was read
   * in that order.
   */
  vertical: z.boolean().optional(),
  raw: RawOcrSchema,
});
export type OcrResult = z.infer<typeof OcrResultSchema>;

/**
 * An OCR engine behind the smallest interface that lets another one (PaddleOCR, a cloud
 * engine) sit beside tesseract.js. Engines receive an already decoded and checked image.
 */
export interface OcrEngine {
  readonly name: string;
  readonly languages: readonly string[];
  /** Boxes are in `page`'s pixels. */
  recognize(page: RawImage): Promise<RawOcr>;
  terminate(): Promise<void>;
}

/**
 * The OCR engines a user can choose: tesseract.js, PaddleOCR (an optional dependency), or
 * auto, which routes each page to the one that reads its script best (see auto-engine.ts).
 */
export const EngineChoiceSchema = z.enum(['tesseract', 'paddle', 'auto']);
export type EngineChoice = z.infer<typeof EngineChoiceSchema>;
