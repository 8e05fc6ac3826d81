import { afterAll, describe, expect, it } from 'vitest';
import { AutoEngine } from '../../src/engines/auto-engine.ts';
import { createPaddleEngine } from '../../src/engines/paddle/paddle-engine.ts';
import { createTesseractEngine } from '../../src/engines/tesseract-engine.ts';
import { ocrImage } from '../../src/stages/ocr.ts';
import { charErrorRate } from '../../src/util/char-error-rate.ts';
import { renderTextPage } from '../fixtures/render-text-page.ts';

/**
 * Vertical traditional text (issue #20, point 6): auto reads it with tesseract.js's vertical
 * model (chi_tra_vert, one block of vertical text) instead of PaddleOCR v4, which reads
 * traditional characters as their simplified forms or not at all (holdout page 30: 14.8% CER
 * against 2.5%). On a page the test renders, in a traditional font.
 */

const SIZE = 28;
/** Right to left, as the columns are read. */
const COLUMNS = ['海外僑團座談會紀要', '縣委統戰部邀請旅歐僑領', '協助警僑驛站做好服務', '配合有關部門開展勸返工作'];
const columnX = (i: number) => 300 - i * 80;

const paddle = createPaddleEngine({ concurrency: 1 });
const traditional = createTesseractEngine({ languages: ['chi_tra'], workers: 1 });
const vertical = createTesseractEngine({ languages: ['chi_tra_vert'], vertical: true, workers: 1 });
const auto = new AutoEngine(paddle, traditional, vertical);
afterAll(() => auto.terminate());

const page = () =>
  renderTextPage({
    width: 380,
    height: 420,
    font: 'Noto Sans CJK TC',
    runs: COLUMNS.map((text, i) => ({ text, x: columnX(i), y: 50, size: SIZE, vertical: true })),
  });
const strip = (s: string) => s.replace(/\s+/gu, '');

describe('auto on a vertical traditional page', () => {
  it('reads it with the vertical model, column by column from the right, every character boxed in its column', async () => {
    const result = await ocrImage(await page(), auto);
    expect(result.engine).toBe('tesseract.js');
    expect(result.languages).toEqual(['chi_tra_vert']);
    expect(result.raw.route?.script).toBe('traditional');
    expect(result.vertical).toBe(true);
    expect(charErrorRate(strip(result.text), COLUMNS.join(''))).toBeLessThan(0.05);
    expect(strip(result.text)).toContain('警僑驛站');

    const chars = Array.from(result.text);
    let column = 0;
    let lastY = -1;
    chars.forEach((ch, i) => {
      if (!/\p{Script=Han}/u.test(ch)) return;
      const box = result.boxes[i]!;
      expect(box, `box of ${ch} at ${i}`).toBeTruthy();
      const centre = box.x + box.w / 2;
      // Moving to the next column to the left starts again at the top.
      while (column < COLUMNS.length - 1 && centre < columnX(column) - SIZE / 2) {
        column++;
        lastY = -1;
      }
      expect(centre, `${ch} in column ${column}`).toBeGreaterThan(columnX(column) - SIZE / 2);
      expect(centre, `${ch} in column ${column}`).toBeLessThan(columnX(column) + SIZE * 1.5);
      expect(box.y, `${ch} below the character before it`).toBeGreaterThan(lastY);
      expect(box.h).toBeLessThan(SIZE * 2);
      lastY = box.y;
    });
    expect(column).toBe(COLUMNS.length - 1);
  });

  it('reads it better than PaddleOCR alone, whose reading decides the route', async () => {
    const png = await page();
    const byAuto = await ocrImage(png, auto);
    const byPaddle = await ocrImage(png, paddle);
    const truth = COLUMNS.join('');
    expect(charErrorRate(strip(byAuto.text), truth)).toBeLessThan(charErrorRate(strip(byPaddle.text), truth));
  });
});
