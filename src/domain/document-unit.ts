import { z } from 'zod';
import { BoxSchema } from './geometry.ts';

/**
 * A page of a PDF, or a section of a Word file or a saved web page, is a unit of its own: one
 * output object of the same shape as a screenshot's. These are the fields such a unit adds.
 */

/** A rectangle in PDF points from the top left corner of the page as displayed. */
export const PointRectSchema = z.object({
  x: z.number().nonnegative(),
  y: z.number().nonnegative(),
  w: z.number().nonnegative(),
  h: z.number().nonnegative(),
});
export type PointRect = z.infer<typeof PointRectSchema>;

/**
 * Where a stretch of a unit's text came from: the PDF's own text layer (no OCR), an image placed
 * on the page (OCR'd at its own resolution), the whole page rendered and OCR'd (a scan, or a
 * text layer that could not be trusted), or the text of a document section.
 */
export const REGION_KINDS = ['text-layer', 'image', 'rendered-page', 'document-text'] as const;
export const RegionKindSchema = z.enum(REGION_KINDS);
export type RegionKind = z.infer<typeof RegionKindSchema>;

export const RegionSchema = z.object({
  kind: RegionKindSchema,
  /** Code point range of `text` this region produced. */
  start: z.number().int().nonnegative(),
  end: z.number().int().nonnegative(),
  /** For kind rendered-page: why the page was OCR'd rather than read from its text layer. */
  reason: z.enum(['scan', 'garbled-text-layer', 'no-text-layer']).optional(),
  /** For kind image: its number on the page (1-based, in the page's drawing order). */
  image: z.number().int().positive().optional(),
  /** Where the region lies, in the unit's pixels (source.width × source.height). */
  bbox: BoxSchema.optional(),
  /** The same in PDF points (RFC 8118 viewrect), for PDF pages. */
  viewrect: PointRectSchema.optional(),
  /** The pixels OCR read: an image's own, or the page render's. */
  pixels: z.object({ width: z.number().int().positive(), height: z.number().int().positive() }).optional(),
  /** Resolution OCR read at: the render's, or what an image's pixels come to on the page. */
  dpi: z.number().positive().optional(),
  /** For OCR'd regions: the engine that read it and how sure it was. */
  ocr: z.object({ engine: z.string(), meanConfidence: z.number() }).optional(),
});
export type Region = z.infer<typeof RegionSchema>;

/**
 * Something the reader did that a user should know about, on the unit it concerns: a text layer
 * replaced by OCR because its characters were garbage, a damaged file that was repaired, an
 * image left unread.
 */
export const UnitWarningSchema = z.object({ code: z.string(), message: z.string() });
export type UnitWarning = z.infer<typeof UnitWarningSchema>;

/** The fields a page or section adds to `source`. All optional: a screenshot has none of them. */
export const UnitSourceFields = {
  /** PDF: the page (1-based) and how many the file has. */
  page: z.number().int().positive().optional(),
  pageCount: z.number().int().positive().optional(),
  /** PDF: the scale of the page's pixel space (width, height, every bbox): dpi/72 pixels per point. */
  dpi: z.number().positive().optional(),
  pointsPerPixel: z.number().positive().optional(),
  /** PDF: the page as displayed (crop box, rotation applied), in points. */
  pageWidthPoints: z.number().positive().optional(),
  pageHeightPoints: z.number().positive().optional(),
  /** Word files and saved web pages: section 1 is the document's text, then one per image. */
  section: z.number().int().positive().optional(),
  sectionCount: z.number().int().positive().optional(),
  sectionKind: z.enum(['text', 'image']).optional(),
  /** For an image section: which image, and its own hash (source.sha256 stays the document's). */
  image: z.object({ name: z.string(), sha256: z.string(), mediaType: z.string() }).optional(),
};
