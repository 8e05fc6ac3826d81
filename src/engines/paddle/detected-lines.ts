import type { RawImage } from '../../domain/raw-image.ts';

/**
 * The detector's post-processing (PaddleOCR's DB post-process, for upright text): a text
 * region is a connected blob of the probability map above the threshold; its bounding box is
 * grown ("unclipped") by area × 1.5 / perimeter on every side so that it takes in the whole
 * glyphs, scaled to the page and cut out of it.
 *
 * PaddleOCR fits each blob with a rotated rectangle (opencv's contours and minAreaRect, and a
 * polygon offset by clipper). termlens reads screenshots, whose text is upright, where that
 * rectangle is the bounding box; opencv.js also cost every PaddleOCR thread about 130 MB
 * (its code and its 128 MB WebAssembly heap), which the worker's memory target has no room for.
 */

export type DetectedLine = {
  /** Four corners on the page, clockwise from top left: the grown box around the text. */
  box: [number, number][];
  /** The region cut out of the page, with its channels; turned a quarter left when it holds a vertical line. */
  image: RawImage;
};

/** The detector's output: the probability, per pixel of its input, that text covers it. */
export type ProbabilityMap = { data: Float32Array; width: number; height: number };

/** Blobs narrower than this on the map are specks. */
const MIN_SIDE = 3;
const UNCLIP_RATIO = 1.5;
/** A crop this much taller than wide holds vertical text; it is turned to read left to right. */
export const VERTICAL_RATIO = 1.5;

type Rect = { x0: number; y0: number; x1: number; y1: number };

/**
 * The bounding boxes of the 8-connected blobs of map pixels above `threshold`, as opencv's
 * contours give them: corner coordinates of the outermost pixels, so a blob one pixel wide is 0 wide.
 */
export function blobBounds(map: ProbabilityMap, threshold: number): Rect[] {
  const { data, width, height } = map;
  const seen = new Uint8Array(width * height);
  const stack = new Int32Array(width * height);
  const blobs: Rect[] = [];
  for (let start = 0; start < data.length; start++) {
    if (seen[start] || !(data[start]! > threshold)) continue;
    seen[start] = 1;
    let top = 0;
    stack[top++] = start;
    const rect = { x0: width, y0: height, x1: -1, y1: -1 };
    while (top > 0) {
      const at = stack[--top]!;
      const x = at % width;
      const y = (at - x) / width;
      if (x < rect.x0) rect.x0 = x;
      if (x > rect.x1) rect.x1 = x;
      if (y < rect.y0) rect.y0 = y;
      if (y > rect.y1) rect.y1 = y;
      for (let ny = Math.max(0, y - 1); ny <= Math.min(height - 1, y + 1); ny++) {
        for (let nx = Math.max(0, x - 1); nx <= Math.min(width - 1, x + 1); nx++) {
          const next = ny * width + nx;
          if (seen[next] || !(data[next]! > threshold)) continue;
          seen[next] = 1;
          stack[top++] = next;
        }
      }
    }
    blobs.push(rect);
  }
  return blobs;
}

/** The rectangle grown on every side by area × UNCLIP_RATIO / perimeter, as PaddleOCR unclips it. */
function unclip(rect: Rect): Rect {
  const w = rect.x1 - rect.x0;
  const h = rect.y1 - rect.y0;
  const distance = (w * h * UNCLIP_RATIO) / (2 * (w + h));
  // Whole pixels, as clipper (PaddleOCR's polygon offset) gives them; `|| 0` keeps -0 out.
  const round = (v: number) => Math.round(v) || 0;
  return { x0: round(rect.x0 - distance), y0: round(rect.y0 - distance), x1: round(rect.x1 + distance), y1: round(rect.y1 + distance) };
}

/** Pixels [x, x + width) × [y, y + height) of the page; outside it, the nearest edge pixel repeats. */
function crop(page: RawImage, x: number, y: number, width: number, height: number): RawImage {
  const { channels } = page;
  const data = new Uint8Array(width * height * channels);
  const clamp = (v: number, max: number) => Math.max(0, Math.min(v, max - 1));
  for (let row = 0; row < height; row++) {
    const from = clamp(y + row, page.height) * page.width;
    for (let col = 0; col < width; col++) {
      const source = (from + clamp(x + col, page.width)) * channels;
      const target = (row * width + col) * channels;
      for (let k = 0; k < channels; k++) data[target + k] = page.data[source + k]!;
    }
  }
  return { data, width, height, channels };
}

/** The image turned a quarter left: its right column becomes the top row, so a top-to-bottom line reads left to right. */
function turnLeft(image: RawImage): RawImage {
  const { width, height, channels } = image;
  const data = new Uint8Array(width * height * channels);
  for (let row = 0; row < width; row++) {
    for (let col = 0; col < height; col++) {
      const source = (col * width + (width - 1 - row)) * channels;
      const target = (row * height + col) * channels;
      for (let k = 0; k < channels; k++) data[target + k] = image.data[source + k]!;
    }
  }
  return { data, width: height, height: width, channels };
}

/**
 * Text lines in `page` from the detector's probability map, which may be smaller than the page:
 * boxes are scaled by page size / map size, so the crops are cut at full resolution.
 */
export function detectedLines(map: ProbabilityMap, threshold: number, page: RawImage): DetectedLine[] {
  const scaleX = page.width / map.width;
  const scaleY = page.height / map.height;
  const lines: DetectedLine[] = [];
  for (const blob of blobBounds(map, threshold)) {
    if (Math.min(blob.x1 - blob.x0, blob.y1 - blob.y0) < MIN_SIDE) continue;
    const grown = unclip(blob);
    if (Math.min(grown.x1 - grown.x0, grown.y1 - grown.y0) < MIN_SIDE + 2) continue;
    const x0 = grown.x0 * scaleX;
    const y0 = grown.y0 * scaleY;
    const x1 = grown.x1 * scaleX;
    const y1 = grown.y1 * scaleY;
    const box: [number, number][] = [
      [x0, y0],
      [x1, y0],
      [x1, y1],
      [x0, y1],
    ];
    // As PaddleOCR's crop: the box's size truncated, its origin rounded; tiny after clamping to the page means an edge sliver.
    const clampedWidth = Math.min(Math.round(x1), page.width) - Math.max(Math.round(x0), 0);
    const clampedHeight = Math.min(Math.round(y1), page.height) - Math.max(Math.round(y0), 0);
    if (clampedWidth <= 3 || clampedHeight <= 3) continue;
    const image = crop(page, Math.round(x0), Math.round(y0), Math.trunc(x1 - x0), Math.trunc(y1 - y0));
    lines.push({ box, image: image.height / image.width >= VERTICAL_RATIO ? turnLeft(image) : image });
  }
  return lines;
}
