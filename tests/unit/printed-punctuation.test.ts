import { afterAll, describe, expect, it } from 'vitest';
import type { OcrLine } from '../../src/domain/ocr.ts';
import { createPaddleEngine } from '../../src/engines/paddle/paddle-engine.ts';
import { createTesseractEngine } from '../../src/engines/tesseract-engine.ts';
import { cleanOcrText } from '../../src/stages/clean-ocr-text.ts';
import { ocrImage } from '../../src/stages/ocr.ts';
import { fullWidthQuotes, printedPunctuation } from '../../src/stages/printed-punctuation.ts';
import { renderTextPage } from '../fixtures/render-text-page.ts';

/** Punctuation as printed (issue #20, point 7): ——, ……, “ ” and （ ） where the engines misread them. */

const H = 20;
/** Symbols of a line, each `width` px wide (default a full character) and `gap` px after the one before. */
function line(parts: { text: string; width?: number; gap?: number }[]): OcrLine {
  let x = 0;
  const symbols = parts.map((p) => {
    x += p.gap ?? 0;
    const symbol = { text: p.text, confidence: 80, box: { x, y: 0, w: p.width ?? H, h: H } };
    x += p.width ?? H;
    return symbol;
  });
  return { symbols, wordStarts: symbols.map((_, i) => i), box: { x: 0, y: 0, w: x, h: H } };
}
/** A column of vertical text: one symbol a character high below the other. */
function column(text: readonly string[]): OcrLine {
  const symbols = text.map((t, i) => ({ text: t, confidence: 80, box: { x: 0, y: i * H, w: H, h: H } }));
  return { symbols, wordStarts: symbols.map((_, i) => i), box: { x: 0, y: 0, w: H, h: H * symbols.length } };
}
const textOf = (l: OcrLine) => l.symbols.map((s) => s.text).join('');

describe('printedPunctuation', () => {
  it('reads two touching dash strokes beside Chinese as ——, each character with a box', () => {
    const fixed = printedPunctuation(line([{ text: '服' }, { text: '务' }, { text: '一' }, { text: '一' }, { text: '做' }, { text: '到' }]));
    expect(textOf(fixed)).toBe('服务——做到');
    expect(fixed.symbols[2]!.box.x + fixed.symbols[2]!.box.w).toBe(fixed.symbols[3]!.box.x);
  });

  it('leaves 一一 ("one by one") alone where the two strokes stand apart', () => {
    expect(textOf(printedPunctuation(line([{ text: '逐' }, { text: '一', gap: 0 }, { text: '一', gap: 4 }, { text: '核' }])))).toBe('逐一一核');
  });

  it("reads tesseract's dots, hyphens and quotes between Chinese characters as ……", () => {
    const misread = ['-', '-', '“', '“', '“', '-'].map((text) => ({ text, width: 6 }));
    expect(textOf(printedPunctuation(line([{ text: '说' }, { text: '理' }, ...misread, { text: '最' }])))).toBe('说理……最');
    expect(textOf(printedPunctuation(line([{ text: '理' }, { text: '.', width: 8 }, { text: '.', width: 8 }, { text: '最' }])))).toBe('理……最');
  });

  it('keeps closing and opening quotes that stand together (”“) and dates with hyphens', () => {
    expect(textOf(printedPunctuation(line([{ text: '站' }, { text: '”' }, { text: '“' }, { text: '华' }])))).toBe('站”“华');
    expect(textOf(printedPunctuation(line([{ text: '2' }, { text: '-', width: 8 }, { text: '-', width: 8 }, { text: '3' }])))).toBe('2--3');
  });

  it('reads a slash as wide as a character between Chinese characters as ／, and leaves narrow ones and dates alone', () => {
    expect(textOf(printedPunctuation(line([...'记者林志明'].map((text) => ({ text })).concat([{ text: '/' }, { text: '台' }, { text: '北' }]))))).toBe('记者林志明／台北');
    expect(textOf(printedPunctuation(line([{ text: '明' }, { text: '/', width: 8 }, { text: '台' }])))).toBe('明/台');
    expect(textOf(printedPunctuation(line([{ text: '2' }, { text: '/' }, { text: '1' }])))).toBe('2/1');
  });

  it('reads a [ before Chinese as the corner or lenticular bracket that closes it, and leaves square pairs alone', () => {
    const read = (text: string) => {
      const chars = [...text];
      fullWidthQuotes(chars);
      return chars.join('');
    };
    expect(read('青田警方海外[警侨驿站」遍及15国')).toBe('青田警方海外「警侨驿站」遍及15国');
    expect(read('[警方通报】海外')).toBe('【警方通报】海外');
    expect(read('见附件[警侨驿站]名单')).toBe('见附件[警侨驿站]名单');
    expect(read('数组[1]与[警侨')).toBe('数组[1]与[警侨');
  });

  it('turns ASCII quotes and brackets beside Chinese into “ ” （ ）, quotes by whether one is open', () => {
    const chars = [...'开展"猎狐"行动(2023年)'];
    fullWidthQuotes(chars);
    expect(chars.join('')).toBe('开展“猎狐”行动（2023年）');
  });

  it("reads a column's vertical comma and full stop, misread as ’ and c, as ，and 。", () => {
    expect(textOf(printedPunctuation(column([...'近况', '’', ...'并就', '’'])))).toBe('近况，并就，');
    expect(textOf(printedPunctuation(column([...'意见', 'c'])))).toBe('意见。');
    expect(textOf(printedPunctuation(column([...'意见', 'c', ...'与会'])))).toBe('意见。与会');
  });

  it('leaves the same symbols alone in a row of text, and beside Latin letters in a column', () => {
    expect(textOf(printedPunctuation(line([...'他说’好’c'].map((text) => ({ text })))))).toBe('他说’好’c');
    expect(textOf(printedPunctuation(column([...'站', 'c', 'o', '’', 's'])))).toBe('站co’s');
  });

  it('is part of cleaning, and can be turned off', () => {
    const raw = { engine: 't', languages: [], text: '', meanConfidence: 80, lines: [line([{ text: '务' }, { text: '一' }, { text: '一' }, { text: '做' }])] };
    expect(cleanOcrText(raw).text).toBe('务——做');
    expect(cleanOcrText(raw, { printedPunctuation: false }).text).toBe('务一一做');
  });
});

describe('on a rendered column of vertical text', () => {
  const paddle = createPaddleEngine({ concurrency: 1 });
  afterAll(() => paddle.terminate());

  it('PaddleOCR keeps its commas (read as ’)', async () => {
    const png = await renderTextPage({
      width: 320,
      height: 420,
      runs: ['本月十日，县委统战部邀请', '通报近况，并就海外联络点'].map((text, i) => ({ text, x: 260 - i * 60, y: 30, size: 28, vertical: true })),
    });
    const { text, raw } = await ocrImage(png, paddle);
    expect(raw.lines.flatMap((l) => l.symbols.map((s) => s.text))).toContain('’');
    expect(text.replace(/\s+/gu, '')).toBe('本月十日，县委统战部邀请通报近况，并就海外联络点');
  });
});

describe('on a rendered line', () => {
  const paddle = createPaddleEngine({ concurrency: 1 });
  const tesseract = createTesseractEngine({ languages: ['chi_tra'], workers: 1 });
  afterAll(() => Promise.all([paddle.terminate(), tesseract.terminate()]));

  const render = () =>
    renderTextPage({ width: 560, height: 90, font: 'Noto Sans CJK TC', runs: [{ text: '做到僑胞有求——驛站必應，釋法說理……最終回國。', x: 16, y: 52, size: 22 }] });

  it('tesseract.js keeps the dash and the ellipsis (read as -一 and ...““““)', async () => {
    const { text } = await ocrImage(await render(), tesseract);
    expect(text).toContain('有求——驛站');
    expect(text).toContain('……最終');
  });

  it('PaddleOCR keeps the ellipsis (read as four middle dots), and never writes the dash as 一一', async () => {
    const { text } = await ocrImage(await render(), paddle);
    expect(text).toContain('……最終');
    // PaddleOCR PP-OCRv4 reads this dash as 一 and takes its second half into the next character.
    expect(text).not.toContain('一一');
  });
});
