/**
 * Where stored originals go to be read: the BullMQ queues when Redis is there, or this process.
 * Items are committed to the store (status `received`) before they are handed over, so whichever
 * processor runs, the store is the record and nothing handed over is lost from it.
 */
export type WorkItem = { batchId: string; itemKey: string; sha256: string };

export interface DocumentProcessor {
  readonly kind: 'queue' | 'in-process';
  /** Hands the items over; resolves once they are accepted (queued), not processed. */
  submit(items: readonly WorkItem[]): Promise<void>;
  /** Tags the documents again with this glossary version, without OCR; returns how many were handed over. */
  retag(sha256s: readonly string[], glossaryVersion: string): Promise<number>;
  /** Throws when the processor's dependency (Redis) does not answer. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
