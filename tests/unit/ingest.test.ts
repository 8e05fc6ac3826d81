import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmod, mkdtemp, readFile, rm, stat, truncate, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInflate } from 'node:zlib';
import { imageSize } from 'image-size';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImageSourceSchema, TextSourceSchema } from '../../src/domain/source.ts';
import { InputError, TermlensError } from '../../src/errors.ts';
import { ingestImage } from '../../src/stages/ingest-image.ts';
import { preprocessImage } from '../../src/stages/preprocess-image.ts';
import { firstInvalidUtf8, ingestText } from '../../src/stages/ingest-text.ts';
import { BAD_INPUT_CODES, makeBadInputs, pngChunk, renderSamplePng } from '../fixtures/make-bad-inputs.ts';
import { encodeBmp } from '../fixtures/write-bmp.ts';

const LIMITS = { maxImagePixels: 50_000_000, maxImageBytes: 50 * 1024 * 1024 };

let dir: string;
let bad: Awaited<ReturnType<typeof makeBadInputs>>;
let sample: Buffer;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'termlens-ingest-'));
  bad = await makeBadInputs(path.join(dir, 'bad'));
  sample = await renderSamplePng();
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function put(name: string, data: Uint8Array | string): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, data);
  return file;
}

/** The error a rejected promise carries, checked to be a coded, stack-free InputError naming the file. */
async function refusal(promise: Promise<unknown>, code: string, file: string): Promise<InputError> {
  const error = await promise.then(
    () => expect.unreachable(`expected ${code}`),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InputError);
  const input = error as InputError;
  expect(input.code, input.message).toBe(code);
  expect(input.kind).toBe('input');
  expect(input.message).toContain(path.basename(file));
  expect(input.message).not.toMatch(/\n\s+at /);
  return input;
}

/** Image as RGBA with a few colours, odd width so BMP rows need padding. */
async function smallRgba(width: number, height: number): Promise<Buffer> {
  const rgba = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const p = (y * width + x) * 4;
      rgba[p] = x < width / 2 ? 200 : 16;
      rgba[p + 1] = y < height / 2 ? 40 : 220;
      rgba[p + 2] = (x + y) % 2 ? 255 : 0;
      rgba[p + 3] = 255;
    }
  }
  return rgba;
}

describe('ingestImage accepts every supported format by its content', () => {
  const formats = ['png', 'jpeg', 'webp', 'gif', 'tiff'] as const;
  const mediaTypes = { png: 'image/png', jpeg: 'image/jpeg', webp: 'image/webp', gif: 'image/gif', tiff: 'image/tiff' };

  for (const format of formats) {
    it(`${format} made by sharp`, async () => {
      const bytes = await sharp(sample).resize(123, 45, { fit: 'fill' }).toFormat(format).toBuffer();
      const file = await put(`sample.${format}`, bytes);
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
      const file = await put(`hand-${bitsPerPixel}.bmp`, bytes);
      const { source } = await ingestImage(file, LIMITS);
      expect(source).toMatchObject({ format: 'bmp', mediaType: 'image/bmp', width: 37, height: 11, bytes: bytes.length });
    });
  }

  it('a JPEG named .png is a JPEG: the extension does not count', async () => {
    const bytes = await sharp(sample).jpeg().toBuffer();
    const file = await put('photo.png', bytes);
    const { source } = await ingestImage(file, LIMITS);
    expect(source).toMatchObject({ format: 'jpeg', mediaType: 'image/jpeg', width: 480, height: 240 });
  });

  it('a PNG without any extension', async () => {
    const file = await put('screenshot-no-extension', sample);
    expect((await ingestImage(file, LIMITS)).source.format).toBe('png');
  });

  it('reports the size as displayed for a JPEG with EXIF orientation, and the orientation', async () => {
    const rotated = await sharp(sample).resize(120, 40, { fit: 'fill' }).withMetadata({ orientation: 6 }).jpeg().toBuffer();
    expect((await sharp(rotated).metadata()).orientation).toBe(6);
    const { source } = await ingestImage(await put('sideways.jpg', rotated), LIMITS);
    expect(source).toMatchObject({ width: 40, height: 120, orientation: 6 });
  });

  it('leaves the original untouched and hashes exactly its bytes', async () => {
    const file = await put('original.png', sample);
    const before = await stat(file);
    const { source } = await ingestImage(file, LIMITS);
    const after = await stat(file);
    expect(await readFile(file)).toEqual(sample);
    expect(after.mtimeMs).toBe(before.mtimeMs);
    expect(source.sha256).toBe(createHash('sha256').update(sample).digest('hex'));
  });
});

describe('ingestImage refuses bad input with a stable code', () => {
  it('every input from makeBadInputs gets its documented code', async () => {
    for (const [name, file] of Object.entries(bad)) {
      await refusal(ingestImage(file, LIMITS), BAD_INPUT_CODES[name as keyof typeof bad], file);
    }
  });

  it('EMPTY_FILE for zero bytes', async () => {
    const error = await refusal(ingestImage(bad.zeroByte, LIMITS), 'EMPTY_FILE', bad.zeroByte);
    expect(error.message).toMatch(/empty/);
  });

  it('IMAGE_CORRUPT for a real PNG cut in half (sharp metadata alone would accept it)', async () => {
    const cut = await readFile(bad.truncatedPng);
    expect((await sharp(cut).metadata()).width).toBe(480);
    const error = await refusal(ingestImage(bad.truncatedPng, LIMITS), 'IMAGE_CORRUPT', bad.truncatedPng);
    expect(error.message).toMatch(/PNG image is damaged or incomplete/);
  });

  it('IMAGE_CORRUPT for a PNG missing only its last rows', async () => {
    const noise = { type: 'gaussian', mean: 128, sigma: 40 } as const;
    const noisy = await sharp({ create: { width: 600, height: 400, channels: 3, background: '#000', noise } }).png().toBuffer();
    const file = await put('last-rows-missing.png', noisy.subarray(0, noisy.length - 200));
    await refusal(ingestImage(file, LIMITS), 'IMAGE_CORRUPT', file);
  });

  it('IMAGE_CORRUPT for a PNG cut inside its header', async () => {
    const file = await put('header-cut.png', sample.subarray(0, 20));
    await refusal(ingestImage(file, LIMITS), 'IMAGE_CORRUPT', file);
  });

  for (const format of ['jpeg', 'webp', 'gif', 'tiff'] as const) {
    it(`IMAGE_CORRUPT for a ${format} cut in half`, async () => {
      const bytes = await sharp(sample).toFormat(format).toBuffer();
      const file = await put(`half.${format}`, bytes.subarray(0, Math.floor(bytes.length / 2)));
      await refusal(ingestImage(file, LIMITS), 'IMAGE_CORRUPT', file);
    });
  }

  it('IMAGE_CORRUPT for a JPEG missing only its end marker', async () => {
    const bytes = await sharp(sample).jpeg().toBuffer();
    const file = await put('no-eoi.jpg', bytes.subarray(0, bytes.length - 2));
    await refusal(ingestImage(file, LIMITS), 'IMAGE_CORRUPT', file);
  });

  it('IMAGE_CORRUPT for a JPEG-compressed TIFF one byte short (passed by failOn "truncated")', async () => {
    const bytes = await sharp(sample).tiff({ compression: 'jpeg' }).toBuffer();
    const file = await put('one-short.tiff', bytes.subarray(0, bytes.length - 1));
    await refusal(ingestImage(file, LIMITS), 'IMAGE_CORRUPT', file);
  });

  it('IMAGE_CORRUPT for a BMP whose pixel rows are cut short', async () => {
    const bytes = encodeBmp(await smallRgba(40, 30), 40, 30);
    const file = await put('short.bmp', bytes.subarray(0, bytes.length - 100));
    const error = await refusal(ingestImage(file, LIMITS), 'IMAGE_CORRUPT', file);
    expect(error.message).toMatch(/cut short/);
  });

  it('UNSUPPORTED_TYPE for text named .png, saying it looks like text', async () => {
    const error = await refusal(ingestImage(bad.textNamedPng, LIMITS), 'UNSUPPORTED_TYPE', bad.textNamedPng);
    expect(error.message).toMatch(/looks like text, not an image/);
  });

  it('UNSUPPORTED_TYPE for an HTML error page saved as .jpg', async () => {
    const file = await put('download.jpg', '<!DOCTYPE html>\n<html><body><h1>404 Not Found</h1></body></html>\n');
    const error = await refusal(ingestImage(file, LIMITS), 'UNSUPPORTED_TYPE', file);
    expect(error.message).toMatch(/HTML page/);
  });

  it('UNSUPPORTED_TYPE for text that happens to start with "BM" (the BMP magic)', async () => {
    const file = await put('notes.bmp', 'BMW and Mercedes plates seen outside the station\n');
    const error = await refusal(ingestImage(file, LIMITS), 'UNSUPPORTED_TYPE', file);
    expect(error.message).toMatch(/looks like text/);
  });

  it('UNSUPPORTED_TYPE for a PDF, naming its media type', async () => {
    const error = await refusal(ingestImage(bad.unsupportedFormat, LIMITS), 'UNSUPPORTED_TYPE', bad.unsupportedFormat);
    expect(error.message).toMatch(/application\/pdf/);
    expect(error.message).toMatch(/PNG, JPEG, WebP, GIF, BMP and TIFF/);
  });

  it('UNSUPPORTED_TYPE for an SVG, with or without an XML declaration', async () => {
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>';
    for (const [name, content] of [
      ['drawing.svg', svg],
      ['declared.png', `<?xml version="1.0" encoding="UTF-8"?>\n${svg}`],
    ]) {
      const file = await put(name!, content!);
      const error = await refusal(ingestImage(file, LIMITS), 'UNSUPPORTED_TYPE', file);
      expect(error.message).toMatch(/SVG drawing/);
    }
  });

  it('UNSUPPORTED_TYPE for an ICO holding a PNG', async () => {
    const png = await sharp(sample).resize(16, 16).png().toBuffer();
    const header = Buffer.alloc(6 + 16);
    header.writeUInt16LE(1, 2); // type: icon
    header.writeUInt16LE(1, 4); // one image
    header[6] = 16;
    header[7] = 16;
    header.writeUInt16LE(1, 10);
    header.writeUInt16LE(32, 12);
    header.writeUInt32LE(png.length, 14);
    header.writeUInt32LE(22, 18);
    const file = await put('favicon.ico', Buffer.concat([header, png]));
    const error = await refusal(ingestImage(file, LIMITS), 'UNSUPPORTED_TYPE', file);
    expect(error.message).toMatch(/image\/x-icon/);
  });

  it('UNSUPPORTED_TYPE for an AVIF, a real image outside the supported set', async () => {
    const file = await put('photo.avif', await sharp(sample).avif().toBuffer());
    const error = await refusal(ingestImage(file, LIMITS), 'UNSUPPORTED_TYPE', file);
    expect(error.message).toMatch(/image\/avif/);
  });

  it('UNSUPPORTED_TYPE for an RLE-compressed BMP, which nothing downstream reads', async () => {
    const bytes = encodeBmp(await smallRgba(8, 2), 8, 2, { bitsPerPixel: 8 });
    bytes.writeUInt32LE(1, 30);
    const file = await put('rle.bmp', bytes);
    const error = await refusal(ingestImage(file, LIMITS), 'UNSUPPORTED_TYPE', file);
    expect(error.message).toMatch(/RLE8/);
  });

  it('UNSUPPORTED_TYPE for unknown binary, showing its first bytes', async () => {
    const file = await put('blob.png', Buffer.from([0x13, 0x37, 0x00, 0xff, 0x10, 0x20, 0x30, 0x40, 0x50]));
    const error = await refusal(ingestImage(file, LIMITS), 'UNSUPPORTED_TYPE', file);
    expect(error.message).toMatch(/13 37 00 ff/);
  });

  it('FILE_NOT_FOUND for a missing file and for a path through a file', async () => {
    await refusal(ingestImage(bad.missingFile, LIMITS), 'FILE_NOT_FOUND', bad.missingFile);
    const through = path.join(bad.textNamedPng, 'inner.png');
    await refusal(ingestImage(through, LIMITS), 'FILE_NOT_FOUND', through);
  });

  it('FILE_UNREADABLE for a directory', async () => {
    const error = await refusal(ingestImage(bad.unreadablePath, LIMITS), 'FILE_UNREADABLE', bad.unreadablePath);
    expect(error.message).toMatch(/directory/);
  });

  it('FILE_UNREADABLE for a named pipe, without waiting for a writer', async () => {
    const fifo = path.join(dir, 'pipe.png');
    execFileSync('mkfifo', [fifo]);
    const error = await refusal(ingestImage(fifo, LIMITS), 'FILE_UNREADABLE', fifo);
    expect(error.message).toMatch(/not a regular file/);
  });

  it('FILE_UNREADABLE without read permission', async () => {
    const file = await put('locked.png', sample);
    await chmod(file, 0o000);
    if (process.getuid?.() !== 0) {
      const error = await refusal(ingestImage(file, LIMITS), 'FILE_UNREADABLE', file);
      expect(error.message).toMatch(/permission denied/);
      return;
    }
    // root reads everything, so the refusal is observed from a process running as nobody.
    await chmod(dir, 0o755);
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
    const file = await put('big-file.png', sample);
    const error = await refusal(ingestImage(file, { ...LIMITS, maxImageBytes: 1024 }), 'FILE_TOO_LARGE', file);
    expect(error.message).toMatch(/KB, above the limit of 1\.0 KB/);
  });

  it('FILE_TOO_LARGE from the size alone: a sparse 8 GB file is never read', async () => {
    const file = await put('sparse.png', sample);
    await truncate(file, 8 * 1024 ** 3);
    await refusal(ingestImage(file, LIMITS), 'FILE_TOO_LARGE', file);
  });

  it('IMAGE_TOO_LARGE above maxImagePixels, giving the dimensions and the limit', async () => {
    const file = await put('wide.png', sample);
    const error = await refusal(ingestImage(file, { ...LIMITS, maxImagePixels: 100_000 }), 'IMAGE_TOO_LARGE', file);
    expect(error.message).toContain('480×240 pixels');
    expect(error.message).toContain('100000 pixels');
  });
});

describe('a real, valid 20000×20000 PNG is refused before decoding', () => {
  it('is a valid PNG: every chunk CRC checks, the zlib stream inflates to exactly 20000 rows', async () => {
    const bytes = await readFile(bad.hugePng);
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
    const error = await refusal(ingestImage(bad.hugePng, LIMITS), 'IMAGE_TOO_LARGE', bad.hugePng);
    expect(error.message).toContain('20000×20000 pixels (400.0 megapixels)');
    expect(error.message).toContain('above the limit of 50.0 megapixels');
  });

  it('the same header over damaged pixel data is still IMAGE_TOO_LARGE: nothing was decoded', async () => {
    const bytes = await readFile(bad.hugePng);
    const file = await put('huge-damaged.png', bytes.subarray(0, 4096));
    await refusal(ingestImage(file, LIMITS), 'IMAGE_TOO_LARGE', file);
  });
});

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
    const jpeg = await sharp(sample).jpeg().toBuffer();
    const tiff = await sharp(sample).tiff({ compression: 'jpeg' }).toBuffer();
    const bmp = encodeBmp(await smallRgba(40, 30), 40, 30);
    const files = [
      bad.truncatedPng,
      await put('deferred-last-rows.png', noisy.subarray(0, noisy.length - 200)),
      await put('deferred-no-eoi.jpg', jpeg.subarray(0, jpeg.length - 2)),
      await put('deferred-half.webp', (await sharp(sample).webp().toBuffer()).subarray(0, 2000)),
      await put('deferred-one-short.tiff', tiff.subarray(0, tiff.length - 1)),
      await put('deferred-short.bmp', bmp.subarray(0, bmp.length - 100)),
    ];
    for (const file of files) {
      const { ingested, deferred } = await bothWays(file);
      expect(refusalOf(ingested), file).toMatchObject({ code: 'IMAGE_CORRUPT' });
      expect(refusalOf(deferred), file).toEqual(refusalOf(ingested));
    }
  });

  it('gives the same source for good images, EXIF orientation included', async () => {
    const rotated = await sharp(sample).resize(120, 40, { fit: 'fill' }).withMetadata({ orientation: 6 }).jpeg().toBuffer();
    const files = [
      await put('deferred-sideways.jpg', rotated),
      await put('deferred.png', sample),
      await put('deferred.bmp', encodeBmp(await smallRgba(41, 30), 41, 30)),
    ];
    for (const file of files) {
      const { ingested, deferred } = await bothWays(file);
      expect((deferred as { value: { source: unknown } }).value.source).toEqual((ingested as { value: { source: unknown } }).value.source);
    }
  });
});

describe('ingestText', () => {
  it('accepts UTF-8 with characters outside the BMP, text exactly as in the file', async () => {
    const content = '海外警务服务站\r\n聘请 𠀀 overseas\n';
    const bytes = Buffer.from(content, 'utf8');
    const file = await put('article.txt', bytes);
    const source = await ingestText(file, { maxTextBytes: 1024 });
    expect(source).toEqual({
      path: file,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      bytes: bytes.length,
      text: content,
    });
    expect(TextSourceSchema.parse(source)).toEqual(source);
  });

  it('strips a UTF-8 byte-order mark from the text but hashes the original bytes', async () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('统战部', 'utf8')]);
    const file = await put('bom.txt', bytes);
    const source = await ingestText(file, { maxTextBytes: 1024 });
    expect(source.text).toBe('统战部');
    expect(source.bytes).toBe(bytes.length);
    expect(source.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
  });

  it('TEXT_NOT_UTF8 for GBK-encoded Chinese, naming the offset and suggesting a conversion', async () => {
    // "警察" in GBK, after four bytes of ASCII
    const file = await put('gbk.txt', Buffer.from([0x41, 0x42, 0x43, 0x20, 0xbe, 0xaf, 0xb2, 0xec]));
    const error = await refusal(ingestText(file, { maxTextBytes: 1024 }), 'TEXT_NOT_UTF8', file);
    expect(error.message).toContain('byte 0xbe at offset 4');
    expect(error.message).toMatch(/GBK/);
  });

  it('TEXT_NOT_UTF8 for UTF-16', async () => {
    const file = await put('utf16.txt', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('警察', 'utf16le')]));
    const error = await refusal(ingestText(file, { maxTextBytes: 1024 }), 'TEXT_NOT_UTF8', file);
    expect(error.message).toMatch(/UTF-16/);
  });

  it('TEXT_NOT_UTF8 for valid UTF-8 holding NUL bytes (binary)', async () => {
    const file = await put('nul.txt', Buffer.from('abc\0def'));
    const error = await refusal(ingestText(file, { maxTextBytes: 1024 }), 'TEXT_NOT_UTF8', file);
    expect(error.message).toMatch(/NUL byte at offset 3/);
  });

  it('TEXT_NOT_UTF8 for an image given as text, saying what it is', async () => {
    const file = await put('screenshot.txt', sample);
    const error = await refusal(ingestText(file, { maxTextBytes: 1024 * 1024 }), 'TEXT_NOT_UTF8', file);
    expect(error.message).toMatch(/image\/png/);
  });

  it('TEXT_TOO_LARGE above maxTextBytes', async () => {
    const file = await put('long.txt', '警'.repeat(1000));
    const error = await refusal(ingestText(file, { maxTextBytes: 1000 }), 'TEXT_TOO_LARGE', file);
    expect(error.message).toMatch(/2\.9 KB, above the limit of 1000 bytes for text files/);
  });

  it('EMPTY_FILE for zero bytes and for a lone byte-order mark', async () => {
    await refusal(ingestText(bad.zeroByte, { maxTextBytes: 1024 }), 'EMPTY_FILE', bad.zeroByte);
    const file = await put('bom-only.txt', Buffer.from([0xef, 0xbb, 0xbf]));
    await refusal(ingestText(file, { maxTextBytes: 1024 }), 'EMPTY_FILE', file);
  });

  it('FILE_NOT_FOUND and FILE_UNREADABLE as for images', async () => {
    await refusal(ingestText(bad.missingFile, { maxTextBytes: 1024 }), 'FILE_NOT_FOUND', bad.missingFile);
    await refusal(ingestText(bad.unreadablePath, { maxTextBytes: 1024 }), 'FILE_UNREADABLE', bad.unreadablePath);
  });
});

describe('firstInvalidUtf8', () => {
  const cases: [string, number[], number][] = [
    ['ASCII', [0x61, 0x62], -1],
    ['CJK and a supplementary-plane character', [...Buffer.from('警𠀀', 'utf8')], -1],
    ['a lone continuation byte', [0x61, 0x80], 1],
    ['an overlong "/"', [0xc0, 0xaf], 0],
    ['an overlong three-byte form', [0xe0, 0x80, 0xaf], 0],
    ['an encoded UTF-16 surrogate', [0xed, 0xa0, 0x80], 0],
    ['a code point past U+10FFFF', [0xf4, 0x90, 0x80, 0x80], 0],
    ['a sequence cut at the end', [0x61, 0xe8, 0xad], 1],
  ];
  for (const [name, bytes, expected] of cases) {
    it(name, () => {
      expect(firstInvalidUtf8(Uint8Array.from(bytes))).toBe(expected);
    });
  }
});

describe('errors', () => {
  it('are TermlensErrors of kind input, never retried', async () => {
    const error = await ingestImage(bad.zeroByte, LIMITS).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TermlensError);
    expect((error as TermlensError).kind).toBe('input');
  });
});
