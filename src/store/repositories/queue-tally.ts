import type { Kysely } from 'kysely';
import type { Database } from '../database-schema.ts';
import { LATEST_HITS, withdrawnQuery } from './hit-queue.ts';

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
 * Takes the document's row lock for the rest of the transaction: an update that changes nothing
 * (portable, where `select … for update` is not SQLite). Call it before reading anything the
 * tally depends on. Several documents in one transaction are locked in sha256 order (see
 * src/review/decision-order.ts), or two such transactions could each hold a row the other
 * waits for.
 */
export async function lockDocument(db: Kysely<Database>, sha256: string): Promise<void> {
  await db
    .updateTable('documents')
    .set((eb) => ({ latest_hit_count: eb.ref('latest_hit_count') }))
    .where('sha256', '=', sha256)
    .execute();
}

/** lockDocument for the document of a hit, in the same statement: its sha256, or undefined without such a hit. */
export async function lockDocumentOfHit(db: Kysely<Database>, hitId: string): Promise<string | undefined> {
  const row = await db
    .updateTable('documents')
    .set((eb) => ({ latest_hit_count: eb.ref('latest_hit_count') }))
    .where('sha256', '=', (eb) => eb.selectFrom('hits').select('hits.sha256').where('hits.id', '=', hitId))
    .returning('sha256')
    .executeTakeFirst();
  return row?.sha256;
}

/**
 * Counts the document's tally again from its latest analysis's hits, their decisions and its
 * withdrawn hits: one statement, under the row lock the transaction took first.
 */
export async function refreshQueueTally(db: Kysely<Database>, sha256: string): Promise<void> {
  const decided = (decision: string) =>
    db
      .selectFrom('documents as d')
      .crossJoin('hits as h')
      .innerJoin('latest_decisions as ld', 'ld.review_key', 'h.review_key')
      .whereRef('h.sha256', '=', 'd.sha256')
      .where('d.sha256', '=', sha256)
      .where(LATEST_HITS)
      .where('ld.decision', '=', decision)
      .select((eb) => eb.fn.countAll<number>().as('n'));
  const withdrawn = withdrawnQuery(db, { sha256 }).select((eb) => eb.fn.countAll<number>().as('n'));
  await db
    .updateTable('documents')
    .set({ latest_confirmed: decided('confirm'), latest_rejected: decided('reject'), latest_corrected: decided('correct'), latest_withdrawn: withdrawn })
    .where('sha256', '=', sha256)
    .execute();
}
