import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../database-schema.ts';

/**
 * Runs `work` in one transaction: a new one on a plain connection, or the caller's when `db` is
 * already a transaction. Repositories take either, so an operation that spans aggregates (the
 * export read of a document, its OCR, analysis and hits) hands one transaction to each of them
 * and no repository needs to know whether it is nested.
 */
export function inTransaction<T>(db: Kysely<Database>, work: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
  if (db.isTransaction) return work(db as Transaction<Database>);
  return db.transaction().execute(work);
}
