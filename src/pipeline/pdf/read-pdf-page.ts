import type { UnitWarning } from '../../domain/document-unit.ts';
import type { Box } from '../../domain/geometry.ts';
import type { OcrEngine } from '../../domain/ocr.ts';
import { InputError } from '../../errors.ts';
import { ocrImage } from '../../stages/ocr.ts';
import { pageGeometry, toPagePixels, toViewrect, type PageGeometry } from '../../stages/pdf/page-geometry.ts';
import { planPageReading } from '../../stages/pdf/page-reading-plan.ts';
import type { PdfDocument } from '../../stages/pdf/pdf-document.ts';
import type { PdfLimits } from '../../stages/pdf/pdf-limits.ts';
import type { ErrorSummary, PageContent, PageImage, TextLine } from '../../stages/pdf/pdf-thread-protocol.ts';
import { encodeForOcr, imageBoxToPoints, uprightOf } from '../../stages/pdf/placed-image.ts';
import { boxOf, composePage, type ComposedPage, type PagePiece } from './page-pieces.ts';

/**
 * One PDF page to text with a box per character in the page's pixel space: the text layer as
 * the PDF has it, every image on the page OCR'd at its own resolution, or the whole page
 * rendered and OCR'd (see page-reading-plan.ts).
 */

export type ReadPage = ComposedPage & { geometry: PageGeometry; warnings: UnitWarning[] };

function pageFailure(where: string, error: ErrorSummary, limits: PdfLimits): InputError {
  const code = error.code === 'PDF_UNREADABLE' ? 'PDF_PAGE_UNREADABLE' : error.code;
  const message =
    code === 'PDF_PAGE_TOO_COMPLEX'
      ? `the page needs more memory than the cap of ${Math.round(limits.maxHeapBytes / 2 ** 20)} MB per PDF (TERMLENS_PDF_MAX_HEAP_MB; ${error.message})`
      : error.message;
  return new InputError(code, `${where}: ${message}`);
}

function textLayerPiece(lines: readonly TextLine[], g: PageGeometry): PagePiece {
  const chars: string[] = [];
  const boxes: (Box | null)[] = [];
  lines.forEach((line, i) => {
    if (i > 0) {
      chars.push('\n');
      boxes.push(null);
    }
    // Trailing spaces are layout, not text (MuPDF adds one where a line ends in a gap).
    let end = line.chars.length;
    while (end > 0 && /\s/u.test(line.chars[end - 1]!)) end--;
    for (let k = 0; k < end; k++) {
      chars.push(line.chars[k]!);
      const b = line.boxes;
      boxes.push(toPagePixels(g, b[4 * k]!, b[4 * k + 1]!, b[4 * k + 2]!, b[4 * k + 3]!));
    }
  });
  const bbox = boxOf(boxes);
  return { text: chars.join(''), boxes, region: { kind: 'text-layer', ...(bbox ? { bbox, viewrect: toViewrect(g, bbox) } : {}) } };
}

async function imagePiece(image: PageImage & { pixels: NonNullable<PageImage['pixels']> }, g: PageGeometry, engine: OcrEngine): Promise<PagePiece> {
  const upright = uprightOf(image.transform);
  const ocr = await ocrImage(await encodeForOcr(image.pixels, upright), engine);
  const size = { width: ocr.width, height: ocr.height };
  const boxes = ocr.boxes.map((box) => (box ? toPagePixels(g, ...imageBoxToPoints(box, size, image.bbox)) : null));
  const bbox = toPagePixels(g, ...image.bbox);
  const widthInches = (image.bbox[2] - image.bbox[0]) / 72;
  return {
    text: ocr.text,
    boxes,
    ocr,
    region: {
      kind: 'image',
      image: image.number,
      bbox,
      viewrect: toViewrect(g, bbox),
      pixels: { width: image.width, height: image.height },
      ...(widthInches > 0 ? { dpi: Math.round(ocr.width / widthInches) } : {}),
      ocr: { engine: ocr.engine, meanConfidence: ocr.meanConfidence },
    },
  };
}

type RenderReason = NonNullable<PagePiece['region']['reason']>;

/**
 * A scan is rendered at its own resolution within these bounds, not at the page's dpi: OCR
 * read samples/ scanned at 96 dpi best rendered at 100–150 dpi, and worse upsampled to 200
 * (bench:pdf, docs/pdf-notes.md); a 300 dpi scan loses detail rendered at less. Other renders
 * (a garbled text layer, text drawn as outlines) are at the page's dpi.
 */
export const SCAN_RENDER_DPI = { min: 150, max: 300 } as const;

export function renderDpiFor(g: PageGeometry, scanDpi: number | undefined, maxPixels: number): number {
  if (scanDpi === undefined) return g.dpi;
  const fitting = Math.floor(72 * Math.sqrt(maxPixels / (g.widthPoints * g.heightPoints)));
  return Math.min(fitting, Math.max(SCAN_RENDER_DPI.min, Math.min(SCAN_RENDER_DPI.max, Math.round(scanDpi))));
}

async function renderedPiece(
  doc: PdfDocument,
  index: number,
  g: PageGeometry,
  engine: OcrEngine,
  plan: { reason: RenderReason; scanDpi?: number | undefined },
  where: string,
  limits: PdfLimits,
): Promise<PagePiece> {
  const reason = plan.reason;
  const dpi = renderDpiFor(g, plan.scanDpi, limits.maxPixels);
  const rendered = await doc.render(index, dpi);
  if (!rendered.ok) throw pageFailure(where, rendered.error, limits);
  const ocr = await ocrImage(await encodeForOcr(rendered.value), engine);
  // The render's pixels to the page's: through points, from the render's top left corner.
  const points = 72 / dpi;
  const [left, top] = [Math.floor((g.bounds[0] * dpi) / 72 + 0.001) * points, Math.floor((g.bounds[1] * dpi) / 72 + 0.001) * points];
  const clamp = (box: Box): Box => toPagePixels(g, left + box.x * points, top + box.y * points, left + (box.x + box.w) * points, top + (box.y + box.h) * points);
  const bbox = { x: 0, y: 0, w: g.width, h: g.height };
  return {
    text: ocr.text,
    boxes: ocr.boxes.map((box) => (box ? clamp(box) : null)),
    ocr,
    region: {
      kind: 'rendered-page',
      reason,
      bbox,
      viewrect: toViewrect(g, bbox),
      pixels: { width: rendered.value.width, height: rendered.value.height },
      dpi,
      ocr: { engine: ocr.engine, meanConfidence: ocr.meanConfidence },
    },
  };
}

async function layerPieces(content: PageContent, g: PageGeometry, engine: OcrEngine): Promise<PagePiece[]> {
  const pieces: PagePiece[] = [];
  let lines: TextLine[] = [];
  const flushText = () => {
    if (lines.length > 0) pieces.push(textLayerPiece(lines, g));
    lines = [];
  };
  for (const block of content.blocks) {
    if (block.kind === 'text') {
      lines.push(...block.lines);
      continue;
    }
    if (!block.pixels) continue;
    flushText();
    pieces.push(await imagePiece({ ...block, pixels: block.pixels }, g, engine));
  }
  flushText();
  return pieces;
}

export async function readPdfPage(doc: PdfDocument, index: number, limits: PdfLimits, engine: OcrEngine, where: string): Promise<ReadPage> {
  const content = await doc.page(index);
  if (!content.ok) throw pageFailure(where, content.error, limits);
  const geometry = pageGeometry(content.value.bounds, limits.dpi, limits.maxPixels, where);
  const plan = planPageReading(content.value);
  const pieces =
    plan.kind === 'render'
      ? [await renderedPiece(doc, index, geometry, engine, plan, where, limits)]
      : plan.kind === 'layer'
        ? await layerPieces(content.value, geometry, engine)
        : [];
  return { ...composePage(pieces), geometry, warnings: plan.warnings };
}
