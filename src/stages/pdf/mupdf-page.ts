import * as mupdf from 'mupdf';
import type { RawImage } from '../../domain/raw-image.ts';
import type { ErrorSummary, ImageReadLimits, PageBlock, PageContent, PageImage, PointBox, TextLine, Transform } from './pdf-thread-protocol.ts';

/**
 * What a PDF thread does with MuPDF: open a document, take a page's text layer (characters with
 * their boxes), its images (their own pixels, not a render) and, when asked, render it. Runs
 * only inside a PDF thread (pdf-thread-body.ts).
 *
 * Nothing in a document is acted on: MuPDF.js runs no JavaScript unless enableJS() is called
 * (never here), links and embedded files are never resolved, and annotations are drawn only
 * into a render, as a viewer shows them.
 */

// MuPDF reports what it repairs or ignores on stderr; the reader reports what matters itself.
mupdf.setLog({ warning: () => undefined, error: () => undefined });

export function openPdf(data: Uint8Array): { doc: mupdf.Document; pageCount: number; needsPassword: boolean; repaired: boolean } {
  // The magic makes MuPDF read it as a PDF and nothing else (MuPDF also opens XPS, EPUB, images).
  const doc = mupdf.Document.openDocument(data, 'application/pdf');
  if (doc.needsPassword()) return { doc, pageCount: 0, needsPassword: true, repaired: false };
  const pageCount = doc.countPages();
  return { doc, pageCount, needsPassword: false, repaired: doc.asPDF()?.wasRepaired() ?? false };
}

/** The heap cap (wasm-heap-cap.ts) shows as MuPDF's own allocation failure. */
export function mupdfFailure(error: unknown): ErrorSummary {
  const message = (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
  if (/out of memory|heap cap|[mc]alloc|realloc|cannot allocate/i.test(message)) return { code: 'PDF_PAGE_TOO_COMPLEX', message };
  return { code: 'PDF_UNREADABLE', message };
}

function copyPixels(pixmap: mupdf.Pixmap, invert: boolean): RawImage {
  const width = pixmap.getWidth();
  const height = pixmap.getHeight();
  const stride = pixmap.getStride();
  const channels = stride >= width * 3 ? 3 : 1;
  const samples = pixmap.getPixels();
  // A copy of its own: the samples are a view into MuPDF's heap, freed with the pixmap.
  const data = new Uint8Array(width * height * channels);
  for (let y = 0; y < height; y++) data.set(samples.subarray(y * stride, y * stride + width * channels), y * width * channels);
  if (invert) for (let i = 0; i < data.length; i++) data[i] = 255 - data[i]!;
  return { data, width, height, channels };
}

/** Grey or RGB without alpha, whatever the image holds (CMYK, indexed, Lab, a stencil mask). */
function imagePixels(image: mupdf.Image): RawImage {
  const pixmap = image.toPixmap();
  try {
    const colorSpace = pixmap.getColorSpace();
    // A stencil mask has no colour space: its one channel says where ink goes.
    if (!colorSpace) return copyPixels(pixmap, true);
    const plain = (colorSpace.isGray() || colorSpace.isRGB()) && !pixmap.getAlpha();
    if (plain) return copyPixels(pixmap, false);
    const converted = pixmap.convertToColorSpace(colorSpace.isGray() ? mupdf.ColorSpace.DeviceGray : mupdf.ColorSpace.DeviceRGB, false);
    try {
      return copyPixels(converted, false);
    } finally {
      converted.destroy();
    }
  } finally {
    pixmap.destroy();
  }
}

/**
 * Pixels read from one page's images, all images together: each image is under the pixel cap,
 * but a page of fifty of them would hand gigabytes to the main thread, outside MuPDF's heap cap.
 */
const PAGE_PIXEL_BUDGET_IMAGES = 3;

function pageImage(number: number, bbox: PointBox, transform: Transform, image: mupdf.Image, limits: ImageReadLimits, budget: { left: number }): PageImage {
  const width = image.getWidth();
  const height = image.getHeight();
  const block: PageImage = { kind: 'image', number, bbox, transform, width, height };
  if (width * height < limits.minImagePixels || Math.min(width, height) < limits.minImageSide) {
    return { ...block, skipped: { code: 'IMAGE_TOO_SMALL', message: `image ${number} (${width}×${height} pixels) is too small to hold text` } };
  }
  if (width * height > limits.maxImagePixels) {
    return {
      ...block,
      skipped: { code: 'IMAGE_TOO_LARGE', message: `image ${number} is ${width}×${height} pixels, above the limit of ${limits.maxImagePixels} pixels; not read` },
    };
  }
  if (width * height > budget.left) {
    return {
      ...block,
      skipped: { code: 'IMAGE_BUDGET', message: `image ${number} (${width}×${height} pixels) not read: the page's images together exceed ${PAGE_PIXEL_BUDGET_IMAGES} × the pixel cap` },
    };
  }
  budget.left -= width * height;
  try {
    return { ...block, pixels: imagePixels(image) };
  } catch (error) {
    const failure = mupdfFailure(error);
    if (failure.code === 'PDF_PAGE_TOO_COMPLEX') throw error;
    return { ...block, skipped: { code: 'IMAGE_UNREADABLE', message: `image ${number} cannot be decoded (${failure.message}); not read` } };
  }
}

export function extractPageContent(doc: mupdf.Document, index: number, limits: ImageReadLimits): PageContent {
  const page = doc.loadPage(index);
  try {
    const bounds = page.getBounds() as PointBox;
    const text = page.toStructuredText('preserve-images,vectors');
    const blocks: PageBlock[] = [];
    let imageCount = 0;
    const budget = { left: PAGE_PIXEL_BUDGET_IMAGES * limits.maxImagePixels };
    let vectorCount = 0;
    let lines: TextLine[] = [];
    let line: TextLine = { chars: [], boxes: [] };
    let blockBox: PointBox = [0, 0, 0, 0];
    try {
      text.walk({
        onImageBlock(bbox, transform, image) {
          imageCount++;
          try {
            blocks.push(pageImage(imageCount, bbox as PointBox, transform as Transform, image, limits, budget));
          } finally {
            image.destroy();
          }
        },
        beginTextBlock(bbox) {
          blockBox = bbox as PointBox;
          lines = [];
        },
        beginLine() {
          line = { chars: [], boxes: [] };
        },
        onChar(c, _origin, _font, _size, quad) {
          line.chars.push(c);
          const xs = [quad[0], quad[2], quad[4], quad[6]];
          const ys = [quad[1], quad[3], quad[5], quad[7]];
          line.boxes.push(Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys));
        },
        endLine() {
          if (line.chars.length > 0) lines.push(line);
        },
        endTextBlock() {
          if (lines.length > 0) blocks.push({ kind: 'text', bbox: blockBox, lines });
        },
        onVector() {
          vectorCount++;
        },
      });
    } finally {
      text.destroy();
    }
    return { bounds, blocks, vectorCount };
  } finally {
    page.destroy();
  }
}

/** The page as displayed, in grey (OCR reads grey), at `dpi`; the caller has checked the pixel cap. */
export function renderPage(doc: mupdf.Document, index: number, dpi: number): RawImage {
  const page = doc.loadPage(index);
  try {
    const scale = dpi / 72;
    const pixmap = page.toPixmap(mupdf.Matrix.scale(scale, scale), mupdf.ColorSpace.DeviceGray, false, true);
    try {
      return copyPixels(pixmap, false);
    } finally {
      pixmap.destroy();
    }
  } finally {
    page.destroy();
  }
}
