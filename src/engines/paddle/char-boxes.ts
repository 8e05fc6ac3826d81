import type { Box } from '../../domain/geometry.ts';
import type { OcrSymbol } from '../../domain/ocr.ts';
import { otsuThreshold, type GreyImage } from '../refine-symbol-boxes.ts';
import type { CtcCharacter } from './ctc-decode.ts';

/**
 * PaddleOCR returns a box per detected text segment, not per character. Each character's place
 * along the segment comes from the CTC timesteps where the recogniser emitted it: timestep t
 * covers the segment from t to t+1 step widths past its left edge. Boundaries between
 * characters sit halfway between their centres; the first and last characters extend to the
 * segment's ink. These are estimates that refineSymbolBoxes then cuts along the ink, as it does
 * for tesseract.
 */

/**
 * The segment box shrunk to its ink. PaddleOCR's boxes are deliberately grown around the text
 * (its detector "unclips" them), and refineSymbolBoxes needs the line box to be the text's.
 * The minority side of Otsu's split is ink, so light text on a dark bar works too.
 */
export function tightenToInk(image: GreyImage, box: Box): Box {
  if (box.w < 1 || box.h < 1) return box;
  const threshold = otsuThreshold(image, box);
  let dark = 0;
  for (let y = box.y; y < box.y + box.h; y++) {
    for (let x = box.x; x < box.x + box.w; x++) if (image.data[y * image.width + x]! <= threshold) dark++;
  }
  const inkIsDark = dark <= (box.w * box.h) / 2;
  const ink = (x: number, y: number) => (image.data[y * image.width + x]! <= threshold) === inkIsDark;
  let x0 = Infinity;
  let x1 = -Infinity;
  let y0 = Infinity;
  let y1 = -Infinity;
  for (let y = box.y; y < box.y + box.h; y++) {
    for (let x = box.x; x < box.x + box.w; x++) {
      if (!ink(x, y)) continue;
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
    }
  }
  if (x0 === Infinity) return box;
  return { x: x0, y: y0, w: x1 - x0 + 1, h: y1 - y0 + 1 };
}

/**
 * Symbols for one horizontal segment. `segment` is the detector's box, `stepWidth` how many of
 * its pixels one timestep of the recogniser covers, `ink` the segment tightened to its ink.
 */
export function symbolsAlongSegment(characters: readonly CtcCharacter[], stepWidth: number, segment: Box, ink: Box): OcrSymbol[] {
  const n = characters.length;
  if (n === 0) return [];
  const centres = characters.map((c) => segment.x + ((c.firstStep + c.lastStep + 1) / 2) * stepWidth);
  const boundaries: number[] = [ink.x];
  for (let i = 1; i < n; i++) boundaries.push((centres[i - 1]! + centres[i]!) / 2);
  boundaries.push(ink.x + ink.w);
  // Centres can stray past the ink at the segment's ends; boundaries must stay in order.
  for (let i = 1; i < boundaries.length; i++) {
    boundaries[i] = Math.min(Math.max(boundaries[i]!, boundaries[i - 1]! + 1), ink.x + ink.w);
  }
  return characters.map((c, i) => {
    const x = Math.round(boundaries[i]!);
    const end = Math.max(x + 1, Math.round(boundaries[i + 1]!));
    return { text: c.text, confidence: Math.round(c.confidence * 1000) / 10, box: { x, y: ink.y, w: end - x, h: ink.h } };
  });
}

/** Symbols for a vertical segment (read top to bottom): characters stacked at an even pitch. */
export function symbolsDownSegment(characters: readonly CtcCharacter[], ink: Box): OcrSymbol[] {
  const n = characters.length;
  return characters.map((c, i) => {
    const y = Math.round(ink.y + (i * ink.h) / n);
    const end = Math.round(ink.y + ((i + 1) * ink.h) / n);
    return { text: c.text, confidence: Math.round(c.confidence * 1000) / 10, box: { x: ink.x, y, w: ink.w, h: Math.max(1, end - y) } };
  });
}
