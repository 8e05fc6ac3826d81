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
    if (error instanceof BmpError && error.unsupported) {
      throw new InputError('UNSUPPORTED_TYPE', `${path}: ${error.message}; convert it to PNG`, { cause: error });
    }
    if (error instanceof BmpError) throw corrupt(path, 'bmp', error.message, error);
    throw error;
  }
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
    const detail = firstLine(error);
    if (/exceeds pixel limit/i.test(detail)) {
      // The header read before decoding gave a smaller size than the decoder found.
      const meta = await sharp(data, { limitInputPixels: false }).metadata().catch(() => undefined);
      if (meta?.width && meta.height) throw imageTooLarge(path, meta.width, meta.height, maxPixels);
      throw new InputError('IMAGE_TOO_LARGE', `${path}: the image is above the limit of ${maxPixels} pixels`, {
        cause: error,
      });
    }
    if (/out of memory|insufficient memory|cannot allocate/i.test(detail)) {
      throw new DependencyError('IMAGE_DECODER_FAILED', `${path}: the image decoder ran out of memory (${detail})`, {
        cause: error,
      });
    }
    throw corrupt(path, format, detail, error);
  }
}
