import type { Queue } from 'bullmq';
import type { Store } from '../../store/store.ts';

/**
 * Waits until every document's latest analysis comes from the glossary version, or its retag
 * job failed. The store says when a document is done; Redis only says which jobs gave up.
 */
export async function waitForRetag(
  store: Store,
  queue: Queue,
  jobs: ReadonlyMap<string, string>,
  glossaryVersion: string,
  options: { pollMs?: number; onProgress?: (done: number, failed: number) => void } = {},
): Promise<{ done: number; failed: { sha256: string; reason: string }[] }> {
  const pending = new Map(jobs);
  const failed: { sha256: string; reason: string }[] = [];
  let done = 0;
  for (;;) {
    for (const [sha256, jobId] of pending) {
      if ((await store.getLatestAnalysis(sha256))?.glossaryVersion === glossaryVersion) {
        pending.delete(sha256);
        done++;
        continue;
      }
      if ((await queue.getJobState(jobId)) === 'failed') {
        const job = await queue.getJob(jobId);
        failed.push({ sha256, reason: job?.failedReason ?? 'failed' });
        pending.delete(sha256);
      }
    }
    options.onProgress?.(done, failed.length);
    if (pending.size === 0) return { done, failed };
    await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 1_000));
  }
}
