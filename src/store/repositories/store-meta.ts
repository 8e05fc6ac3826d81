import type { Kysely } from 'kysely';
import type { Database } from '../database-schema.ts';

/**
 * What the database says about itself (store_meta, migration 0004): its store id, made once by
 * the migration, which producers put on every job and workers compare with their own.
 */
export class StoreMetaRepository {
  #storeId: Promise<string> | undefined;

  constructor(private readonly db: Kysely<Database>) {}

  /** Read once: the id never changes for the life of the database. */
  storeId(): Promise<string> {
    this.#storeId ??= this.db
      .selectFrom('store_meta')
      .select('value')
      .where('key', '=', 'store_id')
      .executeTakeFirstOrThrow()
      .then((row) => row.value)
      .catch((error: unknown) => {
        this.#storeId = undefined;
        throw error;
      });
    return this.#storeId;
  }
}
