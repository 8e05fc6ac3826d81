import { type Kysely, SqliteAdapter } from 'kysely';
import type { Database } from '../database-schema.ts';
import { toNumber } from '../row-mappers.ts';
import { countsByDecision, withdrawnQuery } from './hit-queue.ts';

/**
 * Each document's review tally (documents.latest_confirmed, _rejected, _corrected, _withdrawn):
 * what the queue's counter sums when no filter is on the hits, so that a page's counter reads a
 * row per document instead of joining every decision to its hit (28 ms at 2,000 decisions on
 * PostgreSQL, and growing with every decision; bench/serve.ts).
 *
 * A tally is counted again from the document's own rows, never adjusted by a difference, after
 * whatever changes them (a saved analysis, a decision), in the same transaction and under the
 * document's row lock. The lock comes first: two transactions changing one document then run
 * one after the other, and the second counts what the first committed (PostgreSQL's read
 * committed reads anew with every statement). SQLite runs one write transaction at a time.
 */

/**
 * Takes the document's row lock for the rest of the transaction. PostgreSQL: `select … for
 * update`, which writes nothing. SQLite: a write transaction holds the whole database from its
 * BEGIN IMMEDIATE (sqlite-database.ts), so reading the row is all it takes. Call it before
 * reading anything the tally depends on. Several documents in one transaction are locked in
 * sha256 order (src/review/decision-order.ts), or two such transactions could each hold a row
 * the other waits for. Returns the latest analysis's glossary version (null before any).
 */
export async function lockDocument(db: Kysely<Database>, sha256: string): Promise<string | null> {
  const query = db.selectFrom('documents').select('latest_glossary_version').where('sha256', '=', sha256);
  const row = await (db.getExecutor().adapter instanceof SqliteAdapter ? query : query.forUpdate()).executeTakeFirst();
  return row?.latest_glossary_version ?? null;
}

/**
 * Counts the document's tally again, under the row lock the transaction took first: the
 * decisions of its latest analysis's hits, and unless told that they cannot have changed, its
 * withdrawn hits (a decision on a hit of the latest analysis never changes them: such a hit's
 * key is in the latest analysis, so no earlier hit with that key is withdrawn).
 */
export async function refreshQueueTally(db: Kysely<Database>, sha256: string, options: { withdrawn: boolean }): Promise<void> {
  const decided = await countsByDecision(db, { sha256 });
  const withdrawn = options.withdrawn
    ? await withdrawnQuery(db, { sha256 })
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirst()
    : undefined;
  await db
    .updateTable('documents')
    .set({
      latest_confirmed: decided.confirmed,
      latest_rejected: decided.rejected,
      latest_corrected: decided.corrected,
      ...(withdrawn ? { latest_withdrawn: toNumber(withdrawn.n) } : {}),
    })
    .where('sha256', '=', sha256)
    .execute();
}
