import { batchInputLimits } from '../../pipeline/input-limits.ts';
import { createHash } from 'node:crypto';
import { enumerateBatchInput } from '../../input/enumerate-batch-input.ts';
import { isBatchInputFailure, type BatchInputItem } from '../../input/batch-input-item.ts';
import { errorSummary, InputError } from '../../errors.ts';
import { freshSuffix } from '../../queue/jobs.ts';
import type { JobProducer } from '../../queue/producer.ts';
import type { BlobStore } from '../../store/blob-store.ts';
import { NON_TERMINAL_STATUSES, type BatchRecord, type ItemStatus, type NewBatchItem, type Store } from '../../store/store.ts';

const UNFINISHED: ReadonlySet<ItemStatus> = new Set(NON_TERMINAL_STATUSES);

/** Items committed and enqueued together: big enough to be cheap, small enough to start workers early. */
const CHUNK = 64;

export type SubmitReport = {
  batch: BatchRecord;
  /** False when a batch of this name existed: the run resumed it. */
  created: boolean;
  /** Files seen in this run (images and unreadable ones). */
  seen: number;
  /** Jobs handed to Redis in this run. */
  enqueued: number;
};

/**
 * Stores every file of a folder or zip and hands it to the workers, in the order the record
 * needs: blob written, item committed as `received`, duplicates marked, then the job added and
 * the item marked `queued`. A crash anywhere leaves items the next run (or the reconciler)
 * picks up; a finished item is never enqueued again, so re-running the command resumes.
 */
export async function submitBatch(options: {
  path: string;
  name: string;
  store: Store;
  blobs: BlobStore;
  producer: JobProducer;
  onProgress?: (seen: number) => void;
}): Promise<SubmitReport> {
  const { store, blobs, producer } = options;
  // The first item is read before the batch exists: an input that cannot be opened at all (not
  // a folder or zip, a truncated zip) is an error of the command, not an empty batch.
  const input = enumerateBatchInput(options.path, batchInputLimits());
  const first = await input.next();
  const { batch, created } = await store.createOrFindBatch({ name: options.name, sourcePath: options.path });
  if (!created && batch.sourcePath !== options.path) {
    await input.return(undefined);
    // Resuming means the same input; another folder under a taken name would mix two leaks.
    throw new InputError(
      'BATCH_NAME_TAKEN',
      `batch "${batch.name}" (${batch.id}) was made from ${batch.sourcePath}, not ${options.path}; choose another --name`,
    );
  }
  // One tag per run: finished jobs of earlier runs get fresh ids that are recognisably this run's.
  const freshTag = freshSuffix('batch');
  let seen = 0;
  let enqueued = 0;
  let chunk: NewBatchItem[] = [];

  const flush = async () => {
    if (chunk.length === 0) return;
    const committed = chunk;
    chunk = [];
    await store.upsertBatchItems(batch.id, committed);
    await store.markDuplicates(batch.id);
    // Re-read after marking: only unfinished items are enqueued. Those of an earlier run are
    // added again in case Redis lost them; a job that still exists makes that a no-op.
    const items: { sha256: string; origin: { batchId: string; itemKey: string } }[] = [];
    for (const { itemKey } of committed) {
      const item = await store.getBatchItem(batch.id, itemKey);
      if (item?.sha256 && UNFINISHED.has(item.status)) items.push({ sha256: item.sha256, origin: { batchId: batch.id, itemKey } });
    }
    await producer.addOcrForItems(items, freshTag);
    for (const item of items) {
      await store.setItemStatus(batch.id, item.origin.itemKey, 'queued', { from: ['received'] });
    }
    enqueued += items.length;
  };

  const take = async (entry: BatchInputItem) => {
    seen++;
    if (isBatchInputFailure(entry)) {
      chunk.push({ itemKey: entry.key, sha256: null, status: 'failed', error: entry.error });
    } else {
      const sha256 = createHash('sha256').update(entry.data).digest('hex');
      await blobs.put(sha256, entry.data);
      chunk.push({ itemKey: entry.key, sha256 });
    }
    if (chunk.length >= CHUNK) await flush();
    options.onProgress?.(seen);
  };

  try {
    if (!first.done) await take(first.value);
    for await (const entry of input) await take(entry);
  } catch (error) {
    // An input that breaks off (entry-count cap, damaged central directory) keeps what was read
    // before: those files are committed and queued, and the error is the command's answer.
    await flush();
    await store.appendAudit({
      actor: 'cli',
      action: 'batch.input_failed',
      subject: batch.id,
      details: { path: options.path, seen, enqueued, error: errorSummary(error) },
    });
    throw error;
  }
  await flush();
  await store.appendAudit({
    actor: 'cli',
    action: created ? 'batch.created' : 'batch.resumed',
    subject: batch.id,
    details: { path: options.path, seen, enqueued },
  });
  return { batch, created, seen, enqueued };
}
