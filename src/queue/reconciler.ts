import { randomBytes } from 'node:crypto';
import type { JobType } from 'bullmq';
import type { Redis } from 'ioredis';
import { errorSummary } from '../errors.ts';
import { NON_TERMINAL_STATUSES, TERMINAL_STATUSES, type BatchItemRecord, type Store } from '../store/store.ts';
import { freshSuffix, sha256OfJobId } from './jobs.ts';
import type { Log } from './log.ts';
import type { JobProducer } from './producer.ts';
import type { PipelineQueues } from './queues.ts';
import { checkRedisLoss } from './redis-loss.ts';

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

/** Items looked at per pass: a pass over a huge backlog must not hold the database for long. */
const PASS_LIMIT = 2_000;

/**
 * How often each process asks Redis whether it lost its data (two cheap commands), however
 * long the reconciler's interval: recovery from a FLUSHALL must not wait for the age cut-off.
 */
const LOSS_CHECK_MS = 2_000;

/**
 * A producer commits a chunk of items, then adds their jobs: an item committed a moment before
 * the loss was noticed may have its job on the way, and re-enqueueing it too would run it
 * twice. Recovery leaves the items of the last few seconds to a second pass this much later,
 * when whatever is still unfinished and jobless was lost too.
 */
const RECOVERY_GRACE_MS = 5_000;

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
  const stale = await store.listStaleItems({ updatedBefore: new Date(now.getTime() - deps.afterMs), limit: PASS_LIMIT });
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
 * After Redis lost its data every unfinished item is looked at, whatever its age: none of their
 * jobs survived, and waiting for the age cut-off would hold the batch for minutes. `before` is
 * the cut-off instead. Rounds go on while a round was full and moved something; items a round
 * touched are newer than the cut-off and drop out of the next.
 */
export async function recoverAfterLoss(deps: ReconcilerDeps, before: Date): Promise<ReconcileReport> {
  const total: ReconcileReport = { stale: 0, live: 0, requeued: 0, finished: 0, gaveUp: 0 };
  for (;;) {
    const report = await reconcileOnce({ ...deps, afterMs: 0 }, before);
    for (const key of Object.keys(total) as (keyof ReconcileReport)[]) total[key] += report[key];
    const moved = report.live + report.requeued + report.finished + report.gaveUp;
    if (report.stale < PASS_LIMIT || moved === 0) return total;
  }
}

/**
 * Runs reconcileOnce every interval. A Redis lock lets one process per interval do the pass,
 * however many workers run; it is left to expire rather than released, which is what spaces
 * the passes out. In between, every few seconds, each process checks whether Redis lost its
 * data (redis-loss.ts); the one that notices runs a recovery pass straight away.
 */
export function startReconciler(deps: ReconcilerDeps, intervalMs: number): { stop(): Promise<void> } {
  const lockKey = `${deps.prefix}:reconciler:lock`;
  const token = `${process.pid}.${randomBytes(6).toString('hex')}`;
  const tickMs = Math.min(intervalMs, LOSS_CHECK_MS);
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  let lastPass = Date.now();

  const grace = Math.min(deps.afterMs, RECOVERY_GRACE_MS);
  let followUp: Date | undefined;
  const recover = async (before: Date) => {
    const report = await recoverAfterLoss(deps, before);
    if (report.stale > 0) {
      deps.log.info(
        `reconciler: recovery looked at ${report.stale} unfinished items: ${report.live} waiting, ${report.requeued} re-enqueued, ` +
          `${report.finished} finished, ${report.gaveUp} given up`,
      );
    }
  };
  const recoverIfLost = async () => {
    const loss = await checkRedisLoss(deps.redis, deps.prefix);
    if (loss) {
      deps.log.warn(
        loss === 'server-restarted'
          ? 'reconciler: Redis restarted (a new run id); re-enqueueing unfinished items that have no job'
          : 'reconciler: Redis holds no marker of ours (first start, FLUSHALL, or a restart without persistence); re-enqueueing unfinished items that have no job',
      );
      // Set first: if this pass fails, the follow-up still covers every item of before the loss.
      const noticed = new Date();
      followUp = noticed;
      await recover(new Date(noticed.getTime() - grace));
    } else if (followUp && Date.now() - followUp.getTime() >= grace) {
      const before = followUp;
      await recover(before);
      if (followUp === before) followUp = undefined;
    }
  };

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
  const tick = async () => {
    try {
      await recoverIfLost();
    } catch (error) {
      deps.log.error(`reconciler: checking Redis for lost data failed, next check in ${tickMs} ms: ${errorSummary(error).message}`);
    }
    if (Date.now() - lastPass >= intervalMs) {
      lastPass = Date.now();
      await pass();
    }
  };
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = tick().finally(schedule);
    }, tickMs);
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
