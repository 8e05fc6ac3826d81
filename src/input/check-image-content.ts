import type { ImageFormat } from '../domain/source.ts';
import { InputError } from '../errors.ts';
import { imageTooLarge } from '../image/decode-check.ts';
import { describeContent, detectType } from '../files/describe-content.ts';
import { formatOf, headerDimensions, unsupported } from '../image/image-header.ts';

/**
 * The checks a batch can make on bytes it already holds, before storing anything: the type by
 * magic bytes and the pixel count from the header, in the same words as single-image ingest.
 * The full decode stays with ingest. Archives inside a batch are named as such and not opened:
 * following them would multiply every cap by the nesting depth.
 */

const ARCHIVE_TYPES = new Set([
  'zip', 'tar', 'tar.gz', 'gz', 'bz2', 'xz', 'zst', 'Z', 'lz', 'lz4', '7z', 'rar', 'cab',
  'lzh', 'arj', 'ace', 'cpio', 'ar', 'deb', 'rpm', 'dmg',
]);

export type ImageContentOptions = {
  maxImagePixels: number;
  /** ZIP_ENTRY_NESTED_ARCHIVE for a zip entry, NESTED_ARCHIVE for a file in a folder. */
  nestedArchiveCode: string;
  /**
   * Batches take PDFs (issue #18): a PDF is stored whole and split into pages by the worker, which
   * is where its own checks (encryption, damage, page cap) run.
   */
  acceptPdf?: boolean;
};

/** The image format of `data`, or an InputError whose message starts with `label`. */
export async function checkImageContent(
  data: Buffer,
  label: string,
  options: ImageContentOptions,
): Promise<ImageFormat | 'pdf'> {
  const detected = await detectType(data);
  if (options.acceptPdf && detected?.ext === 'pdf') return 'pdf';
  if (detected && ARCHIVE_TYPES.has(detected.ext)) {
    throw new InputError(
      options.nestedArchiveCode,
      `${label}: is itself an archive (${describeContent(data, detected)}); archives inside a batch are not ` +
        'opened: unpack it and run a batch on it separately',
    );
  }
  const format = formatOf(data, detected);
  if (!format) throw unsupported(label, describeContent(data, detected));
  const { width, height } = await headerDimensions(data, format, label);
  if (width * height > options.maxImagePixels) throw imageTooLarge(label, width, height, options.maxImagePixels);
  return format;
}
