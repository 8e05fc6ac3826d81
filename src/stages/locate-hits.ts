import { unionBoxes, type Box } from '../domain/geometry.ts';
import type { Hit } from '../domain/hit.ts';

/**
 * Puts each hit on the image: the union of its characters' boxes, and one box per line when
 * the term wraps, so the review page can outline both halves of 海外联络⏎站.
 */
export function locateHits(hits: readonly Hit[], text: string, boxes: readonly (Box | null)[]): Hit[] {
  const chars = [...text];
  return hits.map((hit) => {
    const place = locateSpan(hit, chars, boxes);
    return place ? { ...hit, ...place } : hit;
  });
}

/**
 * Where the code points [start, end) of a text stand on the image: the union of their boxes,
 * and one box per line when the span wraps. Undefined when none of them has a box. Search
 * results are placed with it too, so a result and a hit on the same characters share a box.
 */
export function locateSpan(
  span: { start: number; end: number },
  chars: readonly string[],
  boxes: readonly (Box | null)[],
): { bbox: Box; boxes?: Box[] } | undefined {
  const lines: Box[] = [];
  let line: (Box | null)[] = [];
  for (let i = span.start; i < span.end; i++) {
    if (chars[i] === '\n') {
      const box = unionBoxes(line);
      if (box) lines.push(box);
      line = [];
    } else line.push(boxes[i] ?? null);
  }
  const last = unionBoxes(line);
  if (last) lines.push(last);
  const bbox = unionBoxes(lines);
  if (!bbox) return undefined;
  return lines.length > 1 ? { bbox, boxes: lines } : { bbox };
}
