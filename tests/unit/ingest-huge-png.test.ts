/** A real, valid 20000×20000 PNG, refused by ingestImage before anything is decoded. */
import { readFile } from 'node:fs/promises';
import { createInflate } from 'node:zlib';
import { imageSize } from 'image-size';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { ingestImage } from '../../src/stages/ingest-image.ts';
import { pngChunk } from '../fixtures/make-bad-inputs.ts';
import { LIMITS, refusal, useIngestFiles } from './helpers/ingest-files.ts';

const inputs = useIngestFiles();

describe('a real, valid 20000×20000 PNG is refused before decoding', () => {
  it('is a valid PNG: every chunk CRC checks, the zlib stream inflates to exactly 20000 rows', async () => {
    const bytes = await readFile(inputs.bad.hugePng);
    expect(bytes.length).toBeGreaterThan(300_000);
    expect(bytes.length).toBeLessThan(1_500_000);
    expect(imageSize(bytes)).toMatchObject({ type: 'png', width: 20_000, height: 20_000 });
    const meta = await sharp(bytes, { limitInputPixels: false }).metadata();
    expect(meta).toMatchObject({ format: 'png', width: 20_000, height: 20_000 });

    const idat: Buffer[] = [];
    let at = 8;
    while (at < bytes.length) {
      const length = bytes.readUInt32BE(at);
      const type = bytes.toString('latin1', at + 4, at + 8);
      const chunk = pngChunk(type, bytes.subarray(at + 8, at + 8 + length));
      expect(chunk.equals(bytes.subarray(at, at + 12 + length)), `CRC of ${type} at ${at}`).toBe(true);
      if (type === 'IDAT') idat.push(bytes.subarray(at + 8, at + 8 + length));
      at += 12 + length;
    }
    expect(at).toBe(bytes.length);

    // Inflated a piece at a time: the point of the fixture is never to hold 400 MB.
    let inflated = 0;
    const inflate = createInflate();
    inflate.on('data', (piece: Buffer) => {
      inflated += piece.length;
    });
    await new Promise<void>((resolve, reject) => {
      inflate.on('end', resolve);
      inflate.on('error', reject);
      inflate.end(Buffer.concat(idat));
    });
    expect(inflated).toBe(20_000 * 20_001);

    // And libpng reads every row of it when no limit stops it.
    const { info } = await sharp(bytes, { limitInputPixels: false, failOn: 'error' })
      .resize(100, 100, { fit: 'fill', fastShrinkOnLoad: false })
      .raw()
      .toBuffer({ resolveWithObject: true });
    expect(info.width).toBe(100);
  });

  it('IMAGE_TOO_LARGE, naming the dimensions and the limit', async () => {
    const error = await refusal(ingestImage(inputs.bad.hugePng, LIMITS), 'IMAGE_TOO_LARGE', inputs.bad.hugePng);
    expect(error.message).toContain('20000×20000 pixels (400.0 megapixels)');
    expect(error.message).toContain('above the limit of 50.0 megapixels');
  });

  it('the same header over damaged pixel data is still IMAGE_TOO_LARGE: nothing was decoded', async () => {
    const bytes = await readFile(inputs.bad.hugePng);
    const file = await inputs.put('huge-damaged.png', bytes.subarray(0, 4096));
    await refusal(ingestImage(file, LIMITS), 'IMAGE_TOO_LARGE', file);
  });
});

