import { describe, expect, it } from 'vitest';
import type { RawImage } from '../../src/domain/raw-image.ts';
import { blobBounds, detectedLines, type ProbabilityMap } from '../../src/engines/paddle/detected-lines.ts';

/**
 * The detector's post-processing on probability maps drawn by hand; the engine tests
 * (paddle-engine.test.ts) check the same code on the real detector's maps of samples/.
 */
function map(width: number, height: number, blobs: { x: number; y: number; w: number; h: number; p?: number }[]): ProbabilityMap {
  const data = new Float32Array(width * height);
  for (const { x, y, w, h, p = 0.9 } of blobs) {
    for (let row = y; row < y + h; row++) for (let col = x; col < x + w; col++) data[row * width + col] = p;
  }
  return { data, width, height };
}

/** A page whose every pixel says where it is: red = x, green = y, so crops can be checked pixel by pixel. */
function page(width: number, height: number) {
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) data.set([x, y, 0, 255], (y * width + x) * 4);
  }
  return { data, width, height, channels: 4 };
}

/** The red and green of a pixel: where it came from on the page. */
const pixel = (image: RawImage, x: number, y: number) => {
  const at = (y * image.width + x) * image.channels;
  return [...image.data.subarray(at, at + 2)];
};

describe('blobBounds', () => {
  it('finds 8-connected blobs above the threshold, as corner coordinates of their outer pixels', () => {
    const probabilities = map(20, 10, [
      { x: 1, y: 1, w: 5, h: 3 },
      // Touches the first only at a corner: 8-connected, so the same blob.
      { x: 6, y: 4, w: 2, h: 2 },
      { x: 12, y: 2, w: 6, h: 6 },
      // Below the threshold: not text.
      { x: 0, y: 8, w: 20, h: 2, p: 0.02 },
    ]);
    expect(blobBounds(probabilities, 0.03)).toEqual([
      { x0: 1, y0: 1, x1: 7, y1: 5 },
      { x0: 12, y0: 2, x1: 17, y1: 7 },
    ]);
  });

  it('keeps a ring as one blob, its hole inside it', () => {
    const probabilities = map(12, 12, [
      { x: 2, y: 2, w: 8, h: 2 },
      { x: 2, y: 8, w: 8, h: 2 },
      { x: 2, y: 2, w: 2, h: 8 },
      { x: 8, y: 2, w: 2, h: 8 },
    ]);
    expect(blobBounds(probabilities, 0.5)).toEqual([{ x0: 2, y0: 2, x1: 9, y1: 9 }]);
  });
});

describe('detectedLines', () => {
  it('grows each box by area × 1.5 / perimeter, scales it to the page and cuts it from there', () => {
    // A line 41 × 9 on a map half the page's size; a speck 2 × 2 that is dropped.
    const lines = detectedLines(map(64, 32, [{ x: 10, y: 10, w: 41, h: 9 }, { x: 60, y: 2, w: 2, h: 2 }]), 0.3, page(128, 64));
    expect(lines).toHaveLength(1);
    // Box 40 × 8 (corner coordinates): grown by 40 × 8 × 1.5 / 96 = 5 on each side, then doubled.
    expect(lines[0]!.box).toEqual([
      [10, 10],
      [110, 10],
      [110, 46],
      [10, 46],
    ]);
    const crop = lines[0]!.image;
    expect([crop.width, crop.height]).toEqual([100, 36]);
    expect(pixel(crop, 0, 0)).toEqual([10, 10]);
    expect(pixel(crop, 99, 35)).toEqual([109, 45]);
  });

  it('repeats the edge pixels where a grown box leaves the page', () => {
    const [line] = detectedLines(map(32, 16, [{ x: 0, y: 0, w: 21, h: 5 }]), 0.3, page(32, 16));
    expect(line!.box[0]).toEqual([-2, -2]);
    expect(pixel(line!.image, 0, 0)).toEqual([0, 0]);
    expect(pixel(line!.image, 3, 3)).toEqual([1, 1]);
  });

  it('turns a crop of a vertical line a quarter left, so that it reads top to bottom as left to right', () => {
    const [line] = detectedLines(map(40, 80, [{ x: 10, y: 5, w: 9, h: 61 }]), 0.3, page(40, 80));
    // Grown box 8 × 60 by 60 × 8 × 1.5 / 136 ≈ 5.3, rounded to 5: x 5–23, y 0–70.
    expect(line!.box[0]).toEqual([5, 0]);
    expect(line!.box[2]).toEqual([23, 70]);
    const crop = line!.image;
    expect([crop.width, crop.height]).toEqual([70, 18]);
    // The top of the line is at the left; the line's right column is the top row.
    expect(pixel(crop, 0, 0)).toEqual([22, 0]);
    expect(pixel(crop, 69, 0)).toEqual([22, 69]);
    expect(pixel(crop, 0, 17)).toEqual([5, 0]);
  });

  it('cuts grey pages, one byte a pixel, as it cuts RGBA ones', () => {
    const rgba = page(40, 80);
    // Grey level = x + 2y: unique enough on this page to say where a pixel came from.
    const grey: RawImage = { data: new Uint8Array(40 * 80), width: 40, height: 80, channels: 1 };
    for (let y = 0; y < 80; y++) for (let x = 0; x < 40; x++) grey.data[y * 40 + x] = x + 2 * y;
    const blobs = [{ x: 2, y: 2, w: 30, h: 6 }, { x: 10, y: 12, w: 9, h: 61 }];
    const fromRgba = detectedLines(map(40, 80, blobs), 0.3, rgba);
    const fromGrey = detectedLines(map(40, 80, blobs), 0.3, grey);
    expect(fromGrey.map((l) => l.box)).toEqual(fromRgba.map((l) => l.box));
    for (const [i, line] of fromGrey.entries()) {
      const other = fromRgba[i]!.image;
      expect([line.image.width, line.image.height, line.image.channels]).toEqual([other.width, other.height, 1]);
      for (let y = 0; y < other.height; y++) {
        for (let x = 0; x < other.width; x++) {
          const [px, py] = pixel(other, x, y);
          expect(line.image.data[y * other.width + x]).toBe(px! + 2 * py!);
        }
      }
    }
  });
});
