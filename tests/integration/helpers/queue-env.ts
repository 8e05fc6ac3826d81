import { randomBytes } from 'node:crypto';
import { cp, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { makeBadInputs } from '../../fixtures/make-bad-inputs.ts';
import { createTestDatabase, type StoreBackendName, type TestDatabase } from './store-backends.ts';
import { REPO_ROOT } from './queue-processes.ts';
import type { TestRedis } from './queue-redis.ts';

/**
 * Everything one queue test needs besides Redis: a data dir, a database (SQLite file or a
 * PostgreSQL schema of its own), a queue prefix of its own, and the environment that points
 * the CLI and worker processes at them. Timings are shortened so that a crashed worker's job
 * is taken over, and a lost job re-enqueued, within seconds rather than minutes. A test that
 * kills no worker can ask for the production lock (`fastTakeover: false`): under load a busy
 * worker may miss a 3 s renewal, and the stalled job's re-run loses its first completion.
 */
export type QueueTestEnv = {
  env: Record<string, string>;
  db: TestDatabase;
  /** Scratch space for batch folders and zips. */
  workDir: string;
  dispose(): Promise<void>;
};

export async function createQueueTestEnv(
  redis: TestRedis,
  options: { backend?: StoreBackendName; fastTakeover?: boolean; env?: Record<string, string> } = {},
): Promise<QueueTestEnv> {
  const db = await createTestDatabase(options.backend ?? 'sqlite');
  const workDir = await mkdtemp(path.join(os.tmpdir(), 'termlens-queue-'));
  const env: Record<string, string> = {
    REDIS_URL: redis.url,
    TERMLENS_QUEUE_PREFIX: `qt${randomBytes(4).toString('hex')}`,
    TERMLENS_DATA_DIR: db.config.dataDir,
    TERMLENS_OCR_WORKERS: '1',
    TERMLENS_REDIS_CONNECT_TIMEOUT_MS: '2000',
    TERMLENS_JOB_BACKOFF_MS: '500',
    // Left out, config.ts's defaults apply.
    ...(options.fastTakeover === false ? {} : { TERMLENS_JOB_LOCK_MS: '6000', TERMLENS_STALLED_CHECK_MS: '2000' }),
    TERMLENS_RECONCILE_INTERVAL_MS: '1000',
    TERMLENS_RECONCILE_AFTER_MS: '6000',
    TERMLENS_SHUTDOWN_DEADLINE_MS: '15000',
    ...(db.config.databaseUrl ? { DATABASE_URL: db.config.databaseUrl } : {}),
    ...options.env,
  };
  return {
    env,
    db,
    workDir,
    async dispose() {
      await db.dispose();
      await rm(workDir, { recursive: true, force: true });
    },
  };
}

type Manifest = { samples: { file: string }[] };

export const SAMPLES_DIR = path.join(REPO_ROOT, 'samples');

export async function sampleFiles(): Promise<string[]> {
  const manifest = JSON.parse(await readFile(path.join(SAMPLES_DIR, 'manifest.json'), 'utf8')) as Manifest;
  return manifest.samples.map((s) => s.file);
}

/** Copies samples into `dir` under their own names; returns the names. */
export async function copySamples(dir: string, names: readonly string[]): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  for (const name of names) await cp(path.join(SAMPLES_DIR, name), path.join(dir, name));
  return [...names];
}

/**
 * Four bad files, two caught while the batch reads them (not an image; a PDF) and two by the
 * worker's ingest (empty; a PNG cut in half, whose header still reads), so both ways a file
 * fails are exercised. Returns their names.
 */
export async function addBadFiles(dir: string): Promise<string[]> {
  const scratch = await mkdtemp(path.join(os.tmpdir(), 'termlens-bad-'));
  try {
    const bad = await makeBadInputs(scratch);
    const picked = [bad.zeroByte, bad.truncatedPng, bad.textNamedPng, bad.unsupportedFormat];
    await mkdir(dir, { recursive: true });
    for (const file of picked) await cp(file, path.join(dir, path.basename(file)));
    return picked.map((file) => path.basename(file));
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/** Row counts that reveal double processing: each must equal the number of distinct documents. */
export async function storeRowCounts(db: TestDatabase): Promise<{
  documents: number;
  ocrResults: number;
  hits: number;
  distinctHits: number;
  latestHitCounts: number;
}> {
  const one = async (sql: string) => Number(Object.values((await db.query<Record<string, unknown>>(sql))[0]!)[0]);
  return {
    documents: await one('select count(*) as n from documents'),
    ocrResults: await one('select count(*) as n from ocr_results'),
    hits: await one('select count(*) as n from hits'),
    distinctHits: await one('select count(*) as n from (select distinct sha256, glossary_version, entry_id, start_offset, end_offset from hits) as d'),
    latestHitCounts: await one('select coalesce(sum(hit_count), 0) as n from analyses'),
  };
}

/** How often each document's OCR ran, read from the workers' logs ("msg":"ocr <sha12> ran in …" in their JSON lines). */
export function ocrRunsBySha(logs: readonly string[]): Map<string, number> {
  const runs = new Map<string, number>();
  for (const log of logs) {
    for (const match of log.matchAll(/"msg":"ocr ([0-9a-f]{12}) ran in /g)) runs.set(match[1]!, (runs.get(match[1]!) ?? 0) + 1);
  }
  return runs;
}
