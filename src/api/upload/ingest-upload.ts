import { createHash, randomUUID } from 'node:crypto';
import { open, readFile } from 'node:fs/promises';
import { errorSummary, InputError } from '../../errors.ts';
import { checkImageContent } from '../../input/check-image-content.ts';
import { enumerateBatchInput } from '../../input/enumerate-batch-input.ts';
import type { BatchInputLimits } from '../../input/batch-input-limits.ts';
import type { BlobStore } from '../../store/blob-store.ts';
import type { BatchItemRecord, BatchRecord, NewBatchItem, Store } from '../../store/store.ts';
import type { DocumentProcessor, WorkItem } from '../processing/document-processor.ts';
import type { ReceivedFile } from './receive-upload.ts';

export type IngestLimits = BatchInputLimits & { maxImageBytes: number };

const ZIP_MAGIC = ['PK\x03\x04', 'PK\x05\x06'].map((m) => Buffer.from(m, 'latin1'));

async function isZip(file: string): Promise<boolean> {
  const handle = await open(file, 'r');
  try {
    const head = Buffer.alloc(4);
    const { bytesRead } = await handle.read(head, 0, 4, 0);
    return bytesRead === 4 && ZIP_MAGIC.some((m) => head.equals(m));
  } finally {
    await handle.close();
  }
}

/** Error messages name the temp file; the person who uploaded knows it by its own name. */
function relabel(error: { code: string; message: string }, tempPath: string, name: string) {
  return { code: error.code, message: error.message.replaceAll(tempPath, name) };
}

type Collected = { item: NewBatchItem; data?: Buffer };

/**
 * One uploaded file as batch items: an image or a PDF is one item (a PDF's pages become its
 * documents when the OCR job splits it); a zip (by its magic bytes, never its name) is one item per entry, read by the same strict zip reader `termlens batch` uses, under
 * "archive.zip/entry". A file that is not an acceptable image becomes a failed item with its
 * reason, so every file of the upload is accounted for.
 */
async function* itemsOf(file: ReceivedFile, limits: IngestLimits): AsyncGenerator<Collected> {
  if (await isZip(file.path)) {
    try {
      for await (const entry of enumerateBatchInput(file.path, limits)) {
        const itemKey = `${file.name}/${entry.key}`;
        if ('error' in entry) yield { item: { itemKey, sha256: null, status: 'failed', error: relabel(entry.error, file.path, file.name) } };
        else yield { item: { itemKey }, data: entry.data };
      }
    } catch (error) {
      // The archive as a whole broke off (damaged, over a cap): what was read stays, and the
      // archive itself is recorded as failed with the reason.
      yield { item: { itemKey: file.name, sha256: null, status: 'failed', error: relabel(errorSummary(error), file.path, file.name) } };
    }
    return;
  }
  if (file.bytes === 0) {
    yield { item: { itemKey: file.name, sha256: null, status: 'failed', error: { code: 'EMPTY_FILE', message: `${file.name}: the file is empty (0 bytes)` } } };
    return;
  }
  // A PDF may be as large as a file in a batch folder; an image only as large as an image.
  const tooLarge = (max: number, what: string): Collected => ({
    item: { itemKey: file.name, sha256: null, status: 'failed', error: { code: 'FILE_TOO_LARGE', message: `${file.name}: ${file.bytes} bytes is over the ${max}-byte limit for ${what}` } },
  });
  const maxBytes = Math.max(limits.maxImageBytes, limits.maxEntryBytes);
  if (file.bytes > maxBytes) {
    yield tooLarge(maxBytes, 'files');
    return;
  }
  const data = await readFile(file.path);
  let format: Awaited<ReturnType<typeof checkImageContent>>;
  try {
    // PDFs are split into pages by the OCR job, as in a batch (src/queue/pdf/).
    format = await checkImageContent(data, file.name, { maxImagePixels: limits.maxImagePixels, nestedArchiveCode: 'NESTED_ARCHIVE', acceptPdf: true });
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    yield { item: { itemKey: file.name, sha256: null, status: 'failed', error: errorSummary(error) } };
    return;
  }
  if (format !== 'pdf' && file.bytes > limits.maxImageBytes) {
    yield tooLarge(limits.maxImageBytes, 'images');
    return;
  }
  yield { item: { itemKey: file.name }, data };
}

/** Batch names are unique (a CLI re-run resumes by name); an upload is always a batch of its own. */
function uploadBatchName(name: string | undefined): string {
  const label = name?.trim().slice(0, 200);
  return `${label || 'upload'} · ${new Date().toISOString()} · ${randomUUID().slice(0, 8)}`;
}

/**
 * An upload cut off before it had all arrived: a batch of its own whose items are the files it
 * named, each failed with UPLOAD_INTERRUPTED. Nothing of the bytes is kept, not even the files
 * that had arrived whole: the person sends the upload again as it was.
 */
export async function recordInterruptedUpload(options: {
  fileNames: readonly string[];
  name?: string;
  actor: string;
  store: Store;
}): Promise<BatchRecord> {
  const { batch } = await options.store.createOrFindBatch({ name: uploadBatchName(options.name), sourcePath: `upload by ${options.actor}` });
  const names = options.fileNames.length > 0 ? options.fileNames : ['(upload)'];
  const error = { code: 'UPLOAD_INTERRUPTED', message: '' };
  await options.store.upsertBatchItems(
    batch.id,
    names.map((itemKey) => ({
      itemKey,
      sha256: null,
      status: 'failed' as const,
      error: { ...error, message: `${itemKey}: the service shut down while the upload was still arriving; nothing of it was kept: upload it again` },
    })),
  );
  return batch;
}

export type IngestedUpload = {
  batch: BatchRecord;
  items: BatchItemRecord[];
  /** Why the items could not be handed over yet (Redis away); they stay `received` for the reconciler. */
  deferred?: { code: string; message: string };
};

/**
 * Stores an upload as a batch of its own: originals into the blob store by sha256, items
 * committed as `received` (failed ones with their reason), duplicates of earlier documents
 * marked, then the rest handed to the processor. The same order as `termlens batch`, so the
 * record never claims work that was not handed over, and never loses work that was.
 */
export async function ingestUpload(options: {
  files: readonly ReceivedFile[];
  name?: string;
  actor: string;
  store: Store;
  blobs: BlobStore;
  processor: DocumentProcessor;
  limits: IngestLimits;
}): Promise<IngestedUpload> {
  const { store, blobs } = options;
  const collected: NewBatchItem[] = [];
  const keys = new Set<string>();
  for (const file of options.files) {
    for await (const { item, data } of itemsOf(file, options.limits)) {
      if (keys.has(item.itemKey)) continue;
      keys.add(item.itemKey);
      if (data) {
        const sha256 = createHash('sha256').update(data).digest('hex');
        await blobs.put(sha256, data);
        collected.push({ ...item, sha256 });
      } else {
        collected.push(item);
      }
    }
  }
  const { batch } = await store.createOrFindBatch({ name: uploadBatchName(options.name), sourcePath: `upload by ${options.actor}` });
  await store.upsertBatchItems(batch.id, collected);
  await store.markDuplicates(batch.id);
  const fresh = await store.listBatchItems(batch.id, { status: 'received' });
  const work: WorkItem[] = fresh.filter((i) => i.sha256).map((i) => ({ batchId: batch.id, itemKey: i.itemKey, sha256: i.sha256! }));
  let deferred: { code: string; message: string } | undefined;
  try {
    await options.processor.submit(work);
  } catch (error) {
    // The originals and items are committed; the reconciler hands `received` items over once
    // Redis is back, so the upload is accepted and says so rather than failing.
    deferred = errorSummary(error);
  }
  return { batch, items: await store.listBatchItems(batch.id), ...(deferred ? { deferred } : {}) };
}
