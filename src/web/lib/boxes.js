// @ts-check
/** @import { Box } from '../../domain/geometry.ts' */

/** CSS pixels per image pixel for an image shown now at its client size; `width` is the image's own (or its natural width). */
export function shownScale(/** @type {HTMLImageElement} */ img, /** @type {number | null | undefined} */ width) {
  const w = width ?? img.naturalWidth;
  return w ? img.clientWidth / w : 1;
}

/**
 * Places an overlay box over an image region.
 * @param {HTMLElement} node
 * @param {Box} box
 * @param {number} scale
 */
export function placeBox(node, box, scale) {
  // CSSOM properties, not a style attribute: allowed under a CSP without unsafe-inline.
  node.style.left = `${box.x * scale}px`;
  node.style.top = `${box.y * scale}px`;
  node.style.width = `${Math.max(1, box.w * scale)}px`;
  node.style.height = `${Math.max(1, box.h * scale)}px`;
}
