import type { BatchItemRecord, Store } from '../../store/store.ts';

const PAGE = 500;

/** Every item of the batch with one of the statuses, in key order, a page at a time. */
export async function* batchItems(store: Store, batchId: string, status?: BatchItemRecord['status']): AsyncGenerator<BatchItemRecord> {
  let afterKey: string | undefined;
  for (;;) {
    const page = await store.listBatchItems(batchId, { ...(status ? { status } : {}), limit: PAGE, ...(afterKey !== undefined ? { afterKey } : {}) });
    yield* page;
    if (page.length < PAGE) return;
    afterKey = page[page.length - 1]!.itemKey;
  }
}
