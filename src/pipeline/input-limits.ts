import { config, type Config } from '../config.ts';
import type { BatchInputLimits } from '../input/batch-input-limits.ts';
import type { IngestLimits } from '../stages/ingest-image.ts';
import type { PdfLimits } from '../stages/pdf/pdf-limits.ts';
import type { TextLimits } from '../stages/ingest-text.ts';

/**
 * The ingest stages' limits from the configuration. The stages take them as arguments (they
 * never read the environment); the pipelines and commands that run them on a user's files ask
 * here.
 */
export function imageLimits(c: Pick<Config, 'maxImagePixels' | 'maxImageBytes'> = config()): IngestLimits {
  return { maxImagePixels: c.maxImagePixels, maxImageBytes: c.maxImageBytes };
}

export function textLimits(c: Pick<Config, 'maxTextBytes'> = config()): TextLimits {
  return { maxTextBytes: c.maxTextBytes };
}

export function batchInputLimits(
  c: Pick<Config, 'zipMaxEntries' | 'zipMaxEntryBytes' | 'zipMaxTotalBytes' | 'maxImagePixels'> = config(),
): BatchInputLimits {
  return { maxEntries: c.zipMaxEntries, maxEntryBytes: c.zipMaxEntryBytes, maxTotalBytes: c.zipMaxTotalBytes, maxImagePixels: c.maxImagePixels };
}

/** As `annotate` reads PDFs (src/cli/commands/annotate.ts): the page jobs of a batch read them under the same caps. */
export function pdfLimits(
  c: Pick<Config, 'pdfMaxPages' | 'pdfDpi' | 'maxImagePixels' | 'pdfPageTimeoutMs' | 'pdfMaxHeapBytes'> = config(),
): PdfLimits {
  return {
    maxPages: c.pdfMaxPages,
    dpi: c.pdfDpi,
    maxPixels: c.maxImagePixels,
    pageTimeoutMs: c.pdfPageTimeoutMs,
    maxHeapBytes: c.pdfMaxHeapBytes,
    // Images smaller than this on a PDF page (icons, bullets, rules) are not OCR'd.
    minImageSide: 16,
    minImagePixels: 4_096,
  };
}
