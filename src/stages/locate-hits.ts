import { unionBoxes, type Box } from '../domain/geometry.ts';
import type { Hit } from '../domain/hit.ts';

/**
 * Puts each hit on the image: the union of its characters' boxes, and one box per line when
 * the term wraps, so the review page can outline both halves of 海外联络⏎站.
 */
export function locateHits(hits: readonly Hit[], text: string, boxes: readonly (Box | null)[]): Hit[] {
  const chars = [...text];
  return hits.map((hit) => {
    const lines: Box[] = [];
    let line: (Box | null)[] = [];
    for (let i = hit.start; i < hit.end; i++) {
      if (chars[i] === '\n') {
        const box = unionBoxes(line);
        if (box) lines.push(box);
        line = [];
      } else line.push(boxes[i] ?? null);
    }
    const last = unionBoxes(line);
    if (last) lines.push(last);
    const bbox = unionBoxes(lines);
    if (!bbox) return hit;
    return lines.length > 1 ? { ...hit, bbox, boxes: lines } : { ...hit, bbox };
  });
}
