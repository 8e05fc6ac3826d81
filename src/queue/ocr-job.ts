import type { OcrEngine } from '../domain/ocr.ts';
import { DependencyError, InputError, TermlensError } from '../errors.ts';
import { ingestImageData, type IngestLimits } from '../stages/ingest-image.ts';
import { ocrImage } from '../stages/ocr.ts';
import type { BlobStore } from '../store/blob-store.ts';
import { NON_TERMINAL_STATUSES, type Store } from '../store/store.ts';
import { isPdf } from '../stages/pdf/ingest-pdf.ts';
import type { PdfLimits } from '../stages/pdf/pdf-limits.ts';
import type { OcrJob } from './jobs.ts';
import { splitPdf, type PdfSplitOutcome } from './pdf/pdf-split.ts';

export type OcrJobDeps = { store: Store; blobs: BlobStore; engine: OcrEngine; limits: IngestLimits; pdf: PdfLimits };

/**
 * What the OCR step did, and whether the analysis job must follow. `ocrMs` is the time inside
 * the OCR stage itself, so the time spent around it (ingest, storing) can be told apart.
 */
export type OcrJobOutcome =
  | { ocr: 'ran' | 'already-stored'; next: 'analysis' | 'none'; ocrMs: number }
  /** A PDF: split into pages, whose jobs the worker queues (`pages`), or all finished before (`none`). */
  | { ocr: 'split'; next: 'pages' | 'none'; ocrMs: 0; split: PdfSplitOutcome };

/**
 * Ingest checks and OCR for one stored original. Idempotent: a document whose OCR result is
 * stored (a previous attempt died after saving, or another batch had the same content) is not
 * read again. Bad input throws InputError; the caller turns it into an unrecoverable failure.
 */
export async function runOcrJob(job: OcrJob, deps: OcrJobDeps): Promise<OcrJobOutcome> {
  const { store, blobs } = deps;
  await store.setDocumentItemsStatus(job.sha256, 'processing', { from: ['received', 'queued'] });

  if (await store.getOcrResult(job.sha256)) {
    if (!(await store.getLatestAnalysis(job.sha256))) return { ocr: 'already-stored', next: 'analysis', ocrMs: 0 };
    // Fully processed before (an earlier batch, or a retry after the analysis had finished).
    await store.setDocumentItemsStatus(job.sha256, 'done', { from: NON_TERMINAL_STATUSES });
    return { ocr: 'already-stored', next: 'none', ocrMs: 0 };
  }

  // A missing blob is the deployment's fault (workers on another machine without the shared
  // blob store), not the file's: it must be retried, not reported as bad input.
  const original = await blobs.get(job.sha256).catch((error: unknown) => {
    if (error instanceof DependencyError && error.code === 'BLOB_MISSING') {
      throw new DependencyError(
        'BLOB_MISSING',
        `the original ${job.sha256} is not in the blob store at ${blobs.location}; every worker needs the producer's ` +
          'blob store (the same TERMLENS_BLOB_URL, or the same TERMLENS_DATA_DIR)',
        { cause: error },
      );
    }
    throw error;
  });
  const blobPath = `blob ${job.sha256}`;
  const asItem = (error: unknown): never => {
    throw relabel(error, blobPath);
  };
  if (isPdf(original)) {
    const split = await splitPdf(job, original, { store, pdf: deps.pdf });
    return { ocr: 'split', next: split.pending.length > 0 ? 'pages' : 'none', ocrMs: 0, split };
  }
  // The OCR stage decodes the whole image anyway, and reports a damaged one as ingest would.
  const { source, data } = await ingestImageData(original, blobPath, deps.limits, { fullDecode: false }).catch(asItem);
  if (source.sha256 !== job.sha256) {
    throw new DependencyError('BLOB_CORRUPT', `the stored original ${job.sha256} is damaged: its bytes hash to ${source.sha256}`);
  }

  const started = performance.now();
  const decodeSubject = { path: blobPath, format: source.format, maxPixels: deps.limits.maxImagePixels };
  const ocr = await ocrImage(data, deps.engine, { decodeSubject }).catch(asItem);
  const ocrMs = performance.now() - started;
  await store.putDocument({
    sha256: source.sha256,
    mediaType: source.mediaType,
    bytes: source.bytes,
    width: ocr.width,
    height: ocr.height,
    blobKey: source.sha256,
    firstPath: job.origin?.itemKey ?? source.sha256,
  });
  await store.saveOcrResult(source.sha256, ocr);
  return { ocr: 'ran', next: 'analysis', ocrMs };
}

/**
 * Ingest names the file it read, here a blob path that means nothing to the person who gave
 * the file; the item key is shown beside the reason instead.
 */
function relabel(error: unknown, blobPath: string): unknown {
  if (!(error instanceof TermlensError)) return error;
  const message = error.message.startsWith(`${blobPath}: `)
    ? error.message.slice(blobPath.length + 2)
    : error.message.replaceAll(blobPath, 'the file');
  if (error instanceof InputError) return new InputError(error.code, message, { cause: error });
  if (error instanceof DependencyError) return new DependencyError(error.code, message, { cause: error });
  return error;
}
