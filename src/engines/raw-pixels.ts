import sharp, { type Sharp } from 'sharp';
import { toRawImage, type RawImage } from '../domain/raw-image.ts';
import type { GreyImage } from './refine-symbol-boxes.ts';

/** `image` as sharp's input, for resizing or converting it. */
export function rawSharp(image: RawImage): Sharp {
  const { width, height, channels } = image;
  if (channels !== 1 && channels !== 2 && channels !== 3 && channels !== 4) throw new RangeError(`sharp takes 1 to 4 channels, not ${channels}`);
  return sharp(image.data, { raw: { width, height, channels } });
}

/**
 * `image`'s grey levels as libvips computes them: what both engines' box refinement looks for
 * ink in, so that a page's boxes do not depend on which engine read it. A grey image is its own
 * (no copy).
 */
export async function greyOf(image: RawImage): Promise<GreyImage> {
  if (image.channels === 1) return image;
  return toRawImage(await rawSharp(image).greyscale().extractChannel(0).raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true }));
}
