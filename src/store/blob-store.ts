import { createHash, randomBytes } from 'node:crypto';
import { constants as fsConstants } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { Sha256Schema } from '../domain/source.ts';
import { DependencyError, InputError } from '../errors.ts';

/**
 * Originals, stored once by content hash and never modified: the evidence every OCR text, hit
 * and annotation points back to. Keys are sha256s, never names. Two implementations: a local
 * folder (the default, LocalBlobStore) and an S3-compatible bucket (S3BlobStore), which is what
 * lets workers on several machines read what a producer on another stored.
 */
export interface BlobStore {
  /** Where the blobs are, for messages: a folder, or s3://bucket/prefix. */
  readonly location: string;
  has(sha256: string): Promise<boolean>;
  /**
   * Stores the bytes under their sha256, recomputed so that a caller cannot file bytes under the
   * wrong key (BLOB_HASH_MISMATCH). An existing blob is left alone (`created: false`) after its
   * size is checked; a size mismatch means the stored original is damaged (BLOB_CORRUPT).
   */
  put(sha256: string, data: Uint8Array): Promise<{ created: boolean }>;
  /** The original bytes, checked against their hash (BLOB_CORRUPT); BLOB_MISSING when absent. */
  get(sha256: string): Promise<Buffer>;
  /** Lets go of connections (a bucket's sockets); a folder holds none. */
  close(): void;
}

/** Where the originals go, as src/config.ts reads it from TERMLENS_BLOB_URL. */
export type BlobStoreSettings =
  | { kind: 'local'; root: string }
  | {
      kind: 's3';
      bucket: string;
      /** Key prefix without slashes at either end; '' for the bucket's root. */
      prefix: string;
      /** AWS_ENDPOINT_URL_S3 or AWS_ENDPOINT_URL; unset, AWS itself. */
      endpoint?: string;
      region: string;
      /** Unset: the SDK's default chain (instance or task roles, ~/.aws). */
      credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
    };

/**
 * A folder of blobs under `root/ab/cd/<sha256>`. Two levels of fan-out keep directories small
 * for leaks of hundreds of thousands of files.
 *
 * A write is atomic (temp file in the target directory, fsync, rename, fsync of the directory),
 * so a crash leaves either no blob or the whole blob, never a torn one that a later run would
 * mistake for the original.
 */
export class LocalBlobStore implements BlobStore {
  readonly root: string;

  constructor(root: string) {
    this.root = root;
  }

  /** The blob store of a data directory (`DATA_DIR/blobs`). */
  static forDataDir(dataDir: string): LocalBlobStore {
    return new LocalBlobStore(path.join(dataDir, 'blobs'));
  }

  get location(): string {
    return this.root;
  }

  close(): void {
    // Nothing held open between calls.
  }

  /** Where the blob of this sha256 lives (whether or not it exists). */
  pathFor(sha256: string): string {
    const key = checkKey(sha256);
    return path.join(this.root, key.slice(0, 2), key.slice(2, 4), key);
  }

  async has(sha256: string): Promise<boolean> {
    try {
      await fs.access(this.pathFor(sha256), fsConstants.F_OK);
      return true;
    } catch (error) {
      if (isCode(error, 'ENOENT')) return false;
      throw ioError('BLOB_READ_FAILED', `cannot check blob ${sha256}`, error);
    }
  }

  async put(sha256: string, data: Uint8Array): Promise<{ created: boolean; path: string }> {
    const key = checkKey(sha256);
    const actual = sha256Hex(data);
    if (actual !== key) {
      throw new InputError('BLOB_HASH_MISMATCH', `bytes hash to ${actual}, not to the key ${key}`);
    }
    const target = this.pathFor(key);
    const existing = await statOrUndefined(target);
    if (existing) {
      checkExistingSize(target, existing.size, data.byteLength);
      return { created: false, path: target };
    }

    const dir = path.dirname(target);
    try {
      const firstCreated = await fs.mkdir(dir, { recursive: true });
      // New directory entries are only durable once their parents are synced too.
      if (firstCreated) await syncCreatedDirs(firstCreated, dir);
    } catch (error) {
      throw ioError('BLOB_WRITE_FAILED', `cannot create blob directory ${dir}`, error);
    }

    const temp = path.join(dir, `.${key}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
    try {
      const handle = await fs.open(temp, 'wx', 0o444);
      try {
        await handle.writeFile(data);
        await handle.sync();
      } finally {
        await handle.close();
      }
      // Another writer may have finished the same blob meanwhile; its bytes are the same (same
      // hash), so keeping the existing file is as good as ours and leaves it untouched.
      const raced = await statOrUndefined(target);
      if (raced) {
        checkExistingSize(target, raced.size, data.byteLength);
        return { created: false, path: target };
      }
      await fs.rename(temp, target);
      await syncDir(dir);
      return { created: true, path: target };
    } catch (error) {
      if (error instanceof InputError || error instanceof DependencyError) throw error;
      throw ioError('BLOB_WRITE_FAILED', `cannot write blob ${key}`, error);
    } finally {
      await fs.rm(temp, { force: true }).catch(() => undefined);
    }
  }

  async get(sha256: string): Promise<Buffer> {
    const target = this.pathFor(sha256);
    let data: Buffer;
    try {
      data = await fs.readFile(target);
    } catch (error) {
      if (isCode(error, 'ENOENT')) {
        throw new DependencyError('BLOB_MISSING', `blob ${sha256} is not in the blob store at ${this.root}`, { cause: error });
      }
      throw ioError('BLOB_READ_FAILED', `cannot read blob ${sha256}`, error);
    }
    const actual = sha256Hex(data);
    if (actual !== sha256) {
      throw new DependencyError('BLOB_CORRUPT', `blob ${target} is damaged: its bytes hash to ${actual}`);
    }
    return data;
  }
}

export function checkKey(sha256: string): string {
  if (!Sha256Schema.safeParse(sha256).success) {
    throw new InputError('BLOB_KEY_INVALID', `blob key must be a lowercase hex sha256, got ${JSON.stringify(sha256.slice(0, 80))}`);
  }
  return sha256;
}

export function sha256Hex(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

export function checkExistingSize(target: string, size: number, expected: number): void {
  if (size !== expected) {
    throw new DependencyError('BLOB_CORRUPT', `blob ${target} holds ${size} bytes, expected ${expected}; it is damaged`);
  }
}

async function statOrUndefined(file: string): Promise<{ size: number } | undefined> {
  try {
    return await fs.stat(file);
  } catch (error) {
    if (isCode(error, 'ENOENT')) return undefined;
    throw ioError('BLOB_READ_FAILED', `cannot stat ${file}`, error);
  }
}

/** fsync of every directory from the parent of the first one mkdir created down to `deepest`. */
async function syncCreatedDirs(firstCreated: string, deepest: string): Promise<void> {
  const dirs: string[] = [];
  for (let d = deepest; ; d = path.dirname(d)) {
    dirs.push(path.dirname(d));
    if (d === firstCreated || path.dirname(d) === d) break;
  }
  for (const d of dirs.reverse()) await syncDir(d);
}

async function syncDir(dir: string): Promise<void> {
  const handle = await fs.open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

function isCode(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && (error as { code?: unknown }).code === code;
}

function ioError(code: string, message: string, cause: unknown): DependencyError {
  const detail = cause instanceof Error ? `: ${cause.message}` : '';
  return new DependencyError(code, `${message}${detail}`, { cause });
}
