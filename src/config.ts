import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { EngineChoiceSchema, type EngineChoice } from './domain/ocr.ts';
import { ConfigError } from './errors.ts';
import type { BlobStoreSettings } from './store/blob-store.ts';

/**
 * The only place that reads process.env. Parsed once; a bad value stops the program at start
 * with every bad key listed, instead of failing later in the middle of a batch.
 */
const positiveInt = z.coerce.number().int().positive();
const S3_URL_OR_FOLDER = /^(s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](\/.*)?|file:\/\/\/.+|\/.*)$/;

const ConfigSchema = z.object({
  TERMLENS_DATA_DIR: z.string().min(1).default(path.resolve('data')),
  /** Prepared OCR traineddata lives here (derived once from the npm packages, never downloaded). */
  TERMLENS_CACHE_DIR: z.string().min(1).default(path.resolve(import.meta.dirname, '..', 'node_modules', '.cache', 'termlens')),
  TERMLENS_GLOSSARY_DIR: z.string().min(1).default(path.resolve(import.meta.dirname, '..', 'glossary')),
  /** OCR workers kept warm; tesseract.js is single-threaded per worker, so one per core. */
  TERMLENS_OCR_WORKERS: positiveInt.default(Math.max(1, os.availableParallelism())),
  /**
   * auto: PaddleOCR for simplified pages, tesseract.js for traditional ones (samples/: 1.4% mean
   * CER against 2.6% for tesseract.js alone); tesseract.js alone where PaddleOCR is not installed.
   */
  TERMLENS_OCR_ENGINE: EngineChoiceSchema.default('auto'),
  /** Refused before decoding: a 20000×20000 PNG is a few KB on disk and 1.6 GB in memory. */
  TERMLENS_MAX_IMAGE_PIXELS: positiveInt.default(50_000_000),
  TERMLENS_MAX_IMAGE_BYTES: positiveInt.default(50 * 1024 * 1024),
  TERMLENS_MAX_TEXT_BYTES: positiveInt.default(20 * 1024 * 1024),
  /** PDFs, Word files and saved pages: read whole, so bounded like images. */
  TERMLENS_MAX_DOCUMENT_BYTES: positiveInt.default(256 * 1024 * 1024),
  /** Pages read from one PDF; the pages past it are reported, not silently dropped. */
  TERMLENS_PDF_MAX_PAGES: positiveInt.default(2_000),
  /** A PDF page's pixel space and OCR render resolution (bench:pdf measures CER against it). */
  TERMLENS_PDF_DPI: z.coerce.number().int().min(72).max(600).default(200),
  /** MuPDF's time to read or render one page (not OCR): a PDF bomb stops here. */
  TERMLENS_PDF_PAGE_TIMEOUT_MS: positiveInt.default(30_000),
  /** MuPDF's WebAssembly heap for one PDF (at most 2048, its own limit). */
  TERMLENS_PDF_MAX_HEAP_MB: z.coerce.number().int().min(64).max(2048).default(1024),
  /** A zip is hostile until read: its caps are counted while inflating, never taken from its headers. */
  TERMLENS_ZIP_MAX_ENTRIES: positiveInt.default(20_000),
  /** Unset, TERMLENS_MAX_IMAGE_BYTES: an entry larger than any accepted image cannot be one. */
  TERMLENS_ZIP_MAX_ENTRY_BYTES: positiveInt.optional(),
  TERMLENS_ZIP_MAX_TOTAL_BYTES: positiveInt.default(4 * 1024 ** 3),
  /** The queue transport; the database stays the record, so losing Redis loses no work. */
  REDIS_URL: z.string().regex(/^rediss?:\/\//, 'a redis:// or rediss:// URL').default('redis://127.0.0.1:6379'),
  /** Several deployments (or test runs) can share one Redis under different prefixes. */
  TERMLENS_QUEUE_PREFIX: z.string().regex(/^[A-Za-z0-9_.-]+$/, 'letters, digits, _ . -').default('termlens'),
  /** A producer that cannot reach Redis within this says so instead of hanging. */
  TERMLENS_REDIS_CONNECT_TIMEOUT_MS: positiveInt.default(5_000),
  /** Tries per job for failures of dependencies (bad input is never retried); at least 3. */
  TERMLENS_JOB_ATTEMPTS: z.coerce.number().int().min(3).default(5),
  TERMLENS_JOB_BACKOFF_MS: positiveInt.default(5_000),
  /** A job whose worker stops renewing its lock this long is taken over by another worker. */
  TERMLENS_JOB_LOCK_MS: positiveInt.default(60_000),
  TERMLENS_STALLED_CHECK_MS: positiveInt.default(30_000),
  /** How often the reconciler looks for batch items that Redis lost, and how old they must be. */
  TERMLENS_RECONCILE_INTERVAL_MS: positiveInt.default(60_000),
  TERMLENS_RECONCILE_AFTER_MS: positiveInt.default(5 * 60_000),
  /** SIGTERM lets running jobs finish for this long; what is left is picked up by another worker. */
  TERMLENS_SHUTDOWN_DEADLINE_MS: positiveInt.default(30_000),
  /** `termlens serve`: where the review service listens; loopback unless deliberately opened up. */
  TERMLENS_PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  TERMLENS_HOST: z.string().min(1).default('127.0.0.1'),
  /**
   * Signs session cookies. Unset, a random secret is made at start, so sessions end when the
   * service restarts; set it (32+ characters) to keep them, or to share them between instances.
   */
  TERMLENS_SESSION_SECRET: z.string().min(32, 'at least 32 characters').optional(),
  TERMLENS_SESSION_TTL_MS: positiveInt.default(12 * 60 * 60_000),
  /** One uploaded file (an image or a zip); a larger one is refused with 413 and nothing is kept. */
  TERMLENS_UPLOAD_MAX_FILE_BYTES: positiveInt.default(512 * 1024 * 1024),
  TERMLENS_UPLOAD_MAX_FILES: positiveInt.default(200),
  /** Multipart parts of one request, files and fields together. */
  TERMLENS_UPLOAD_MAX_PARTS: positiveInt.default(400),
  /**
   * Failed credentials (sign-ins and bearer tokens) per client address and minute; past it the
   * client's credentials get 429 until the minute is over. Tokens cannot be guessed, but a flood
   * costs CPU and audit rows.
   */
  TERMLENS_SIGNIN_MAX_PER_MINUTE: positiveInt.default(20),
  /** Refusals audited one row each per client and minute; the rest are counted in one summary row. */
  TERMLENS_AUDIT_REFUSALS_PER_MINUTE: positiveInt.default(5),
  /** A client must send its request headers within this, or the connection is closed (slowloris). */
  TERMLENS_HTTP_HEADERS_TIMEOUT_MS: positiveInt.default(20_000),
  /** The whole request, body included; an upload of TERMLENS_UPLOAD_MAX_FILE_BYTES needs about 1 MB/s. */
  TERMLENS_HTTP_REQUEST_TIMEOUT_MS: positiveInt.default(10 * 60_000),
  /** A connection on which nothing moves for this long is closed (event streams send a beat every 15 s). */
  TERMLENS_HTTP_IDLE_TIMEOUT_MS: positiveInt.default(60_000),
  TERMLENS_HTTP_KEEP_ALIVE_TIMEOUT_MS: positiveInt.default(5_000),
  /** JSON request bodies (decisions, glossary entries); uploads are multipart, limited by the upload settings. */
  TERMLENS_JSON_BODY_MAX_BYTES: positiveInt.default(64 * 1024),
  /** PostgreSQL shared by several machines; unset, the store is the SQLite file under the data dir. */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'a postgres:// or postgresql:// URL')
    .optional(),
  /**
   * Where originals are kept: unset, TERMLENS_DATA_DIR/blobs; a folder (`/srv/blobs` or
   * `file:///srv/blobs`); or `s3://bucket/prefix`, an S3-compatible bucket that producers and
   * workers on several machines share. The bucket's endpoint and credentials come from the
   * standard AWS variables below.
   */
  TERMLENS_BLOB_URL: z
    .string()
    .regex(S3_URL_OR_FOLDER, 's3://bucket/prefix (a bucket name of 3-63 lowercase letters, digits, dots and hyphens), file:///folder or /folder')
    .optional(),
  /** The S3 endpoint for a store other than AWS (MinIO: http://minio:9000); AWS_ENDPOINT_URL_S3 wins over AWS_ENDPOINT_URL. */
  AWS_ENDPOINT_URL_S3: z.url({ protocol: /^https?$/ }).optional(),
  AWS_ENDPOINT_URL: z.url({ protocol: /^https?$/ }).optional(),
  AWS_REGION: z.string().min(1).default('us-east-1'),
  AWS_ACCESS_KEY_ID: z.string().min(1).optional(),
  AWS_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  AWS_SESSION_TOKEN: z.string().min(1).optional(),
}).superRefine((c, context) => {
  if ((c.AWS_ACCESS_KEY_ID === undefined) !== (c.AWS_SECRET_ACCESS_KEY === undefined)) {
    context.addIssue({ code: 'custom', path: ['AWS_SECRET_ACCESS_KEY'], message: 'AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY go together' });
  }
});

function blobStoreSettings(c: z.infer<typeof ConfigSchema>): BlobStoreSettings {
  const url = c.TERMLENS_BLOB_URL;
  if (url === undefined) return { kind: 'local', root: path.join(c.TERMLENS_DATA_DIR, 'blobs') };
  if (!url.startsWith('s3://')) return { kind: 'local', root: url.startsWith('file://') ? fileURLToPath(url) : url };
  const [bucket, ...rest] = url.slice('s3://'.length).split('/');
  const endpoint = c.AWS_ENDPOINT_URL_S3 ?? c.AWS_ENDPOINT_URL;
  return {
    kind: 's3',
    bucket: bucket!,
    prefix: rest.filter((part) => part !== '').join('/'),
    ...(endpoint ? { endpoint } : {}),
    region: c.AWS_REGION,
    ...(c.AWS_ACCESS_KEY_ID && c.AWS_SECRET_ACCESS_KEY
      ? {
          credentials: {
            accessKeyId: c.AWS_ACCESS_KEY_ID,
            secretAccessKey: c.AWS_SECRET_ACCESS_KEY,
            ...(c.AWS_SESSION_TOKEN ? { sessionToken: c.AWS_SESSION_TOKEN } : {}),
          },
        }
      : {}),
  };
}

export type Config = {
  dataDir: string;
  glossaryDir: string;
  cacheDir: string;
  ocrWorkers: number;
  ocrEngine: EngineChoice;
  maxImagePixels: number;
  maxImageBytes: number;
  maxTextBytes: number;
  maxDocumentBytes: number;
  pdfMaxPages: number;
  pdfDpi: number;
  pdfPageTimeoutMs: number;
  pdfMaxHeapBytes: number;
  zipMaxEntries: number;
  zipMaxEntryBytes: number;
  zipMaxTotalBytes: number;
  redisUrl: string;
  queuePrefix: string;
  redisConnectTimeoutMs: number;
  jobAttempts: number;
  jobBackoffMs: number;
  jobLockMs: number;
  stalledCheckMs: number;
  reconcileIntervalMs: number;
  reconcileAfterMs: number;
  shutdownDeadlineMs: number;
  port: number;
  host: string;
  sessionSecret?: string;
  sessionTtlMs: number;
  uploadMaxFileBytes: number;
  uploadMaxFiles: number;
  uploadMaxParts: number;
  signInMaxPerMinute: number;
  auditRefusalsPerMinute: number;
  http: HttpTimeouts & { jsonBodyMaxBytes: number };
  databaseUrl?: string;
  blobStore: BlobStoreSettings;
};

export type HttpTimeouts = { headersTimeoutMs: number; requestTimeoutMs: number; idleTimeoutMs: number; keepAliveTimeoutMs: number };

export function parseConfig(env: Record<string, string | undefined>): Config {
  const result = ConfigSchema.safeParse(env);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError('CONFIG_INVALID', `invalid configuration:\n${lines.join('\n')}`);
  }
  const c = result.data;
  return {
    dataDir: c.TERMLENS_DATA_DIR,
    glossaryDir: c.TERMLENS_GLOSSARY_DIR,
    cacheDir: c.TERMLENS_CACHE_DIR,
    ocrWorkers: c.TERMLENS_OCR_WORKERS,
    ocrEngine: c.TERMLENS_OCR_ENGINE,
    maxImagePixels: c.TERMLENS_MAX_IMAGE_PIXELS,
    maxImageBytes: c.TERMLENS_MAX_IMAGE_BYTES,
    maxTextBytes: c.TERMLENS_MAX_TEXT_BYTES,
    maxDocumentBytes: c.TERMLENS_MAX_DOCUMENT_BYTES,
    pdfMaxPages: c.TERMLENS_PDF_MAX_PAGES,
    pdfDpi: c.TERMLENS_PDF_DPI,
    pdfPageTimeoutMs: c.TERMLENS_PDF_PAGE_TIMEOUT_MS,
    pdfMaxHeapBytes: c.TERMLENS_PDF_MAX_HEAP_MB * 1024 * 1024,
    zipMaxEntries: c.TERMLENS_ZIP_MAX_ENTRIES,
    zipMaxEntryBytes: c.TERMLENS_ZIP_MAX_ENTRY_BYTES ?? c.TERMLENS_MAX_IMAGE_BYTES,
    zipMaxTotalBytes: c.TERMLENS_ZIP_MAX_TOTAL_BYTES,
    redisUrl: c.REDIS_URL,
    queuePrefix: c.TERMLENS_QUEUE_PREFIX,
    redisConnectTimeoutMs: c.TERMLENS_REDIS_CONNECT_TIMEOUT_MS,
    jobAttempts: c.TERMLENS_JOB_ATTEMPTS,
    jobBackoffMs: c.TERMLENS_JOB_BACKOFF_MS,
    jobLockMs: c.TERMLENS_JOB_LOCK_MS,
    stalledCheckMs: c.TERMLENS_STALLED_CHECK_MS,
    reconcileIntervalMs: c.TERMLENS_RECONCILE_INTERVAL_MS,
    reconcileAfterMs: c.TERMLENS_RECONCILE_AFTER_MS,
    shutdownDeadlineMs: c.TERMLENS_SHUTDOWN_DEADLINE_MS,
    port: c.TERMLENS_PORT,
    host: c.TERMLENS_HOST,
    sessionSecret: c.TERMLENS_SESSION_SECRET,
    sessionTtlMs: c.TERMLENS_SESSION_TTL_MS,
    uploadMaxFileBytes: c.TERMLENS_UPLOAD_MAX_FILE_BYTES,
    uploadMaxFiles: c.TERMLENS_UPLOAD_MAX_FILES,
    uploadMaxParts: c.TERMLENS_UPLOAD_MAX_PARTS,
    signInMaxPerMinute: c.TERMLENS_SIGNIN_MAX_PER_MINUTE,
    auditRefusalsPerMinute: c.TERMLENS_AUDIT_REFUSALS_PER_MINUTE,
    http: {
      headersTimeoutMs: c.TERMLENS_HTTP_HEADERS_TIMEOUT_MS,
      requestTimeoutMs: c.TERMLENS_HTTP_REQUEST_TIMEOUT_MS,
      idleTimeoutMs: c.TERMLENS_HTTP_IDLE_TIMEOUT_MS,
      keepAliveTimeoutMs: c.TERMLENS_HTTP_KEEP_ALIVE_TIMEOUT_MS,
      jsonBodyMaxBytes: c.TERMLENS_JSON_BODY_MAX_BYTES,
    },
    databaseUrl: c.DATABASE_URL,
    blobStore: blobStoreSettings(c),
  };
}

let cached: Config | undefined;

/** The process-wide configuration, parsed from the environment on first use. */
export function config(): Config {
  cached ??= parseConfig(process.env);
  return cached;
}
