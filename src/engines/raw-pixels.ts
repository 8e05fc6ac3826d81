import sharp, { type Sharp } from 'sharp';
import type { RawImage } from '../domain/raw-image.ts';
import { greyLevels } from './grey-levels.ts';
import type { GreyImage } from './refine-symbol-boxes.ts';

/** `image` as sharp's input, for resizing or converting it. */
export function rawSharp(image: RawImage): Sharp {
  const { width, height, channels } = image;
  if (channels !== 1 && channels !== 2 && channels !== 3 && channels !== 4) throw new RangeError(`sharp takes 1 to 4 channels, not ${channels}`);
  return sharp(image.data, { raw: { width, height, channels } });
}

/** `image`'s grey levels: a grey image is its own (no copy); others as greyLevels computes them. */
export async function greyOf(image: RawImage): Promise<GreyImage> {
  if (image.channels === 1) return image;
  return greyLevels(rawSharp(image));
}
