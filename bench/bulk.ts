/**
 * How long a bulk decision and its undo take (issue #16 point 2), on SQLite and PostgreSQL:
 * a store seeded with HITS hits (bench/lib/seed-hits.ts: the samples' texts, tagged by the real
 * stages), then, through the review service as the API calls it, a preview of the filtered
 * set, a bulk confirm of it (a revision and an audit line per hit, one transaction) and its
 * undo, for sets of 100, 500 and 2,000 hits (the most one action takes). Prints figures; asserts
 * nothing. `npm run bench:bulk [-- --hits 20000]`; PostgreSQL from TERMLENS_BENCH_DATABASE_URL.
 */
import { createTextContext } from '../src/pipeline/text-context.ts';
import { ReviewService } from '../src/review/review-service.ts';
import { openStore } from '../src/store/open-store.ts';
import type { Store } from '../src/store/store.ts';
import { prepareStorePlace } from './lib/store-place.ts';
import { seedHits } from './lib/seed-hits.ts';

const SIZES = [100, 500, 2000];
const hitsArg = process.argv.indexOf('--hits');
const HITS = hitsArg > 0 ? Number(process.argv[hitsArg + 1]) : 10_000;

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const result = await work();
  return [result, performance.now() - started];
}

async function run(backend: 'sqlite' | 'postgres'): Promise<void> {
  const where = await prepareStorePlace(backend, 'bulk');
  const store: Store = await openStore(where.config);
  try {
    const ctx = await createTextContext();
    const seed = await seedHits(store, ctx, { hits: HITS, concurrency: backend === 'postgres' ? 8 : 1 });
    process.stdout.write(`\n== ${backend}: ${seed.hits} hits in ${seed.documents} documents\n`);
    const review = new ReviewService({ store, glossary: { entry: () => undefined } });
    const by = { actor: 'bench', role: 'reviewer' as const };
    const auditTo = (s: Store) => async (action: string, subject: string, details: Record<string, unknown>) => {
      await s.appendAudit({ actor: by.actor, action, subject, details });
    };
    // Each size takes a batch of documents of its own, so the sets do not overlap.
    const all = await store.hits.queued({}, { limit: SIZES.reduce((a, b) => a + b, 0) });
    let offset = 0;
    for (const size of SIZES) {
      const documents = new Set<string>();
      let n = 0;
      for (const h of all.slice(offset)) {
        if (n >= size && !documents.has(h.sha256)) break;
        documents.add(h.sha256);
        n++;
      }
      offset += n;
      const { batch } = await store.createOrFindBatch({ name: `bulk-${size}`, sourcePath: 'bench' });
      await store.upsertBatchItems(batch.id, [...documents].map((sha256, i) => ({ itemKey: `${i}.png`, sha256, status: 'done' as const })));
      const filters = { batchId: batch.id };
      const [preview, previewMs] = await timed(() => review.decideBulk({ target: { kind: 'filter', filters }, decision: 'confirm', note: null, by, auditTo, preview: true }));
      if (!preview.preview) throw new Error('a preview wrote');
      const [done, decideMs] = await timed(() =>
        review.decideBulk({ target: { kind: 'filter', filters, expect: { count: preview.count, tag: preview.tag } }, decision: 'confirm', note: null, by, auditTo }),
      );
      if (done.preview) throw new Error('no bulk action');
      const [, undoMs] = await timed(() => review.undoBulk({ bulkId: done.bulkId, by, auditTo }));
      process.stdout.write(
        `${String(preview.count).padStart(5)} hits: preview ${previewMs.toFixed(0)} ms, bulk confirm ${decideMs.toFixed(0)} ms ` +
          `(${((decideMs * 1000) / preview.count).toFixed(0)} µs a hit), undo ${undoMs.toFixed(0)} ms\n`,
      );
    }
  } finally {
    await store.close();
    await where.dispose();
  }
}

for (const backend of ['sqlite', 'postgres'] as const) await run(backend);
