import type { Box } from '../../src/domain/geometry.ts';

/**
 * The characters of a page rendered in Chromium, as the sample renderer (scripts/) and the
 * holdout set (bench/holdout/) both read them back from the page: one rectangle per character
 * in CSS px, and whether the source had white space before it. Turned here into the ground-truth
 * text and image boxes, one definition for both sets.
 */
export type RenderedChar = { ch: string; x: number; y: number; w: number; h: number; spaceBefore: boolean };

/** Characters between which a space is dropped ("no spaces between Chinese characters"). */
export const WIDE = /[\p{Script=Han}\u3000-\u303f\uff00-\uffef\u2018\u2019\u201c\u201d\u2014\u2026\u00b7]/u;

/** A character of the ground truth: a rendered one, or a space or line break between them (c null). */
export type TextRec<C extends RenderedChar> = { ch: string; line: number; c: C | null };

/** The page's text as a reader sees it: lines joined by \n, a space only where Latin text had one. */
export function assembleText<C extends RenderedChar>(lines: readonly (readonly C[])[]): TextRec<C>[] {
  const out: TextRec<C>[] = [];
  lines.forEach((line, li) => {
    if (li > 0) out.push({ ch: '\n', line: li, c: null });
    let prev: C | null = null;
    for (const c of line) {
      if (prev && c.spaceBefore && !(WIDE.test(prev.ch) && WIDE.test(c.ch))) out.push({ ch: ' ', line: li, c: null });
      out.push({ ch: c.ch, line: li, c });
      prev = c;
    }
  });
  return out;
}

/** The image box (device pixels, clipped to the image) around characters of one line. */
export function toImageBox(rects: readonly RenderedChar[], dpr: number, width: number, height: number): Box {
  const x0 = Math.max(0, Math.floor(Math.min(...rects.map((r) => r.x)) * dpr));
  const y0 = Math.max(0, Math.floor(Math.min(...rects.map((r) => r.y)) * dpr));
  const x1 = Math.min(width, Math.ceil(Math.max(...rects.map((r) => r.x + r.w)) * dpr));
  const y1 = Math.min(height, Math.ceil(Math.max(...rects.map((r) => r.y + r.h)) * dpr));
  return { x: x0, y: y0, w: x1 - x0, h: y1 - y0 };
}
