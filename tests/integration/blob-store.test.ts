import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DependencyError, InputError } from '../../src/errors.ts';
import { LocalBlobStore } from '../../src/store/blob-store.ts';

const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');

/** Every file under a directory, relative to it (temp files included: they start with a dot). */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}

describe('blob store', () => {
  let dataDir: string;
  let blobs: LocalBlobStore;

  beforeEach(async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'termlens-blobs-'));
    blobs = LocalBlobStore.forDataDir(dataDir);
  });

  afterEach(async () => {
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  it('stores bytes at DATA_DIR/blobs/ab/cd/<sha256> and reads them back', async () => {
    const data = Buffer.from('\x89PNG\r\n\x1a\n screenshot bytes');
    const key = sha256(data);
    const { created, path: stored } = await blobs.put(key, data);
    expect(created).toBe(true);
    expect(stored).toBe(path.join(dataDir, 'blobs', key.slice(0, 2), key.slice(2, 4), key));
    expect(blobs.pathFor(key)).toBe(stored);
    expect(await filesUnder(path.join(dataDir, 'blobs'))).toEqual([`${key.slice(0, 2)}/${key.slice(2, 4)}/${key}`]);
    expect(await blobs.get(key)).toEqual(data);
    expect(await blobs.has(key)).toBe(true);
  });

  it('leaves no temp file behind and makes the original read-only', async () => {
    const data = Buffer.alloc(256 * 1024, 7);
    const key = sha256(data);
    await blobs.put(key, data);
    const files = await filesUnder(path.join(dataDir, 'blobs'));
    expect(files).toHaveLength(1);
    expect(files.some((f) => path.basename(f).startsWith('.'))).toBe(false);
    const mode = (await fs.stat(blobs.pathFor(key))).mode & 0o777;
    expect(mode & 0o222).toBe(0);
  });

  it('is idempotent: writing an existing blob changes nothing', async () => {
    const data = Buffer.from('same evidence twice');
    const key = sha256(data);
    await blobs.put(key, data);
    const before = await fs.stat(blobs.pathFor(key));
    await new Promise((resolve) => setTimeout(resolve, 20));
    const again = await blobs.put(key, Buffer.from(data));
    expect(again.created).toBe(false);
    const after = await fs.stat(blobs.pathFor(key));
    expect(after.ino).toBe(before.ino);
    expect(after.mtimeMs).toBe(before.mtimeMs);
    expect(await filesUnder(path.join(dataDir, 'blobs'))).toHaveLength(1);
  });

  it('keeps concurrent writers of the same blob to one file and no temp files', async () => {
    const data = Buffer.alloc(1024 * 1024, 3);
    const key = sha256(data);
    const results = await Promise.all(Array.from({ length: 8 }, () => blobs.put(key, data)));
    expect(results.filter((r) => r.created).length).toBeGreaterThanOrEqual(1);
    expect(await filesUnder(path.join(dataDir, 'blobs'))).toEqual([`${key.slice(0, 2)}/${key.slice(2, 4)}/${key}`]);
    expect(await blobs.get(key)).toEqual(data);
  });

  it('refuses bytes whose sha256 is not the key, and writes nothing', async () => {
    const data = Buffer.from('real bytes');
    const wrongKey = sha256(Buffer.from('other bytes'));
    const attempt = blobs.put(wrongKey, data);
    await expect(attempt).rejects.toBeInstanceOf(InputError);
    await expect(attempt).rejects.toMatchObject({ code: 'BLOB_HASH_MISMATCH' });
    expect(await blobs.has(wrongKey)).toBe(false);
    await expect(fs.readdir(path.join(dataDir, 'blobs'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('refuses a key that is not a lowercase hex sha256 (no path tricks)', async () => {
    for (const key of ['../../etc/passwd', 'A'.repeat(64), 'abc', `${'a'.repeat(63)}/`]) {
      expect(() => blobs.pathFor(key)).toThrow(InputError);
      await expect(blobs.put(key, Buffer.from('x'))).rejects.toMatchObject({ code: 'BLOB_KEY_INVALID' });
    }
  });

  it('reports a missing blob as a dependency failure', async () => {
    const key = sha256(Buffer.from('never written'));
    expect(await blobs.has(key)).toBe(false);
    await expect(blobs.get(key)).rejects.toBeInstanceOf(DependencyError);
    await expect(blobs.get(key)).rejects.toMatchObject({ code: 'BLOB_MISSING' });
  });

  it('detects a damaged original instead of serving or overwriting it', async () => {
    const data = Buffer.from('original evidence');
    const key = sha256(data);
    await blobs.put(key, data);
    const file = blobs.pathFor(key);
    await fs.chmod(file, 0o644);
    await fs.writeFile(file, 'tampered evidence');
    await expect(blobs.get(key)).rejects.toMatchObject({ code: 'BLOB_CORRUPT' });

    await fs.writeFile(file, 'short');
    await expect(blobs.put(key, data)).rejects.toMatchObject({ code: 'BLOB_CORRUPT' });
    expect(await fs.readFile(file, 'utf8')).toBe('short');
  });

  it('stores an empty file like any other', async () => {
    const data = Buffer.alloc(0);
    const key = sha256(data);
    expect((await blobs.put(key, data)).created).toBe(true);
    expect((await blobs.get(key)).length).toBe(0);
  });
});
