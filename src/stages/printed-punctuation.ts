import { type Box, isColumnBox } from '../domain/geometry.ts';
import type { OcrLine, OcrSymbol } from '../domain/ocr.ts';

/**
 * Chinese punctuation as printed (issue #20, point 7), where the engines read it as something
 * else. Both engines read a dash `——` as `一一` or `--`; tesseract reads an ellipsis `……` as a
 * run of dots, hyphens and quotes (`--“““-`, `..““`). Only the geometry and the neighbours tell
 * them apart from real text:
 *
 * - a dash is one unbroken stroke: two or more dash-like symbols (一 - — ＿) whose boxes touch
 *   (less than DASH_GAP of the character height between them; the character 一 has side bearings,
 *   so 一一 "one by one" leaves a gap), beside a Chinese character or punctuation;
 * - an ellipsis is a run of dot-like symbols (. · … ‥ and, in tesseract's readings, - “ ” ")
 *   at least three long, or two with a dot among them, between Chinese characters, no wider than
 *   an ellipsis;
 * - a full-width slash (／, as in 記者林志明／臺北報導) is as wide as a Chinese character, where
 *   the engines read an ASCII `/` (an ASCII slash in a CJK font is half as wide or less): a `/`
 *   between Chinese characters, at least FULL_WIDTH_SLASH of the character height wide, is ／.
 *
 * A dash's or an ellipsis's box is shared out among the characters that replace it, so every
 * code point keeps a box.
 *
 * In a column of vertical text the comma and the full stop take their vertical forms, in the top
 * right of their cell, and PaddleOCR reads them as a closing quote (’) and a letter (c): there,
 * after a Chinese character and before another or the column's end, they are ，and 。.
 */

const DASH_LIKE = new Set(['一', '-', '—', '－', '_', '＿', '–', '―']);
const DOT_LIKE = new Set(['.', '·', '…', '‥', '“', '”', '"', '-', '•', '。']);
const DOTS = new Set(['.', '·', '…', '‥', '•']);
/** Boxes of one dash's halves are this close (share of the character height) or overlap. */
const DASH_GAP = 0.08;
/**
 * A slash this wide (share of the character height) is full width: the ／ of samples/ pages 6,
 * 10, 19 and 27 was read 0.9–1.05 of the height wide, the ASCII slashes of their dates 0.3–0.6.
 */
const FULL_WIDTH_SLASH = 0.75;
/** An ellipsis (two em) is at most this many character heights wide (its dots' boxes spread). */
const MAX_ELLIPSIS_WIDTH = 3.5;

const COMMA_IN_COLUMN = new Set(["'", '’', '‘', '`', '´', ',']);
const STOP_IN_COLUMN = new Set(['c', 'o', 'O', '0', '°', 'º', '.']);

const HAN = /\p{Script=Han}/u;
const CHINESE = /[\p{Script=Han}\u3000-\u303f\uff00-\uffef]/u;

function median(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1]!;
}

function unionOf(symbols: readonly OcrSymbol[]): Box {
  const x0 = Math.min(...symbols.map((s) => s.box.x));
  const y0 = Math.min(...symbols.map((s) => s.box.y));
  const x1 = Math.max(...symbols.map((s) => s.box.x + s.box.w));
  const y1 = Math.max(...symbols.map((s) => s.box.y + s.box.h));
  return { x: x0, y: y0, w: x1 - x0, h: y1 - y0 };
}

/** `count` symbols of `text` sharing the run's box from left to right. */
function replacement(run: readonly OcrSymbol[], text: string, count: number): OcrSymbol[] {
  const box = unionOf(run);
  const confidence = Math.min(...run.map((s) => s.confidence));
  return Array.from({ length: count }, (_, k) => {
    const x = box.x + Math.round((k * box.w) / count);
    const end = box.x + Math.round(((k + 1) * box.w) / count);
    return { text, confidence, box: { x, y: box.y, w: Math.max(1, end - x), h: box.h } };
  });
}

const isChinese = (symbol: OcrSymbol | undefined) => symbol !== undefined && CHINESE.test(symbol.text);

/** A column of vertical text: a line of several symbols, its box a column's. */
function isColumn(line: OcrLine): boolean {
  return line.symbols.length >= 2 && isColumnBox(line.box);
}

/** A column's vertical commas and full stops as ，and 。 (see the top of the file). */
function columnPunctuation(line: OcrLine): OcrLine {
  let changed = false;
  const symbols = line.symbols.map((symbol, i) => {
    const followsHan = HAN.test(line.symbols[i - 1]?.text ?? '');
    const precedesHanOrEnd = i === line.symbols.length - 1 || HAN.test(line.symbols[i + 1]!.text);
    const printed = COMMA_IN_COLUMN.has(symbol.text) ? '，' : STOP_IN_COLUMN.has(symbol.text) ? '。' : undefined;
    if (!printed || !followsHan || !precedesHanOrEnd) return symbol;
    changed = true;
    return { ...symbol, text: printed };
  });
  return changed ? { ...line, symbols } : line;
}

/** The line with misread dashes, ellipses, full-width slashes and a column's commas and full stops replaced; other symbols untouched. */
export function printedPunctuation(read: OcrLine): OcrLine {
  const line = isColumn(read) ? columnPunctuation(read) : read;
  const { symbols } = line;
  const han = symbols.filter((s) => HAN.test(s.text) && s.text !== '一').map((s) => s.box.h);
  const height = han.length > 0 ? median(han) : line.box.h;
  const out: OcrSymbol[] = [];
  const starts = new Set(line.wordStarts);
  const wordStarts: number[] = [];
  let changed = false;
  let i = 0;
  while (i < symbols.length) {
    const before = symbols[i - 1];
    let j = i;
    while (j < symbols.length && DASH_LIKE.has(symbols[j]!.text) && (j === i || symbols[j]!.box.x - (symbols[j - 1]!.box.x + symbols[j - 1]!.box.w) <= DASH_GAP * height)) j++;
    const dash = j - i >= 2 && (isChinese(before) || isChinese(symbols[j])) && symbols.slice(i, j).some((s) => s.text !== '—');
    let k = i;
    while (k < symbols.length && DOT_LIKE.has(symbols[k]!.text)) k++;
    const dotRun = symbols.slice(i, k);
    const ellipsis =
      (k - i >= 3 || (k - i === 2 && dotRun.some((s) => DOTS.has(s.text)))) &&
      !dotRun.every((s) => s.text === '…') &&
      isChinese(before) &&
      (k === symbols.length || isChinese(symbols[k])) &&
      unionOf(dotRun).w <= MAX_ELLIPSIS_WIDTH * height;
    if (dash || ellipsis) {
      // A misread ellipsis may start with two touching hyphens: the longer reading wins.
      const asDash = dash && !(ellipsis && k > j);
      const run = asDash ? symbols.slice(i, j) : dotRun;
      const count = asDash ? Math.max(2, Math.round(unionOf(run).w / height)) : 2;
      if (run.some((_, m) => starts.has(i + m))) wordStarts.push(out.length);
      out.push(...replacement(run, asDash ? '—' : '…', count));
      changed = true;
      i += run.length;
      continue;
    }
    if (starts.has(i)) wordStarts.push(out.length);
    const symbol = symbols[i]!;
    const fullWidthSlash = symbol.text === '/' && HAN.test(before?.text ?? '') && HAN.test(symbols[i + 1]?.text ?? '') && symbol.box.w >= FULL_WIDTH_SLASH * height;
    out.push(fullWidthSlash ? { ...symbol, text: '／' } : symbol);
    changed ||= fullWidthSlash;
    i++;
  }
  return changed ? { ...line, symbols: out, wordStarts } : line;
}

/** Corner and lenticular brackets, which an engine may read as ASCII square ones, by the closing form that pairs with them. */
const SQUARE_READINGS: Record<string, string> = { '」': '「', '】': '【', '』': '『' };

/**
 * ASCII quotes and brackets beside Chinese text as the full-width forms Chinese prints: `"`
 * opens (“) or closes (”) by the quotes before it on the page, `(` `)` become （ ）, and a `[`
 * before a Chinese character takes the form of the bracket that closes it further on its line
 * (「 for 」, 【 for 】: samples/ page 26 read 「警僑驛站」 as [警僑驛站」); one closed by `]` stays.
 */
export function fullWidthQuotes(chars: string[]): void {
  let open = false;
  const chinese = (ch: string | undefined) => ch !== undefined && CHINESE.test(ch);
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i]!;
    if (ch === '“') open = true;
    else if (ch === '”') open = false;
    else if (ch === '"' && (chinese(chars[i - 1]) || chinese(chars[i + 1]))) {
      chars[i] = open ? '”' : '“';
      open = !open;
    } else if (ch === '(' && (chinese(chars[i - 1]) || chinese(chars[i + 1]))) chars[i] = '（';
    else if (ch === ')' && chinese(chars[i - 1])) chars[i] = '）';
    else if (ch === '[' && chinese(chars[i + 1])) chars[i] = openingFor(chars, i) ?? ch;
  }
}

/** The opening form that the first closing bracket after `at` pairs with, if it is a Chinese one. */
function openingFor(chars: readonly string[], at: number): string | undefined {
  for (let j = at + 1; j < chars.length; j++) {
    const ch = chars[j]!;
    if (ch === ']' || ch === '[' || ch === '\n') return undefined;
    if (ch in SQUARE_READINGS) return SQUARE_READINGS[ch];
  }
  return undefined;
}
