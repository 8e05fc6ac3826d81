/** Reading the ground truth back from the rendered page: every character with its box, by visual line. */
import type { TextRec as RenderedTextRec } from './rendered-chars.ts';

export interface CharRec {
  ch: string;
  /** CSS px relative to #page. */
  x: number;
  y: number;
  w: number;
  h: number;
  hit: number | null;
  trap: number | null;
  zone: string;
  spaceBefore: boolean;
}
export interface LineRec {
  chars: CharRec[];
}

/**
 * Runs in the page, so it is plain JavaScript in a string (tsx would otherwise inject its
 * helpers into a function passed to page.evaluate). Each character is measured with its own
 * Range; a character starts a new visual line when its vertical middle leaves the current
 * line's box or it sits left of the previous one.
 */
export const EXTRACT_JS = String.raw`(() => {
  const page = document.getElementById('page').getBoundingClientRect();
  const lines = [];
  for (const block of document.querySelectorAll('[data-gt]')) {
    const zone = block.getAttribute('data-gt');
    let cur = null;
    let pendingSpace = false;
    const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
    let node;
    while ((node = walker.nextNode())) {
      const el = node.parentElement;
      const cs = getComputedStyle(el);
      if (cs.visibility === 'hidden' || cs.display === 'none') continue;
      const fontSize = parseFloat(cs.fontSize);
      const hitEl = el.closest('[data-hit]');
      const trapEl = el.closest('[data-trap]');
      const s = node.data;
      let i = 0;
      while (i < s.length) {
        const cp = s.codePointAt(i);
        const len = cp > 0xffff ? 2 : 1;
        const ch = String.fromCodePoint(cp);
        const range = document.createRange();
        range.setStart(node, i);
        range.setEnd(node, i + len);
        i += len;
        const rects = [...range.getClientRects()].filter((q) => q.width > 0.01 && q.height > 0.01);
        if (/\s/.test(ch)) { if (rects.length && cur) pendingSpace = true; continue; }
        if (!rects.length) continue;
        const q = rects[0];
        const mid = (q.top + q.bottom) / 2;
        const newLine = !cur || mid < cur.top || mid > cur.bottom || q.left < cur.right - fontSize * 0.5;
        let spaceBefore = false;
        if (newLine) {
          cur = { top: q.top, bottom: q.bottom, right: q.right, chars: [] };
          lines.push(cur);
        } else {
          spaceBefore = pendingSpace || q.left - cur.right > fontSize * 0.3;
        }
        pendingSpace = false;
        cur.right = q.right;
        cur.chars.push({
          ch, x: q.left - page.left, y: q.top - page.top, w: q.width, h: q.height,
          hit: hitEl ? Number(hitEl.getAttribute('data-hit')) : null,
          trap: trapEl ? Number(trapEl.getAttribute('data-trap')) : null,
          zone, spaceBefore,
        });
      }
    }
  }
  return lines.map((l) => ({ chars: l.chars }));
})()`;

export type TextRec = RenderedTextRec<CharRec>;
