import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { config } from '../../src/config.ts';
import type { OcrLine, OcrSymbol } from '../../src/domain/ocr.ts';
import { rescueGlossaryTerms, rescueIndex, RESCUE_MIN_CONFIDENCE } from '../../src/engines/glossary-rescue.ts';
import { prepareTessdata } from '../../src/engines/tessdata.ts';
import { TesseractWorker } from '../../src/engines/tesseract-worker.ts';

/** A line of one-character words on a 30 px pitch starting at x, as tesseract reports Chinese. */
function line(text: string, options: { y?: number; x?: number; confidence?: number | number[] } = {}): OcrLine {
  const y = options.y ?? 10;
  const x = options.x ?? 0;
  const symbols: OcrSymbol[] = Array.from(text).map((ch, i) => ({
    text: ch,
    box: { x: x + 30 * i, y, w: 28, h: 28 },
    confidence: Array.isArray(options.confidence) ? (options.confidence[i] ?? 95) : (options.confidence ?? 95),
  }));
  return { symbols, wordStarts: symbols.map((_, i) => i), box: { x, y, w: 30 * symbols.length, h: 28 } };
}

/** A column of vertical text: one-character words on a 30 px pitch down from y, at x. */
function column(text: string, x: number): OcrLine {
  const symbols: OcrSymbol[] = Array.from(text).map((ch, i) => ({ text: ch, box: { x, y: 10 + 30 * i, w: 28, h: 28 }, confidence: 95 }));
  return { symbols, wordStarts: symbols.map((_, i) => i), box: { x, y: 10, w: 28, h: 30 * symbols.length } };
}

const textOf = (l: OcrLine) => l.symbols.map((s) => s.text).join('');
const index = rescueIndex(['青田', '青田县', '公安局', '侨办', '侨联', '海外联络员', '海外聯絡員', '警侨联动', '县侨联', '猎狐']);

describe('rescueGlossaryTerms', () => {
  it('takes a misread term from the other reading of the same line', () => {
    const { lines, rescued } = rescueGlossaryTerms([line('为背田县公安局')], [[line('為青田縣公安局')]], index);
    expect(rescued).toBe(1);
    expect(textOf(lines[0]!)).toBe('为青田縣公安局');
    expect(lines[0]!.wordStarts).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it('rescues a term the chosen reading read with a character too many, shifting the words after it', () => {
    const chosen = line('擔任海外聯絡上員。');
    const { lines, rescued } = rescueGlossaryTerms([chosen], [[line('担任海外联络员。')]], index);
    expect(rescued).toBe(1);
    expect(textOf(lines[0]!)).toBe('擔任海外联络员。');
    expect(lines[0]!.symbols).toHaveLength(8);
    expect(lines[0]!.wordStarts).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    // The symbol after the term keeps its own box.
    expect(lines[0]!.symbols[7]!.box).toEqual(chosen.symbols[8]!.box);
  });

  it('never replaces a term read right by another term', () => {
    const { lines, rescued } = rescueGlossaryTerms([line('县侨办的支持')], [[line('县侨联的支持')]], index);
    expect(rescued).toBe(0);
    expect(textOf(lines[0]!)).toBe('县侨办的支持');
  });

  it('leaves characters beside the term alone when the readings disagree on them', () => {
    // 县侨联 is read alike; the 、 only the chosen reading has must survive.
    const { lines, rescued } = rescueGlossaryTerms([line('县侨联、县侨办')], [[line('縣僑聯縣僑辦')]], index);
    expect(rescued).toBe(0);
    expect(textOf(lines[0]!)).toBe('县侨联、县侨办');
  });

  it('needs the other reading to be confident of the character it brings', () => {
    const unsure = line('为青田縣公安局', { confidence: [95, RESCUE_MIN_CONFIDENCE - 1, 95, 95, 95, 95, 95] });
    expect(rescueGlossaryTerms([line('为背田县公安局')], [[unsure]], index).rescued).toBe(0);
  });

  it('takes the term where the other reading is unsure only of a character both readings share', () => {
    // Holdout page 19: tesseract read 僑轉, PaddleOCR 僑團 with 僑 at 55.
    const index = rescueIndex(['侨团']);
    const unsureOfShared = line('當地僑團多次', { confidence: [95, 95, RESCUE_MIN_CONFIDENCE - 5, 84, 95, 95] });
    const { lines, rescued } = rescueGlossaryTerms([line('當地僑轉多次')], [[unsureOfShared]], index);
    expect(rescued).toBe(1);
    expect(textOf(lines[0]!)).toBe('當地僑團多次');
  });

  it('does not guess: a reading more than one character off is left as it is', () => {
    expect(rescueGlossaryTerms([line('猫猿')], [[line('猎狐')]], index).rescued).toBe(0);
  });

  it('only uses the other reading of the same line', () => {
    const chosen = [line('背田县', { y: 10 }), line('你好吗', { y: 60 })];
    const { lines, rescued } = rescueGlossaryTerms(chosen, [[line('青田縣', { y: 60 })]], index);
    expect(rescued).toBe(0);
    expect(lines.map(textOf)).toEqual(['背田县', '你好吗']);
  });

  it('pairs the columns of vertical text by where they stand across, not by their height', () => {
    // Every column spans the same rows, so it is where they stand in x that tells them apart.
    const chosen = [column('背田县公安局', 200), column('你好吗你好吗', 160)];
    const { lines, rescued } = rescueGlossaryTerms(chosen, [[column('你好吗你好吗', 160), column('青田縣公安局', 201)]], index);
    expect(rescued).toBe(1);
    expect(lines.map(textOf)).toEqual(['青田縣公安局', '你好吗你好吗']);
    expect(rescueGlossaryTerms(chosen, [[column('青田縣公安局', 160)]], index).rescued).toBe(0);
  });

  it('does nothing without alternatives or glossary forms', () => {
    expect(rescueGlossaryTerms([line('背田县')], [], index).rescued).toBe(0);
    expect(rescueGlossaryTerms([line('背田县')], [[line('青田县')]], rescueIndex([])).rescued).toBe(0);
  });
});

describe('tesseract user words', () => {
  it('starts a worker with the glossary forms in its dictionary and reads as before', async () => {
    const langPath = await prepareTessdata(['chi_sim', 'chi_tra'], config().cacheDir);
    const worker = await TesseractWorker.create({
      langPath,
      languages: ['chi_sim'],
      pageSegMode: 6,
      dpi: 96,
      createTimeoutMs: 60_000,
      userWords: ['警侨联动服务中心', '南通市公安局', 'with space', ''],
    });
    try {
      const image = fs.readFileSync(path.resolve(import.meta.dirname, '..', 'fixtures', 'ocr', 'simplified-paragraph.png'));
      const page = await worker.recognize(image);
      expect(page.text.replace(/\s+/gu, '')).toContain('警侨联动服务中心');
    } finally {
      await worker.terminate();
    }
  }, 60_000);
});
