import { ANNOTATION_CONTEXT } from '../../domain/annotation.ts';
import type { DocumentOutcome } from '../../domain/document-result.ts';
import type { BatchRecord, Store } from '../../store/store.ts';
import { batchItems } from './batch-items.ts';
import { csvRow } from '../../util/csv-row.ts';

export const EXPORT_FORMATS = ['jsonl', 'w3c', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

type Write = (chunk: string) => Promise<void>;

/**
 * jsonl: one object per file of the batch in item order, in the `annotate --format jsonl`
 * shape (a duplicate carries its original's result under its own path; a failed or unfinished
 * file an `error`). Streamed, so a batch of any size exports in constant memory.
 */
async function exportJsonl(store: Store, batch: BatchRecord, write: Write): Promise<number> {
  let n = 0;
  for await (const item of batchItems(store, batch.id)) {
    const pages = item.sha256 ? await store.pdfPages.list(item.duplicateOf ?? item.sha256) : [];
    if (pages.length > 0 && (item.status === 'done' || item.status === 'duplicate')) {
      // A PDF: one object per page, in page order, as `annotate FILE.pdf` prints them.
      for (const page of pages) {
        const result = page.status === 'done' ? await store.getDocumentResult(page.documentSha256, { path: item.itemKey }) : undefined;
        const outcome: DocumentOutcome = result ?? {
          source: { path: item.itemKey, sha256: page.pdfSha256, page: page.page, pageCount: page.pageCount },
          error: { code: page.errorCode ?? 'NOT_FINISHED', message: page.errorMessage ?? `page ${page.page} is still ${page.status}` },
        };
        await write(`${JSON.stringify(outcome)}\n`);
        n++;
      }
      continue;
    }
    let outcome: DocumentOutcome;
    const result = item.sha256 && (item.status === 'done' || item.status === 'duplicate')
      ? await store.getDocumentResult(item.duplicateOf ?? item.sha256, { path: item.itemKey })
      : undefined;
    if (result) outcome = result;
    else if (item.status === 'failed') {
      outcome = { source: { path: item.itemKey }, error: { code: item.errorCode ?? 'UNKNOWN', message: item.errorMessage ?? '' } };
    } else {
      outcome = { source: { path: item.itemKey }, error: { code: 'NOT_FINISHED', message: `the file is still ${item.status}` } };
    }
    await write(`${JSON.stringify(outcome)}\n`);
    n++;
  }
  return n;
}

/** The documents of the batch that were processed for it (duplicates point at these), in item order. */
async function* processedDocuments(store: Store, batch: BatchRecord) {
  for await (const item of batchItems(store, batch.id, 'done')) {
    if (!item.sha256) continue;
    // A PDF's documents are its pages.
    const pages = await store.pdfPages.list(item.sha256);
    const keys = pages.length > 0 ? pages.filter((p) => p.status === 'done').map((p) => p.documentSha256) : [item.sha256];
    for (const key of keys) {
      const result = await store.getDocumentResult(key, { path: item.itemKey });
      if (result) yield { item, result };
    }
  }
}

/**
 * w3c: one AnnotationCollection holding every annotation of the batch's documents on a single
 * page. Written as it goes; `total` comes last because it is only known at the end (JSON object
 * members are unordered).
 */
async function exportW3c(store: Store, batch: BatchRecord, write: Write): Promise<number> {
  const head = {
    '@context': ANNOTATION_CONTEXT,
    id: `urn:termlens:batch:${batch.id}`,
    type: 'AnnotationCollection',
    label: batch.name,
  };
  await write(`${JSON.stringify(head).slice(0, -1)},"first":{"type":"AnnotationPage","startIndex":0,"items":[`);
  let n = 0;
  for await (const { result } of processedDocuments(store, batch)) {
    for (const annotation of result.annotations) {
      await write(`${n === 0 ? '\n' : ',\n'}${JSON.stringify(annotation)}`);
      n++;
    }
  }
  await write(`\n]},"total":${n}}\n`);
  return n;
}

const CSV_HEADER = [
  'batch', 'item', 'sha256', 'glossary_version', 'entry_id', 'term', 'english', 'category', 'matched',
  'start', 'end', 'kind', 'confidence', 'x', 'y', 'w', 'h',
  // Last, so the columns before keep their places: the PDF page (1-based), empty for an image.
  'page',
];

/** csv: one row per hit of the batch's documents (a PDF's: of its pages, with the page). */
async function exportCsv(store: Store, batch: BatchRecord, write: Write): Promise<number> {
  await write(csvRow(CSV_HEADER));
  let n = 0;
  for await (const { item, result } of processedDocuments(store, batch)) {
    for (const hit of result.hits) {
      await write(
        csvRow([
          batch.id, item.itemKey, result.source.sha256, result.glossaryVersion, hit.entryId, hit.term, hit.english,
          hit.category, hit.matched, hit.start, hit.end, hit.kind, hit.confidence,
          hit.bbox?.x, hit.bbox?.y, hit.bbox?.w, hit.bbox?.h, result.source.page,
        ]),
      );
      n++;
    }
  }
  return n;
}

/** Writes the batch in the format; returns how many records (files, annotations or hits) were written. */
export function exportBatch(store: Store, batch: BatchRecord, format: ExportFormat, write: Write): Promise<number> {
  switch (format) {
    case 'jsonl':
      return exportJsonl(store, batch, write);
    case 'w3c':
      return exportW3c(store, batch, write);
    case 'csv':
      return exportCsv(store, batch, write);
  }
}
