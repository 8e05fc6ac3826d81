import { unionBoxes, type Box } from '../domain/geometry.ts';
import type { OcrLine, RawOcr, TextBlock } from '../domain/ocr.ts';
import { classifyChar, countScripts, simplifyChar, traditionalizeChar } from '../script/han-script.ts';
import { fullWidthQuotes, printedPunctuation } from './printed-punctuation.ts';

/**
 * Turns tesseract's lines of symbols into the text termlens matches against, keeping for every
 * code point the image box it came from.
 *
 * Tesseract treats nearly every Chinese character as a word of its own and puts spaces between
 * them; those spaces are not in the source and would break every glossary match. Spaces
 * between Latin words are real and stay.
 */

export type CleanOcrOptions = {
  /** Convert the few characters read in the page's minority script (default true). */
  harmoniseScript?: boolean;
  /**
   * Between a Chinese character and a Latin letter or digit a space is kept only when the gap
   * in the image is at least this share of the character height: "2019年" is set without one,
   * "WeChat 公众号" may have one (default 0.3).
   */
  spaceGapRatio?: number;
  /**
   * ASCII , : ; ! ? right after a Chinese character become full-width (default true): Chinese
   * text uses the full-width forms, and fonts that centre them make tesseract read them as ASCII.
   */
  fullWidthPunctuation?: boolean;
  /**
   * Dashes and ellipses as printed where the engine misread them (一一 or -- for ——, runs of
   * dots and quotes for ……), ASCII quotes and brackets beside Chinese as “ ” （ ） (default true;
   * see printed-punctuation.ts).
   */
  printedPunctuation?: boolean;
};

export type CleanedOcrText = {
  text: string;
  /** The text's blocks (see reading-order.ts), when the lines' blocks were given. */
  blocks?: TextBlock[];
  /** boxes[i] is the box of the i-th code point of text; null for inserted spaces and line breaks. */
  boxes: (Box | null)[];
  /** How many characters were converted to the page's majority script. */
  harmonised: number;
};

type CharClass = 'han' | 'cjk-punct' | 'latin' | 'punct';

const HAN = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Bopomofo}]/u;
const CJK_PUNCT = /[\u3000-\u303f\uff00-\uffef\ufe30-\ufe4f]/u;
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
const FULL_WIDTH: Record<string, string> = { ',': '，', ':': '：', ';': '；', '!': '！', '?': '？' };

function classOf(ch: string): CharClass {
  if (HAN.test(ch)) return 'han';
  if (CJK_PUNCT.test(ch)) return 'cjk-punct';
  if (LETTER_OR_DIGIT.test(ch)) return 'latin';
  return 'punct';
}

/** Code points of a symbol that belong in the text (tesseract may glue several into one symbol). */
function codePointsOf(symbolText: string): string[] {
  return Array.from(symbolText).filter((ch) => !/[\s\p{Cc}]/u.test(ch));
}

function median(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** The height of a full-size character on this line: Han glyphs fill their em box, Latin ones do not. */
function textHeight(line: OcrLine): number {
  const han = line.symbols.filter((s) => classOf(Array.from(s.text)[0] ?? '') === 'han').map((s) => s.box.h);
  return han.length > 0 ? median(han) : line.box.h;
}

type Placed = { ch: string; box: Box };

/**
 * Never between two Chinese characters, even across a wide gap (menu items, an ideographic
 * space): the ground truth of samples/ follows the same rule, and matching must not depend on
 * how far apart a page's designer put two words.
 */
function keepSpace(before: Placed, after: Placed, height: number, spaceGapRatio: number): boolean {
  const a = classOf(before.ch);
  const b = classOf(after.ch);
  const chinese = (c: CharClass) => c === 'han' || c === 'cjk-punct';
  if (!chinese(a) && !chinese(b)) return true;
  // Full-width punctuation carries its own spacing, and ASCII punctuation beside Chinese is a
  // misread full-width one: only a Chinese character next to a Latin letter or digit may have a
  // real space, and then it shows as a gap.
  const hanBesideLatin = (a === 'han' && b === 'latin') || (a === 'latin' && b === 'han');
  const gap = after.box.x - (before.box.x + before.box.w);
  return hanBesideLatin && gap >= spaceGapRatio * height;
}

function lineText(line: OcrLine, options: Required<CleanOcrOptions>, chars: string[], boxes: (Box | null)[]): void {
  const height = textHeight(line);
  const wordStarts = new Set(line.wordStarts);
  let previous: Placed | null = null;
  line.symbols.forEach((symbol, index) => {
    const points = codePointsOf(symbol.text);
    const first = points[0];
    if (first === undefined) return;
    if (previous && wordStarts.has(index) && keepSpace(previous, { ch: first, box: symbol.box }, height, options.spaceGapRatio)) {
      chars.push(' ');
      boxes.push(null);
    }
    for (const ch of points) {
      const prior = chars[chars.length - 1];
      const wide = options.fullWidthPunctuation && prior !== undefined && classOf(prior) === 'han' ? FULL_WIDTH[ch] : undefined;
      chars.push(wide ?? ch);
      boxes.push(symbol.box);
    }
    previous = { ch: chars[chars.length - 1]!, box: symbol.box };
  });
}

/**
 * Converts characters of the minority script to the majority one, one code point at a time so
 * boxes stay aligned. With chi_sim and chi_tra loaded tesseract picks a model per word, so
 * whole words and lines of a simplified page come out traditional (and vice versa), often a
 * third of the page: there is no share below which the minority could be trusted to be on the
 * page. Screenshots of genuinely mixed pages lose their minority script here; `raw` keeps
 * what tesseract read.
 */
function harmonise(chars: string[]): number {
  const { simplified, traditional } = countScripts(chars.join(''));
  if (simplified === traditional) return 0;
  const minority = simplified > traditional ? 'traditional' : 'simplified';
  const convert = minority === 'traditional' ? simplifyChar : traditionalizeChar;
  let converted = 0;
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i]!;
    if (classifyChar(ch) !== minority) continue;
    const replacement = convert(ch);
    if (Array.from(replacement).length !== 1 || replacement === ch) continue;
    chars[i] = replacement;
    converted++;
  }
  return converted;
}

/**
 * `lineBlocks[i]` is the block of `raw.lines[i]` (reading-order.ts); blocks come back as code
 * point spans of the cleaned text with the union of their lines' boxes.
 */
export function cleanOcrText(raw: RawOcr, options: CleanOcrOptions = {}, lineBlocks?: readonly number[]): CleanedOcrText {
  const settings: Required<CleanOcrOptions> = {
    harmoniseScript: options.harmoniseScript ?? true,
    spaceGapRatio: options.spaceGapRatio ?? 0.3,
    fullWidthPunctuation: options.fullWidthPunctuation ?? true,
    printedPunctuation: options.printedPunctuation ?? true,
  };
  const chars: string[] = [];
  const boxes: (Box | null)[] = [];
  const spans: { block: number; start: number; end: number; box: Box }[] = [];
  raw.lines.forEach((line, index) => {
    const before = chars.length;
    if (before > 0) {
      chars.push('\n');
      boxes.push(null);
    }
    lineText(settings.printedPunctuation ? printedPunctuation(line) : line, settings, chars, boxes);
    // A line of nothing but dropped symbols leaves no empty line behind.
    if (before > 0 && chars.length === before + 1) {
      chars.pop();
      boxes.pop();
      return;
    }
    const start = before > 0 ? before + 1 : before;
    if (lineBlocks && chars.length > start) spans.push({ block: lineBlocks[index] ?? 0, start, end: chars.length, box: line.box });
  });
  if (settings.printedPunctuation) fullWidthQuotes(chars);
  const harmonised = settings.harmoniseScript ? harmonise(chars) : 0;
  const text = chars.join('');
  if (!lineBlocks) return { text, boxes, harmonised };
  const blocks: TextBlock[] = [];
  let open: { block: number; start: number; end: number; boxes: Box[] } | null = null;
  const close = () => {
    if (open) blocks.push({ start: open.start, end: open.end, bbox: unionBoxes(open.boxes)! });
  };
  for (const span of spans) {
    if (open && open.block === span.block) {
      open.end = span.end;
      open.boxes.push(span.box);
      continue;
    }
    close();
    open = { block: span.block, start: span.start, end: span.end, boxes: [span.box] };
  }
  close();
  return { text, boxes, harmonised, blocks };
}
