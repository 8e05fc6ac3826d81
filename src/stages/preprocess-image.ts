import sharp, { type Sharp } from 'sharp';
import type { Box } from '../domain/geometry.ts';
import { toRawImage, type RawImage } from '../domain/raw-image.ts';
import { imageUnreadable } from '../errors.ts';
import { decodeBmp, isBmp } from '../image/bmp-image.ts';
import { DECODE_FAIL_ON, decodeFailure, type DecodeSubject } from '../image/decode-check.ts';

/**
 * Prepares a screenshot for tesseract. Tesseract drops white text on dark header and menu bars
 * entirely, so after greyscale + normalise every region whose background is dark is inverted
 * to dark-on-light. Mean CER on samples/: 7.1% as given, 5.7% grey, 4.9% normalised, 2.8%
 * inverted. Upscaling did not help.
 *
 * Geometry is preserved: the output has the pixel grid of the image as displayed (EXIF
 * orientation applied), so OCR boxes are in the same pixels as the image a user sees.
 */

export type PreprocessOptions = {
  /** Off: the image is only oriented and flattened onto white (RGB), for comparisons. */
  greyscale?: boolean;
  normalise?: boolean;
  invertDarkRegions?: boolean;
};

export type PreprocessedImage = {
  /** What the OCR engine reads: grey (1 channel), or RGB (3) with greyscale off. */
  page: RawImage;
  /** Of the oriented image: the grid OCR boxes refer to. */
  width: number;
  height: number;
  /** Regions found to have a dark background (and inverted, if asked). */
  darkRegions: Box[];
};

/** Luminance below which a pixel counts as dark, after normalisation to the full 0–255 range. */
const DARK_LUMINANCE = 128;
/** Dark/light row runs thinner than this are rules, borders or strokes, not bars. */
const MIN_BAND_ROWS = 8;

/**
 * Runs of `flags` equal to `value` shorter than `minRun` are flipped. With `enclosedOnly`, only
 * runs with the other value on both sides: a thin strip at the edge of the image is no gap.
 */
function absorbShortRuns(flags: boolean[], value: boolean, minRun: number, enclosedOnly = false): void {
  let i = 0;
  while (i < flags.length) {
    if (flags[i] !== value) {
      i++;
      continue;
    }
    let j = i;
    while (j < flags.length && flags[j] === value) j++;
    const enclosed = i > 0 && j < flags.length;
    if (j - i < minRun && (enclosed || !enclosedOnly)) flags.fill(!value, i, j);
    i = j;
  }
}

function runsOf(flags: boolean[]): { start: number; end: number; value: boolean }[] {
  const runs: { start: number; end: number; value: boolean }[] = [];
  let start = 0;
  for (let i = 1; i <= flags.length; i++) {
    if (i === flags.length || flags[i] !== flags[start]) {
      runs.push({ start, end: i, value: flags[start]! });
      start = i;
    }
  }
  return runs;
}

/**
 * Regions whose background is dark, found as in an XY cut: horizontal bands first, where a row
 * is dark when most of its pixels are (a row through text on a light page is mostly
 * background), then within each band the columns, for dark sidebars beside light content and
 * light boxes inside dark bars. The minimum run lengths keep single heavy strokes of a
 * character from ever being mistaken for a background.
 */
export function findDarkRegions(grey: Uint8Array, width: number, height: number): Box[] {
  const rowDark: boolean[] = new Array<boolean>(height);
  for (let y = 0; y < height; y++) {
    let dark = 0;
    const row = y * width;
    for (let x = 0; x < width; x++) if (grey[row + x]! < DARK_LUMINANCE) dark++;
    rowDark[y] = dark * 2 > width;
  }
  const pageDark = rowDark.filter(Boolean).length * 2 > height;
  absorbShortRuns(rowDark, !pageDark, MIN_BAND_ROWS);
  // And the reverse: a row through large bold text inside a bar can be mostly text-coloured.
  absorbShortRuns(rowDark, pageDark, MIN_BAND_ROWS, true);

  const regions: Box[] = [];
  for (const band of runsOf(rowDark)) {
    const bandHeight = band.end - band.start;
    const columnDark: boolean[] = new Array<boolean>(width);
    for (let x = 0; x < width; x++) {
      let dark = 0;
      for (let y = band.start; y < band.end; y++) if (grey[y * width + x]! < DARK_LUMINANCE) dark++;
      columnDark[x] = dark * 2 > bandHeight;
    }
    // A side region must be as wide as the band is high (up to 48 px): in a band little taller
    // than one line of large text, the columns through its vertical strokes can be mostly
    // dark, but each such run is only a stroke wide.
    const minColumns = Math.min(Math.max(bandHeight, 24), 48);
    absorbShortRuns(columnDark, !band.value, minColumns);
    for (const run of runsOf(columnDark)) {
      if (run.value) regions.push({ x: run.start, y: band.start, w: run.end - run.start, h: bandHeight });
    }
  }
  return regions;
}

function invertRegions(grey: Uint8Array, width: number, regions: readonly Box[]): void {
  for (const region of regions) {
    for (let y = region.y; y < region.y + region.h; y++) {
      const row = y * width;
      for (let x = region.x; x < region.x + region.w; x++) grey[row + x] = 255 - grey[row + x]!;
    }
  }
}

/**
 * sharp cannot read BMP: its pixels are decoded here and handed over raw. Other images are
 * decoded as ingest checked them (DECODE_FAIL_ON): sharp's default refuses on warnings too, so
 * an image ingest accepted could fail here.
 */
function sharpInput(image: Buffer, limitInputPixels: number | boolean): Sharp {
  if (!isBmp(image)) return sharp(image, { limitInputPixels, failOn: DECODE_FAIL_ON });
  const { data, width, height, channels } = decodeBmp(image);
  return sharp(data, { raw: { width, height, channels }, limitInputPixels });
}

/**
 * `subject` names an image ingest did not decode (see IngestOptions.fullDecode): a damaged one
 * is then reported as ingest would have, IMAGE_CORRUPT with its path and format, not as
 * IMAGE_UNREADABLE.
 */
export async function preprocessImage(image: Buffer, options: PreprocessOptions = {}, subject?: DecodeSubject): Promise<PreprocessedImage> {
  const { greyscale = true, normalise = true, invertDarkRegions = true } = options;
  // Without a subject the image was fully decoded by ingest, within the configured pixel limit:
  // sharp's own limit (true) stays as a backstop. A subject is an image ingest did not decode.
  const limitInputPixels = subject?.maxPixels ?? true;
  const input = () => sharpInput(image, limitInputPixels).autoOrient().flatten({ background: '#ffffff' });

  try {
    if (!greyscale) {
      const page = toRawImage(await input().toColourspace('srgb').removeAlpha().raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true }));
      return { page, width: page.width, height: page.height, darkRegions: [] };
    }

    let pipeline = input().greyscale();
    if (normalise) pipeline = pipeline.normalise();
    const { data, info } = await pipeline.raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true });
    const { width, height, channels } = info;
    let grey = new Uint8Array(data.buffer, data.byteOffset, data.length);
    if (channels !== 1) {
      const single = new Uint8Array(width * height);
      for (let i = 0; i < single.length; i++) single[i] = grey[i * channels]!;
      grey = single;
    }

    const darkRegions = findDarkRegions(grey, width, height);
    if (invertDarkRegions) invertRegions(grey, width, darkRegions);

    return { page: { data: grey, width, height, channels: 1 }, width, height, darkRegions };
  } catch (cause) {
    throw subject ? await decodeFailure(cause, image, subject) : imageUnreadable(cause);
  }
}
