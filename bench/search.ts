/**
 * Corpus search: a seeded synthetic corpus (pages of ~800 characters, a quarter in traditional
 * script, real passages interleaved with characters drawn by their frequency), indexed through
 * the store's own analysis save on both backends. Prints indexing throughput, index size against
 * the text it indexes, and first-page latency (p50/p95) of 1-, 2-, 4- and 8-character queries and
 * of a query that 10% of the pages hold, next to a LIKE '%q%' scan of the same table with the
 * same queries. No assertion: figures only.
 *
 *   npm run bench:search -- [--pages 100000] [--store sqlite,postgres] [--queries 30] [--json FILE]
 *
 * PostgreSQL: TERMLENS_BENCH_DATABASE_URL, default the tests' database, in a schema of its own
 * that is dropped afterwards.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { searchPatterns } from '../src/pipeline/search-corpus.ts';
import { openccConverter } from '../src/script/opencc-converter.ts';
import { prepareStorePlace } from './lib/store-place.ts';
import { openStore, SQLITE_FILE_NAME } from '../src/store/open-store.ts';
import type { Store } from '../src/store/store.ts';
import { hanFrequencies, loadPassages } from './lib/corpus.ts';
import { describeMachine } from './lib/machine.ts';
import { mulberry32, type Random, weightedSampler } from './lib/prng.ts';
import { percentile } from './lib/route-latency.ts';
import { renderTable } from './lib/table.ts';

const SEED = 20_261_203;
const PAGE_CHARS = 800;
const PAGE_LIMIT = 50;
/** Held by one page in ten: the "10,000 matches at 100,000 pages" query. */
const COMMON_PHRASE = '普拉托华人商会';
const USAGE = 'npm run bench:search -- [--pages N] [--store sqlite,postgres] [--queries N] [--json FILE]';

const { values } = (() => {
  try {
    return parseArgs({ options: { pages: { type: 'string' }, store: { type: 'string' }, queries: { type: 'string' }, json: { type: 'string' } } });
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\nusage: ${USAGE}\n`);
    process.exit(2);
  }
})();
const PAGES = Number(values.pages ?? 100_000);
const QUERIES = Number(values.queries ?? 30);
const BACKENDS = (values.store ?? 'sqlite,postgres').split(',').map((s) => {
  const backend = s.trim();
  if (backend !== 'sqlite' && backend !== 'postgres') throw new Error(`--store: sqlite or postgres, not ${backend}`);
  return backend;
});
if (!Number.isInteger(PAGES) || PAGES < 100 || !Number.isInteger(QUERIES) || QUERIES < 5 || BACKENDS.some((b) => b !== 'sqlite' && b !== 'postgres')) {
  process.stderr.write(`--pages is at least 100, --queries at least 5, --store takes sqlite, postgres or both\nusage: ${USAGE}\n`);
  process.exit(2);
}
const log = (line: string) => process.stderr.write(`${line}\n`);

// ---- corpus ---------------------------------------------------------------------------------
const random = mulberry32(SEED);
const { passages } = await loadPassages();
const frequencies = hanFrequencies(passages);
const chars = [...frequencies.keys()];
const drawChar = weightedSampler(chars, chars.map((c) => frequencies.get(c)!));
const toTraditional = openccConverter('s2t');

function page(i: number, r: Random): string {
  let text = i % 10 === 0 ? COMMON_PHRASE : '';
  while ([...text].length < PAGE_CHARS) {
    const passage = passages[Math.floor(r() * passages.length)]!;
    const from = Math.floor(r() * Math.max(1, passage.length - 60));
    text += passage.slice(from, from + 20 + Math.floor(r() * 40));
    for (let k = 0; k < 20; k++) text += drawChar(r);
  }
  text = [...text].slice(0, PAGE_CHARS).join('');
  return r() < 0.25 ? toTraditional(text) : text;
}

const corpus = Array.from({ length: PAGES }, (_, i) => page(i, random));
const textBytes = corpus.reduce((n, t) => n + Buffer.byteLength(t), 0);
log(`corpus: ${PAGES} pages, ${(textBytes / 1e6).toFixed(1)} MB of UTF-8 text`);

/** Queries of each length: substrings of random pages (most occur in few pages), seeded. */
const queries: Record<string, string[]> = {};
for (const n of [1, 2, 4, 8]) {
  queries[`${n} chars`] = Array.from({ length: QUERIES }, () => {
    for (;;) {
      const text = [...corpus[Math.floor(random() * PAGES)]!];
      const at = Math.floor(random() * (text.length - n));
      const q = text.slice(at, at + n).join('');
      if (/^\p{Script=Han}+$/u.test(q)) return q;
    }
  });
}
queries[`${COMMON_PHRASE} (${PAGES / 10} pages)`] = Array.from({ length: QUERIES }, () => COMMON_PHRASE);

// ---- per backend ------------------------------------------------------------------------------
type Figures = {
  backend: string;
  pagesPerSecond: number;
  textMB: number;
  indexMB: number;
  latency: { query: string; indexP50: number; indexP95: number; likeP50: number; likeP95: number; results: number }[];
};

/** The bench's store place, with a way to measure beside the store: SQLite read-only, or a PostgreSQL client in the schema. */
async function place(backend: 'sqlite' | 'postgres') {
  const where = await prepareStorePlace(backend, 'search');
  if (backend === 'sqlite') {
    const raw = () => new BetterSqlite3(path.join(where.dataDir, SQLITE_FILE_NAME), { readonly: true });
    return { ...where, raw, admin: undefined };
  }
  const admin = new pg.Client({ connectionString: where.databaseUrl!, connectionTimeoutMillis: 5_000 });
  await admin.connect();
  return {
    ...where,
    raw: undefined,
    admin,
    async dispose() {
      await admin.end();
      await where.dispose();
    },
  };
}

async function index(store: Store): Promise<number> {
  const t0 = performance.now();
  for (let i = 0; i < PAGES; i++) {
    const sha256 = i.toString(16).padStart(64, '0');
    await store.putDocument({ sha256, mediaType: 'text/plain', bytes: Buffer.byteLength(corpus[i]!), firstPath: `page-${i}.txt` });
    await store.saveAnalysis({ sha256, glossaryVersion: 'bench', text: corpus[i]!, script: 'mixed', tokens: [], hits: [], annotations: [] });
    if (i > 0 && i % 10_000 === 0) log(`  ${i} pages indexed`);
  }
  return PAGES / ((performance.now() - t0) / 1000);
}

async function run(backend: 'sqlite' | 'postgres'): Promise<Figures> {
  const where = await place(backend);
  const store = await openStore(where.config);
  try {
    log(`${backend}: indexing through saveAnalysis …`);
    const pagesPerSecond = await index(store);
    // The planner's statistics of every table, as autovacuum would gather them once the pages
    // are in (PostgreSQL; nothing to do on SQLite).
    await where.analyze();
    let indexBytes: number;
    let like: (q: string) => Promise<void>;
    let close = async () => undefined;
    if ('raw' in where && where.raw) {
      const db = where.raw();
      indexBytes = (db.prepare("select sum(pgsize) as s from dbstat where name like 'search_fts%' or name like 'search_pairs%'").get() as { s: number }).s;
      const stmt = db.prepare("select id from search_documents where text like ? escape '\\' order by id limit ?");
      like = async (q) => void stmt.all(`%${q}%`, PAGE_LIMIT);
      close = async () => void db.close();
    } else {
      const admin = where.admin!;
      const row = await admin.query(
        `select pg_relation_size('search_documents_keys') + (select sum(pg_column_size(keys)) from search_documents) + pg_total_relation_size('search_signatures') as s`,
      );
      indexBytes = Number(row.rows[0].s);
      like = async (q) => void (await admin.query("select id from search_documents where text like $1 escape '\\' order by id limit $2", [`%${q}%`, PAGE_LIMIT]));
    }
    const latency: Figures['latency'] = [];
    for (const [label, list] of Object.entries(queries)) {
      const indexed: number[] = [];
      const scanned: number[] = [];
      let results = 0;
      for (const q of list) {
        const t0 = performance.now();
        const page = await store.search.search(searchPatterns(q), {}, { limit: PAGE_LIMIT });
        indexed.push(performance.now() - t0);
        results += page.results.length;
        // The LIKE scan sees the stored (unfolded) text; a simplified query on a traditional page
        // is no match for it, which only makes its scan longer, as it would be for a user.
        const t1 = performance.now();
        await like(q);
        scanned.push(performance.now() - t1);
      }
      indexed.sort((a, b) => a - b);
      scanned.sort((a, b) => a - b);
      latency.push({ query: label, indexP50: percentile(indexed, 50), indexP95: percentile(indexed, 95), likeP50: percentile(scanned, 50), likeP95: percentile(scanned, 95), results: results / list.length });
    }
    await close();
    return { backend, pagesPerSecond, textMB: textBytes / 1e6, indexMB: indexBytes / 1e6, latency };
  } finally {
    await store.close();
    await where.dispose();
  }
}

const all: Figures[] = [];
for (const backend of BACKENDS) all.push(await run(backend));

const ms = (v: number) => v.toFixed(1);
console.log(`bench:search, ${PAGES} pages of ${PAGE_CHARS} characters, ${QUERIES} queries per row, first page of ${PAGE_LIMIT} results (${describeMachine()})\n`);
for (const f of all) {
  console.log(`${f.backend}: indexing ${f.pagesPerSecond.toFixed(0)} pages/s (saveAnalysis, one transaction per page); index ${f.indexMB.toFixed(1)} MB for ${f.textMB.toFixed(1)} MB of text = ${(f.indexMB / f.textMB).toFixed(2)}× (target ≤ 3×)`);
  console.log(
    renderTable(
      [{ header: 'query' }, { header: 'results', alignRight: true }, { header: 'index p50 ms', alignRight: true }, { header: 'index p95 ms', alignRight: true }, { header: 'LIKE p50 ms', alignRight: true }, { header: 'LIKE p95 ms', alignRight: true }, { header: 'p50 speed-up', alignRight: true }],
      f.latency.map((l) => [l.query, l.results.toFixed(0), ms(l.indexP50), ms(l.indexP95), ms(l.likeP50), ms(l.likeP95), `${(l.likeP50 / l.indexP50).toFixed(0)}×`]),
    ),
  );
  console.log('');
}
console.log('targets: p95 ≤ 50 ms for the first page; ≥ 50× faster than LIKE; index ≤ 3× the text');
if (values.json) await writeFile(values.json, JSON.stringify({ pages: PAGES, queries: QUERIES, figures: all }, null, 2));
