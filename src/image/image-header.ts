import { imageSize } from 'image-size';
import sharp from 'sharp';
import type { ImageFormat } from '../domain/source.ts';
import { InputError } from '../errors.ts';
import { looksLikeText, type DetectedType } from '../files/describe-content.ts';
import { BmpError, readBmpHeader } from './bmp-image.ts';

/**
 * What an image's first bytes say: its format (by magic bytes, never the extension) and its
 * pixel size (from the header, before anything is decoded). The batch's input checks and the
 * ingest stage both ask, so it sits below both.
 */

const FORMAT_BY_EXT: Record<string, ImageFormat> = {
  png: 'png',
  apng: 'png',
  jpg: 'jpeg',
  webp: 'webp',
  gif: 'gif',
  bmp: 'bmp',
  tif: 'tiff',
};

const SUPPORTED = 'supported images are PNG, JPEG, WebP, GIF, BMP and TIFF';

export function unsupported(path: string, what: string): InputError {
  return new InputError('UNSUPPORTED_TYPE', `${path}: ${what}; ${SUPPORTED}`);
}

export async function headerDimensions(
  data: Buffer,
  format: ImageFormat,
  path: string,
): Promise<{ width: number; height: number }> {
  if (format === 'bmp') {
    // file-type calls anything starting with "BM" a BMP, text included. The BMP header is
    // read here, strictly, with the reasons bmp-ts would not give.
    try {
      return readBmpHeader(data);
    } catch (error) {
      if (!(error instanceof BmpError)) throw error;
      if (error.unsupported) throw unsupported(path, error.message);
      if (looksLikeText(data)) throw unsupported(path, 'looks like text, not an image');
      throw new InputError('IMAGE_CORRUPT', `${path}: the BMP header is damaged (${error.message})`, { cause: error });
    }
  }
  try {
    const { width, height } = imageSize(data);
    if (width > 0 && height > 0) return { width, height };
  } catch {
    // image-size knows fewer variants than libvips (BigTIFF, some JPEGs); its header reader is
    // only the fast path, so sharp's header-only metadata gets the final say.
  }
  const meta = await sharp(data, { limitInputPixels: false }).metadata().catch(() => undefined);
  if (meta?.width && meta.height) return { width: meta.width, height: meta.height };
  throw new InputError(
    'IMAGE_CORRUPT',
    `${path}: the ${format.toUpperCase()} header is damaged or incomplete; the image size cannot be read`,
  );
}

const TIFF_MAGIC = [Buffer.from('II*\0', 'latin1'), Buffer.from('MM\0*', 'latin1')];

export function formatOf(data: Buffer, detected: DetectedType | undefined): ImageFormat | undefined {
  if (detected) return FORMAT_BY_EXT[detected.ext];
  // file-type follows a TIFF's first IFD offset, and writers (sharp too) put the IFD at the
  // end: a truncated TIFF then goes undetected, though its magic says what it is. It is
  // damaged, not of another type.
  if (TIFF_MAGIC.some((magic) => data.subarray(0, 4).equals(magic))) return 'tiff';
  return undefined;
}
