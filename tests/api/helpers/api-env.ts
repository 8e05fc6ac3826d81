import { randomBytes } from 'node:crypto';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import type { Redis } from 'ioredis';
import { buildApp, type BuiltApp } from '../../../src/api/build-app.ts';
import { GlossaryService } from '../../../src/review/glossary-service.ts';
import { InProcessProcessor } from '../../../src/api/processing/in-process-processor.ts';
import type { AuthOptions } from '../../../src/api/auth/auth-options.ts';
import { createTesseractEngine } from '../../../src/engines/tesseract-engine.ts';
import { JobProducer } from '../../../src/queue/producer.ts';
import type { PipelineQueues } from '../../../src/queue/queues.ts';
import { LocalBlobStore } from '../../../src/store/blob-store.ts';
import { openSqliteStore, openStore, SQLITE_FILE_NAME } from '../../../src/store/open-store.ts';
import { createTestDatabase, type StoreBackendName } from '../../integration/helpers/store-backends.ts';
import type { Store } from '../../../src/store/store.ts';
import type { Role } from '../../../src/store/repositories/tokens.ts';

export const REPO_ROOT = path.resolve(import.meta.dirname, '..', '..', '..');
export const SAMPLES_DIR = path.join(REPO_ROOT, 'samples');

export type ApiTestEnv = BuiltApp & {
  dir: string;
  store: Store;
  blobs: LocalBlobStore;
  glossaryDir: string;
  processor: InProcessProcessor;
  /** One live token per role. */
  tokens: Record<Role, string>;
  /** inject with `Authorization: Bearer` of the role (or none). */
  as(role: Role | 'anonymous', options: InjectOptions): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
};

export type ApiTestOptions = {
  auth?: 'tokens' | 'none';
  /** Hand uploads to the pipeline's queues (their jobs carrying this env's store id) instead of the in-process processor. */
  queue?: { queues: PipelineQueues; redis: Redis };
  signInMaxPerMinute?: number;
  /**
   * Refusals audited row by row per client and minute. The service's default is 5; the tests
   * that read single refusal rows make hundreds of requests a minute from one address, so they
   * get room for all of them unless a test sets the service's bound.
   */
  auditRefusalsPerMinute?: number;
  uploadMaxFileBytes?: number;
  uploadMaxFiles?: number;
  /** The store's backend: the SQLite file in the temp folder (default), or a schema of its own in the local PostgreSQL. */
  backend?: StoreBackendName;
};

/**
 * A real service over a real SQLite file and blob store in a temp folder, a copy of the shipped
 * glossary (admin edits write to it) and the in-process pipeline with the real OCR engine, which
 * only starts if a test uploads something. Requests go through fastify's inject.
 */
export async function createApiTestEnv(options: ApiTestOptions = {}): Promise<ApiTestEnv> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'termlens-api-'));
  const glossaryDir = path.join(dir, 'glossary');
  await cp(path.join(REPO_ROOT, 'glossary'), glossaryDir, { recursive: true });
  const testDb = options.backend === 'postgres' ? await createTestDatabase('postgres') : undefined;
  const store = testDb ? await openStore(testDb.config) : await openSqliteStore(path.join(dir, SQLITE_FILE_NAME));
  const blobs = new LocalBlobStore(path.join(dir, 'blobs'));
  const glossary = await GlossaryService.load(glossaryDir, { dataDir: dir });
  const ingestLimits = { maxImageBytes: 20 * 1024 * 1024, maxImagePixels: 50_000_000, maxEntries: 1000, maxEntryBytes: 20 * 1024 * 1024, maxTotalBytes: 200 * 1024 * 1024 };
  const processor = new InProcessProcessor({
    store,
    blobs,
    glossary,
    limits: { maxImageBytes: ingestLimits.maxImageBytes, maxImagePixels: ingestLimits.maxImagePixels },
    createEngine: async () => createTesseractEngine({ workers: 1 }),
  });
  const auth: AuthOptions =
    options.auth === 'none'
      ? { mode: 'none', csrfToken: randomBytes(16).toString('hex') }
      : { mode: 'tokens', sessionSecret: randomBytes(32), sessionTtlMs: 60 * 60_000, signInMaxPerMinute: options.signInMaxPerMinute ?? 1000 };
  const built = await buildApp({
    store,
    blobs,
    glossary,
    auth,
    ...(options.queue
      ? { queue: { producer: new JobProducer(options.queue.queues, await store.storeId()), redis: options.queue.redis } }
      : { processor }),
    uploadLimits: {
      maxFileBytes: options.uploadMaxFileBytes ?? 5 * 1024 * 1024,
      maxFiles: options.uploadMaxFiles ?? 20,
      maxParts: 40,
      maxFieldBytes: 1024,
    },
    ingestLimits,
    auditRefusalsPerMinute: options.auditRefusalsPerMinute ?? 100_000,
  });
  const tokens = {} as Record<Role, string>;
  for (const role of ['uploader', 'reviewer', 'admin'] as const) {
    tokens[role] = (await built.deps.tokens.create({ name: `test-${role}`, role })).token;
  }
  return {
    ...built,
    dir,
    store,
    blobs,
    glossaryDir,
    processor,
    tokens,
    as(role, injectOptions) {
      const headers = { ...(injectOptions.headers ?? {}) } as Record<string, string>;
      if (role !== 'anonymous') headers.authorization = `Bearer ${tokens[role]}`;
      return built.app.inject({ ...injectOptions, headers });
    },
    async close() {
      await built.app.close();
      await store.close();
      await testDb?.dispose();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
