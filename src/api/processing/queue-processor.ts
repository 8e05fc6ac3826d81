import type { Redis } from 'ioredis';
import { freshSuffix } from '../../queue/jobs.ts';
import type { JobProducer } from '../../queue/producer.ts';
import type { Store } from '../../store/store.ts';
import type { DocumentProcessor, WorkItem } from './document-processor.ts';

/**
 * Hands uploads to the pipeline's queues through the queue module's producer, in the order
 * `termlens batch` uses: the items are already committed as `received`; the job is added, then
 * the item marked `queued`. A crash in between leaves `received` items, which the reconciler
 * re-enqueues.
 */
export class QueueProcessor implements DocumentProcessor {
  readonly kind = 'queue' as const;

  constructor(
    private readonly store: Store,
    private readonly producer: JobProducer,
    private readonly redis: Redis,
  ) {}

  async submit(items: readonly WorkItem[]): Promise<void> {
    if (items.length === 0) return;
    await this.producer.addOcrForItems(
      items.map((item) => ({ sha256: item.sha256, origin: { batchId: item.batchId, itemKey: item.itemKey } })),
      freshSuffix('upload'),
    );
    for (const item of items) await this.store.setItemStatus(item.batchId, item.itemKey, 'queued', { from: ['received'] });
  }

  async retag(sha256s: readonly string[], glossaryVersion: string): Promise<number> {
    // Fresh ids: the pipeline's completed analysis jobs keep the plain ones.
    const fresh = freshSuffix(`retag.${glossaryVersion.slice(0, 12)}`);
    for (const sha256 of sha256s) await this.producer.addAnalysis(sha256, { reason: 'retag', glossaryVersion, fresh });
    return sha256s.length;
  }

  async ping(): Promise<void> {
    await this.redis.ping();
  }

  async close(): Promise<void> {
    // The connection and queues belong to whoever opened them (serve), not to this adapter.
  }
}
