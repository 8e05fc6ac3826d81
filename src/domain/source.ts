import { z } from 'zod';

/**
 * A file as it entered termlens. The sha256 is taken over the original bytes, which are kept
 * as they are: everything downstream (OCR text, hits, annotations) refers back to this hash.
 */

export const IMAGE_FORMATS = ['png', 'jpeg', 'webp', 'gif', 'bmp', 'tiff'] as const;
export const ImageFormatSchema = z.enum(IMAGE_FORMATS);
export type ImageFormat = z.infer<typeof ImageFormatSchema>;

/** One media type per format, so equal content always gets an equal record (APNG is a PNG). */
export const IMAGE_MEDIA_TYPES = {
  png: 'image/png',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
  gif: 'image/gif',
  bmp: 'image/bmp',
  tiff: 'image/tiff',
} as const satisfies Record<ImageFormat, string>;

export const Sha256Schema = z.string().regex(/^[0-9a-f]{64}$/, 'a lowercase hex sha256');

export const ImageSourceSchema = z.object({
  /** As the user gave it; only for messages and output, never a key. */
  path: z.string().min(1),
  sha256: Sha256Schema,
  bytes: z.number().int().positive(),
  mediaType: z.enum([
    IMAGE_MEDIA_TYPES.png,
    IMAGE_MEDIA_TYPES.jpeg,
    IMAGE_MEDIA_TYPES.webp,
    IMAGE_MEDIA_TYPES.gif,
    IMAGE_MEDIA_TYPES.bmp,
    IMAGE_MEDIA_TYPES.tiff,
  ]),
  format: ImageFormatSchema,
  /**
   * As displayed, EXIF orientation applied: the grid OCR boxes and the review page use
   * (preprocess-image orients before OCR), so a photo taken sideways has width and height swapped
   * relative to its stored pixels.
   */
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  /** EXIF orientation (1–8) when the file carries one other than 1; stored pixels are not rotated. */
  orientation: z.number().int().min(2).max(8).optional(),
});
export type ImageSource = z.infer<typeof ImageSourceSchema>;

export const TextSourceSchema = z.object({
  path: z.string().min(1),
  /** Of the original bytes, a byte-order mark included. */
  sha256: Sha256Schema,
  bytes: z.number().int().positive(),
  /** Decoded UTF-8 without the byte-order mark; otherwise exactly as in the file (line ends kept). */
  text: z.string(),
});
export type TextSource = z.infer<typeof TextSourceSchema>;

export const SourceSchema = z.union([ImageSourceSchema, TextSourceSchema]);
export type Source = z.infer<typeof SourceSchema>;

export function isImageSource(source: Source): source is ImageSource {
  return 'format' in source;
}
