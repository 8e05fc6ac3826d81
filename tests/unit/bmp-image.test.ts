import { encode } from 'bmp-ts';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { BmpError, decodeBmp, readBmpHeader } from '../../src/image/bmp-image.ts';
import { encodeBmp } from '../fixtures/write-bmp.ts';

/** RGBA pixels of a small rendered picture, quantised so a 4-bit palette can hold them. */
async function picture(width: number, height: number, colours = 16): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
    <rect width="${width}" height="${height}" fill="#f0f0f0"/>
    <rect x="2" y="1" width="${Math.floor(width / 2)}" height="${Math.floor(height / 2)}" fill="#1f3b73"/>
    <circle cx="${width - 5}" cy="${height - 4}" r="3" fill="#c0392b"/></svg>`;
  const png = await sharp(Buffer.from(svg)).png({ palette: true, colours, dither: 0 }).toBuffer();
  return (await sharp(png).ensureAlpha().raw().toBuffer({ resolveWithObject: true })).data;
}

/** Two colours only, for 1-bit files. */
function blackAndWhite(width: number, height: number): Buffer {
  const rgba = Buffer.alloc(width * height * 4, 255);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) if ((x * 3 + y) % 5 < 2) rgba.fill(0, (y * width + x) * 4, (y * width + x) * 4 + 3);
  return rgba;
}

/** RGBA → RGB, and 8-bit channels as bmp-ts reads 5-bit ones back (v × 8). */
function expectedRgb(rgba: Buffer, bitsPerPixel: number): Buffer {
  const out = Buffer.alloc((rgba.length / 4) * 3);
  for (let p = 0; p < rgba.length / 4; p++) {
    for (let c = 0; c < 3; c++) out[p * 3 + c] = bitsPerPixel === 16 ? (rgba[p * 4 + c]! >> 3) << 3 : rgba[p * 4 + c]!;
  }
  return out;
}

describe('decodeBmp (bmp-ts)', () => {
  for (const bitsPerPixel of [1, 4, 8, 16, 24, 32] as const) {
    for (const header of ['info', 'v5'] as const) {
      for (const topDown of [false, true]) {
        it(`${bitsPerPixel}-bit, ${header} header, ${topDown ? 'top-down' : 'bottom-up'}, odd width: the pixels as written, as RGB`, async () => {
          const [width, height] = [23, 9];
          const rgba = bitsPerPixel === 1 ? blackAndWhite(width, height) : await picture(width, height);
          const decoded = decodeBmp(encodeBmp(rgba, width, height, { bitsPerPixel, topDown, header }));
          expect(decoded).toMatchObject({ width, height, channels: 3 });
          expect(decoded.data.equals(expectedRgb(rgba, bitsPerPixel))).toBe(true);
        });
      }
    }
  }

  it('reads what bmp-ts itself writes, with pixels sharp takes as raw input', async () => {
    const rgba = await picture(30, 12, 256);
    const abgr = Buffer.alloc(rgba.length);
    for (let i = 0; i < rgba.length; i += 4) [abgr[i], abgr[i + 1], abgr[i + 2], abgr[i + 3]] = [255, rgba[i + 2]!, rgba[i + 1]!, rgba[i]!];
    const { data, width, height, channels } = decodeBmp(encode({ data: abgr, width: 30, height: 12, bitPP: 24 }).data);
    expect(data.equals(expectedRgb(rgba, 24))).toBe(true);
    const png = await sharp(data, { raw: { width, height, channels } }).png().toBuffer();
    expect(await sharp(png).metadata()).toMatchObject({ width: 30, height: 12, format: 'png' });
  });

  it('keeps a real alpha channel and drops one that is declared but zero everywhere', async () => {
    const [width, height] = [5, 3];
    const withMasks = (alphaValue: number) => {
      const bytes = Buffer.alloc(14 + 124 + width * height * 4);
      bytes.write('BM', 0, 'latin1');
      bytes.writeUInt32LE(14 + 124, 10);
      bytes.writeUInt32LE(124, 14);
      bytes.writeInt32LE(width, 18);
      bytes.writeInt32LE(-height, 22);
      bytes.writeUInt16LE(1, 26);
      bytes.writeUInt16LE(32, 28);
      bytes.writeUInt32LE(3, 30); // BITFIELDS
      [0x00ff0000, 0x0000ff00, 0x000000ff, 0xff000000].forEach((mask, i) => {
        bytes.writeUInt32LE(mask >>> 0, 54 + i * 4);
      });
      for (let p = 0; p < width * height; p++) bytes.writeUInt32LE(((alphaValue << 24) | 0x102030) >>> 0, 138 + p * 4);
      return bytes;
    };
    const translucent = decodeBmp(withMasks(128));
    expect(translucent.channels).toBe(4);
    expect([...translucent.data.subarray(0, 4)]).toEqual([0x10, 0x20, 0x30, 128]);
    const opaque = decodeBmp(withMasks(0));
    expect(opaque.channels).toBe(3);
    expect([...opaque.data.subarray(0, 3)]).toEqual([0x10, 0x20, 0x30]);
  });

  it('takes the colour table that fits before the pixels when the header claims more', async () => {
    const rgba = await picture(12, 6);
    const bytes = encodeBmp(rgba, 12, 6, { bitsPerPixel: 8 });
    bytes.writeUInt32LE(0, 46); // "all 256 colours", though fewer are stored
    expect(decodeBmp(bytes).data.equals(expectedRgb(rgba, 8))).toBe(true);
  });

  it('refuses a short pixel array, a bad header, RLE and the OS/2 header with a BmpError', async () => {
    const good = encodeBmp(await picture(10, 10), 10, 10);
    expect(() => decodeBmp(good.subarray(0, good.length - 1))).toThrow(/cut short/);
    expect(() => decodeBmp(good.subarray(0, 30))).toThrow(/ends inside the BMP header/);
    const badPlanes = Buffer.from(good);
    badPlanes.writeUInt16LE(3, 26);
    expect(() => readBmpHeader(badPlanes)).toThrow(BmpError);
    const rle = Buffer.from(encodeBmp(await picture(10, 10), 10, 10, { bitsPerPixel: 8 }));
    rle.writeUInt32LE(1, 30);
    expect(() => readBmpHeader(rle)).toThrow(expect.objectContaining({ unsupported: true, message: expect.stringMatching(/RLE8/) }));
    const os2 = Buffer.from(good);
    os2.writeUInt32LE(12, 14);
    expect(() => readBmpHeader(os2)).toThrow(expect.objectContaining({ unsupported: true }));
  });

  it('reads the size from the header alone, without decoding', () => {
    const bytes = Buffer.alloc(14 + 40);
    bytes.write('BM', 0, 'latin1');
    bytes.writeUInt32LE(54, 10);
    bytes.writeUInt32LE(40, 14);
    bytes.writeInt32LE(20_000, 18);
    bytes.writeInt32LE(-20_000, 22);
    bytes.writeUInt16LE(1, 26);
    bytes.writeUInt16LE(24, 28);
    expect(readBmpHeader(bytes)).toMatchObject({ width: 20_000, height: 20_000, bitsPerPixel: 24 });
  });
});
