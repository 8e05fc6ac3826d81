import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { decodeHtml } from '../../src/stages/documents/html-charset.ts';
import { htmlText } from '../../src/stages/documents/html-text.ts';
import { pageGeometry, toPagePixels, toViewrect } from '../../src/stages/pdf/page-geometry.ts';
import { encodeForOcr, imageBoxToPoints, uprightOf } from '../../src/stages/pdf/placed-image.ts';
import { assessTextLayer } from '../../src/stages/pdf/text-layer-quality.ts';
import { runInOrderStreams } from '../../src/util/run-in-order-streams.ts';
import { encodeGbk } from '../fixtures/make-documents.ts';

const SAMPLES = path.resolve(import.meta.dirname, '..', '..', 'samples');

describe('assessTextLayer', () => {
  it("trusts every sample's ground truth (simplified, traditional, with Latin and digits)", () => {
    for (const file of readdirSync(SAMPLES).filter((f) => f.endsWith('.txt'))) {
      expect(assessTextLayer(readFileSync(path.join(SAMPLES, file), 'utf8')), file).toEqual({ usable: true });
    }
  });

  it('trusts English text and short labels', () => {
    expect(assessTextLayer('Patrol and Persuade: a follow-up investigation — 2022 (p. 14), “quoted”')).toEqual({ usable: true });
    expect(assessTextLayer('第3页')).toEqual({ usable: true });
  });

  it('refuses private-use code points and U+FFFD', () => {
    const pua = Array.from({ length: 30 }, (_, i) => String.fromCodePoint(0xe000 + i)).join('');
    expect(assessTextLayer(pua)).toMatchObject({ usable: false, reason: expect.stringContaining('private-use') });
    expect(assessTextLayer('公安部\ufffd\ufffd\ufffd\ufffd设立')).toMatchObject({ usable: false });
  });

  it('refuses glyph ids read as code points (control characters, Greek, Armenian …)', () => {
    const garbage = Array.from({ length: 40 }, (_, i) => String.fromCodePoint(0x0391 + ((i * 7) % 300))).join('');
    expect(assessTextLayer(garbage)).toMatchObject({ usable: false, reason: expect.stringContaining('Chinese, Latin or punctuation') });
  });

  it('refuses Chinese characters that are almost all rare (a ToUnicode map shifted into the CJK blocks)', () => {
    const rare = Array.from({ length: 40 }, (_, i) => String.fromCodePoint(0x3400 + i * 11)).join('');
    expect(assessTextLayer(rare)).toMatchObject({ usable: false, reason: expect.stringContaining('everyday use') });
    // Random characters of the main CJK block: 43% of them are everyday ones, below the bar.
    const scattered = Array.from({ length: 200 }, (_, i) => String.fromCodePoint(0x4e00 + ((i * 104_729) % 20_992))).join('');
    expect(assessTextLayer(scattered).usable).toBe(false);
  });
});

describe('placed images', () => {
  it('finds the turn that shows an image as its page does, for all eight placements', () => {
    expect(uprightOf([340, 0, 0, 190, 6, 75])).toEqual({ rotate: 0, flip: false, flop: false });
    expect(uprightOf([-340, 0, 0, 190, 346, 75])).toEqual({ rotate: 0, flip: false, flop: true });
    expect(uprightOf([340, 0, 0, -190, 6, 265])).toEqual({ rotate: 0, flip: true, flop: false });
    expect(uprightOf([-340, 0, 0, -190, 346, 265])).toEqual({ rotate: 180, flip: false, flop: false });
    expect(uprightOf([0, 340, -190, 0, 196, 75])).toEqual({ rotate: 90, flip: false, flop: false });
    expect(uprightOf([0, -340, 190, 0, 6, 415])).toEqual({ rotate: 270, flip: false, flop: false });
    expect(uprightOf([0, 340, 190, 0, 6, 75])).toEqual({ rotate: 90, flip: true, flop: false });
    expect(uprightOf([0, -340, -190, 0, 196, 415])).toEqual({ rotate: 270, flip: true, flop: false });
  });

  it('turns the pixels so that what the page shows at its top left is at the top left', async () => {
    // 3 × 2 pixels, black at the image's top left. Drawn turned a quarter clockwise (rows run
    // down the page, columns to the left), that pixel shows at the page's top right.
    const raw = { data: Uint8Array.from([0, 255, 255, 255, 255, 255]), width: 3, height: 2, channels: 1 };
    const show = async (transform: [number, number, number, number, number, number]) => {
      const { data, info } = await sharp(await encodeForOcr(raw, uprightOf(transform))).greyscale().raw().toBuffer({ resolveWithObject: true });
      return { width: info.width, height: info.height, black: data.indexOf(0) };
    };
    expect(await show([3, 0, 0, 2, 0, 0])).toEqual({ width: 3, height: 2, black: 0 });
    expect(await show([0, 3, -2, 0, 2, 0])).toEqual({ width: 2, height: 3, black: 1 });
    expect(await show([-3, 0, 0, 2, 3, 0])).toEqual({ width: 3, height: 2, black: 2 });
    expect(await show([0, 3, 2, 0, 0, 0])).toEqual({ width: 2, height: 3, black: 0 });
  });

  it("maps a box on the image's pixels to page points through the image's place", () => {
    expect(imageBoxToPoints({ x: 100, y: 50, w: 200, h: 100 }, { width: 1000, height: 500 }, [10, 20, 510, 270])).toEqual([60, 45, 160, 95]);
  });
});

describe('page geometry', () => {
  it('gives an A4 page its pixel grid at the chosen dpi and converts back to RFC 8118 points', () => {
    const g = pageGeometry([0, 0, 595.92, 842.88], 200, 50_000_000, 'a.pdf: page 1');
    expect(g).toMatchObject({ dpi: 200, width: 1656, height: 2342, widthPoints: 595.92, heightPoints: 842.88 });
    const box = toPagePixels(g, 72, 144, 144, 180);
    expect(box).toEqual({ x: 200, y: 400, w: 200, h: 100 });
    expect(toViewrect(g, box)).toEqual({ x: 72, y: 144, w: 72, h: 36 });
  });

  it('lowers the dpi of a poster to fit the pixel cap, and refuses a page that would need under 36 dpi', () => {
    const a0 = pageGeometry([0, 0, 2384, 3370], 200, 50_000_000, 'poster.pdf: page 1');
    expect(a0.dpi).toBeLessThan(200);
    expect(a0.width * a0.height).toBeLessThanOrEqual(50_000_000);
    expect(() => pageGeometry([0, 0, 20_000, 20_000], 200, 50_000_000, 'huge.pdf: page 1')).toThrow(
      expect.objectContaining({ code: 'PDF_PAGE_TOO_LARGE', message: expect.stringContaining('huge.pdf: page 1') }),
    );
  });
});

describe('saved web pages', () => {
  it('keeps what a reader sees: no scripts, styles or hidden elements; block elements break lines', () => {
    const { text, imageSources } = htmlText(`<html><head><title>标题</title><script>统战部()</script><style>p{}</style></head>
      <body><div>公安局在海外设立警侨
      驿站</div><p hidden>维稳</p><template>劝返</template><ul><li>第一</li><li>Second   item</li></ul>
      <img src="a_files/1.png"><pre>  two  spaces </pre><table><tr><td>甲</td><td>乙</td></tr></table></body></html>`);
    expect(text).toBe('标题\n公安局在海外设立警侨驿站\n第一\nSecond item\ntwo  spaces\n甲 乙');
    expect(imageSources).toEqual(['a_files/1.png']);
  });

  it('decodes GBK and Big5 pages by their declared charset, UTF-8 by default and by byte-order mark', () => {
    const gbk = Buffer.concat([Buffer.from('<meta charset="GB2312">'), encodeGbk('警侨驿站')]);
    expect(decodeHtml(gbk)).toEqual({ text: '<meta charset="GB2312">警侨驿站', charset: 'gbk' });
    const big5 = Buffer.concat([Buffer.from('<meta http-equiv="Content-Type" content="text/html; charset=big5">'), Buffer.from([0xc4, 0xb5, 0xb9, 0xb4])]);
    expect(decodeHtml(big5).text.endsWith('警僑')).toBe(true);
    expect(decodeHtml(Buffer.from('\ufeff侨领', 'utf8'))).toEqual({ text: '侨领', charset: 'utf-8' });
    expect(decodeHtml(Buffer.from('<p>侨领</p>', 'utf8')).text).toBe('<p>侨领</p>');
  });
});

describe('runInOrderStreams', () => {
  it('streams the head input at once and holds later inputs until every earlier one is done', async () => {
    const seen: string[] = [];
    const delays = [30, 0, 10];
    await runInOrderStreams<string, string>(
      ['a', 'b', 'c'],
      3,
      async (input, index, emit) => {
        emit(`${input}1`);
        await new Promise((r) => setTimeout(r, delays[index]));
        emit(`${input}2`);
      },
      (output) => seen.push(output),
    );
    expect(seen).toEqual(['a1', 'a2', 'b1', 'b2', 'c1', 'c2']);
  });
});
