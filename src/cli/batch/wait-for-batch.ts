import { DependencyError } from '../../errors.ts';
import { describeCoverage, refusedSince, type StoreCoverage } from '../../queue/store-coverage.ts';
import type { BatchCounts, Store } from '../../store/store.ts';
import { progressView, startProgressDisplay, type BatchProgressView } from './batch-progress.ts';

export type WaitOptions = {
  pollMs?: number;
  showProgress?: boolean;
  /** Give up (WAIT_TIMEOUT) when items are still pending after this long. */
  timeoutMs?: number;
  /**
   * Which workers serve this store, read from Redis at every poll. Without it the wait cannot
   * tell "slow" from "nobody will ever do this".
   */
  coverage?: () => Promise<StoreCoverage>;
  /** Redis prefix, for messages. */
  prefix?: string;
  /** When this command started: refusals recorded since then are of its jobs. */
  since?: Date;
};

/**
 * Polls the store (the record, not Redis: a Redis outage does not stop the watching) until no
 * item of the batch is pending, showing progress. The workers do the work. When none serves
 * this store, it says so (and keeps waiting: a worker may be starting); when workers of another
 * store refused this batch's jobs, it stops with STORE_MISMATCH, since no wait can help.
 */
export async function waitForBatch(
  store: Store,
  batchId: string,
  options: WaitOptions = {},
): Promise<{ counts: BatchCounts; view: BatchProgressView }> {
  const pollMs = options.pollMs ?? 1_000;
  const display = options.showProgress === false ? undefined : startProgressDisplay();
  const startedAt = Date.now();
  const since = options.since ?? new Date(startedAt);
  let counts = await store.batchCounts(batchId);
  const finishedAtStart = counts.done + counts.failed + counts.duplicate;
  let lastNotice: string | undefined;
  try {
    for (;;) {
      const view = progressView(counts, finishedAtStart, Date.now() - startedAt);
      display?.update(view);
      if (view.pending === 0) return { counts, view };
      const coverage = options.coverage ? await options.coverage().catch(() => undefined) : undefined;
      if (coverage) {
        const refused = refusedSince(coverage, since);
        if (refused) throw refused;
        const notice = describeCoverage(coverage, options.prefix ?? '?');
        if (notice !== lastNotice) {
          const message = notice ?? `a worker serves this store now (${coverage.serving.length} running)`;
          // The first "all is well" is not news; only a change back to it is.
          if (notice !== undefined || lastNotice !== undefined) {
            if (display) display.notice(message);
            else process.stderr.write(`${message}\n`);
          }
          lastNotice = notice;
        }
      }
      const elapsed = Date.now() - startedAt;
      if (options.timeoutMs !== undefined && elapsed >= options.timeoutMs) {
        throw new DependencyError(
          'WAIT_TIMEOUT',
          `gave up waiting after ${Math.round(options.timeoutMs / 1000)} s: ${view.pending} of ${view.total} files still pending ` +
            `(received ${counts.received}, queued ${counts.queued}, processing ${counts.processing})` +
            (lastNotice ? `; ${lastNotice}` : '') +
            '. The batch is kept: `termlens status` shows it, running `batch` again resumes it',
        );
      }
      const sleep = options.timeoutMs === undefined ? pollMs : Math.min(pollMs, options.timeoutMs - elapsed);
      await new Promise((resolve) => setTimeout(resolve, sleep));
      counts = await store.batchCounts(batchId);
    }
  } finally {
    display?.stop();
  }
}
