import { createHash } from 'node:crypto';
import { z } from 'zod';
import { RegionSchema, UnitWarningSchema } from './document-unit.ts';

/**
 * A PDF page's document key. Every key path of the service (jobs, routes, hit ids, the review
 * queue) takes a 64-hex sha256, so a page's key is one too: the sha256 of the unit name the
 * annotations already use, `<pdf sha256>:page=<n>`. It is derived, never random, so a re-run of
 * the split finds the same documents, and the page's row names its PDF and page beside it.
 */
export function pageDocumentKey(pdfSha256: string, page: number): string {
  return createHash('sha256').update(`${pdfSha256}:page=${page}`).digest('hex');
}

/** What a stored page document records of its page besides its key: enough to annotate it again (retag) and to show it. */
export const StoredPdfPageSchema = z.object({
  sourceSha256: z.string().regex(/^[0-9a-f]{64}$/),
  page: z.number().int().positive(),
  pageCount: z.number().int().positive(),
  /** The page's pixel space (PageGeometry of src/stages/pdf/page-geometry.ts). */
  geometry: z.object({
    dpi: z.number().positive(),
    scale: z.number().positive(),
    bounds: z.tuple([z.number(), z.number(), z.number(), z.number()]),
    widthPoints: z.number().positive(),
    heightPoints: z.number().positive(),
    width: z.number().int().positive(),
    height: z.number().int().positive(),
  }),
  regions: z.array(RegionSchema),
  warnings: z.array(UnitWarningSchema),
});
export type StoredPdfPage = z.infer<typeof StoredPdfPageSchema>;
