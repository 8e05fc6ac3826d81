import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { Database } from '../database-schema.ts';

/**
 * Runs a PostgreSQL search-key query (`keys @> …`, first rows in id order) with the plan that
 * suits how many pages hold the keys, since PostgreSQL's own choice is wrong both ways. It
 * prices the TOASTed keys as cheap to filter, so left to itself it walks the table in id order
 * for a rare phrase and reads nearly every row (130–230 ms at 100,000 pages). Held to bitmap
 * scans of the GIN index, it reads every matching row before it can sort them: fine for a rare
 * phrase, but 0.7–0.8 s at p95 for a common character or pair that most pages hold
 * (bench/README, "bench:search"), where a walk in id order finds its first rows at once.
 *
 * So the planner's estimate of the matching pages (from the array statistics ANALYZE keeps of
 * the most common keys) picks the plan. A bitmap scan costs about the matches m; a walk about
 * the rows read before `limit` matches, limit · n / m for n pages: the two meet where
 * m = √(limit · n). The estimate for several keys multiplies their frequencies, as if pairs
 * were independent, so it errs low, towards the bitmap scan: the plan that cannot read the whole
 * table for a phrase that few pages hold. Erring that way is cheap as long as the scan yields
 * ids alone (the query joins the rest of a row after its limit): 20–25 ms for a phrase 11,000
 * to 27,000 pages hold, where a walk would read the whole table for a rare phrase of common pairs.
 *
 * `keyMatch` is the query's condition on the keys, estimated alone; `query` runs under the plan.
 */
export type KeyScanPlan = 'bitmap' | 'walk';

export async function runKeyQuery<Row>(db: Kysely<Database>, keyMatch: RawBuilder<unknown>, query: RawBuilder<Row>, limit: number): Promise<{ rows: Row[]; plan: KeyScanPlan }> {
  return db.transaction().execute(async (trx) => {
    // The estimate of the pages the keys match alone: the query's own plan may hide it (its
    // id range can be planned as a bitmap scan of the primary key with the keys as a filter).
    const explained = await sql<{ 'QUERY PLAN': { Plan: { 'Plan Rows': number } }[] }>`explain (format json) select 1 from search_documents d where ${keyMatch}`.execute(trx);
    const matches = explained.rows[0]!['QUERY PLAN'][0]!.Plan['Plan Rows'];
    const pages = await sql<{ n: number }>`select greatest(reltuples, 0)::float8 as n from pg_class where oid = 'search_documents'::regclass`.execute(trx);
    const plan: KeyScanPlan = matches > Math.sqrt(limit * Number(pages.rows[0]?.n ?? 0)) ? 'walk' : 'bitmap';
    // `set local` ends with the transaction, so no other query is affected.
    await sql`set local enable_seqscan = off`.execute(trx);
    if (plan === 'walk') await sql`set local enable_bitmapscan = off`.execute(trx);
    else await sql`set local enable_indexscan = off`.execute(trx);
    return { rows: (await query.execute(trx)).rows, plan };
  });
}
