import { createHash } from 'node:crypto';
import { IMAGE_MEDIA_TYPES, ImageSourceSchema, type ImageSource } from '../domain/source.ts';
import { InputError } from '../errors.ts';
import { checkDecodes, headerOrientation, imageTooLarge } from '../image/decode-check.ts';
import { formatOf, headerDimensions, unsupported } from '../image/image-header.ts';
import { describeContent, detectType } from '../files/describe-content.ts';
import { formatBytes, readInputFile } from '../files/read-input-file.ts';

/**
 * The first stage for an image: refuse what cannot or must not be decoded, cheapest check
 * first. Size on disk is checked before reading, the type by magic bytes (never the
 * extension), pixel dimensions from the header before decoding (a 20000×20000 PNG of zeros is
 * 400 KB on disk and 400 MB–1.6 GB decoded), and only then a full decode.
 */

export type IngestLimits = {
  maxImagePixels: number;
  maxImageBytes: number;
};

export type IngestOptions = {
  /**
   * Decode the whole image to prove it is not damaged (default true). False where the caller
   * decodes it fully right after anyway and reports a damaged image with decodeFailure() (the
   * queue worker's OCR job): the header checks still run, the decode is not done twice.
   */
  fullDecode?: boolean;
};

export async function ingestImage(
  path: string,
  limits: IngestLimits,
  options: IngestOptions = {},
): Promise<{ source: ImageSource; data: Buffer }> {
  const data = await readInputFile(path, { maxBytes: limits.maxImageBytes, tooLargeCode: 'FILE_TOO_LARGE', what: 'images' });
  return ingestImageData(data, path, limits, options);
}

/**
 * The same checks on bytes already in memory (an original read from the blob store); `path`
 * names them in messages and becomes `source.path`.
 */
export async function ingestImageData(
  data: Buffer,
  path: string,
  limits: IngestLimits,
  options: IngestOptions = {},
): Promise<{ source: ImageSource; data: Buffer }> {
  const { maxImagePixels, maxImageBytes } = limits;
  if (data.length > maxImageBytes) {
    throw new InputError('FILE_TOO_LARGE', `${path}: the file is ${formatBytes(data.length)}, above the limit of ${formatBytes(maxImageBytes)} for images`);
  }
  if (data.length === 0) throw new InputError('EMPTY_FILE', `${path}: the file is empty (0 bytes)`);

  const detected = await detectType(data);
  const format = formatOf(data, detected);
  if (!format) throw unsupported(path, describeContent(data, detected));

  const header = await headerDimensions(data, format, path);
  if (header.width * header.height > maxImagePixels) {
    throw imageTooLarge(path, header.width, header.height, maxImagePixels);
  }

  const decoded =
    options.fullDecode === false
      ? { ...header, orientation: await headerOrientation(data, format) }
      : await checkDecodes(data, format, path, maxImagePixels);
  // EXIF orientations 5–8 turn the image a quarter: as displayed, width and height swap.
  const turned = decoded.orientation !== undefined && decoded.orientation >= 5;

  const source = ImageSourceSchema.parse({
    path,
    sha256: createHash('sha256').update(data).digest('hex'),
    bytes: data.length,
    mediaType: IMAGE_MEDIA_TYPES[format],
    format,
    width: turned ? decoded.height : decoded.width,
    height: turned ? decoded.width : decoded.height,
    ...(decoded.orientation !== undefined ? { orientation: decoded.orientation } : {}),
  });
  return { source, data };
}
