import type { BatchCounts, Store } from '../../store/store.ts';
import { progressView, startProgressDisplay, type BatchProgressView } from './batch-progress.ts';

/**
 * Polls the store (the record, not Redis: a Redis outage does not stop the watching) until no
 * item of the batch is pending, showing progress. The workers do the work; if none run, this
 * waits for them.
 */
export async function waitForBatch(
  store: Store,
  batchId: string,
  options: { pollMs?: number; showProgress?: boolean } = {},
): Promise<{ counts: BatchCounts; view: BatchProgressView }> {
  const pollMs = options.pollMs ?? 1_000;
  const display = options.showProgress === false ? undefined : startProgressDisplay();
  const startedAt = Date.now();
  let counts = await store.batchCounts(batchId);
  const finishedAtStart = counts.done + counts.failed + counts.duplicate;
  try {
    for (;;) {
      const view = progressView(counts, finishedAtStart, Date.now() - startedAt);
      display?.update(view);
      if (view.pending === 0) return { counts, view };
      await new Promise((resolve) => setTimeout(resolve, pollMs));
      counts = await store.batchCounts(batchId);
    }
  } finally {
    display?.stop();
  }
}
