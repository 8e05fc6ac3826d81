import { z } from 'zod';

/** A rectangle in image pixels, as in the W3C media-fragment `xywh=pixel:x,y,w,h`. */
export const BoxSchema = z.object({
  x: z.number().int().nonnegative(),
  y: z.number().int().nonnegative(),
  w: z.number().int().nonnegative(),
  h: z.number().int().nonnegative(),
});
export type Box = z.infer<typeof BoxSchema>;

/** The smallest box that holds all the given boxes; null when there are none. */
export function unionBoxes(boxes: readonly (Box | null | undefined)[]): Box | null {
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (const b of boxes) {
    if (!b) continue;
    x0 = Math.min(x0, b.x);
    y0 = Math.min(y0, b.y);
    x1 = Math.max(x1, b.x + b.w);
    y1 = Math.max(y1, b.y + b.h);
  }
  if (x0 === Infinity) return null;
  return { x: x0, y: y0, w: x1 - x0, h: y1 - y0 };
}

/** Intersection over union of two boxes, 0 when they do not touch. */
export function iou(a: Box, b: Box): number {
  const ix = Math.max(0, Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x));
  const iy = Math.max(0, Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y));
  const inter = ix * iy;
  const union = a.w * a.h + b.w * b.h - inter;
  return union > 0 ? inter / union : 0;
}

/**
 * Whether a line's box is a column of vertical text: more than twice as tall as it is wide (a
 * row of two or more characters is wider than tall; a column of three or more is taller).
 */
export function isColumnBox(box: Box): boolean {
  return box.h > 2 * box.w;
}
