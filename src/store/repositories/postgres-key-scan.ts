import { type Kysely, type RawBuilder, sql, type Transaction } from 'kysely';
import type { Database } from '../database-schema.ts';
import { signaturePassShare } from '../search/key-signature.ts';

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
 * the rows read before `limit` matches, limit · n / m for n pages, each row c times dearer:
 * the two meet where m = √(c · limit · n). A row whose keys the walk reads out of TOAST costs
 * about ten matches (12 µs against 1–2 µs, measured at 100,000 pages); where the query has
 * pairs the walk reads a row's signature first (key-signature.ts) and its keys only if the
 * signature lets it through, so c is ten times the share it lets through, and never below the
 * signature row's own cost of about one match. For one key the estimate is that
 * key's own frequency, but only for the keys ANALYZE kept among the most common (a thousand
 * of a corpus's hundreds of thousands): any other is estimated at 0.5% of the pages at most, so
 * a pair that 8,590 of 100,000 pages hold was sent to a bitmap scan that read them all (92 ms).
 * For several (a phrase's pairs) it multiplies their frequencies, as if the pairs were
 * independent, and can be far off: a phrase of a page's boilerplate that 11% of the pages hold
 * was estimated at one page, and the bitmap scan read all 11,000. So below the walk's threshold
 * a query first walks a short sample of ids (SAMPLE_ROWS, 1–3 ms): the matches it finds are the
 * first results, and their share of the sample, not the estimate, decides how to go on past it.
 * A rare key or phrase finds few there and goes on with the bitmap scan, the plan that cannot
 * read the whole table for what few pages hold.
 *
 * KeyScan's `keySets` are the key arrays the query asks for (OR'd); `query` gives the query for a
 * range of ids, a limit and the plan it runs under (a walk may read signatures before keys,
 * key-signature.ts); `sampleRows` is there for tests on small tables.
 */
export type KeyScanPlan = 'walk' | 'bitmap' | 'sample' | 'sample, then walk' | 'sample, then bitmap';

/** Ids from `from` on, below `below` when given. */
export type KeyRange = { from: number; below?: number };

/** What a row whose keys a walk reads costs, in matches read by a bitmap scan. */
const WALK_ROW_COST = 10;

/** What a row a walk passes over by its signature alone costs, in matches read by a bitmap scan. */
const SIGNATURE_ROW_COST = 1;

/** Rows a phrase's sample walks: at about 12 µs a row, what it costs a rare phrase. */
const SAMPLE_ROWS = 200;

/**
 * The key scan of one page of search results, over its rounds of candidates (repositories/
 * search.ts asks for more while the candidates hold the keys without the phrase): the planner's
 * estimate is asked for once, and once a sample has shown what share of the pages hold the
 * phrase, later rounds go straight to the plan that share calls for, without a sample of their own.
 */
export class KeyScan<Row extends { id: number }> {
  readonly #db: Kysely<Database>;
  readonly #keySets: readonly number[][];
  readonly #query: KeyQuery<Row>;
  readonly #sampleRows: number;
  /** What a walked row costs, in matches read by a bitmap scan: fixed by the keys. */
  readonly #walkRowCost: number;
  #estimate: number | undefined;
  /** The share of the pages that hold the phrase, once a sample has told. */
  #share: number | undefined;

  constructor(db: Kysely<Database>, keySets: readonly number[][], query: KeyQuery<Row>, sampleRows = SAMPLE_ROWS) {
    this.#db = db;
    this.#keySets = keySets;
    this.#query = query;
    this.#sampleRows = sampleRows;
    this.#walkRowCost = walkRowCost(keySets);
  }

  /** The first `limit` rows from id `from` on, in id order, and the plan that found them. */
  next(from: number, limit: number): Promise<{ rows: Row[]; plan: KeyScanPlan }> {
    return this.#db.transaction().execute(async (trx) => {
      // Set up for a walk, the plan of a sample and of common keys, with the table's size in the
      // same round trip (a round trip is about 0.3 ms of a query of 10–15 ms). `set_config(…,
      // true)` lasts until the transaction ends, so no other query is affected. The estimate
      // (EXPLAIN) does not depend on these settings.
      const pages = Number(
        (await sql<{ n: number }>`select greatest(reltuples, 0)::float8 as n, ${planSettings('walk')}
          from pg_class where oid = 'search_documents'::regclass`.execute(trx)).rows[0]?.n ?? 0,
      );
      let settled: ScanPlan = 'walk';
      const run = async (plan: ScanPlan, range: KeyRange, rows: number) => {
        if (plan !== settled) await sql`select ${planSettings(plan)}`.execute(trx);
        settled = plan;
        return (await this.#query(range, rows, plan).execute(trx)).rows;
      };
      this.#estimate ??= await estimatedMatches(trx, this.#keySets);
      const walkAbove = Math.sqrt(this.#walkRowCost * limit * pages);
      if (this.#estimate > walkAbove) return { rows: await run('walk', { from }, limit), plan: 'walk' };
      if (this.#share !== undefined) {
        const plan = this.#share * pages > walkAbove ? 'walk' : 'bitmap';
        return { rows: await run(plan, { from }, limit), plan };
      }
      const below = await idAfter(trx, from, this.#sampleRows);
      const sampled = await run('walk', { from, below }, limit);
      if (sampled.length === limit || below === undefined) return { rows: sampled, plan: 'sample' };
      this.#share = sampled.length / this.#sampleRows;
      const restPlan = this.#share * pages > walkAbove ? 'walk' : 'bitmap';
      const rest = await run(restPlan, { from: below }, limit - sampled.length);
      return { rows: [...sampled, ...rest], plan: `sample, then ${restPlan}` };
    });
  }
}

/**
 * What a walked row costs for these key sets, in matches read by a bitmap scan (see KeyScan).
 * A set without pairs lets every page through (share 1), so this prices the walk without
 * signatures exactly where repositories/search.ts walks without them.
 */
function walkRowCost(keySets: readonly number[][]): number {
  const passing = Math.min(1, keySets.reduce((share, keys) => share + signaturePassShare(keys), 0));
  return Math.max(SIGNATURE_ROW_COST, WALK_ROW_COST * passing);
}

/** The plan one statement of a KeyScan runs under. */
export type ScanPlan = 'walk' | 'bitmap';

/** The query of a KeyScan: its first `limit` rows in the range, in id order, to run under `plan`. */
export type KeyQuery<Row> = (range: KeyRange, limit: number, plan: ScanPlan) => RawBuilder<Row>;

/**
 * The planner settings that hold a query to a plan: a walk of the primary key in id order, or a
 * bitmap scan of the GIN index; never a sequential scan. Columns of a select.
 */
function planSettings(plan: ScanPlan): RawBuilder<unknown> {
  const bitmap = plan === 'bitmap' ? 'on' : 'off';
  const index = plan === 'walk' ? 'on' : 'off';
  return sql`set_config('enable_seqscan', 'off', true), set_config('enable_bitmapscan', ${bitmap}, true), set_config('enable_indexscan', ${index}, true)`;
}

/**
 * The planner's estimate of the pages the keys match, of the condition alone: the query's own
 * plan may hide it (its id range can be planned as a bitmap scan of the primary key with the
 * keys as a filter).
 */
async function estimatedMatches(trx: Transaction<Database>, keySets: readonly number[][]): Promise<number> {
  const match = sql.join(
    keySets.map((keys) => sql`keys @> ${keys}::int4[]`),
    sql` or `,
  );
  const explained = await sql<{ 'QUERY PLAN': { Plan: { 'Plan Rows': number } }[] }>`explain (format json) select 1 from search_documents where ${match}`.execute(trx);
  return explained.rows[0]!['QUERY PLAN'][0]!.Plan['Plan Rows'];
}

/** The id `rows` rows after `from`, or undefined when the table ends before. */
async function idAfter(trx: Transaction<Database>, from: number, rows: number): Promise<number | undefined> {
  const found = await sql<{ id: number }>`select id from search_documents where id >= ${from} order by id offset ${rows} limit 1`.execute(trx);
  return found.rows[0] === undefined ? undefined : Number(found.rows[0].id);
}
