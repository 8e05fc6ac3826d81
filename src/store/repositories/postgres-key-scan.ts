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
 * table for a phrase that few pages hold.
 */
export type KeyScanPlan = 'bitmap' | 'walk';

export async function runKeyQuery<Row>(db: Kysely<Database>, query: RawBuilder<Row>, limit: number): Promise<{ rows: Row[]; plan: KeyScanPlan }> {
  return db.transaction().execute(async (trx) => {
    // `set local` ends with the transaction, so no other query is affected.
    await sql`set local enable_seqscan = off`.execute(trx);
    await sql`set local enable_indexscan = off`.execute(trx);
    const explained = await sql<{ 'QUERY PLAN': { Plan: PlanNode }[] }>`explain (format json) ${query}`.execute(trx);
    const matches = bitmapRows(explained.rows[0]!['QUERY PLAN'][0]!.Plan);
    const pages = await sql<{ n: number }>`select greatest(reltuples, 0)::float8 as n from pg_class where oid = 'search_documents'::regclass`.execute(trx);
    const plan: KeyScanPlan = matches !== undefined && matches > Math.sqrt(limit * Number(pages.rows[0]?.n ?? 0)) ? 'walk' : 'bitmap';
    if (plan === 'walk') {
      await sql`set local enable_indexscan = on`.execute(trx);
      await sql`set local enable_bitmapscan = off`.execute(trx);
    }
    return { rows: (await query.execute(trx)).rows, plan };
  });
}

type PlanNode = { 'Node Type': string; 'Relation Name'?: string; 'Plan Rows': number; Plans?: PlanNode[] };

/** The estimated rows of the bitmap scan of search_documents, wherever it sits in the plan. */
function bitmapRows(node: PlanNode): number | undefined {
  if (node['Node Type'] === 'Bitmap Heap Scan' && node['Relation Name'] === 'search_documents') return node['Plan Rows'];
  for (const child of node.Plans ?? []) {
    const rows = bitmapRows(child);
    if (rows !== undefined) return rows;
  }
  return undefined;
}
