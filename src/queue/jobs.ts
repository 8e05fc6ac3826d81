import { z } from 'zod';
import { Sha256Schema } from '../domain/source.ts';

/**
 * Every queue and job name, and the shape of every job, in one place: producers, workers and
 * the reconciler agree on them here and nowhere else. A job carries ids and storage keys
 * (the sha256 is the blob key), never image bytes or text: Redis is the transport, the store
 * and the blob store are the record.
 */

export const QUEUE_NAMES = {
  /** ingest checks + OCR: CPU-heavy, one tesseract engine per worker process. */
  ocr: 'ocr',
  /** script, segmentation, tagging, locating, annotation: fast, no OCR. */
  analysis: 'analysis',
} as const;
export type QueueName = (typeof QUEUE_NAMES)[keyof typeof QUEUE_NAMES];

/** Where the content was seen first; for messages and the document's first path, never a key. */
const OriginSchema = z.object({ batchId: z.string().min(1), itemKey: z.string().min(1) });

/**
 * The producer's store id (Store.storeId). A worker on another store refuses the job
 * (STORE_MISMATCH) instead of looking for a document its database does not hold. Optional only
 * so that jobs queued before store ids existed still run.
 */
const StoreIdSchema = z.string().min(1).optional();

export const OcrJobSchema = z.object({
  kind: z.literal('ocr'),
  sha256: Sha256Schema,
  origin: OriginSchema.optional(),
  storeId: StoreIdSchema,
});
export type OcrJob = z.infer<typeof OcrJobSchema>;

/**
 * One page of a stored PDF (issue #18): read (text layer, images OCR'd, or rendered and OCR'd),
 * stored as the page's document and OCR record, then handed to analysis like a screenshot. It
 * runs on the OCR queue (it is OCR work, on the workers that hold an engine); the OCR job of a
 * PDF item is its split, which queues one of these per page.
 */
export const PdfPageJobSchema = z.object({
  kind: z.literal('pdf-page'),
  /** The PDF's sha256 (its blob key); the page's document key is pageDocumentKey(sha256, page). */
  sha256: Sha256Schema,
  page: z.number().int().positive(),
  pageCount: z.number().int().positive(),
  origin: OriginSchema.optional(),
  storeId: StoreIdSchema,
});
export type PdfPageJob = z.infer<typeof PdfPageJobSchema>;

export const AnalysisJobSchema = z.object({
  kind: z.literal('analysis'),
  sha256: Sha256Schema,
  /**
   * Set by retag: the glossary version the hits must come from. A worker holding another
   * version reloads its glossary; the pipeline leaves it unset (the worker's current glossary).
   */
  glossaryVersion: z.string().min(1).optional(),
  reason: z.enum(['pipeline', 'retag']),
  storeId: StoreIdSchema,
});
export type AnalysisJob = z.infer<typeof AnalysisJobSchema>;

export const JobPayloadSchema = z.discriminatedUnion('kind', [OcrJobSchema, PdfPageJobSchema, AnalysisJobSchema]);
export type JobPayload = z.infer<typeof JobPayloadSchema>;

export const QUEUE_OF: { [K in JobPayload['kind']]: QueueName } = {
  ocr: QUEUE_NAMES.ocr,
  'pdf-page': QUEUE_NAMES.ocr,
  analysis: QUEUE_NAMES.analysis,
};

/**
 * The job id of a stage of a document: adding it again while it waits, runs or is retained
 * is a no-op, so a retry of the producer or a resumed batch never doubles the work. BullMQ
 * refuses ":" in custom ids, hence the dashes.
 *
 * `fresh` makes a new id for a deliberate re-run (retry, retag, the reconciler), which a
 * retained completed or failed job with the plain id would otherwise swallow.
 */
export function jobIdFor(kind: JobPayload['kind'], sha256: string, fresh?: string): string {
  const base = `${kind}-${sha256}`;
  if (fresh === undefined) return base;
  if (!/^[A-Za-z0-9_.]+$/.test(fresh)) throw new RangeError(`job id suffix must be [A-Za-z0-9_.], got ${fresh}`);
  return `${base}-${fresh}`;
}

/** The id of a PDF page's job: per PDF sha256 and page, so a re-run of the split never doubles a page. */
export function pdfPageJobId(sha256: string, page: number, fresh?: string): string {
  const base = `pdf-page-${sha256}-p${page}`;
  if (fresh === undefined) return base;
  if (!/^[A-Za-z0-9_.]+$/.test(fresh)) throw new RangeError(`job id suffix must be [A-Za-z0-9_.], got ${fresh}`);
  return `${base}-${fresh}`;
}

/** The document a job id belongs to (a PDF page's job: the PDF), whatever its suffix; undefined for ids termlens did not make. */
export function sha256OfJobId(jobId: string): string | undefined {
  const match = /^(?:ocr|analysis|pdf-page)-([0-9a-f]{64})(?:-|$)/.exec(jobId);
  return match?.[1];
}

/** A suffix unique enough for a deliberate re-run: time plus randomness, no ":". */
export function freshSuffix(tag: string): string {
  return `${tag}.${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
}
