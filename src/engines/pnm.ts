import type { RawImage } from '../domain/raw-image.ts';

/**
 * A grey (PGM, P5) or RGB (PPM, P6) netpbm file of `image`: how tesseract.js is handed raw
 * pixels. It only reads files leptonica decodes, and netpbm is one whose "decoding" is a copy,
 * where a PNG would be compressed here and inflated again in tesseract's worker.
 */
export function toPnm(image: RawImage): Buffer {
  const magic = image.channels === 1 ? 'P5' : image.channels === 3 ? 'P6' : null;
  if (!magic) throw new RangeError(`netpbm holds 1 or 3 channels, not ${image.channels}`);
  const header = Buffer.from(`${magic}\n${image.width} ${image.height}\n255\n`, 'ascii');
  const file = Buffer.allocUnsafe(header.length + image.data.length);
  header.copy(file, 0);
  file.set(image.data, header.length);
  return file;
}
