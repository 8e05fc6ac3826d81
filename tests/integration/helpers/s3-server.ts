import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';

/**
 * A real S3 server for the tests: s3rver, from the npm registry, speaking the S3 REST protocol
 * (SigV4 signatures, XML errors, HEAD/GET/PUT of objects) over HTTP on 127.0.0.1, keeping its
 * objects in a temp folder. It knows one access key (S3RVER) and refuses others as AWS does
 * (403 InvalidAccessKeyId); it does not verify SigV4 signatures themselves. Chosen over
 * @20minutes/s3rver, its maintained fork, because that needs Node 24 and termlens runs on
 * 20, 22 and 24. Worker and batch processes reach it
 * through the environment `env` gives them, as they would reach MinIO.
 */
export const S3RVER_KEY = 'S3RVER';

export type TestS3 = {
  endpoint: string;
  bucket: string;
  /** AWS_* variables pointing a termlens process at the bucket. */
  env(prefix: string): Record<string, string>;
  /** Keys under a prefix, read through the S3 API. */
  keys(prefix: string): Promise<string[]>;
  /** Writes an object behind termlens's back (to damage a blob). */
  putRaw(key: string, body: Buffer): Promise<void>;
  dispose(): Promise<void>;
};

export async function startTestS3(bucket = 'termlens-test'): Promise<TestS3> {
  const directory = await mkdtemp(path.join(os.tmpdir(), 'termlens-s3-'));
  const server = new S3rver({ address: '127.0.0.1', port: 0, directory, silent: true, configureBuckets: [{ name: bucket, configs: [] }] });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new S3Client({
    endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: S3RVER_KEY, secretAccessKey: S3RVER_KEY },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  return {
    endpoint,
    bucket,
    env: (prefix) => ({
      TERMLENS_BLOB_URL: `s3://${bucket}/${prefix}`,
      AWS_ENDPOINT_URL: endpoint,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: S3RVER_KEY,
      AWS_SECRET_ACCESS_KEY: S3RVER_KEY,
    }),
    async keys(prefix) {
      const keys: string[] = [];
      let token: string | undefined;
      do {
        const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ...(token ? { ContinuationToken: token } : {}) }));
        keys.push(...(page.Contents ?? []).map((o) => o.Key!));
        token = page.NextContinuationToken;
      } while (token);
      return keys.sort();
    },
    async putRaw(key, body) {
      await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentLength: body.length }));
    },
    async dispose() {
      client.destroy();
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
