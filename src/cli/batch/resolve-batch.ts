import { InputError } from '../../errors.ts';
import type { BatchRecord, Store } from '../../store/store.ts';

/** A batch as a person names it: by its id or by its name (the path, unless --name was given). */
export async function resolveBatch(store: Store, idOrName: string): Promise<BatchRecord> {
  const batch = (await store.getBatch(idOrName)) ?? (await store.findBatchByName(idOrName));
  if (!batch) {
    throw new InputError('BATCH_NOT_FOUND', `no batch with id or name ${JSON.stringify(idOrName)}; \`termlens status\` lists them`);
  }
  return batch;
}
