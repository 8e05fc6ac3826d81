import { Command, Option } from 'commander';
import { config, type Config } from '../../config.ts';
import { describeCoverage, storeCoverage, type StoreCoverage } from '../../queue/store-coverage.ts';
import { closeRedis, connectRedis, displayRedisUrl } from '../../queue/redis-connection.ts';
import type { BatchPageCounts } from '../../store/repositories/pdf-pages.ts';
import type { Store } from '../../store/store.ts';
import { batchSummary, describeSummary } from '../batch/batch-summary.ts';
import { openCliServices } from '../batch/open-services.ts';
import { resolveBatch } from '../batch/resolve-batch.ts';
import { parseSummaryFormat, type SummaryFormat } from '../batch/summary-format.ts';

export function statusCommand(): Command {
  return new Command('status')
    .description('show the progress of one batch, or of every batch')
    .argument('[batch]', 'batch id or name (default: all batches, newest first)')
    .addOption(new Option('-f, --format <format>', 'text or json (one JSON object per batch)').default('text').argParser(parseSummaryFormat))
    .action(async (idOrName: string | undefined, opts: { format: SummaryFormat }) => {
      // The store alone: status must work while Redis is down, that is when people ask for it.
      const cfg = config();
      const services = await openCliServices(cfg, { redis: false });
      try {
        const { store } = services;
        const batches = idOrName ? [await resolveBatch(store, idOrName)] : await store.listBatches();
        if (batches.length === 0) process.stderr.write('no batches yet\n');
        const rows = [];
        for (const batch of batches) rows.push({ batch, counts: await store.batchCounts(batch.id), pages: await store.pdfPages.batchCounts(batch.id) });
        // Only when something waits for a worker is it worth asking Redis who serves this store.
        const waiting = rows.some(({ counts }) => counts.received + counts.queued + counts.processing > 0);
        const coverage = waiting ? await workerCoverage(cfg, store) : undefined;
        const notice = coverage && 'error' in coverage ? coverage.error : coverage ? describeCoverage(coverage, cfg.queuePrefix) : undefined;
        for (const { batch, counts, pages } of rows) {
          const summary = batchSummary(batch.id, counts);
          if (opts.format === 'json') {
            const workers = summary.pending > 0 && coverage ? { workers: workersJson(coverage, notice) } : {};
            const pdf = pages.pdfs > 0 ? { pdfs: pages.pdfs, pages: pagesJson(pages) } : {};
            process.stdout.write(`${JSON.stringify({ ...summary, name: batch.name, createdAt: batch.createdAt, ...stages(counts), ...pdf, ...workers })}\n`);
          } else {
            const detail = summary.pending > 0 ? ` (received ${counts.received}, queued ${counts.queued}, processing ${counts.processing})` : '';
            process.stdout.write(`${describeSummary(batch.name, summary)}${detail}${describePages(pages)}\n`);
          }
        }
        if (notice && opts.format !== 'json') process.stderr.write(`${notice}\n`);
      } finally {
        await services.close();
      }
    });
}

/** A batch's PDF pages: each page is a unit of review, so `status` counts them beside the files. */
function pagesJson(p: BatchPageCounts) {
  return { total: p.pages, done: p.pagesDone, failed: p.pagesFailed, pending: p.pagesPending, notRead: p.pagesNotRead };
}

function describePages(p: BatchPageCounts): string {
  if (p.pdfs === 0) return '';
  const notRead = p.pagesNotRead > 0 ? `, ${p.pagesNotRead} not read (page cap)` : '';
  const pending = p.pagesPending > 0 ? `, ${p.pagesPending} pending` : '';
  return `; ${p.pdfs} PDF${p.pdfs === 1 ? '' : 's'}, ${p.pages} pages: ${p.pagesDone} done, ${p.pagesFailed} failed${pending}${notRead}`;
}

function stages(counts: { received: number; queued: number; processing: number }) {
  return { received: counts.received, queued: counts.queued, processing: counts.processing };
}

/**
 * Who serves this store, from the workers' registrations in Redis. Status works without Redis
 * (that is when people ask for it): an unreachable Redis is said, not thrown.
 */
async function workerCoverage(cfg: Config, store: Store): Promise<StoreCoverage | { error: string }> {
  const own = { storeId: await store.storeId(), location: store.location };
  try {
    const redis = await connectRedis('cli', { url: cfg.redisUrl, connectTimeoutMs: cfg.redisConnectTimeoutMs });
    try {
      return await storeCoverage(redis, cfg.queuePrefix, own);
    } finally {
      await closeRedis(redis);
    }
  } catch {
    return { error: `Redis at ${displayRedisUrl(cfg.redisUrl)} cannot be reached: which workers serve this store is unknown` };
  }
}

function workersJson(coverage: StoreCoverage | { error: string }, notice: string | undefined) {
  if ('error' in coverage) return { known: false, message: coverage.error };
  return {
    known: true,
    storeId: coverage.storeId,
    serving: coverage.serving.length,
    otherStores: [...new Set(coverage.others.map((w) => w.storeId))],
    refusedBy: [...new Set(coverage.refusals.map((r) => r.workerStoreId))],
    ...(notice ? { message: notice } : {}),
  };
}
