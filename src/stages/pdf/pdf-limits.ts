/**
 * The caps a PDF is read under (settings, passed in: see config.ts TERMLENS_PDF_*). Each
 * guards against one kind of hostile or broken file without failing the rest of it.
 */
export type PdfLimits = {
  /** Pages read from one PDF; the pages past it are reported as not read. */
  maxPages: number;
  /** The page's pixel space (and any render) is at this resolution, lowered for a large page to fit maxPixels. */
  dpi: number;
  /** Pixel cap for a page's pixel space and for an image's own pixels, as for screenshots. */
  maxPixels: number;
  /** Time for MuPDF to read or render one page (not OCR). */
  pageTimeoutMs: number;
  /** MuPDF's WebAssembly heap for one PDF. */
  maxHeapBytes: number;
  /** Images smaller than this on either side, or in pixels, hold no text worth reading. */
  minImageSide: number;
  minImagePixels: number;
};

/** Below this a page's pixel space is too coarse for anything: a page of 20,000 × 20,000 points. */
export const MIN_PAGE_DPI = 36;
