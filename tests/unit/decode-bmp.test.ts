import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { BmpError, checkBmp, decodeBmp, parseBmpHeader } from '../../src/stages/decode-bmp.ts';
import { encodeBmp } from '../fixtures/write-bmp.ts';

/** RGBA pixels of a small rendered picture, quantised so an 8-bit palette can hold them. */
async function picture(width: number, height: number): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
    <rect width="${width}" height="${height}" fill="#f0f0f0"/>
    <rect x="2" y="1" width="${Math.floor(width / 2)}" height="${Math.floor(height / 2)}" fill="#1f3b73"/>
    <circle cx="${width - 5}" cy="${height - 4}" r="3" fill="#c0392b"/></svg>`;
  const { data } = await sharp(Buffer.from(svg)).png({ palette: true, colours: 16, dither: 0 }).toBuffer().then((png) =>
    sharp(png).ensureAlpha().raw().toBuffer({ resolveWithObject: true }),
  );
  return data;
}

/** What 5-bit channels become when read back at 8 bits. */
function as555(rgba: Buffer): Buffer {
  const out = Buffer.from(rgba);
  for (let i = 0; i < out.length; i++) if (i % 4 !== 3) out[i] = Math.round(((out[i]! >> 3) * 255) / 31);
  return out;
}

describe('decodeBmp', () => {
  for (const bitsPerPixel of [8, 16, 24, 32] as const) {
    for (const topDown of [false, true]) {
      it(`${bitsPerPixel}-bit, ${topDown ? 'top-down' : 'bottom-up'}, odd width: pixels as written`, async () => {
        const [width, height] = [23, 9];
        const rgba = await picture(width, height);
        const decoded = decodeBmp(encodeBmp(rgba, width, height, { bitsPerPixel, topDown }));
        expect(decoded).toMatchObject({ width, height, channels: 4 });
        expect(decoded.data.equals(bitsPerPixel === 16 ? as555(rgba) : rgba)).toBe(true);
      });
    }
  }

  it('gives pixels sharp takes as raw input', async () => {
    const rgba = await picture(30, 12);
    const { data, width, height, channels } = decodeBmp(encodeBmp(rgba, 30, 12));
    const png = await sharp(data, { raw: { width, height, channels } }).png().toBuffer();
    expect(await sharp(png).metadata()).toMatchObject({ width: 30, height: 12, format: 'png' });
  });

  it('reads a 12-byte OS/2 header, which image-size misreads', () => {
    const bytes = Buffer.alloc(14 + 12 + 8 * 2); // rows of 6 bytes padded to 8
    bytes.write('BM', 0, 'latin1');
    bytes.writeUInt32LE(26, 10);
    bytes.writeUInt32LE(12, 14);
    bytes.writeUInt16LE(2, 18);
    bytes.writeUInt16LE(2, 20);
    bytes.writeUInt16LE(1, 22);
    bytes.writeUInt16LE(24, 24);
    bytes.fill(0xff, 26, 29); // bottom row, left pixel: white
    expect(parseBmpHeader(bytes)).toMatchObject({ width: 2, height: 2, bitsPerPixel: 24 });
    const { data } = decodeBmp(bytes);
    expect([...data.subarray(8, 12)]).toEqual([255, 255, 255, 255]);
    expect([...data.subarray(0, 4)]).toEqual([0, 0, 0, 255]);
  });

  it('refuses a short pixel array, a bad header and RLE with a BmpError', async () => {
    const good = encodeBmp(await picture(10, 10), 10, 10);
    expect(() => checkBmp(good.subarray(0, good.length - 1))).toThrow(/cut short/);
    const badPlanes = Buffer.from(good);
    badPlanes.writeUInt16LE(3, 26);
    expect(() => parseBmpHeader(badPlanes)).toThrow(BmpError);
    const rle = Buffer.from(good);
    rle.writeUInt32LE(2, 30);
    expect(() => parseBmpHeader(rle)).toThrow(expect.objectContaining({ unsupported: true }));
  });
});
