import { createHash } from 'node:crypto';
import type { UnitWarning } from '../../domain/document-unit.ts';
import { IMAGE_MEDIA_TYPES } from '../../domain/source.ts';
import { imageTooLarge } from '../../image/decode-check.ts';
import { describeContent, detectType } from '../../files/describe-content.ts';
import { formatOf, headerDimensions } from '../../image/image-header.ts';

/**
 * An image found inside a document (a Word file's media, a saved page's NAME_files/), checked
 * as ingest checks a screenshot: type by magic bytes, pixel size from the header before any
 * decoding. What cannot be read (EMF and WMF drawings, SVG, a damaged file) is a warning on the
 * document, not a failure of it.
 */
export type DocumentImage = { name: string; data: Buffer };

export type CheckedImage = DocumentImage & { sha256: string; mediaType: string; width: number; height: number };

export async function checkDocumentImage(image: DocumentImage, maxPixels: number): Promise<CheckedImage | UnitWarning> {
  const detected = await detectType(image.data);
  const format = formatOf(image.data, detected);
  if (!format) return { code: 'IMAGE_UNSUPPORTED', message: `image ${image.name} ${describeContent(image.data, detected)}; not read` };
  try {
    const { width, height } = await headerDimensions(image.data, format, image.name);
    if (width * height > maxPixels) return { code: 'IMAGE_TOO_LARGE', message: `${imageTooLarge(image.name, width, height, maxPixels).message}; not read` };
    const sha256 = createHash('sha256').update(image.data).digest('hex');
    return { ...image, sha256, mediaType: IMAGE_MEDIA_TYPES[format], width, height };
  } catch (error) {
    return { code: 'IMAGE_CORRUPT', message: `${error instanceof Error ? error.message : String(error)}; not read` };
  }
}

export function isCheckedImage(value: CheckedImage | UnitWarning): value is CheckedImage {
  return 'sha256' in value;
}
