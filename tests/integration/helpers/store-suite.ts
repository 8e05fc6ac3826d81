import { afterAll, afterEach, beforeAll } from 'vitest';
import { openStore } from '../../../src/store/open-store.ts';
import type { Store } from '../../../src/store/store.ts';
import { createTestDatabase, type StoreBackendName, type TestDatabase } from './store-backends.ts';

export type CountRow = { n: number | string };
export const count = (rows: CountRow[]) => Number(rows[0]!.n);

export type StoreSuite = {
  /** The store the describe block's tests share, open from beforeAll to afterAll. */
  readonly store: Store;
  readonly testDb: TestDatabase;
  /** Another store on the same database, closed after the test. */
  another(): Promise<Store>;
};

/**
 * A store on a test database of its own for one describe block (store on sqlite, store on
 * postgres): the database made and the store opened before the block's tests, further stores
 * closed after each test, all closed and the database dropped after the block.
 */
export function useStoreSuite(backend: StoreBackendName): StoreSuite {
  let testDb: TestDatabase | undefined;
  let store: Store | undefined;
  const extraStores: Store[] = [];

  beforeAll(async () => {
    testDb = await createTestDatabase(backend);
    store = await openStore(testDb.config);
  });

  afterEach(async () => {
    await Promise.all(extraStores.splice(0).map((s) => s.close()));
  });

  afterAll(async () => {
    await store?.close();
    await testDb?.dispose();
  });

  return {
    get store() {
      if (!store) throw new Error('the store is opened in beforeAll');
      return store;
    },
    get testDb() {
      if (!testDb) throw new Error('the test database is made in beforeAll');
      return testDb;
    },
    async another() {
      if (!testDb) throw new Error('the test database is made in beforeAll');
      const s = await openStore(testDb.config);
      extraStores.push(s);
      return s;
    },
  };
}
