import type { TestDatabase } from './store-backends.ts';

/** The storage options set on PostgreSQL's index of the search keys (migration 0011), as `name=value`; null where none is set. */
export async function searchKeysIndexOptions(testDb: TestDatabase): Promise<string[] | null> {
  const rows = await testDb.query<{ options: string[] | null }>("select reloptions as options from pg_class where oid = 'search_documents_keys'::regclass");
  return rows[0]!.options;
}
