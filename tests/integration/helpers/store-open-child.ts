import { createHash } from 'node:crypto';
import { openSqliteStore } from '../../../src/store/open-store.ts';

/**
 * Run as a separate process by the store tests: opens (and so migrates) the SQLite file given
 * as argv[2] and writes through it, as a second worker process would.
 */
const file = process.argv[2]!;
const name = process.argv[3] ?? String(process.pid);
const store = await openSqliteStore(file);
const { batch } = await store.createOrFindBatch({ name: 'multi-process', sourcePath: '/shared' });
for (let i = 0; i < 50; i++) {
  const sha256 = createHash('sha256').update(`${name} ${i}`).digest('hex');
  await store.putDocument({ sha256, mediaType: 'image/png', bytes: 1, firstPath: `${name}/${i}.png` });
  await store.upsertBatchItems(batch.id, [{ itemKey: `${name}/${i}.png`, sha256 }]);
  await store.setItemStatus(batch.id, `${name}/${i}.png`, 'done');
}
await store.close();
process.stdout.write('ok\n');
