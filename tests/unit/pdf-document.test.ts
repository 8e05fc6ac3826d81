import { describe, expect, it } from 'vitest';
import { PdfDocument } from '../../src/stages/pdf/pdf-document.ts';
import type { PdfLimits } from '../../src/stages/pdf/pdf-limits.ts';
import { textLayerOf } from '../../src/stages/pdf/page-reading-plan.ts';
import { bombsThenTextPdf, blankPagesPdf, encryptPdf } from '../fixtures/make-pdfs.ts';

/** The PDF thread's caps, on real hostile pages: each fails alone and the next page is read. */

const LIMITS: PdfLimits = {
  maxPages: 2000,
  dpi: 200,
  maxPixels: 50_000_000,
  pageTimeoutMs: 5_000,
  maxHeapBytes: 64 * 2 ** 20,
  minImageSide: 16,
  minImagePixels: 4096,
};

describe('PdfDocument', () => {
  it('stops a page at the heap cap and another at the time cap, then reads the next page in a fresh thread', async () => {
    const doc = await PdfDocument.open('bombs.pdf', await bombsThenTextPdf('After the bombs'), LIMITS);
    try {
      expect(doc.pageCount).toBe(3);
      const memory = await doc.page(0);
      expect(memory).toMatchObject({ ok: false, error: { code: 'PDF_PAGE_TOO_COMPLEX' } });
      const time = await doc.page(1);
      expect(time).toMatchObject({ ok: false, error: { code: 'PDF_PAGE_TIMEOUT' } });
      const text = await doc.page(2);
      expect(text.ok && textLayerOf(text.value)).toBe('After the bombs');
      const render = await doc.render(2, 100);
      expect(render.ok && [render.value.width, render.value.height]).toEqual([Math.ceil((595 * 100) / 72), Math.ceil((842 * 100) / 72)]);
    } finally {
      await doc.close();
    }
  });

  it('counts pages without reading them, and refuses an encrypted PDF without asking for its password', async () => {
    const doc = await PdfDocument.open('many.pdf', blankPagesPdf(300), LIMITS);
    expect(doc.pageCount).toBe(300);
    await doc.close();
    await expect(PdfDocument.open('secret.pdf', encryptPdf(blankPagesPdf(1)), LIMITS)).rejects.toMatchObject({
      code: 'PDF_ENCRYPTED',
      message: expect.stringContaining('secret.pdf'),
    });
  });
});
