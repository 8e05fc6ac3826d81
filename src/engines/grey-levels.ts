import type { Sharp } from 'sharp';
import type { GreyImage } from './refine-symbol-boxes.ts';

/**
 * A page's grey levels as libvips computes them: what both engines' box refinement looks for
 * ink in, so that a page's boxes do not depend on which engine read it.
 */
export async function greyLevels(image: Sharp): Promise<GreyImage> {
  const { data, info } = await image.greyscale().extractChannel(0).raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true });
  return { data: new Uint8Array(data.buffer, data.byteOffset, data.length), width: info.width, height: info.height };
}
