import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgresDatabase, type PostgresHandle } from '../../src/store/postgres-database.ts';
import { createTestDatabase, type TestDatabase } from './helpers/store-backends.ts';

/**
 * The pool keeps an idle connection for the next query (postgres-database.ts): a search after
 * a pause runs on the server process that served the last one, whose pages of shared buffers
 * are already mapped, instead of on a new one (pg closes idle clients after 10 s by default).
 */
describe('PostgreSQL connection pool', () => {
  let testDb: TestDatabase;
  let handle: PostgresHandle;

  beforeAll(async () => {
    testDb = await createTestDatabase('postgres');
    handle = openPostgresDatabase(testDb.config.databaseUrl!);
  });
  afterAll(async () => {
    await handle?.db.destroy();
    await testDb?.dispose();
  });

  const serverProcess = async () => Number((await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(handle.db)).rows[0]!.pid);

  it('answers a query after 11 s idle from the same server process, on one connection', async () => {
    const before = await serverProcess();
    await sleep(11_000);
    expect(await serverProcess()).toBe(before);
    expect(handle.pool.totalCount).toBe(1);
  }, 30_000);
});
