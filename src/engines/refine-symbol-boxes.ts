import type { Box } from '../domain/geometry.ts';
import type { OcrLine, OcrSymbol } from '../domain/ocr.ts';

/**
 * Tesseract's LSTM engine places characters only roughly: a symbol's box runs from the
 * timestep where its label fired to where the next one fired, often half a character or more
 * to the right of the glyph, sometimes several characters wide. Line boxes, by contrast, are
 * exact. This re-cuts each line into characters where the ink allows: boundaries prefer
 * columns without ink, stay near tesseract's estimate, and Chinese characters (set on a fixed
 * pitch) prefer the line's pitch. Each symbol then gets the tight box of the ink between its
 * boundaries; punctuation with no ink between its boundaries was read into empty space and is
 * dropped.
 */

export type GreyImage = { data: Uint8Array; width: number; height: number };

/** Cost of a boundary through a fully inked column, against one pixel of pitch or position error. */
const INK_COST = 12;
const PITCH_COST = 1;
const POSITION_COST = 0.08;
/** A cell without ink for a letter or character, in character widths: a last resort. */
const EMPTY_CELL_COST = 1;

const FIXED_PITCH = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\u3000-\u303f\uff01-\uff60]/u;

const PUNCTUATION = /^[\p{P}\p{S}]$/u;

function firstChar(symbol: OcrSymbol | undefined): string {
  return symbol ? (Array.from(symbol.text)[0] ?? '') : '';
}

/**
 * Which symbols sit on the fixed pitch: Chinese characters and full-width punctuation, and
 * ASCII punctuation between Chinese characters, which is how tesseract reports a full-width
 * comma or colon drawn centred in its em box.
 */
function fixedPitchFlags(symbols: readonly OcrSymbol[]): boolean[] {
  const cjk = symbols.map((s) => FIXED_PITCH.test(firstChar(s)));
  return symbols.map((s, i) => {
    if (cjk[i]) return true;
    return PUNCTUATION.test(s.text) && (cjk[i - 1] === true || cjk[i + 1] === true);
  });
}

/** Otsu's threshold over a region: text and background separate cleanly in screenshots. */
export function otsuThreshold(image: GreyImage, box: Box): number {
  const histogram = new Array<number>(256).fill(0);
  for (let y = box.y; y < box.y + box.h; y++) {
    for (let x = box.x; x < box.x + box.w; x++) histogram[image.data[y * image.width + x]!]! += 1;
  }
  const total = box.w * box.h;
  let sumAll = 0;
  for (let v = 0; v < 256; v++) sumAll += v * histogram[v]!;
  let weightBelow = 0;
  let sumBelow = 0;
  let best = 128;
  let bestVariance = -1;
  for (let t = 0; t < 256; t++) {
    weightBelow += histogram[t]!;
    if (weightBelow === 0) continue;
    const weightAbove = total - weightBelow;
    if (weightAbove === 0) break;
    sumBelow += t * histogram[t]!;
    const meanBelow = sumBelow / weightBelow;
    const meanAbove = (sumAll - sumBelow) / weightAbove;
    const variance = weightBelow * weightAbove * (meanBelow - meanAbove) ** 2;
    if (variance > bestVariance) {
      bestVariance = variance;
      best = t;
    }
  }
  return best;
}

function clampBox(box: Box, image: GreyImage): Box | null {
  const x0 = Math.max(0, Math.min(image.width, box.x));
  const y0 = Math.max(0, Math.min(image.height, box.y));
  const x1 = Math.max(x0, Math.min(image.width, box.x + box.w));
  const y1 = Math.max(y0, Math.min(image.height, box.y + box.h));
  if (x1 - x0 < 1 || y1 - y0 < 1) return null;
  return { x: x0, y: y0, w: x1 - x0, h: y1 - y0 };
}

/**
 * The line's character pitch from its runs of fixed-pitch symbols, weighted by length: over a
 * run of k characters the errors at its two ends shrink to 1/k per character.
 */
function estimatePitch(symbols: readonly OcrSymbol[], fixed: readonly boolean[], lineBox: Box): number {
  let span = 0;
  let count = 0;
  let runStart = -1;
  for (let i = 0; i <= symbols.length; i++) {
    const inRun = i < symbols.length && fixed[i]!;
    if (inRun && runStart < 0) runStart = i;
    if (!inRun && runStart >= 0) {
      if (i - runStart >= 3) {
        const last = symbols[i - 1]!.box;
        span += last.x + last.w - symbols[runStart]!.box.x;
        count += i - runStart;
      }
      runStart = -1;
    }
  }
  return count > 0 ? span / count : lineBox.h;
}

function refineLine(line: OcrLine, image: GreyImage): OcrLine {
  const lineBox = clampBox(line.box, image);
  const symbols = line.symbols;
  if (!lineBox || symbols.length === 0) return line;

  const threshold = otsuThreshold(image, lineBox);
  const inkAt = (x: number, y: number) => image.data[y * image.width + x]! <= threshold;

  // Columns just outside the line box give the first and last boundary room to sit on blank paper.
  const margin = Math.max(2, Math.round(lineBox.h / 2));
  const left = Math.max(0, lineBox.x - margin);
  const right = Math.min(image.width, lineBox.x + lineBox.w + margin);
  const columns = right - left + 1;
  const inkShare = new Float64Array(columns);
  for (let c = 0; c < columns; c++) {
    const x = left + c;
    if (x >= image.width) continue;
    let ink = 0;
    for (let y = lineBox.y; y < lineBox.y + lineBox.h; y++) if (inkAt(x, y)) ink++;
    inkShare[c] = ink / lineBox.h;
  }

  const n = symbols.length;
  const fixedPitch = fixedPitchFlags(symbols);
  const pitch = estimatePitch(symbols, fixedPitch, lineBox);

  // Blank stretches of at least a character's width are layout (gaps between menu items, an
  // ideographic space), not part of any character's advance: a cell may take them in for free.
  // inkBefore/wideBlankBefore are prefix counts, so a cell's contents cost O(1) to look up.
  const inkBefore = new Int32Array(columns + 1);
  const wideBlankBefore = new Int32Array(columns + 1);
  const wideBlank = new Uint8Array(columns);
  for (let c = 0; c < columns; ) {
    if (inkShare[c]! > 0) {
      c++;
      continue;
    }
    let end = c;
    while (end < columns && inkShare[end] === 0) end++;
    if (end - c >= pitch) wideBlank.fill(1, c, end);
    c = end;
  }
  for (let c = 0; c < columns; c++) {
    inkBefore[c + 1] = inkBefore[c]! + (inkShare[c]! > 0 ? 1 : 0);
    wideBlankBefore[c + 1] = wideBlankBefore[c]! + wideBlank[c]!;
  }
  const punctuation = symbols.map((symbol) => PUNCTUATION.test(symbol.text));
  const cellCost = (p: number, x: number, symbol: number): number => {
    const a = p - left;
    const b = x - left;
    const fixed = fixedPitch[symbol]!;
    if (inkBefore[b] === inkBefore[a]) {
      // Tesseract reads quote marks and full stops into wide gaps; anywhere else an empty cell
      // would only be slack that lets the rest of the line drift off its pitch.
      const inGap = wideBlankBefore[b]! - wideBlankBefore[a]! === b - a;
      return punctuation[symbol] && inGap ? 0 : EMPTY_CELL_COST * pitch;
    }
    if (!fixed) return 0;
    const width = x - p - (wideBlankBefore[b]! - wideBlankBefore[a]!);
    return PITCH_COST * Math.abs(width - pitch);
  };
  // The line box is exact, and so are a symbol's start more often than its end (ends are
  // sometimes several characters out): boundary i is expected where symbol i starts.
  const estimate: number[] = [];
  for (let i = 0; i <= n; i++) {
    if (i === 0) estimate.push(lineBox.x);
    else if (i === n) estimate.push(lineBox.x + lineBox.w);
    else estimate.push(Math.max(symbols[i]!.box.x, estimate[i - 1]! + 1));
  }
  const radius = Math.max(6, Math.round(1.5 * pitch));
  // The line's ends are hard limits: with them fixed the pitch cannot slide the whole line of
  // characters by one, which tesseract's late-biased starts would otherwise pull it towards.
  const windowOf = (i: number) => {
    if (i === 0) return { lo: left, hi: lineBox.x };
    if (i === n) return { lo: lineBox.x + lineBox.w, hi: right };
    const lo = Math.max(lineBox.x + 1, Math.round(estimate[i]! - radius));
    const hi = Math.min(lineBox.x + lineBox.w - 1, Math.round(estimate[i]! + radius));
    return { lo, hi: Math.max(lo, hi) };
  };

  // Dynamic programming over boundary positions; boundaries never move left.
  const windows = Array.from({ length: n + 1 }, (_, i) => windowOf(i));
  const cost: Float64Array[] = [];
  const from: Int32Array[] = [];
  for (let i = 0; i <= n; i++) {
    const { lo, hi } = windows[i]!;
    const size = hi - lo + 1;
    const row = new Float64Array(size).fill(Infinity);
    const back = new Int32Array(size).fill(-1);
    for (let k = 0; k < size; k++) {
      const x = lo + k;
      const local = INK_COST * inkShare[x - left]! + POSITION_COST * Math.abs(x - estimate[i]!);
      if (i === 0) {
        row[k] = local;
        continue;
      }
      const previous = windows[i - 1]!;
      let best = Infinity;
      let bestFrom = -1;
      for (let p = previous.lo; p <= Math.min(previous.hi, x - 1); p++) {
        const before = cost[i - 1]![p - previous.lo]!;
        if (before === Infinity) continue;
        const total = before + cellCost(p, x, i - 1);
        if (total < best) {
          best = total;
          bestFrom = p;
        }
      }
      if (bestFrom >= 0) {
        row[k] = best + local;
        back[k] = bestFrom;
      }
    }
    cost.push(row);
    from.push(back);
  }

  const last = cost[n]!;
  let bestK = -1;
  for (let k = 0; k < last.length; k++) if (bestK < 0 || last[k]! < last[bestK]!) bestK = k;
  if (bestK < 0 || last[bestK] === Infinity) return line;
  const boundaries = new Array<number>(n + 1);
  let x = windows[n]!.lo + bestK;
  for (let i = n; i >= 0; i--) {
    boundaries[i] = x;
    if (i > 0) x = from[i]![x - windows[i]!.lo]!;
  }

  const refined: OcrSymbol[] = [];
  const newIndex: number[] = [];
  symbols.forEach((symbol, i) => {
    const x0 = boundaries[i]!;
    const x1 = boundaries[i + 1]!;
    let minX = Infinity;
    let maxX = -Infinity;
    let minY = Infinity;
    let maxY = -Infinity;
    for (let cx = x0; cx < x1 && cx < image.width; cx++) {
      for (let y = lineBox.y; y < lineBox.y + lineBox.h; y++) {
        if (!inkAt(cx, y)) continue;
        if (cx < minX) minX = cx;
        if (cx > maxX) maxX = cx;
        if (y < minY) minY = y;
        if (y > maxY) maxY = y;
      }
    }
    newIndex.push(refined.length);
    if (minX === Infinity) {
      // Punctuation read into empty space (between menu items, at an ideographic space) is
      // not on the page; anything else keeps the place the cut gave it.
      if (punctuation[i]) return;
      refined.push({ ...symbol, box: { x: x0, y: lineBox.y, w: Math.max(1, x1 - x0), h: lineBox.h } });
      return;
    }
    refined.push({ ...symbol, box: { x: minX, y: minY, w: maxX - minX + 1, h: maxY - minY + 1 } });
  });
  if (refined.length === 0) return line;
  newIndex.push(refined.length);

  // A word whose first symbol was dropped starts at its next kept symbol, if any is left.
  const starts = [...line.wordStarts, symbols.length];
  const wordStarts: number[] = [];
  for (let w = 0; w + 1 < starts.length; w++) {
    const start = newIndex[starts[w]!]!;
    const end = newIndex[starts[w + 1]!]!;
    if (end > start && !wordStarts.includes(start)) wordStarts.push(start);
  }
  return { symbols: refined, wordStarts, box: line.box };
}

export function refineSymbolBoxes(lines: readonly OcrLine[], image: GreyImage): OcrLine[] {
  return lines.map((line) => refineLine(line, image));
}
