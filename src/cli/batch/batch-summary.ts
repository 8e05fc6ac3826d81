import type { BatchCounts } from '../../store/store.ts';

/** The machine-readable line of `batch --format json` and `status --format json`. */
export type BatchSummary = { batch: string; total: number; done: number; failed: number; duplicates: number; pending: number };

export function batchSummary(batchId: string, counts: BatchCounts): BatchSummary {
  return {
    batch: batchId,
    total: counts.total,
    done: counts.done,
    failed: counts.failed,
    duplicates: counts.duplicate,
    pending: counts.received + counts.queued + counts.processing,
  };
}

export function describeSummary(name: string, summary: BatchSummary): string {
  const pending = summary.pending > 0 ? `, ${summary.pending} pending` : '';
  return (
    `batch ${summary.batch} (${name}): ${summary.total} files, ${summary.done} done, ${summary.failed} failed, ` +
    `${summary.duplicates} duplicate${summary.duplicates === 1 ? '' : 's'}${pending}`
  );
}
