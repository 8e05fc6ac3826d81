import { describe, expect, it } from 'vitest';
import type { Box } from '../../src/domain/geometry.ts';
import type { OcrLine, OcrSymbol, RawOcr } from '../../src/domain/ocr.ts';
import { cleanOcrText } from '../../src/stages/clean-ocr-text.ts';

/**
 * Lines built the way tesseract reports Chinese: nearly every character a word of its own,
 * symbols laid out left to right on a 20 px pitch. A word is a string (one symbol per code
 * point) or an array of symbol texts; `gap` is extra blank space before it, in pixels.
 */
type WordSpec = string | { symbols?: string[]; text?: string; gap?: number; pitch?: number };

const CHAR = 18;

function makeLine(words: WordSpec[], y = 0): OcrLine {
  const symbols: OcrSymbol[] = [];
  const wordStarts: number[] = [];
  let x = 10;
  for (const spec of words) {
    const word = typeof spec === 'string' ? { text: spec } : spec;
    const texts = word.symbols ?? Array.from(word.text ?? '');
    x += word.gap ?? 0;
    wordStarts.push(symbols.length);
    for (const text of texts) {
      const pitch = word.pitch ?? 20;
      symbols.push({ text, box: { x, y, w: pitch - 2, h: CHAR }, confidence: 90 });
      x += pitch;
    }
  }
  const first = symbols[0]?.box ?? { x: 0, y, w: 0, h: CHAR };
  const last = symbols[symbols.length - 1]?.box ?? first;
  return { symbols, wordStarts, box: { x: first.x, y, w: last.x + last.w - first.x, h: CHAR } };
}

function rawOf(...lines: WordSpec[][]): RawOcr {
  const built = lines.map((words, i) => makeLine(words, 10 + i * 30));
  return {
    engine: 'test',
    languages: ['chi_sim', 'chi_tra'],
    text: built.map((l) => l.symbols.map((s) => s.text).join(' ')).join('\n'),
    meanConfidence: 90,
    lines: built,
  };
}

describe('cleanOcrText', () => {
  it('removes the spaces tesseract puts between Chinese characters and before CJK punctuation', () => {
    const { text } = cleanOcrText(rawOf(['南通', '市', '海内', '外', '警', '侨联', '动', '。']));
    expect(text).toBe('南通市海内外警侨联动。');
  });

  it('keeps the spaces between Latin words', () => {
    const { text } = cleanOcrText(rawOf(['Overseas', { text: 'Police', gap: 8 }, { text: 'Service', gap: 8 }]));
    expect(text).toBe('Overseas Police Service');
  });

  it('joins digits to the Chinese beside them unless the image shows a space', () => {
    expect(cleanOcrText(rawOf([{ text: '2019', pitch: 10 }, { text: '年', gap: 2 }])).text).toBe('2019年');
    expect(cleanOcrText(rawOf([{ text: 'WeChat', pitch: 10 }, { text: '公众号', gap: 9 }])).text).toBe('WeChat 公众号');
  });

  it('never keeps a space between two Chinese characters, however wide the gap', () => {
    const { text } = cleanOcrText(rawOf(['首页', { text: '警务公开', gap: 40 }]));
    expect(text).toBe('首页警务公开');
  });

  it('turns ASCII punctuation after a Chinese character into its full-width form', () => {
    expect(cleanOcrText(rawOf(['来源', ':', '南通', ',', '海安', '?'])).text).toBe('来源：南通，海安？');
    expect(cleanOcrText(rawOf([{ text: 'Hello,', pitch: 10 }, { text: 'world', pitch: 10, gap: 8 }])).text).toBe('Hello, world');
    expect(cleanOcrText(rawOf(['来源', ':']), { fullWidthPunctuation: false }).text).toBe('来源:');
  });

  it('joins lines with a newline whose box is null', () => {
    const { text, boxes } = cleanOcrText(rawOf(['海外'], ['联络站']));
    expect(text).toBe('海外\n联络站');
    expect(boxes[2]).toBeNull();
    expect(boxes.filter((b) => b === null)).toHaveLength(1);
  });

  it('gives every code point the box of the symbol it came from, also outside the BMP', () => {
    const raw = rawOf(['𠮷', '野', '家'], [{ text: 'ab', pitch: 10 }, { text: 'c', pitch: 10, gap: 9 }]);
    const { text, boxes } = cleanOcrText(raw);
    expect(text).toBe('𠮷野家\nab c');
    const points = Array.from(text);
    expect(boxes).toHaveLength(points.length);
    const symbols = raw.lines.flatMap((l) => l.symbols);
    const expected: (Box | null)[] = [symbols[0]!.box, symbols[1]!.box, symbols[2]!.box, null, symbols[3]!.box, symbols[4]!.box, null, symbols[5]!.box];
    expect(boxes).toEqual(expected);
  });

  it('splits a symbol of several code points into code points that share its box', () => {
    const raw = rawOf([{ symbols: ['ﬁ', 'x', 'yz'], pitch: 10 }]);
    const { text, boxes } = cleanOcrText(raw);
    expect(text).toBe('ﬁxyz');
    expect(boxes[2]).toEqual(boxes[3]);
    expect(boxes[2]).toEqual(raw.lines[0]!.symbols[2]!.box);
  });

  it('drops whitespace and control characters inside symbols and leaves no empty lines', () => {
    const raw = rawOf(['海外'], [{ symbols: [' ', '\u0007'] }], ['站']);
    const { text, boxes } = cleanOcrText(raw);
    expect(text).toBe('海外\n站');
    expect(boxes).toHaveLength(4);
  });

  it('converts characters read in the minority script to the page majority', () => {
    // A simplified page on which tesseract read one word with the traditional model.
    const raw = rawOf(['海安', '市', '公安', '局'], ['警侨', '驿站', '为', '侨胞', '服务'], ['聯絡', '員']);
    const cleaned = cleanOcrText(raw);
    expect(cleaned.text).toBe('海安市公安局\n警侨驿站为侨胞服务\n联络员');
    expect(cleaned.harmonised).toBe(3);
    expect(Array.from(cleaned.text)).toHaveLength(cleaned.boxes.length);
  });

  it('keeps a traditional page traditional', () => {
    const raw = rawOf(['溫州', '警', '僑', '海外', '聯絡', '點'], ['僑胞', '辦事', '省錢', '点']);
    const cleaned = cleanOcrText(raw);
    expect(cleaned.text).toBe('溫州警僑海外聯絡點\n僑胞辦事省錢點');
    expect(cleaned.harmonised).toBe(1);
  });

  it('keeps the Hong Kong forms of a zh-HK page (温, 户 are standard there)', () => {
    const raw = rawOf(['温州', '警', '僑', '聯絡', '點'], ['住户', '僑胞', '辦事']);
    const cleaned = cleanOcrText(raw);
    expect(cleaned.text).toBe('温州警僑聯絡點\n住户僑胞辦事');
    expect(cleaned.harmonised).toBe(0);
  });

  it('leaves the text alone when harmonising is off or the scripts are even', () => {
    expect(cleanOcrText(rawOf(['海外', '聯絡']), { harmoniseScript: false }).text).toBe('海外聯絡');
    expect(cleanOcrText(rawOf(['联络', '聯絡'])).text).toBe('联络聯絡');
  });

  it('returns empty text for a page without lines', () => {
    expect(cleanOcrText(rawOf())).toEqual({ text: '', boxes: [], harmonised: 0 });
  });
});
