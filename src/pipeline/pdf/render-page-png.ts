import type { StoredPdfPage } from '../../domain/pdf-page-key.ts';
import { DependencyError, InputError } from '../../errors.ts';
import { PdfDocument } from '../../stages/pdf/pdf-document.ts';
import type { PdfLimits } from '../../stages/pdf/pdf-limits.ts';
import { encodeForOcr } from '../../stages/pdf/placed-image.ts';

/**
 * A stored PDF page as the PNG the review page shows: rendered at the page's own dpi, so the
 * render is exactly the page's pixel space (page-geometry.ts) and a hit's bbox lands on it
 * without scaling. Rendered on demand from the stored PDF, under the same caps as reading it.
 */
export async function renderPagePng(pdf: Buffer, page: StoredPdfPage, limits: PdfLimits): Promise<Buffer> {
  const doc = await PdfDocument.open('the stored PDF', pdf, limits);
  try {
    const rendered = await doc.render(page.page - 1, page.geometry.dpi);
    if (!rendered.ok) {
      const { code, message } = rendered.error;
      if (rendered.threadLost) throw new DependencyError('PDF_READER_FAILED', `page ${page.page}: ${message}`);
      throw new InputError(code, `page ${page.page}: ${message}`);
    }
    return await encodeForOcr(rendered.value);
  } finally {
    await doc.close();
  }
}
