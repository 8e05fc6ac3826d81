import type { Box } from '../domain/geometry.ts';
import type { OcrLine, OcrSymbol, RawOcr } from '../domain/ocr.ts';

/**
 * Puts an engine's lines in the order a person reads them and groups them into blocks.
 *
 * Engines read a page row by row: tesseract's uniform-block mode and PaddleOCR's rows both join
 * the left and the right column of a two-column page into one line, and a grid of blocks is read
 * straight across. Here every line is first cut into pieces where its characters leave a wide gap
 * (or, for vertical text, where they stop going down), then the pieces are divided as in a
 * recursive XY cut: a region is split at a high empty horizontal band (between rows of cards,
 * below a header), else at an empty vertical band (columns, cards, a side bar; read left to
 * right, or right to left for vertical text) where one is wide enough, else at an empty
 * horizontal band wider than the space between lines (paragraphs, bars; read top to bottom).
 * A region that cannot be split is a block; its pieces become lines again, row by row.
 *
 * A vertical band is taken for a column gap only when it is at most MAX_COLUMN_GAP characters
 * wide, or, wider, when the text left of it wraps (two or more pieces reach the band): a key-value
 * table or a list of headlines with their dates on the right has wide gaps between short cells,
 * and is read row by row.
 */

/** A gap this many character sizes wide inside a line separates two pieces (columns, cells). */
const PIECE_GAP = 1.5;
/** An empty vertical band at least this wide (in character sizes) may separate columns. */
const MIN_COLUMN_GAP = 1.5;
/** Wider than this, the band separates columns only where the text left of it wraps. */
const MAX_COLUMN_GAP = 4;
/** An empty horizontal band at least this high separates blocks (line spacing stays below it). */
const MIN_BLOCK_GAP = 1.2;
/**
 * A band this high (wider than paragraph spacing) separates rows of blocks, and is cut before
 * any column gap: a grid is read row by row, each card whole, left to right.
 */
const ROW_GAP = 2;
/** A page with at least this share of its characters in vertical pieces is read right to left. */
const VERTICAL_SHARE = 0.6;

type Piece = { symbols: OcrSymbol[]; wordStarts: number[]; box: Box; vertical: boolean };

export type ReadingOrder = {
  lines: OcrLine[];
  /** Per line, the block it belongs to (blocks are numbered in reading order). */
  lineBlocks: number[];
  /** Whether the page was read as vertical text (top to bottom, columns right to left). */
  vertical: boolean;
};

function median(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1]!;
}

function unionOf(boxes: readonly Box[]): Box {
  const x0 = Math.min(...boxes.map((b) => b.x));
  const y0 = Math.min(...boxes.map((b) => b.y));
  const x1 = Math.max(...boxes.map((b) => b.x + b.w));
  const y1 = Math.max(...boxes.map((b) => b.y + b.h));
  return { x: x0, y: y0, w: x1 - x0, h: y1 - y0 };
}

function overlap(a0: number, a1: number, b0: number, b1: number): number {
  return Math.max(0, Math.min(a1, b1) - Math.max(a0, b0));
}

/** The size of a full character on the page: the median of the longer side of the symbols' boxes. */
function characterSize(lines: readonly OcrLine[]): number {
  return Math.max(1, median(lines.flatMap((l) => l.symbols.map((s) => Math.max(s.box.w, s.box.h)))));
}

function pieceOf(symbols: OcrSymbol[], starts: number[], vertical: boolean): Piece {
  return { symbols, wordStarts: starts, box: unionOf(symbols.map((s) => s.box)), vertical };
}

/** Cuts a line where its characters leave a wide gap, or where a run of them goes down the page. */
export function splitLine(line: OcrLine, size: number): Piece[] {
  const pieces: Piece[] = [];
  const words = new Set(line.wordStarts);
  let current: OcrSymbol[] = [];
  let starts: number[] = [];
  let vertical = false;
  const flush = () => {
    if (current.length > 0) pieces.push(pieceOf(current, starts, vertical));
    current = [];
    starts = [];
    vertical = false;
  };
  line.symbols.forEach((symbol, index) => {
    const previous = current[current.length - 1];
    if (previous) {
      const a = previous.box;
      const b = symbol.box;
      const below = overlap(a.x, a.x + a.w, b.x, b.x + b.w) >= 0.5 * Math.min(a.w, b.w) && b.y + b.h / 2 > a.y + a.h && b.y - (a.y + a.h) < PIECE_GAP * size;
      const beside = overlap(a.y, a.y + a.h, b.y, b.y + b.h) >= 0.3 * Math.min(a.h, b.h) && b.x + b.w / 2 > a.x + a.w && b.x - (a.x + a.w) < PIECE_GAP * size;
      const continues = current.length === 1 ? below || beside : vertical ? below : beside;
      if (!continues) flush();
      else if (current.length === 1) vertical = below && !beside;
    }
    if (current.length === 0 || words.has(index)) starts.push(current.length);
    current.push(symbol);
  });
  flush();
  return pieces;
}

type Interval = { start: number; end: number };

/** Empty bands along one axis between the pieces' extents: [start, end) of each gap, in order. */
function gaps(pieces: readonly Piece[], axis: 'x' | 'y'): Interval[] {
  const spans = pieces
    .map((p) => (axis === 'x' ? { start: p.box.x, end: p.box.x + p.box.w } : { start: p.box.y, end: p.box.y + p.box.h }))
    .sort((a, b) => a.start - b.start);
  const found: Interval[] = [];
  let reach = spans[0]!.end;
  for (const span of spans.slice(1)) {
    if (span.start > reach) found.push({ start: reach, end: span.start });
    reach = Math.max(reach, span.end);
  }
  return found;
}

/** How many rows (distinct lines across the band) the pieces stand on. */
function rowCount(pieces: readonly Piece[]): number {
  const spans = pieces.map((p) => ({ start: p.box.y, end: p.box.y + p.box.h, mid: p.box.y + p.box.h / 2 })).sort((a, b) => a.mid - b.mid);
  let rows = 0;
  let bottom = -Infinity;
  for (const span of spans) {
    if (span.mid > bottom) {
      rows++;
      bottom = span.end;
    }
  }
  return rows;
}

/**
 * A column gap has text on two or more rows on each side: a gap between the items of a menu
 * bar, or between a bar and the short line below it, is not one.
 */
function columnsOnBothSides(pieces: readonly Piece[], at: number): boolean {
  const [left, right] = splitAt(pieces, 'x', at);
  return rowCount(left) >= 2 && rowCount(right) >= 2;
}

/** Whether the text left of a column gap wraps: two or more of its pieces reach the gap. */
function wrapsAt(left: readonly Piece[], edge: number, size: number): boolean {
  return left.filter((p) => !p.vertical && edge - (p.box.x + p.box.w) <= size).length >= 2;
}

function splitAt(pieces: readonly Piece[], axis: 'x' | 'y', at: number): [Piece[], Piece[]] {
  const before = pieces.filter((p) => (axis === 'x' ? p.box.x + p.box.w / 2 : p.box.y + p.box.h / 2) < at);
  const after = pieces.filter((p) => !before.includes(p));
  return [before, after];
}

/** The pieces of one block as lines: rows (columns, for vertical text) in order, pieces along each. */
function blockLines(pieces: readonly Piece[], vertical: boolean): OcrLine[] {
  const across = (p: Piece) => (vertical ? p.box.x + p.box.w / 2 : p.box.y + p.box.h / 2);
  const thickness = median(pieces.map((p) => (vertical ? p.box.w : p.box.h)));
  const rows: Piece[][] = [];
  const ordered = [...pieces].sort((a, b) => (vertical ? across(b) - across(a) : across(a) - across(b)));
  for (const piece of ordered) {
    const row = rows.find((r) => Math.abs(across(r[0]!) - across(piece)) < thickness / 2);
    if (row) row.push(piece);
    else rows.push([piece]);
  }
  return rows.map((row) => {
    row.sort((a, b) => (vertical ? a.box.y - b.box.y : a.box.x - b.box.x));
    const symbols: OcrSymbol[] = [];
    const wordStarts: number[] = [];
    for (const piece of row) {
      for (const start of piece.wordStarts) wordStarts.push(symbols.length + start);
      symbols.push(...piece.symbols);
    }
    return { symbols, wordStarts, box: unionOf(row.map((p) => p.box)) };
  });
}

/** Recursive XY cut: the blocks of a region, in reading order. */
function cut(pieces: Piece[], size: number, vertical: boolean, blocks: Piece[][]): void {
  if (pieces.length > 1) {
    const bands = gaps(pieces, 'y').sort((a, b) => b.end - b.start - (a.end - a.start));
    const row = bands[0] && bands[0].end - bands[0].start >= ROW_GAP * size ? bands[0] : undefined;
    if (row && !vertical) {
      for (const side of splitAt(pieces, 'y', (row.start + row.end) / 2)) cut(side, size, vertical, blocks);
      return;
    }
    const columnGaps = gaps(pieces, 'x').filter((g) => g.end - g.start >= MIN_COLUMN_GAP * size);
    const column = columnGaps
      .filter((g) => vertical || columnsOnBothSides(pieces, (g.start + g.end) / 2))
      .filter((g) => vertical || g.end - g.start <= MAX_COLUMN_GAP * size || wrapsAt(splitAt(pieces, 'x', g.start)[0], g.start, size))
      .sort((a, b) => b.end - b.start - (a.end - a.start))[0];
    if (column) {
      const [left, right] = splitAt(pieces, 'x', (column.start + column.end) / 2);
      for (const side of vertical ? [right, left] : [left, right]) cut(side, size, vertical, blocks);
      return;
    }
    const band = bands[0];
    if (band && band.end - band.start >= MIN_BLOCK_GAP * size) {
      for (const side of splitAt(pieces, 'y', (band.start + band.end) / 2)) cut(side, size, vertical, blocks);
      return;
    }
  }
  if (pieces.length > 0) blocks.push(pieces);
}

/**
 * The page's lines in reading order, each with its block. Symbols are never dropped or changed:
 * only the lines they belong to and the order of the lines.
 */
export function orderReading(lines: readonly OcrLine[]): ReadingOrder {
  if (lines.length === 0) return { lines: [], lineBlocks: [], vertical: false };
  const size = characterSize(lines);
  const pieces = lines.flatMap((line) => splitLine(line, size));
  const symbolsIn = (ps: readonly Piece[]) => ps.reduce((n, p) => n + p.symbols.length, 0);
  const vertical = symbolsIn(pieces.filter((p) => p.vertical && p.symbols.length > 1)) >= VERTICAL_SHARE * symbolsIn(pieces);
  const blocks: Piece[][] = [];
  cut(pieces, size, vertical, blocks);
  const ordered: OcrLine[] = [];
  const lineBlocks: number[] = [];
  blocks.forEach((block, index) => {
    for (const line of blockLines(block, vertical && block.some((p) => p.vertical))) {
      ordered.push(line);
      lineBlocks.push(index);
    }
  });
  return { lines: ordered, lineBlocks, vertical };
}

/** The raw reading with its lines in reading order (its `text` stays what the engine read). */
export function inReadingOrder(raw: RawOcr): { raw: RawOcr; lineBlocks: number[]; vertical: boolean } {
  const order = orderReading(raw.lines);
  return { raw: { ...raw, lines: order.lines }, lineBlocks: order.lineBlocks, vertical: order.vertical };
}
