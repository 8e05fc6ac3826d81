/** ingestImage: the formats it accepts by content, and the bad input it refuses with a stable code. */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmod, readFile, stat, truncate } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { ImageSourceSchema } from '../../src/domain/source.ts';
import { TermlensError } from '../../src/errors.ts';
import { ingestImage } from '../../src/stages/ingest-image.ts';
import { BAD_INPUT_CODES } from '../fixtures/make-bad-inputs.ts';
import { encodeBmp } from '../fixtures/write-bmp.ts';
import { LIMITS, refusal, smallRgba, useIngestFiles } from './helpers/ingest-files.ts';

const inputs = useIngestFiles();

describe('ingestImage accepts every supported format by its content', () => {
  const formats = ['png', 'jpeg', 'webp', 'gif', 'tiff'] as const;
  const mediaTypes = { png: 'image/png', jpeg: 'image/jpeg', webp: 'image/webp', gif: 'image/gif', tiff: 'image/tiff' };

  for (const format of formats) {
    it(`${format} made by sharp`, async () => {
      const bytes = await sharp(inputs.sample).resize(123, 45, { fit: 'fill' }).toFormat(format).toBuffer();
      const file = await inputs.put(`sample.${format}`, bytes);
      const { source, data } = await ingestImage(file, LIMITS);
      expect(source).toEqual({
        path: file,
        sha256: createHash('sha256').update(bytes).digest('hex'),
        bytes: bytes.length,
        mediaType: mediaTypes[format],
        format,
        width: 123,
        height: 45,
      });
      expect(ImageSourceSchema.parse(source)).toEqual(source);
      expect(data.equals(bytes)).toBe(true);
    });
  }

  for (const bitsPerPixel of [8, 16, 24, 32] as const) {
    it(`a ${bitsPerPixel}-bit BMP written by hand (sharp cannot write BMP)`, async () => {
      const bytes = encodeBmp(await smallRgba(37, 11), 37, 11, { bitsPerPixel, topDown: bitsPerPixel === 32 });
      const file = await inputs.put(`hand-${bitsPerPixel}.bmp`, bytes);
      const { source } = await ingestImage(file, LIMITS);
      expect(source).toMatchObject({ format: 'bmp', mediaType: 'image/bmp', width: 37, height: 11, bytes: bytes.length });
    });
  }

  it('a JPEG named .png is a JPEG: the extension does not count', async () => {
    const bytes = await sharp(inputs.sample).jpeg().toBuffer();
    const file = await inputs.put('photo.png', bytes);
    const { source } = await ingestImage(file, LIMITS);
    expect(source).toMatchObject({ format: 'jpeg', mediaType: 'image/jpeg', width: 480, height: 240 });
  });

  it('a PNG without any extension', async () => {
    const file = await inputs.put('screenshot-no-extension', inputs.sample);
    expect((await ingestImage(file, LIMITS)).source.format).toBe('png');
  });

  it('reports the size as displayed for a JPEG with EXIF orientation, and the orientation', async () => {
    const rotated = await sharp(inputs.sample).resize(120, 40, { fit: 'fill' }).withMetadata({ orientation: 6 }).jpeg().toBuffer();
    expect((await sharp(rotated).metadata()).orientation).toBe(6);
    const { source } = await ingestImage(await inputs.put('sideways.jpg', rotated), LIMITS);
    expect(source).toMatchObject({ width: 40, height: 120, orientation: 6 });
  });

  it('leaves the original untouched and hashes exactly its bytes', async () => {
    const file = await inputs.put('original.png', inputs.sample);
    const before = await stat(file);
    const { source } = await ingestImage(file, LIMITS);
    const after = await stat(file);
    expect(await readFile(file)).toEqual(inputs.sample);
    expect(after.mtimeMs).toBe(before.mtimeMs);
    expect(source.sha256).toBe(createHash('sha256').update(inputs.sample).digest('hex'));
  });
});

describe('ingestImage refuses bad input with a stable code', () => {
  it('every input from makeBadInputs gets its documented code', async () => {
    for (const [name, file] of Object.entries(inputs.bad)) {
      await refusal(ingestImage(file, LIMITS), BAD_INPUT_CODES[name as keyof typeof inputs.bad], file);
    }
  });

  it('EMPTY_FILE for zero bytes', async () => {
    const error = await refusal(ingestImage(inputs.bad.zeroByte, LIMITS), 'EMPTY_FILE', inputs.bad.zeroByte);
    expect(error.message).toMatch(/empty/);
  });

  it('IMAGE_CORRUPT for a real PNG cut in half (sharp metadata alone would accept it)', async () => {
    const cut = await readFile(inputs.bad.truncatedPng);
    expect((await sharp(cut).metadata()).width).toBe(480);
    const error = await refusal(ingestImage(inputs.bad.truncatedPng, LIMITS), 'IMAGE_CORRUPT', inputs.bad.truncatedPng);
    expect(error.message).toMatch(/PNG image is damaged or incomplete/);
  });

  it('IMAGE_CORRUPT for a PNG missing only its last rows', async () => {
    const noise = { type: 'gaussian', mean: 128, sigma: 40 } as const;
    const noisy = await sharp({ create: { width: 600, height: 400, channels: 3, background: '#000', noise } }).png().toBuffer();
    const file = await inputs.put('last-rows-missing.png', noisy.subarray(0, noisy.length - 200));
    await refusal(ingestImage(file, LIMITS), 'IMAGE_CORRUPT', file);
  });

  it('IMAGE_CORRUPT for a PNG cut inside its header', async () => {
    const file = await inputs.put('header-cut.png', inputs.sample.subarray(0, 20));
    await refusal(ingestImage(file, LIMITS), 'IMAGE_CORRUPT', file);
  });

  for (const format of ['jpeg', 'webp', 'gif', 'tiff'] as const) {
    it(`IMAGE_CORRUPT for a ${format} cut in half`, async () => {
      const bytes = await sharp(inputs.sample).toFormat(format).toBuffer();
      const file = await inputs.put(`half.${format}`, bytes.subarray(0, Math.floor(bytes.length / 2)));
      await refusal(ingestImage(file, LIMITS), 'IMAGE_CORRUPT', file);
    });
  }

  it('IMAGE_CORRUPT for a JPEG missing only its end marker', async () => {
    const bytes = await sharp(inputs.sample).jpeg().toBuffer();
    const file = await inputs.put('no-eoi.jpg', bytes.subarray(0, bytes.length - 2));
    await refusal(ingestImage(file, LIMITS), 'IMAGE_CORRUPT', file);
  });

  it('IMAGE_CORRUPT for a JPEG-compressed TIFF one byte short (passed by failOn "truncated")', async () => {
    const bytes = await sharp(inputs.sample).tiff({ compression: 'jpeg' }).toBuffer();
    const file = await inputs.put('one-short.tiff', bytes.subarray(0, bytes.length - 1));
    await refusal(ingestImage(file, LIMITS), 'IMAGE_CORRUPT', file);
  });

  it('IMAGE_CORRUPT for a BMP whose pixel rows are cut short', async () => {
    const bytes = encodeBmp(await smallRgba(40, 30), 40, 30);
    const file = await inputs.put('short.bmp', bytes.subarray(0, bytes.length - 100));
    const error = await refusal(ingestImage(file, LIMITS), 'IMAGE_CORRUPT', file);
    expect(error.message).toMatch(/cut short/);
  });

  it('UNSUPPORTED_TYPE for text named .png, saying it looks like text', async () => {
    const error = await refusal(ingestImage(inputs.bad.textNamedPng, LIMITS), 'UNSUPPORTED_TYPE', inputs.bad.textNamedPng);
    expect(error.message).toMatch(/looks like text, not an image/);
  });

  it('UNSUPPORTED_TYPE for an HTML error page saved as .jpg', async () => {
    const file = await inputs.put('download.jpg', '<!DOCTYPE html>\n<html><body><h1>404 Not Found</h1></body></html>\n');
    const error = await refusal(ingestImage(file, LIMITS), 'UNSUPPORTED_TYPE', file);
    expect(error.message).toMatch(/HTML page/);
  });

  it('UNSUPPORTED_TYPE for text that happens to start with "BM" (the BMP magic)', async () => {
    const file = await inputs.put('notes.bmp', 'BMW and Mercedes plates seen outside the station\n');
    const error = await refusal(ingestImage(file, LIMITS), 'UNSUPPORTED_TYPE', file);
    expect(error.message).toMatch(/looks like text/);
  });

  it('UNSUPPORTED_TYPE for a PDF, naming its media type', async () => {
    const error = await refusal(ingestImage(inputs.bad.unsupportedFormat, LIMITS), 'UNSUPPORTED_TYPE', inputs.bad.unsupportedFormat);
    expect(error.message).toMatch(/application\/pdf/);
    expect(error.message).toMatch(/PNG, JPEG, WebP, GIF, BMP and TIFF/);
  });

  it('UNSUPPORTED_TYPE for an SVG, with or without an XML declaration', async () => {
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>';
    for (const [name, content] of [
      ['drawing.svg', svg],
      ['declared.png', `<?xml version="1.0" encoding="UTF-8"?>\n${svg}`],
    ]) {
      const file = await inputs.put(name!, content!);
      const error = await refusal(ingestImage(file, LIMITS), 'UNSUPPORTED_TYPE', file);
      expect(error.message).toMatch(/SVG drawing/);
    }
  });

  it('UNSUPPORTED_TYPE for an ICO holding a PNG', async () => {
    const png = await sharp(inputs.sample).resize(16, 16).png().toBuffer();
    const header = Buffer.alloc(6 + 16);
    header.writeUInt16LE(1, 2); // type: icon
    header.writeUInt16LE(1, 4); // one image
    header[6] = 16;
    header[7] = 16;
    header.writeUInt16LE(1, 10);
    header.writeUInt16LE(32, 12);
    header.writeUInt32LE(png.length, 14);
    header.writeUInt32LE(22, 18);
    const file = await inputs.put('favicon.ico', Buffer.concat([header, png]));
    const error = await refusal(ingestImage(file, LIMITS), 'UNSUPPORTED_TYPE', file);
    expect(error.message).toMatch(/image\/x-icon/);
  });

  it('UNSUPPORTED_TYPE for an AVIF, a real image outside the supported set', async () => {
    const file = await inputs.put('photo.avif', await sharp(inputs.sample).avif().toBuffer());
    const error = await refusal(ingestImage(file, LIMITS), 'UNSUPPORTED_TYPE', file);
    expect(error.message).toMatch(/image\/avif/);
  });

  it('UNSUPPORTED_TYPE for an RLE-compressed BMP, which nothing downstream reads', async () => {
    const bytes = encodeBmp(await smallRgba(8, 2), 8, 2, { bitsPerPixel: 8 });
    bytes.writeUInt32LE(1, 30);
    const file = await inputs.put('rle.bmp', bytes);
    const error = await refusal(ingestImage(file, LIMITS), 'UNSUPPORTED_TYPE', file);
    expect(error.message).toMatch(/RLE8/);
  });

  it('UNSUPPORTED_TYPE for unknown binary, showing its first bytes', async () => {
    const file = await inputs.put('blob.png', Buffer.from([0x13, 0x37, 0x00, 0xff, 0x10, 0x20, 0x30, 0x40, 0x50]));
    const error = await refusal(ingestImage(file, LIMITS), 'UNSUPPORTED_TYPE', file);
    expect(error.message).toMatch(/13 37 00 ff/);
  });

  it('FILE_NOT_FOUND for a missing file and for a path through a file', async () => {
    await refusal(ingestImage(inputs.bad.missingFile, LIMITS), 'FILE_NOT_FOUND', inputs.bad.missingFile);
    const through = path.join(inputs.bad.textNamedPng, 'inner.png');
    await refusal(ingestImage(through, LIMITS), 'FILE_NOT_FOUND', through);
  });

  it('FILE_UNREADABLE for a directory', async () => {
    const error = await refusal(ingestImage(inputs.bad.unreadablePath, LIMITS), 'FILE_UNREADABLE', inputs.bad.unreadablePath);
    expect(error.message).toMatch(/directory/);
  });

  it('FILE_UNREADABLE for a named pipe, without waiting for a writer', async () => {
    const fifo = path.join(inputs.dir, 'pipe.png');
    execFileSync('mkfifo', [fifo]);
    const error = await refusal(ingestImage(fifo, LIMITS), 'FILE_UNREADABLE', fifo);
    expect(error.message).toMatch(/not a regular file/);
  });

  it('FILE_UNREADABLE without read permission', async () => {
    const file = await inputs.put('locked.png', inputs.sample);
    await chmod(file, 0o000);
    if (process.getuid?.() !== 0) {
      const error = await refusal(ingestImage(file, LIMITS), 'FILE_UNREADABLE', file);
      expect(error.message).toMatch(/permission denied/);
      return;
    }
    // root reads everything, so the refusal is observed from a process running as nobody.
    await chmod(inputs.dir, 0o755);
    const repoRoot = path.resolve(import.meta.dirname, '..', '..');
    const script = `
      const { ingestImage } = await import(${JSON.stringify(path.join(repoRoot, 'src/stages/ingest-image.ts'))});
      try { await ingestImage(${JSON.stringify(file)}, ${JSON.stringify(LIMITS)}); console.log(JSON.stringify({ ok: true })); }
      catch (e) { console.log(JSON.stringify({ code: e.code, message: e.message })); }`;
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: repoRoot,
      uid: 65534,
      gid: 65534,
      env: { PATH: process.env.PATH, HOME: os.tmpdir(), TERMLENS_CACHE_DIR: os.tmpdir(), TERMLENS_DATA_DIR: os.tmpdir() },
      encoding: 'utf8',
    });
    const result = JSON.parse(out.trim().split('\n').at(-1)!);
    expect(result.code).toBe('FILE_UNREADABLE');
    expect(result.message).toContain(file);
    expect(result.message).toMatch(/permission denied/);
  });

  it('FILE_TOO_LARGE above maxImageBytes, giving both sizes', async () => {
    const file = await inputs.put('big-file.png', inputs.sample);
    const error = await refusal(ingestImage(file, { ...LIMITS, maxImageBytes: 1024 }), 'FILE_TOO_LARGE', file);
    expect(error.message).toMatch(/KB, above the limit of 1\.0 KB/);
  });

  it('FILE_TOO_LARGE from the size alone: a sparse 8 GB file is never read', async () => {
    const file = await inputs.put('sparse.png', inputs.sample);
    await truncate(file, 8 * 1024 ** 3);
    await refusal(ingestImage(file, LIMITS), 'FILE_TOO_LARGE', file);
  });

  it('IMAGE_TOO_LARGE above maxImagePixels, giving the dimensions and the limit', async () => {
    const file = await inputs.put('wide.png', inputs.sample);
    const error = await refusal(ingestImage(file, { ...LIMITS, maxImagePixels: 100_000 }), 'IMAGE_TOO_LARGE', file);
    expect(error.message).toContain('480×240 pixels');
    expect(error.message).toContain('100000 pixels');
  });
});


describe('errors', () => {
  it('are TermlensErrors of kind input, never retried', async () => {
    const error = await ingestImage(inputs.bad.zeroByte, LIMITS).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TermlensError);
    expect((error as TermlensError).kind).toBe('input');
  });
});
