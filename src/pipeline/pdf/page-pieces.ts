import type { Region } from '../../domain/document-unit.ts';
import { unionBoxes, type Box } from '../../domain/geometry.ts';
import type { OcrResult } from '../../domain/ocr.ts';

/** A stretch of a page's text with a box per code point, and where it came from. */
export type PagePiece = {
  text: string;
  boxes: (Box | null)[];
  region: Omit<Region, 'start' | 'end'>;
  ocr?: OcrResult;
};

export type ComposedPage = { text: string; boxes: (Box | null)[]; regions: Region[]; ocr: OcrResult[] };

/**
 * The page's text: its pieces in reading order (the order the page draws them), one line break
 * between two pieces, every region told which code points it produced.
 */
export function composePage(pieces: readonly PagePiece[]): ComposedPage {
  const chars: string[] = [];
  const boxes: (Box | null)[] = [];
  const regions: Region[] = [];
  for (const piece of pieces) {
    const pieceChars = Array.from(piece.text);
    if (pieceChars.length > 0 && chars.length > 0) {
      chars.push('\n');
      boxes.push(null);
    }
    const start = chars.length;
    chars.push(...pieceChars);
    boxes.push(...piece.boxes);
    regions.push({ ...piece.region, start, end: chars.length });
  }
  return { text: chars.join(''), boxes, regions, ocr: pieces.flatMap((p) => (p.ocr ? [p.ocr] : [])) };
}

/** The region's box: the union of its characters' boxes, when it has none of its own. */
export function boxOf(boxes: readonly (Box | null)[]): Box | undefined {
  return unionBoxes(boxes) ?? undefined;
}
