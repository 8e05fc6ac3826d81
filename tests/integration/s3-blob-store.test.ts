import { createHash, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.ts';
import { DependencyError, InputError } from '../../src/errors.ts';
import { openBlobStore } from '../../src/store/open-blob-store.ts';
import { S3BlobStore } from '../../src/store/s3-blob-store.ts';
import type { BlobStore } from '../../src/store/blob-store.ts';
import { REPO_ROOT } from './helpers/queue-processes.ts';
import { startTestS3, type TestS3 } from './helpers/s3-server.ts';

/** The S3 blob store against a real S3 server (s3rver) on 127.0.0.1, set up as a user sets it: by environment. */

const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');

let s3: TestS3;
let blobs: BlobStore;
const prefix = `run-${randomBytes(4).toString('hex')}/originals`;

beforeAll(async () => {
  s3 = await startTestS3();
  const config = parseConfig({ TERMLENS_DATA_DIR: '/nonexistent-data-dir', ...s3.env(prefix) });
  blobs = await openBlobStore(config.blobStore);
});

afterAll(async () => {
  blobs?.close();
  await s3?.dispose();
});

describe('S3 blob store', () => {
  it('is what TERMLENS_BLOB_URL=s3://… with the AWS variables names', () => {
    const config = parseConfig({ ...s3.env('a/b/'), AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:1', AWS_REGION: 'eu-west-1' });
    expect(config.blobStore).toEqual({
      kind: 's3',
      bucket: s3.bucket,
      prefix: 'a/b',
      endpoint: 'http://127.0.0.1:1',
      region: 'eu-west-1',
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    });
    expect(blobs).toBeInstanceOf(S3BlobStore);
    expect(blobs.location).toBe(`s3://${s3.bucket}/${prefix}`);
    expect(parseConfig({ TERMLENS_DATA_DIR: '/d' }).blobStore).toEqual({ kind: 'local', root: '/d/blobs' });
    expect(parseConfig({ TERMLENS_BLOB_URL: 'file:///srv/blobs' }).blobStore).toEqual({ kind: 'local', root: '/srv/blobs' });
    expect(() => parseConfig({ TERMLENS_BLOB_URL: 's3://Bad_Bucket/x' })).toThrow(/TERMLENS_BLOB_URL/);
    expect(() => parseConfig({ TERMLENS_BLOB_URL: 's3://bucket', AWS_ACCESS_KEY_ID: 'only-half' })).toThrow(/AWS_SECRET_ACCESS_KEY/);
  });

  it('stores a screenshot under prefix/ab/cd/<sha256> and reads the same bytes back', async () => {
    const png = await readFile(path.join(REPO_ROOT, 'samples', '01-police-libao-station-simplified-sans.png'));
    const key = sha256(png);
    expect(await blobs.has(key)).toBe(false);
    expect(await blobs.put(key, png)).toEqual({ created: true });
    expect(await blobs.has(key)).toBe(true);
    expect((await blobs.get(key)).equals(png)).toBe(true);
    expect(await s3.keys(prefix)).toContain(`${prefix}/${key.slice(0, 2)}/${key.slice(2, 4)}/${key}`);
    // Stored once: a second put leaves it as it is.
    expect(await blobs.put(key, Buffer.from(png))).toEqual({ created: false });
  });

  it('keeps several megabytes intact, and an empty blob', async () => {
    const big = randomBytes(6 * 1024 * 1024);
    await blobs.put(sha256(big), big);
    expect((await blobs.get(sha256(big))).equals(big)).toBe(true);
    const empty = Buffer.alloc(0);
    expect((await blobs.put(sha256(empty), empty)).created).toBe(true);
    expect((await blobs.get(sha256(empty))).length).toBe(0);
  });

  it('refuses bytes filed under another hash, and keys that are not a sha256', async () => {
    const data = Buffer.from('one thing');
    await expect(blobs.put(sha256(Buffer.from('another')), data)).rejects.toMatchObject({ code: 'BLOB_HASH_MISMATCH' });
    for (const key of ['../../etc/passwd', 'ABC', `${'a'.repeat(63)}/`]) {
      await expect(blobs.put(key, data)).rejects.toBeInstanceOf(InputError);
      await expect(blobs.get(key)).rejects.toMatchObject({ code: 'BLOB_KEY_INVALID' });
    }
  });

  it('says BLOB_MISSING for an absent blob and BLOB_CORRUPT for a damaged one, both retryable', async () => {
    const absent = sha256(Buffer.from('never stored'));
    await expect(blobs.get(absent)).rejects.toBeInstanceOf(DependencyError);
    await expect(blobs.get(absent)).rejects.toMatchObject({ code: 'BLOB_MISSING' });

    const data = Buffer.from('evidence, before someone edits it in the bucket');
    const key = sha256(data);
    await blobs.put(key, data);
    const objectKey = `${prefix}/${key.slice(0, 2)}/${key.slice(2, 4)}/${key}`;
    await s3.putRaw(objectKey, Buffer.from('evidence, after someone edited it in the bucket'));
    await expect(blobs.get(key)).rejects.toMatchObject({ code: 'BLOB_CORRUPT' });
    await s3.putRaw(objectKey, Buffer.from('short'));
    await expect(blobs.put(key, data)).rejects.toMatchObject({ code: 'BLOB_CORRUPT' });
  });

  it('reports a bucket it may not use, or cannot reach, as a failing dependency', async () => {
    const wrongKeys = await openBlobStore({ ...parseConfig(s3.env(prefix)).blobStore, credentials: { accessKeyId: 'NOT-A-KEY', secretAccessKey: 'S3RVER' } } as never);
    await expect(wrongKeys.has(sha256(Buffer.from('x')))).rejects.toMatchObject({ code: 'BLOB_READ_FAILED' });
    await expect(wrongKeys.get(sha256(Buffer.from('x')))).rejects.toMatchObject({ code: 'BLOB_READ_FAILED', message: /InvalidAccessKeyId \(HTTP 403\)/ });
    wrongKeys.close();
    const unreachable = await openBlobStore(parseConfig({ ...s3.env(prefix), AWS_ENDPOINT_URL: 'http://127.0.0.1:1' }).blobStore);
    const error = await unreachable.put(sha256(Buffer.from('y')), Buffer.from('y')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DependencyError);
    expect((error as DependencyError).code).toMatch(/^BLOB_(READ|WRITE)_FAILED$/);
    unreachable.close();
  });
});
