import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.ts';
import {
  isBatchInputFailure,
  type BatchInputFailure,
  type BatchInputFile,
  type BatchInputItem,
} from '../../src/input/batch-input-item.ts';
import type { BatchInputLimits } from '../../src/input/batch-input-limits.ts';
import { enumerateBatchInput, type BatchInput } from '../../src/input/enumerate-batch-input.ts';
import { encodeBlankPng } from '../fixtures/make-bad-inputs.ts';
import {
  buildZip,
  inflatedLength,
  S_IFDIR,
  S_IFLNK,
  writeZip,
  zerosDeflateStream,
  type ZipEntrySpec,
} from '../fixtures/make-zips.ts';

const SAMPLES = path.resolve(import.meta.dirname, '..', '..', 'samples');
const SAMPLE_NAMES = [
  '01-police-libao-station-simplified-sans.png',
  '02-wechat-venice-station-simplified-sans.png',
  '04-gov-qingtian-work-summary-simplified-sans.png',
];
const JPEG_SAMPLE = '03-statemedia-nantong-foxhunt-simplified-serif.jpg';
const LIMITS: BatchInputLimits = {
  maxEntries: 1000,
  maxEntryBytes: 50 * 1024 * 1024,
  maxTotalBytes: 1024 * 1024 * 1024,
  maxImagePixels: 50_000_000,
};
// 中文 in GBK: not valid UTF-8, as a Chinese Windows zipper writes it without the UTF-8 flag.
const GBK_ZHONGWEN = Buffer.from([0xd6, 0xd0, 0xce, 0xc4]);

let dir: string;
let pngs: Buffer[];

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'termlens-batch-input-'));
  pngs = await Promise.all(SAMPLE_NAMES.map((name) => readFile(path.join(SAMPLES, name))));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

type Collected = { items: BatchInputItem[]; thrown: unknown; input: BatchInput };

/** Every item, and what the enumeration threw after them (undefined when it ended cleanly). */
async function collect(file: string, limits: Partial<BatchInputLimits> = {}): Promise<Collected> {
  const input = enumerateBatchInput(file, { ...LIMITS, ...limits });
  const items: BatchInputItem[] = [];
  try {
    for await (const item of input) items.push(item);
    return { items, thrown: undefined, input };
  } catch (error) {
    return { items, thrown: error, input };
  }
}

function files(items: BatchInputItem[]): BatchInputFile[] {
  return items.filter((item): item is BatchInputFile => !isBatchInputFailure(item));
}

function failure(items: BatchInputItem[], key: string): BatchInputFailure {
  const item = items.find((candidate) => candidate.key === key);
  expect(item, `no item ${key}; keys: ${items.map((i) => i.key).join(', ')}`).toBeDefined();
  expect(isBatchInputFailure(item!), `${key} should have failed`).toBe(true);
  return item as BatchInputFailure;
}

/** A failure item with `code` whose message names the archive and the entry. */
function expectEntryFailure(items: BatchInputItem[], key: string, code: string, archive: string, entryName = key) {
  const { error } = failure(items, key);
  expect(error.code, error.message).toBe(code);
  expect(error.message).toContain(path.basename(archive));
  expect(error.message).toContain(JSON.stringify(entryName));
  return error;
}

function expectThrown(thrown: unknown, code: string, file: string): InputError {
  expect(thrown, `expected ${code}`).toBeInstanceOf(InputError);
  const error = thrown as InputError;
  expect(error.code, error.message).toBe(code);
  expect(error.message).toContain(path.basename(file));
  expect(error.message).not.toMatch(/\n\s+at /);
  return error;
}

async function zipAt(name: string, entries: ZipEntrySpec[]): Promise<string> {
  return writeZip(path.join(dir, name), entries);
}

describe('zip input', () => {
  it('yields the images of a plain zip with their original bytes, skipping directories and OS junk', async () => {
    const file = await zipAt('plain.zip', [
      { name: SAMPLE_NAMES[0]!, data: pngs[0] },
      { name: 'shots/', unixMode: S_IFDIR | 0o755 },
      { name: `shots/${SAMPLE_NAMES[1]}`, data: pngs[1], method: 0 },
      { name: `shots/${SAMPLE_NAMES[2]}`, data: pngs[2], dataDescriptor: true },
      { name: '__MACOSX/shots/._x.png', data: Buffer.from('Mac OS X resource fork') },
      { name: 'shots/.DS_Store', data: Buffer.from('Bud1 finder metadata') },
    ]);
    const { items, thrown, input } = await collect(file);
    expect(thrown).toBeUndefined();
    expect(items.map((item) => item.key)).toEqual([
      SAMPLE_NAMES[0],
      `shots/${SAMPLE_NAMES[1]}`,
      `shots/${SAMPLE_NAMES[2]}`,
    ]);
    const yielded = files(items);
    expect(yielded).toHaveLength(3);
    yielded.forEach((item, i) => {
      expect(item.format).toBe('png');
      expect(item.data.equals(pngs[i]!)).toBe(true);
    });
    expect(input.summary).toEqual({ source: 'zip', files: 3, failures: 0, skippedJunk: 2, skippedDirectories: 1 });
  });

  it('recognises a zip by its magic bytes, not its name, and refuses a non-zip named .zip', async () => {
    const renamed = path.join(dir, 'archive.bin');
    await writeFile(renamed, buildZip([{ name: 'a.png', data: pngs[0] }]));
    const { items, thrown } = await collect(renamed);
    expect(thrown).toBeUndefined();
    expect(files(items).map((item) => item.key)).toEqual(['a.png']);

    const fake = path.join(dir, 'fake.zip');
    await writeFile(fake, '<!DOCTYPE html><html><body>404 Not Found</body></html>');
    const refused = await collect(fake);
    const error = expectThrown(refused.thrown, 'INPUT_NOT_FOLDER_OR_ZIP', fake);
    expect(error.message).toMatch(/HTML page/);

    const image = path.join(SAMPLES, SAMPLE_NAMES[0]!);
    expectThrown((await collect(image)).thrown, 'INPUT_NOT_FOLDER_OR_ZIP', image);
  });

  it('reports unsafe entry names and still processes the other entries', async () => {
    const file = await zipAt('slip.zip', [
      { name: '../evil.png', data: pngs[0] },
      { name: '/abs.png', data: pngs[0] },
      { name: 'C:/windows.png', data: pngs[0] },
      { name: Buffer.from('..\\..\\backslash.png'), data: pngs[0] },
      { name: 'fine/../../deep.png', data: pngs[0] },
      { name: Buffer.from('nul\0.png'), data: pngs[0] },
      { name: 'good.png', data: pngs[1] },
    ]);
    const { items, thrown, input } = await collect(file);
    expect(thrown).toBeUndefined();
    expectEntryFailure(items, '../evil.png', 'ZIP_ENTRY_UNSAFE_NAME', file);
    expect(failure(items, '../evil.png').error.message).toMatch(/climbs out of the archive/);
    expect(expectEntryFailure(items, '/abs.png', 'ZIP_ENTRY_UNSAFE_NAME', file).message).toMatch(/absolute/);
    expect(expectEntryFailure(items, 'C:/windows.png', 'ZIP_ENTRY_UNSAFE_NAME', file).message).toMatch(/drive/);
    expect(expectEntryFailure(items, '..\\..\\backslash.png', 'ZIP_ENTRY_UNSAFE_NAME', file).message).toMatch(
      /backslash/,
    );
    expectEntryFailure(items, 'fine/../../deep.png', 'ZIP_ENTRY_UNSAFE_NAME', file);
    // The key escapes the NUL so that it can be stored anywhere; the message quotes the name.
    expectEntryFailure(items, 'nul\\u0000.png', 'ZIP_ENTRY_UNSAFE_NAME', file, 'nul\0.png');
    expect(files(items).map((item) => item.key)).toEqual(['good.png']);
    expect(files(items)[0]!.data.equals(pngs[1]!)).toBe(true);
    expect(input.summary).toMatchObject({ files: 1, failures: 6 });
  });

  it('refuses absolute names in every form: /x, \\x, C:\\x, C:/x, \\\\host\\x and //host/x', async () => {
    const names = ['/abs/evil.png', '\\rooted.png', 'C:\\windows\\evil.png', 'C:/evil.png', '\\\\host\\share\\evil.png', '//host/share/evil.png'];
    const file = await zipAt('absolute.zip', [...names.map((name) => ({ name: Buffer.from(name), data: pngs[0] })), { name: 'good.png', data: pngs[1] }]);
    const { items, thrown } = await collect(file);
    expect(thrown).toBeUndefined();
    for (const name of names) {
      const error = expectEntryFailure(items, name, 'ZIP_ENTRY_UNSAFE_NAME', file);
      expect(error.message).toMatch(/absolute/);
    }
    expect(failure(items, '\\\\host\\share\\evil.png').error.message).toMatch(/network path/);
    expect(failure(items, 'C:\\windows\\evil.png').error.message).toMatch(/drive letter/);
    // The name is kept as it is, never read with its slash dropped.
    expect(items.map((item) => item.key)).not.toContain('abs/evil.png');
    expect(files(items).map((item) => item.key)).toEqual(['good.png']);
  });

  it('stops an entry by the bytes it inflates when its header under-states its size, however the header says it', async () => {
    const real = pngs[1]!;
    const declared = 100;
    const file = await zipAt('understated.zip', [
      // A real image whose central directory claims 100 bytes.
      { name: 'deflated.png', data: real, uncompressedSize: declared },
      // The same with sizes after the data (local header zeros), as streaming writers put them.
      { name: 'descriptor.png', data: real, uncompressedSize: declared, dataDescriptor: true },
      // Stored: no inflating at all, the header's size against the bytes that follow.
      { name: 'stored.png', data: real, method: 0, uncompressedSize: declared },
      { name: 'after.png', data: pngs[2] },
    ]);
    // The total cap is above what the headers declare and far below what the entries hold: the
    // three lying entries, stopped after their first chunk, leave room for the honest one.
    const { items, thrown } = await collect(file, { maxTotalBytes: real.length + pngs[2]!.length });
    expect(thrown).toBeUndefined();
    for (const name of ['deflated.png', 'descriptor.png', 'stored.png']) {
      const error = expectEntryFailure(items, name, 'ZIP_ENTRY_TOO_LARGE', file);
      expect(error.message).toMatch(/more than the 100 bytes its header declares; stopped after [\d.]+ KB/);
    }
    expect(files(items).map((item) => item.key)).toEqual(['after.png']);
    expect(files(items)[0]!.data.equals(pngs[2]!)).toBe(true);
  });

  it('stops a zip bomb by counting while inflating, with memory staying low', async () => {
    const gib = 1024;
    const payload = zerosDeflateStream(gib);
    const file = await zipAt('bomb.zip', [
      // The header claims 1 KB and a CRC; the stream holds 1 GiB of zeros.
      { name: 'bomb.png', payload, uncompressedSize: 1024, crc32: 0 },
      { name: 'after.png', data: pngs[2] },
    ]);
    expect((await readFile(file)).length).toBeLessThan(2 * 1024 * 1024);

    const before = process.memoryUsage();
    const { items, thrown } = await collect(file);
    const after = process.memoryUsage();
    expect(thrown).toBeUndefined();
    const error = expectEntryFailure(items, 'bomb.png', 'ZIP_ENTRY_TOO_LARGE', file);
    expect(error.message).toMatch(/more than the 1\.0 KB its header declares/);
    // Stopped within the first chunk or so: kilobytes inflated, not megabytes.
    expect(error.message).toMatch(/stopped after [\d.]+ KB/);
    expect(after.arrayBuffers - before.arrayBuffers).toBeLessThan(64 * 1024 * 1024);
    expect(after.rss - before.rss).toBeLessThan(256 * 1024 * 1024);
    expect(files(items).map((item) => item.key)).toEqual(['after.png']);

    // The fixture is a real bomb, counted without holding it.
    expect(await inflatedLength(payload)).toBe(gib * 1024 * 1024);
  });

  it('refuses an entry whose header declares more than the per-entry cap without inflating it', async () => {
    const file = await zipAt('honest-huge.zip', [
      { name: 'huge.png', payload: zerosDeflateStream(64), uncompressedSize: 64 * 1024 * 1024, crc32: 0 },
    ]);
    const { items } = await collect(file, { maxEntryBytes: 10 * 1024 * 1024 });
    const error = expectEntryFailure(items, 'huge.png', 'ZIP_ENTRY_TOO_LARGE', file);
    expect(error.message).toMatch(/declares 64\.0 MB.*not inflated/);
  });

  it('stops after the entry-count cap, keeping the items before it', async () => {
    const file = await zipAt('many.zip', [0, 1, 2, 3, 4].map((i) => ({ name: `shot-${i}.png`, data: pngs[i % 3] })));
    const { items, thrown } = await collect(file, { maxEntries: 3 });
    expect(items.map((item) => item.key)).toEqual(['shot-0.png', 'shot-1.png', 'shot-2.png']);
    const error = expectThrown(thrown, 'ZIP_TOO_MANY_ENTRIES', file);
    expect(error.message).toMatch(/5 entries, above the limit of 3/);
  });

  it('stops when the inflated total passes its cap, keeping the items before it', async () => {
    const file = await zipAt('total.zip', pngs.map((data, i) => ({ name: `p${i}.png`, data })));
    const cap = pngs[0]!.length + pngs[1]!.length + 10;
    const { items, thrown } = await collect(file, { maxTotalBytes: cap });
    expect(files(items).map((item) => item.key)).toEqual(['p0.png', 'p1.png']);
    const error = expectThrown(thrown, 'ZIP_TOO_LARGE', file);
    expect(error.message).toContain('"p2.png"');
  });

  it('answers a truncated zip with ZIP_CORRUPT naming the file', async () => {
    const whole = buildZip(pngs.map((data, i) => ({ name: `p${i}.png`, data })));
    const file = path.join(dir, 'truncated.zip');
    await writeFile(file, whole.subarray(0, Math.floor(whole.length * 0.6)));
    const { items, thrown } = await collect(file);
    expect(items).toEqual([]);
    const error = expectThrown(thrown, 'ZIP_CORRUPT', file);
    expect(error.message).toMatch(/truncated or damaged/);
  });

  it('ends with ZIP_CORRUPT where the central directory breaks off, keeping the entries before it', async () => {
    const zip = buildZip(pngs.map((data, i) => ({ name: `p${i}.png`, data })));
    // The second central directory record starts after the first: 46 bytes and its 6-byte name.
    const directoryStart = zip.readUInt32LE(zip.length - 6);
    zip.writeUInt32LE(0xdeadbeef, directoryStart + 46 + 'p0.png'.length);
    const file = path.join(dir, 'broken-directory.zip');
    await writeFile(file, zip);
    const { items, thrown } = await collect(file);
    expect(files(items).map((item) => item.key)).toEqual(['p0.png']);
    const error = expectThrown(thrown, 'ZIP_CORRUPT', file);
    expect(error.message).toMatch(/damaged after 1 entry; the rest cannot be read/);
  });

  it('reports encrypted, symlink and nested-archive entries without following them', async () => {
    const inner = buildZip([{ name: 'inner.png', data: pngs[0] }]);
    const file = await zipAt('mixed.zip', [
      { name: 'secret.png', data: pngs[0], flags: 0x1 },
      { name: 'link.png', data: Buffer.from('/etc/passwd'), method: 0, unixMode: S_IFLNK | 0o777 },
      { name: 'inner.zip', data: inner },
      { name: 'inner.png.gz', data: zlib.gzipSync(pngs[0]!) },
      { name: 'ok.png', data: pngs[0] },
    ]);
    const { items, thrown } = await collect(file);
    expect(thrown).toBeUndefined();
    expectEntryFailure(items, 'secret.png', 'ZIP_ENTRY_ENCRYPTED', file);
    expectEntryFailure(items, 'link.png', 'ZIP_ENTRY_SYMLINK', file);
    expect(expectEntryFailure(items, 'inner.zip', 'ZIP_ENTRY_NESTED_ARCHIVE', file).message).toMatch(/zip/);
    expectEntryFailure(items, 'inner.png.gz', 'ZIP_ENTRY_NESTED_ARCHIVE', file);
    expect(files(items).map((item) => item.key)).toEqual(['ok.png']);
  });

  it('reports entries whose data is damaged: wrong CRC, cut short, unknown compression', async () => {
    const deflated = zlib.deflateRawSync(pngs[1]!);
    const file = await zipAt('damaged.zip', [
      { name: 'bad-crc.png', data: pngs[0], crc32: (zlib.crc32(pngs[0]!) ^ 1) >>> 0 },
      {
        name: 'cut.png',
        payload: deflated.subarray(0, deflated.length >> 1),
        uncompressedSize: pngs[1]!.length,
        crc32: zlib.crc32(pngs[1]!),
      },
      { name: 'bzip2.png', data: pngs[0], method: 12 },
      { name: 'empty.png', data: new Uint8Array() },
      { name: 'ok.png', data: pngs[2] },
    ]);
    const { items, thrown } = await collect(file);
    expect(thrown).toBeUndefined();
    expect(expectEntryFailure(items, 'bad-crc.png', 'ZIP_ENTRY_CORRUPT', file).message).toMatch(/CRC-32/);
    expectEntryFailure(items, 'cut.png', 'ZIP_ENTRY_CORRUPT', file);
    expect(expectEntryFailure(items, 'bzip2.png', 'ZIP_ENTRY_UNSUPPORTED_COMPRESSION', file).message).toMatch(/bzip2/);
    expectEntryFailure(items, 'empty.png', 'EMPTY_FILE', file);
    expect(files(items).map((item) => item.key)).toEqual(['ok.png']);
  });

  it('checks entries as images: type by magic bytes, pixel count from the header', async () => {
    const file = await zipAt('types.zip', [
      { name: 'notes.png', data: Buffer.from('海外警务服务站 not an image\n') },
      { name: 'huge.png', data: await encodeBlankPng(2_000, 1_500) },
      { name: 'photo.jpg', data: await readFile(path.join(SAMPLES, JPEG_SAMPLE)) },
    ]);
    const { items } = await collect(file, { maxImagePixels: 2_000_000 });
    expect(expectEntryFailure(items, 'notes.png', 'UNSUPPORTED_TYPE', file).message).toMatch(/looks like text/);
    expectEntryFailure(items, 'huge.png', 'IMAGE_TOO_LARGE', file);
    expect(files(items).map((item) => [item.key, item.format])).toEqual([['photo.jpg', 'jpeg']]);
  });

  it('decodes unflagged GBK names and keeps duplicate names apart', async () => {
    const file = await zipAt('names.zip', [
      { name: Buffer.concat([GBK_ZHONGWEN, Buffer.from('.png')]), data: pngs[0] },
      { name: '截图/海外警务.png', data: pngs[1] },
      { name: 'same.png', data: pngs[0] },
      { name: 'same.png', data: pngs[2] },
    ]);
    const { items } = await collect(file);
    expect(items.map((item) => item.key)).toEqual(['中文.png', '截图/海外警务.png', 'same.png', 'same.png#2']);
    expect(files(items)[3]!.data.equals(pngs[2]!)).toBe(true);
  });

  it('closes the archive when the consumer stops early', async () => {
    const file = await zipAt('early.zip', pngs.map((data, i) => ({ name: `p${i}.png`, data })));
    const openFds = async () => (existsSync('/proc/self/fd') ? (await readdir('/proc/self/fd')).length : 0);
    const before = await openFds();
    for (let round = 0; round < 5; round++) {
      for await (const item of enumerateBatchInput(file, LIMITS)) {
        expect(item.key).toBe('p0.png');
        break;
      }
    }
    // yauzl closes the descriptor asynchronously once its last stream is done.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await openFds()).toBeLessThanOrEqual(before);
  });
});

describe('folder input', () => {
  let root: string;

  beforeAll(async () => {
    root = path.join(dir, 'leak');
    await mkdir(path.join(root, 'b/deeper/deepest'), { recursive: true });
    await mkdir(path.join(root, 'a'), { recursive: true });
    await mkdir(path.join(root, '__MACOSX/a'), { recursive: true });
    await writeFile(path.join(root, 'top.png'), pngs[0]!);
    await writeFile(path.join(root, 'a/second.png'), pngs[1]!);
    await writeFile(path.join(root, 'b/deeper/deepest/third.png'), pngs[2]!);
    await writeFile(path.join(root, 'b/readme.txt'), 'not an image\n');
    await writeFile(path.join(root, 'b/empty.png'), new Uint8Array());
    await writeFile(path.join(root, 'b/archive.zip'), buildZip([{ name: 'x.png', data: pngs[0] }]));
    await writeFile(path.join(root, '.DS_Store'), 'Bud1');
    await writeFile(path.join(root, 'a/._second.png'), 'AppleDouble');
    await writeFile(path.join(root, 'a/Thumbs.db'), 'thumbs');
    await writeFile(path.join(root, '__MACOSX/a/._second.png'), 'AppleDouble');
    await writeFile(path.join(root, '.hidden-but-mine.png'), pngs[0]!);
    await symlink('/etc/passwd', path.join(root, 'a/link.png'));
    const gbkNamed = Buffer.concat([Buffer.from(path.join(root, 'b') + path.sep), GBK_ZHONGWEN, Buffer.from('.png')]);
    await writeFile(gbkNamed, pngs[0]!);
  });

  it('walks subfolders in sorted key order and accounts for every file', async () => {
    const { items, thrown, input } = await collect(root);
    expect(thrown).toBeUndefined();
    expect(items.map((item) => item.key)).toEqual([
      '.hidden-but-mine.png',
      'a/link.png',
      'a/second.png',
      'b/archive.zip',
      'b/deeper/deepest/third.png',
      'b/empty.png',
      'b/readme.txt',
      'b/中文.png',
      'top.png',
    ]);
    const byKey = new Map(files(items).map((item) => [item.key, item.data]));
    expect(byKey.get('top.png')!.equals(pngs[0]!)).toBe(true);
    expect(byKey.get('a/second.png')!.equals(pngs[1]!)).toBe(true);
    expect(byKey.get('b/deeper/deepest/third.png')!.equals(pngs[2]!)).toBe(true);
    expect(byKey.has('.hidden-but-mine.png')).toBe(true);

    const codeOf = (key: string) => failure(items, key).error;
    expect(codeOf('b/readme.txt').code).toBe('UNSUPPORTED_TYPE');
    expect(codeOf('b/readme.txt').message).toContain(path.join(root, 'b/readme.txt'));
    expect(codeOf('b/empty.png').code).toBe('EMPTY_FILE');
    expect(codeOf('b/archive.zip').code).toBe('NESTED_ARCHIVE');
    expect(codeOf('a/link.png').code).toBe('FILE_SYMLINK');
    expect(codeOf('b/中文.png').code).toBe('FILE_NAME_NOT_UTF8');
    expect(codeOf('b/中文.png').message).toMatch(/GB18030/);

    // .DS_Store, a/._second.png, a/Thumbs.db and the __MACOSX folder.
    expect(input.summary).toEqual({ source: 'folder', files: 4, failures: 5, skippedJunk: 4, skippedDirectories: 4 });
  });

  it('refuses a path that does not exist', async () => {
    const missing = path.join(dir, 'no-such-leak');
    const { items, thrown } = await collect(missing);
    expect(items).toEqual([]);
    expectThrown(thrown, 'FILE_NOT_FOUND', missing);
  });
});
