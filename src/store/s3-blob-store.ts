import type { Readable } from 'node:stream';
import {
  GetObjectCommand,
  HeadObjectCommand,
  NoSuchKey,
  NotFound,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { DependencyError, InputError } from '../errors.ts';
import { checkExistingSize, checkKey, sha256Hex, type BlobStore, type BlobStoreSettings } from './blob-store.ts';

type S3Settings = Extract<BlobStoreSettings, { kind: 's3' }>;

/**
 * Originals in an S3-compatible bucket (AWS S3, MinIO, Ceph, R2 …) under
 * `prefix/ab/cd/<sha256>`, the same content-addressed layout as the local folder. This is the
 * blob store of a deployment on several machines: producers and workers share nothing but
 * Redis, the database and the bucket.
 *
 * Objects are written whole with one PutObject carrying their SHA-256 (`x-amz-checksum-sha256`),
 * so a store that checks checksums refuses a torn upload, and S3 never shows a half-written
 * object; every read is checked against the key's hash as well.
 */
export class S3BlobStore implements BlobStore {
  readonly location: string;
  readonly #client: S3Client;
  readonly #bucket: string;
  readonly #prefix: string;

  constructor(settings: S3Settings, client?: S3Client) {
    this.#bucket = settings.bucket;
    this.#prefix = settings.prefix;
    this.location = `s3://${settings.bucket}${settings.prefix ? `/${settings.prefix}` : ''}`;
    this.#client =
      client ??
      new S3Client({
        region: settings.region,
        ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
        // MinIO and most self-hosted stores serve buckets as paths, not as host names.
        forcePathStyle: settings.endpoint !== undefined,
        ...(settings.credentials ? { credentials: settings.credentials } : {}),
        // The SDK's default since 2025 streams bodies as aws-chunked with a CRC trailer, which
        // several S3-compatible servers store as it arrives, framing and all. The SHA-256 is
        // sent as a header instead (below) and every read is checked against the key.
        requestChecksumCalculation: 'WHEN_REQUIRED',
        responseChecksumValidation: 'WHEN_REQUIRED',
        maxAttempts: 3,
      });
  }

  /** The object key of a blob. */
  keyFor(sha256: string): string {
    const key = checkKey(sha256);
    return `${this.#prefix ? `${this.#prefix}/` : ''}${key.slice(0, 2)}/${key.slice(2, 4)}/${key}`;
  }

  async has(sha256: string): Promise<boolean> {
    return (await this.#size(sha256)) !== undefined;
  }

  async put(sha256: string, data: Uint8Array): Promise<{ created: boolean }> {
    const key = this.keyFor(sha256);
    const actual = sha256Hex(data);
    if (actual !== sha256) throw new InputError('BLOB_HASH_MISMATCH', `bytes hash to ${actual}, not to the key ${sha256}`);
    const existing = await this.#size(sha256);
    if (existing !== undefined) {
      checkExistingSize(this.#url(key), existing, data.byteLength);
      return { created: false };
    }
    try {
      await this.#client.send(
        new PutObjectCommand({
          Bucket: this.#bucket,
          Key: key,
          Body: Buffer.from(data.buffer, data.byteOffset, data.byteLength),
          ContentLength: data.byteLength,
          ContentType: 'application/octet-stream',
          ChecksumSHA256: Buffer.from(sha256, 'hex').toString('base64'),
        }),
      );
    } catch (error) {
      throw s3Error('BLOB_WRITE_FAILED', `cannot write blob ${sha256} to ${this.location}`, error);
    }
    return { created: true };
  }

  async get(sha256: string): Promise<Buffer> {
    const key = this.keyFor(sha256);
    let body: Readable;
    try {
      const answer = await this.#client.send(new GetObjectCommand({ Bucket: this.#bucket, Key: key }));
      body = answer.Body as Readable;
    } catch (error) {
      if (isMissing(error)) {
        throw new DependencyError('BLOB_MISSING', `blob ${sha256} is not in the blob store at ${this.location}`, { cause: error });
      }
      throw s3Error('BLOB_READ_FAILED', `cannot read blob ${sha256} from ${this.location}`, error);
    }
    const chunks: Buffer[] = [];
    try {
      for await (const chunk of body as AsyncIterable<Buffer>) chunks.push(chunk);
    } catch (error) {
      throw s3Error('BLOB_READ_FAILED', `reading blob ${sha256} from ${this.location} broke off`, error);
    }
    const data = Buffer.concat(chunks);
    const actual = sha256Hex(data);
    if (actual !== sha256) {
      throw new DependencyError('BLOB_CORRUPT', `blob ${this.#url(key)} is damaged: its bytes hash to ${actual}`);
    }
    return data;
  }

  /** Ends the client's sockets. */
  close(): void {
    this.#client.destroy();
  }

  async #size(sha256: string): Promise<number | undefined> {
    const key = this.keyFor(sha256);
    try {
      const head = await this.#client.send(new HeadObjectCommand({ Bucket: this.#bucket, Key: key }));
      return head.ContentLength ?? 0;
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw s3Error('BLOB_READ_FAILED', `cannot check blob ${sha256} in ${this.location}`, error);
    }
  }

  #url(key: string): string {
    return `s3://${this.#bucket}/${key}`;
  }
}

function isMissing(error: unknown): boolean {
  return error instanceof NoSuchKey || error instanceof NotFound || (error instanceof S3ServiceException && error.$metadata.httpStatusCode === 404);
}

/** A failing bucket is the deployment's trouble, retried like any dependency; the message says which. */
function s3Error(code: string, message: string, cause: unknown): DependencyError {
  const detail =
    cause instanceof S3ServiceException
      ? `: ${cause.name} (HTTP ${cause.$metadata.httpStatusCode ?? '?'})${cause.message && cause.message !== cause.name ? ` ${cause.message}` : ''}`
      : cause instanceof Error
        ? `: ${cause.message || cause.name}`
        : '';
  return new DependencyError(code, `${message}${detail}`, { cause });
}
