import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import type { RawImage } from '../../src/domain/raw-image.ts';
import { toPnm } from '../../src/engines/pnm.ts';
import { greyOf, rawSharp } from '../../src/engines/raw-pixels.ts';

/** Raw pages as the engines get them from preprocessing (preprocess-image.ts). */
const rgb: RawImage = { data: Uint8Array.from([255, 0, 0, 0, 255, 0, 0, 0, 255, 255, 255, 255]), width: 2, height: 2, channels: 3 };
const grey: RawImage = { data: Uint8Array.from([0, 64, 128, 255]), width: 2, height: 2, channels: 1 };

describe('toPnm', () => {
  it('writes a grey page as PGM (P5) and an RGB one as PPM (P6): header, then the pixels as they are', () => {
    const pgm = toPnm(grey);
    expect(pgm.subarray(0, 11).toString('ascii')).toBe('P5\n2 2\n255\n');
    expect([...pgm.subarray(11)]).toEqual([...grey.data]);
    const ppm = toPnm(rgb);
    expect(ppm.subarray(0, 11).toString('ascii')).toBe('P6\n2 2\n255\n');
    expect([...ppm.subarray(11)]).toEqual([...rgb.data]);
  });

  it('refuses pixels netpbm has no format for', () => {
    expect(() => toPnm({ data: new Uint8Array(8), width: 2, height: 2, channels: 2 })).toThrow(/1 or 3 channels/);
  });
});

describe('greyOf', () => {
  it('hands back a grey page itself, without a copy', async () => {
    expect(await greyOf(grey)).toBe(grey);
  });

  it("gives an RGB page's luminance as libvips computes it", async () => {
    const levels = await greyOf(rgb);
    const expected = await sharp(await rawSharp(rgb).png().toBuffer()).greyscale().raw().toBuffer();
    expect([levels.width, levels.height]).toEqual([2, 2]);
    expect([...levels.data]).toEqual([...expected]);
    // Red, green and blue differ in brightness; white stays white.
    expect(new Set(levels.data.subarray(0, 3)).size).toBe(3);
    expect(levels.data[3]).toBe(255);
  });
});
