/** ingestImage without its full decode, the decode left to preprocessImage, as a queue worker reads a page. */
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import type { InputError } from '../../src/errors.ts';
import { ingestImage } from '../../src/stages/ingest-image.ts';
import { preprocessImage } from '../../src/stages/preprocess-image.ts';
import { encodeBmp } from '../fixtures/write-bmp.ts';
import { LIMITS, smallRgba, useIngestFiles } from './helpers/ingest-files.ts';

const inputs = useIngestFiles();

describe('ingestImage without the full decode, then preprocessing (how a queue worker reads a page)', () => {
  /** Ingest's verdict on a file with its full decode, and the same file's with the decode left to preprocessing. */
  async function bothWays(file: string): Promise<{ ingested: unknown; deferred: unknown }> {
    const outcome = (promise: Promise<unknown>) => promise.then((value) => ({ value }), (error: unknown) => ({ error }));
    const ingested = await outcome(ingestImage(file, LIMITS));
    const deferred = await outcome(
      ingestImage(file, LIMITS, { fullDecode: false }).then(async ({ source, data }) => {
        await preprocessImage(data, {}, { path: file, format: source.format, maxPixels: LIMITS.maxImagePixels });
        return { source, data };
      }),
    );
    return { ingested, deferred };
  }
  const refusalOf = (result: unknown) => {
    const { error } = result as { error?: InputError };
    return error ? { code: error.code, kind: error.kind, message: error.message } : 'accepted';
  };

  it('refuses every damaged image with the same code and message, from preprocessing instead of ingest', async () => {
    const noise = { type: 'gaussian', mean: 128, sigma: 40 } as const;
    const noisy = await sharp({ create: { width: 600, height: 400, channels: 3, background: '#000', noise } }).png().toBuffer();
    const jpeg = await sharp(inputs.sample).jpeg().toBuffer();
    const tiff = await sharp(inputs.sample).tiff({ compression: 'jpeg' }).toBuffer();
    const bmp = encodeBmp(await smallRgba(40, 30), 40, 30);
    const files = [
      inputs.bad.truncatedPng,
      await inputs.put('deferred-last-rows.png', noisy.subarray(0, noisy.length - 200)),
      await inputs.put('deferred-no-eoi.jpg', jpeg.subarray(0, jpeg.length - 2)),
      await inputs.put('deferred-half.webp', (await sharp(inputs.sample).webp().toBuffer()).subarray(0, 2000)),
      await inputs.put('deferred-one-short.tiff', tiff.subarray(0, tiff.length - 1)),
      await inputs.put('deferred-short.bmp', bmp.subarray(0, bmp.length - 100)),
    ];
    for (const file of files) {
      const { ingested, deferred } = await bothWays(file);
      expect(refusalOf(ingested), file).toMatchObject({ code: 'IMAGE_CORRUPT' });
      expect(refusalOf(deferred), file).toEqual(refusalOf(ingested));
    }
  });

  it('gives the same source for good images, EXIF orientation included', async () => {
    const rotated = await sharp(inputs.sample).resize(120, 40, { fit: 'fill' }).withMetadata({ orientation: 6 }).jpeg().toBuffer();
    const files = [
      await inputs.put('deferred-sideways.jpg', rotated),
      await inputs.put('deferred.png', inputs.sample),
      await inputs.put('deferred.bmp', encodeBmp(await smallRgba(41, 30), 41, 30)),
    ];
    for (const file of files) {
      const { ingested, deferred } = await bothWays(file);
      expect((deferred as { value: { source: unknown } }).value.source).toEqual((ingested as { value: { source: unknown } }).value.source);
    }
  });
});

