import { randomBytes } from 'node:crypto';
import type { JobType } from 'bullmq';
import type { Redis } from 'ioredis';
import { errorSummary } from '../errors.ts';
import { NON_TERMINAL_STATUSES, TERMINAL_STATUSES, type BatchItemRecord, type Store } from '../store/store.ts';
import { freshSuffix, sha256OfJobId } from './jobs.ts';
import type { Log } from './log.ts';
import type { JobProducer } from './producer.ts';
import type { PipelineQueues } from './queues.ts';

/**
 * The database is the record, Redis the transport: a batch item that is not finished after a
 * while and has no live job (Redis restarted without persistence, FLUSHALL, a producer that
 * died between commit and enqueue, a job failed by the stalled check) is enqueued again, with
 * a fresh job id since a retained job with the plain id would swallow the add.
 */

/** States in which a job will still run; anything else (completed, failed, gone) will not. */
const LIVE_STATES: JobType[] = ['waiting', 'active', 'delayed', 'prioritized', 'waiting-children'];

/** After this many re-enqueues an item is failed: something kills every worker that takes it. */
export const MAX_RECONCILE_ATTEMPTS = 5;

export type ReconcilerDeps = {
  store: Store;
  queues: PipelineQueues;
  producer: JobProducer;
  /** A fail-fast (`service`) connection: a pass while Redis is away errors and the next one retries. */
  redis: Redis;
  prefix: string;
  /** Items untouched for this long are looked at. */
  afterMs: number;
  log: Log;
};

export type ReconcileReport = { stale: number; live: number; requeued: number; finished: number; gaveUp: number };

/**
 * Documents with a job that will still run. OCR is read before analysis: an OCR job adds its
 * analysis job before it completes, so a document moving between the two is seen in one.
 */
async function liveDocuments(queues: PipelineQueues): Promise<Set<string>> {
  const live = new Set<string>();
  for (const queue of [queues.ocr, queues.analysis]) {
    for (const id of await queue.getRanges(LIVE_STATES, 0, -1)) {
      const sha256 = sha256OfJobId(id);
      if (sha256) live.add(sha256);
    }
  }
  return live;
}

export async function reconcileOnce(deps: ReconcilerDeps, now: Date = new Date()): Promise<ReconcileReport> {
  const { store } = deps;
  const report: ReconcileReport = { stale: 0, live: 0, requeued: 0, finished: 0, gaveUp: 0 };
  const stale = await store.listStaleItems({ updatedBefore: new Date(now.getTime() - deps.afterMs), limit: 2_000 });
  report.stale = stale.length;
  if (stale.length === 0) return report;

  // A producer that died before marking duplicates left them `received`; mark them first.
  for (const batchId of new Set(stale.filter((i) => i.status === 'received').map((i) => i.batchId))) {
    await store.markDuplicates(batchId);
  }

  const live = await liveDocuments(deps.queues);
  const handled = new Set<string>();
  for (const item of stale) {
    const current = await store.getBatchItem(item.batchId, item.itemKey);
    if (!current || TERMINAL_STATUSES.includes(current.status)) continue;
    const sha256 = current.sha256;
    if (!sha256) {
      await store.setItemStatus(current.batchId, current.itemKey, 'failed', {
        error: { code: 'NO_CONTENT', message: 'the file was never stored, so it cannot be processed' },
        from: NON_TERMINAL_STATUSES,
      });
      continue;
    }
    if (live.has(sha256)) {
      // Waiting its turn: touch it, so the next pass looks at others instead of these again.
      report.live++;
      const status = current.status === 'received' ? 'queued' : current.status;
      await store.setItemStatus(current.batchId, current.itemKey, status, { from: [current.status] });
      continue;
    }
    if (handled.has(sha256)) continue;
    handled.add(sha256);
    await requeue(deps, current, sha256, report);
  }
  return report;
}

async function requeue(deps: ReconcilerDeps, item: BatchItemRecord, sha256: string, report: ReconcileReport): Promise<void> {
  const { store, producer } = deps;
  if (await store.getLatestAnalysis(sha256)) {
    // The work was done but the status write was lost (the worker died right after saving).
    report.finished += await store.setDocumentItemsStatus(sha256, 'done', { from: NON_TERMINAL_STATUSES });
    return;
  }
  const attempts = await store.incrementAttempts(item.batchId, item.itemKey);
  if (attempts > MAX_RECONCILE_ATTEMPTS) {
    report.gaveUp += await store.setDocumentItemsStatus(sha256, 'failed', {
      error: {
        code: 'RECONCILE_GAVE_UP',
        message: `enqueued again ${MAX_RECONCILE_ATTEMPTS} times without finishing; a worker may be crashing on this file (see the worker logs)`,
      },
      from: NON_TERMINAL_STATUSES,
    });
    return;
  }
  const fresh = freshSuffix(`rec${attempts}`);
  if (await store.getOcrResult(sha256)) {
    await producer.addAnalysis(sha256, { reason: 'pipeline', fresh });
  } else {
    await producer.addOcr([{ sha256, origin: { batchId: item.batchId, itemKey: item.itemKey }, fresh }]);
  }
  await store.setDocumentItemsStatus(sha256, 'queued', { from: ['received'] });
  report.requeued++;
  deps.log.info(`reconciler: re-enqueued ${item.batchId}/${item.itemKey} (${sha256.slice(0, 12)}), attempt ${attempts}`);
}

/**
 * Runs reconcileOnce every interval. A Redis lock lets one process per interval do the pass,
 * however many workers run; it is left to expire rather than released, which is what spaces
 * the passes out.
 */
export function startReconciler(deps: ReconcilerDeps, intervalMs: number): { stop(): Promise<void> } {
  const lockKey = `${deps.prefix}:reconciler:lock`;
  const token = `${process.pid}.${randomBytes(6).toString('hex')}`;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();

  const pass = async () => {
    try {
      const got = await deps.redis.set(lockKey, token, 'PX', intervalMs, 'NX');
      if (got !== 'OK') return;
      const report = await reconcileOnce(deps);
      if (report.requeued || report.finished || report.gaveUp) {
        deps.log.info(
          `reconciler: ${report.stale} stale, ${report.live} waiting, ${report.requeued} re-enqueued, ` +
            `${report.finished} finished, ${report.gaveUp} given up`,
        );
      }
    } catch (error) {
      deps.log.error(`reconciler pass failed, next one in ${intervalMs} ms: ${errorSummary(error).message}`);
    }
  };
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = pass().finally(schedule);
    }, intervalMs);
  };
  schedule();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
