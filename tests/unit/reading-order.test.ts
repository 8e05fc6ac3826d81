import { afterAll, describe, expect, it } from 'vitest';
import type { Box } from '../../src/domain/geometry.ts';
import type { OcrLine, RawOcr } from '../../src/domain/ocr.ts';
import { readsVertically } from '../../src/engines/auto-engine.ts';
import { createPaddleEngine } from '../../src/engines/paddle/paddle-engine.ts';
import { cleanOcrText } from '../../src/stages/clean-ocr-text.ts';
import { ocrImage } from '../../src/stages/ocr.ts';
import { inReadingOrder, orderReading } from '../../src/stages/reading-order.ts';
import { charErrorRate } from '../../src/util/char-error-rate.ts';
import { renderTextPage, type TextRun } from '../fixtures/render-text-page.ts';

/**
 * Reading order and blocks (issue #20, point 6): first on lines laid out by hand (as an engine
 * that reads straight across a page returns them), then on pages the test renders and
 * PaddleOCR reads.
 */

const SIZE = 20;

/** One engine line of characters `SIZE` px wide from `x`, with `gap` px of nothing before each run after the first. */
function line(y: number, runs: { x: number; text: string }[]): OcrLine {
  const symbols = runs.flatMap((run) => [...run.text].map((ch, i) => ({ text: ch, confidence: 90, box: { x: run.x + i * SIZE, y, w: SIZE - 2, h: SIZE } })));
  return { symbols, wordStarts: symbols.map((_, i) => i), box: unionOf(symbols.map((s) => s.box)) };
}

function column(x: number, y: number, text: string): OcrLine {
  const symbols = [...text].map((ch, i) => ({ text: ch, confidence: 90, box: { x, y: y + i * SIZE, w: SIZE, h: SIZE - 2 } }));
  return { symbols, wordStarts: [0], box: unionOf(symbols.map((s) => s.box)) };
}

function unionOf(boxes: Box[]): Box {
  const x0 = Math.min(...boxes.map((b) => b.x));
  const y0 = Math.min(...boxes.map((b) => b.y));
  return { x: x0, y: y0, w: Math.max(...boxes.map((b) => b.x + b.w)) - x0, h: Math.max(...boxes.map((b) => b.y + b.h)) - y0 };
}

const textOf = (lines: readonly OcrLine[]) => lines.map((l) => l.symbols.map((s) => s.text).join('')).join('\n');

describe('orderReading', () => {
  it('reads a two-column page column by column when the engine read each row across both', () => {
    // Left column 10 characters wide, 60 px of nothing, right column: what tesseract's block mode returns.
    const lines = [
      line(0, [{ x: 0, text: '警侨联动机制入选全省创' }, { x: 280, text: '市侨联走访慰问归侨侨眷' }]),
      line(30, [{ x: 0, text: '新案例，海外联络站协助' }, { x: 280, text: '听取意见和建议，通报侨' }]),
      line(60, [{ x: 0, text: '侨胞办理护照。' }, { x: 280, text: '务工作。' }]),
    ];
    const order = orderReading(lines);
    expect(textOf(order.lines)).toBe('警侨联动机制入选全省创\n新案例，海外联络站协助\n侨胞办理护照。\n市侨联走访慰问归侨侨眷\n听取意见和建议，通报侨\n务工作。');
    expect(order.lineBlocks).toEqual([0, 0, 0, 1, 1, 1]);
    expect(order.vertical).toBe(false);
    // Every symbol kept, none changed.
    expect(order.lines.flatMap((l) => l.symbols).length).toBe(lines.flatMap((l) => l.symbols).length);
  });

  it('keeps a table of short cells with wide gaps row by row', () => {
    const lines = [line(0, [{ x: 0, text: '发布机构：县公安局' }, { x: 500, text: '发文日期：2020' }]), line(30, [{ x: 0, text: '文号：青公〔2020〕' }, { x: 500, text: '主题：侨务' }])];
    expect(textOf(orderReading(lines).lines)).toBe('发布机构：县公安局发文日期：2020\n文号：青公〔2020〕主题：侨务');
  });

  it('reads a menu bar above a short line as two rows, not as columns', () => {
    const lines = [line(0, [{ x: 0, text: '首页' }, { x: 100, text: '警务动态' }, { x: 240, text: '海外110' }, { x: 400, text: '办事指南' }]), line(40, [{ x: 0, text: '当前位置：首页' }])];
    expect(textOf(orderReading(lines).lines)).toBe('首页警务动态海外110办事指南\n当前位置：首页');
  });

  it('reads a grid card by card, row by row', () => {
    // Cards 8 characters wide, 2.5 characters apart, their text wrapping inside them.
    const card = (x: number, y: number, heading: string, body: string) => [
      line(y, [{ x, text: heading }]),
      line(y + 30, [{ x, text: body.slice(0, 8) }]),
      line(y + 60, [{ x, text: body.slice(8) }]),
    ];
    const lines = [
      ...card(0, 0, '警侨驿站', '为侨胞提供证件咨询和远程视频服务'),
      ...card(210, 0, '海外110', '境外侨胞遇到困难时可拨打热线'),
      ...card(0, 150, '侨领座谈', '每季度召开一次侨领座谈会'),
      ...card(210, 150, '警侨之家', '在重点侨乡设立提供法律援助'),
    ];
    // As an engine reading across returns them: each row of the grid one line.
    const across = [...new Set(lines.map((l) => l.box.y))].map((y) => {
      const row = lines.filter((l) => l.box.y === y);
      return { symbols: row.flatMap((l) => l.symbols), wordStarts: [], box: unionOf(row.map((l) => l.box)) };
    });
    const order = orderReading(across);
    expect(textOf(order.lines)).toBe(
      '警侨驿站\n为侨胞提供证件咨\n询和远程视频服务\n海外110\n境外侨胞遇到困难\n时可拨打热线\n侨领座谈\n每季度召开一次侨\n领座谈会\n警侨之家\n在重点侨乡设立提\n供法律援助',
    );
    expect(new Set(order.lineBlocks).size).toBe(4);
  });

  it('reads vertical text top to bottom, the columns right to left', () => {
    const order = orderReading([column(0, 0, '配合开展劝返工作'), column(40, 0, '海外联络点的运作'), column(80, 0, '侨团座谈会纪要')]);
    expect(order.vertical).toBe(true);
    expect(textOf(order.lines)).toBe('侨团座谈会纪要\n海外联络点的运作\n配合开展劝返工作');
  });
});

describe('blocks in the cleaned text', () => {
  it('are code point spans of the text, one per block, with the union of their lines as box', () => {
    const raw: RawOcr = {
      engine: 'test',
      languages: [],
      text: '',
      meanConfidence: 90,
      lines: [line(0, [{ x: 0, text: '𠀋警侨联动机制入选全省创' }, { x: 300, text: '市侨联走访慰问归侨侨眷' }]), line(30, [{ x: 0, text: '新案例，海外联络站协助' }, { x: 300, text: '听取意见和建议，通报侨' }])],
    };
    const ordered = inReadingOrder(raw);
    const cleaned = cleanOcrText(ordered.raw, {}, ordered.lineBlocks);
    const chars = [...cleaned.text];
    expect(cleaned.blocks).toHaveLength(2);
    const [left, right] = cleaned.blocks!;
    // Code points, not UTF-16 units: the character outside the BMP counts one.
    expect(chars.slice(left!.start, left!.end).join('')).toBe('𠀋警侨联动机制入选全省创\n新案例，海外联络站协助');
    expect(chars.slice(right!.start, right!.end).join('')).toBe('市侨联走访慰问归侨侨眷\n听取意见和建议，通报侨');
    expect(left!.bbox).toMatchObject({ x: 0, y: 0 });
    expect(right!.bbox.x).toBe(300);
  });
});

describe('on pages PaddleOCR reads', () => {
  const paddle = createPaddleEngine({ concurrency: 1 });
  afterAll(() => paddle.terminate());
  const read = async (width: number, height: number, runs: TextRun[]) => ocrImage(await renderTextPage({ width, height, runs }), paddle);
  const strip = (s: string) => s.replace(/\s+/gu, '');

  it('reads a rendered two-column page column by column, each column a block', async () => {
    const left = ['海外联络站协助侨胞办理', '护照换发，并开展警侨联', '动宣传活动。'];
    const right = ['市侨联走访慰问归侨侨眷', '听取意见和建议，通报侨', '务工作情况。'];
    const result = await read(560, 150, [...left.map((text, i) => ({ text, x: 20, y: 40 + i * 32 })), ...right.map((text, i) => ({ text, x: 300, y: 40 + i * 32 }))]);
    expect(charErrorRate(strip(result.text), strip([...left, ...right].join('')))).toBeLessThan(0.05);
    expect(result.blocks).toHaveLength(2);
    // The wrapped term 警侨联⏎动 stays within its column: the first block ends where the left column does.
    expect(strip([...result.text].slice(result.blocks![0]!.start, result.blocks![0]!.end).join(''))).toContain('警侨联动');
    // Horizontal text goes to tesseract.js when auto finds it traditional.
    expect(readsVertically(result.raw)).toBe(false);
  });

  it('reads a rendered vertical page right to left and says so', async () => {
    const columns = ['侨团座谈会纪要', '海外联络点运作', '配合开展劝返'];
    const result = await read(220, 220, columns.map((text, i) => ({ text, x: 160 - i * 60, y: 30, size: 22, vertical: true })));
    expect(result.vertical).toBe(true);
    // Auto keeps PaddleOCR's reading of such a page: tesseract.js's block mode reads it as garbage.
    expect(readsVertically(result.raw)).toBe(true);
    expect(charErrorRate(strip(result.text), columns.join(''))).toBeLessThan(0.15);
  });
});
