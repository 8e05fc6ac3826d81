import { beforeAll, describe, expect, it } from 'vitest';
import { searchCorpus } from '../../src/pipeline/search-corpus.ts';
import { openPostgresDatabase } from '../../src/store/postgres-database.ts';
import { PENDING_KEYS_KB, searchKeysPendingMigration } from '../../src/store/search/search-keys-pending-migration.ts';
import { searchKeysIndexOptions } from './helpers/search-keys-index.ts';
import { useStoreSuite } from './helpers/store-suite.ts';

/**
 * Migration 0015 (search-keys-pending-migration.ts): PostgreSQL's GIN index of the search keys
 * keeps at most 512 kB of keys pending, since every scan of it reads them all. 150 pages of 800
 * characters pend about 3.6 MB of keys (450 pages of 8 kB), under the server's default limit of
 * 4 MB: with the default they all stay pending, with the migration's limit at most 64 pages do.
 */
const PAGES = 150;
const PAGE_CHARS = 800;
/** The migration's limit in pages of the pending list (8 kB each). */
const LIMIT_PAGES = (PENDING_KEYS_KB * 1024) / 8192;

/** Page i's document id. */
const shaOf = (i: number) => i.toString(16).padStart(64, '0');

/** Page i: 800 characters of a 2,000-character range, in an order of its own (few repeated pairs). */
function pageText(i: number): string {
  return Array.from({ length: PAGE_CHARS }, (_, k) => String.fromCodePoint(0x4e00 + ((i * 7_919 + k * k * 31 + k * 104_729) % 2_000))).join('');
}

describe('search keys pending on postgres', () => {
  const suite = useStoreSuite('postgres');

  /** Moves the pending keys into the index; how many pages of the list they took. */
  const cleanPending = async () =>
    Number((await suite.testDb.query<{ pages: number }>("select gin_clean_pending_list('search_documents_keys'::regclass) as pages"))[0]!.pages);

  const writePages = async (from: number) => {
    for (let i = from; i < from + PAGES; i++) {
      const sha256 = shaOf(i);
      const text = pageText(i);
      await suite.store.putDocument({ sha256, mediaType: 'text/plain', bytes: Buffer.byteLength(text), firstPath: `page-${i}.txt` });
      await suite.store.saveAnalysis({ sha256, glossaryVersion: 'pending-test', text, script: 'simplified', tokens: [], hits: [], annotations: [] });
    }
  };

  beforeAll(async () => {
    await cleanPending();
  });

  it('keeps at most 512 kB of keys pending while pages are written, and finds them all', async () => {
    expect(await searchKeysIndexOptions(suite.testDb)).toContain(`gin_pending_list_limit=${PENDING_KEYS_KB}`);
    await writePages(0);
    // Found through the index, pending or not: the last page's first eight characters.
    const last = await searchCorpus(suite.store, { query: pageText(PAGES - 1).slice(0, 8), limit: 5 });
    expect(last.results.map((r) => r.sha256)).toEqual([shaOf(PAGES - 1)]);
    const pending = await cleanPending();
    expect(pending).toBeLessThanOrEqual(LIMIT_PAGES);
  }, 120_000);

  it('the migration sets the limit on an index that had none and merges what was pending', async () => {
    await suite.testDb.query('alter index search_documents_keys reset (gin_pending_list_limit)');
    await writePages(1_000);
    const handle = openPostgresDatabase(suite.testDb.config.databaseUrl!);
    try {
      await searchKeysPendingMigration.up(handle.db);
    } finally {
      await handle.db.destroy();
    }
    expect(await cleanPending()).toBe(0);
    expect(await searchKeysIndexOptions(suite.testDb)).toContain(`gin_pending_list_limit=${PENDING_KEYS_KB}`);
    // And without the limit, as many pages again leave more than 64 pages pending.
    await suite.testDb.query('alter index search_documents_keys reset (gin_pending_list_limit)');
    await writePages(2_000);
    expect(await cleanPending()).toBeGreaterThan(LIMIT_PAGES);
  }, 120_000);
});
