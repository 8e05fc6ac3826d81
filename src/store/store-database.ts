import type { Kysely } from 'kysely';
import type { Database } from './database-schema.ts';
import { KyselyStore } from './kysely-store.ts';
import type { Store } from './store.ts';

/**
 * The Kysely connection behind a store, for the query modules of the review service (tokens,
 * the cross-document hit queue). Both backends are KyselyStores; anything else is a programming
 * error, not a condition to handle.
 */
export function databaseOf(store: Store): Kysely<Database> {
  if (!(store instanceof KyselyStore)) throw new TypeError('this store has no SQL database behind it');
  return store.database();
}
