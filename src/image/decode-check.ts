import sharp from 'sharp';
import type { ImageFormat } from '../domain/source.ts';
import { DependencyError, InputError } from '../errors.ts';
import { BmpError, decodeBmp } from './bmp-image.ts';

/**
 * Proves an image decodes, whole, before it is accepted, so a damaged file is IMAGE_CORRUPT at
 * ingest and not a failure deep inside OCR.
 *
 * Measured with sharp 0.35 / libvips 8.18: sharp's metadata() reads only the header, so it
 * accepts a PNG or JPEG cut in half; a full decode with failOn 'none' also "succeeds", filling
 * the missing rows with grey. failOn 'truncated' or 'error' makes libpng ("read error") and
 * libjpeg ("premature end of JPEG image") fail; WebP and GIF fail whatever failOn says. A
 * JPEG-compressed TIFF one byte short passes 'truncated' and fails only from 'error' up.
 * 'error' rather than sharp's default 'warning', so that benign warnings, common in
 * screenshots, do not refuse an image that decodes; stages decoding after ingest should use
 * the same DECODE_FAIL_ON so that what ingest accepts they can read.
 *
 * The decode must touch every row: a shrinking resize is cheaper but subsamples, and missed a
 * PNG cut a few rows short. Extracting one band keeps the output at one byte per pixel.
 */

export const DECODE_FAIL_ON = 'error' as const;

export type DecodedSize = {
  /** Of the stored pixels, before EXIF orientation. */
  width: number;
  height: number;
  orientation?: number;
};

export function imageTooLarge(path: string, width: number, height: number, maxPixels: number): InputError {
  const mp = (pixels: number) => `${(pixels / 1_000_000).toFixed(1)} megapixels`;
  return new InputError(
    'IMAGE_TOO_LARGE',
    `${path}: the image is ${width}×${height} pixels (${mp(width * height)}), above the limit of ` +
      `${mp(maxPixels)} (${maxPixels} pixels)`,
  );
}

function corrupt(path: string, format: ImageFormat, detail: string, cause?: unknown): InputError {
  return new InputError(
    'IMAGE_CORRUPT',
    `${path}: the ${format.toUpperCase()} image is damaged or incomplete and cannot be decoded (${detail})`,
    { cause },
  );
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!.trim();
}

function checkBmpDecodes(data: Buffer, path: string): DecodedSize {
  try {
    // Decoded the way preprocessing will decode it: what passes here, OCR can read.
    const { width, height } = decodeBmp(data);
    return { width, height };
  } catch (error) {
    throw bmpFailure(error, path);
  }
}

function bmpFailure(error: unknown, path: string): unknown {
  if (error instanceof BmpError && error.unsupported) {
    return new InputError('UNSUPPORTED_TYPE', `${path}: ${error.message}; convert it to PNG`, { cause: error });
  }
  if (error instanceof BmpError) return corrupt(path, 'bmp', error.message, error);
  return error;
}

/** An image whose full decode is left to the stage that decodes it anyway (see decodeFailure). */
export type DecodeSubject = { path: string; format: ImageFormat; maxPixels: number };

/**
 * The error to report for a full decode of `data` that failed: what checkDecodes reports, for a
 * stage that decodes an image ingest did not (the OCR stage in a queue worker, which so
 * decodes each page once instead of twice).
 */
export async function decodeFailure(error: unknown, data: Buffer, subject: DecodeSubject): Promise<unknown> {
  const { path, format, maxPixels } = subject;
  if (format === 'bmp') return bmpFailure(error, path);
  const detail = firstLine(error);
  if (/exceeds pixel limit/i.test(detail)) {
    // The header read before decoding gave a smaller size than the decoder found.
    const meta = await sharp(data, { limitInputPixels: false }).metadata().catch(() => undefined);
    if (meta?.width && meta.height) return imageTooLarge(path, meta.width, meta.height, maxPixels);
    return new InputError('IMAGE_TOO_LARGE', `${path}: the image is above the limit of ${maxPixels} pixels`, { cause: error });
  }
  if (/out of memory|insufficient memory|cannot allocate/i.test(detail)) {
    return new DependencyError('IMAGE_DECODER_FAILED', `${path}: the image decoder ran out of memory (${detail})`, { cause: error });
  }
  return corrupt(path, format, detail, error);
}

/**
 * The EXIF orientation in the header, where it turns or flips the image; nothing is decoded. A
 * header sharp cannot read gives none: the full decode that follows reports the damage.
 */
export async function headerOrientation(data: Buffer, format: ImageFormat): Promise<number | undefined> {
  if (format === 'bmp') return undefined;
  const meta = await sharp(data, { limitInputPixels: false }).metadata().catch(() => undefined);
  return meta?.orientation && meta.orientation !== 1 ? meta.orientation : undefined;
}

export async function checkDecodes(
  data: Buffer,
  format: ImageFormat,
  path: string,
  maxPixels: number,
): Promise<DecodedSize> {
  if (format === 'bmp') return checkBmpDecodes(data, path);

  const options = { failOn: DECODE_FAIL_ON, limitInputPixels: maxPixels };
  try {
    const meta = await sharp(data, options).metadata();
    const { info } = await sharp(data, options).extractChannel(0).raw().toBuffer({ resolveWithObject: true });
    const orientation = meta.orientation && meta.orientation !== 1 ? meta.orientation : undefined;
    return { width: info.width, height: info.height, ...(orientation ? { orientation } : {}) };
  } catch (error) {
    throw await decodeFailure(error, data, { path, format, maxPixels });
  }
}
