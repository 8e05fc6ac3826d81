import type { UnitWarning } from '../../domain/document-unit.ts';
import type { PageContent, PageImage, PointBox } from './pdf-thread-protocol.ts';
import { assessTextLayer } from './text-layer-quality.ts';

/**
 * How a page is read, from what it holds:
 * - a scan (one image covering the page): rendered and OCR'd, like a screenshot; a text layer
 *   over a scan is another program's OCR and is not used;
 * - a text layer that is garbage (see text-layer-quality.ts): rendered and OCR'd, with a warning;
 * - no text layer and no image to read, but something drawn (text as outlines): rendered and OCR'd;
 * - otherwise the text layer as it is (no OCR), and each image large enough to hold text OCR'd
 *   at its own resolution;
 * - nothing drawn at all: an empty page, no OCR.
 */
export type ReadingPlan =
  | { kind: 'layer'; warnings: UnitWarning[] }
  | {
      kind: 'render';
      reason: 'scan' | 'garbled-text-layer' | 'no-text-layer';
      warnings: UnitWarning[];
      /** For a scan: the resolution its image has on the page (pixels per inch, by area). */
      scanDpi?: number;
    }
  | { kind: 'empty'; warnings: UnitWarning[] };

/** Share of the page an image must cover for the page to be a scan. */
export const SCAN_COVERAGE = 0.85;

function area([x0, y0, x1, y1]: PointBox): number {
  return Math.max(0, x1 - x0) * Math.max(0, y1 - y0);
}

function intersection(a: PointBox, b: PointBox): PointBox {
  return [Math.max(a[0], b[0]), Math.max(a[1], b[1]), Math.min(a[2], b[2]), Math.min(a[3], b[3])];
}

export function textLayerOf(content: PageContent): string {
  return content.blocks
    .flatMap((block) => (block.kind === 'text' ? block.lines.map((line) => line.chars.join('')) : []))
    .join('\n');
}

export function planPageReading(content: PageContent): ReadingPlan {
  const layer = textLayerOf(content);
  const layerChars = Array.from(layer.replace(/\s/gu, '')).length;
  const images = content.blocks.filter((b): b is PageImage => b.kind === 'image');
  const warnings: UnitWarning[] = images.flatMap((image) =>
    image.skipped && image.skipped.code !== 'IMAGE_TOO_SMALL' ? [{ code: image.skipped.code, message: image.skipped.message }] : [],
  );
  const pageArea = area(content.bounds);
  const scans = images.filter((image) => area(intersection(image.bbox, content.bounds)) >= SCAN_COVERAGE * pageArea);
  if (scans.length > 0) {
    // By area, so that a scan placed turned a quarter has the same resolution.
    const scanDpi = Math.max(...scans.map((image) => 72 * Math.sqrt((image.width * image.height) / area(image.bbox))));
    const ignored =
      layerChars > 0
        ? [{ code: 'TEXT_LAYER_IGNORED', message: `the page is a scanned image; its text layer (${layerChars} characters, another program's OCR) was not used` }]
        : [];
    // The scan is read through the render: the image's own warnings do not apply.
    return { kind: 'render', reason: 'scan', warnings: ignored, scanDpi };
  }
  if (layerChars > 0) {
    const verdict = assessTextLayer(layer);
    if (!verdict.usable) {
      return {
        kind: 'render',
        reason: 'garbled-text-layer',
        warnings: [
          ...warnings,
          { code: 'TEXT_LAYER_GARBLED', message: `the text layer cannot be trusted (${verdict.reason}: a missing or wrong ToUnicode map); the page was OCR'd instead` },
        ],
      };
    }
    return { kind: 'layer', warnings };
  }
  if (images.some((image) => image.pixels)) return { kind: 'layer', warnings };
  if (images.length > 0 || content.vectorCount > 0) return { kind: 'render', reason: 'no-text-layer', warnings };
  return { kind: 'empty', warnings };
}
