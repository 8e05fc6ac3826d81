import type { OcrEngine } from '../../domain/ocr.ts';
import { errorSummary } from '../../errors.ts';
import { runAnalysisJob } from '../../queue/analysis-job.ts';
import { runOcrJob } from '../../queue/ocr-job.ts';
import { pdfLimits } from '../../pipeline/input-limits.ts';
import { readPdfPagesInProcess } from '../../queue/pdf/read-pdf-pages.ts';
import type { IngestLimits } from '../../stages/ingest-image.ts';
import type { BlobStore } from '../../store/blob-store.ts';
import { NON_TERMINAL_STATUSES, type Store } from '../../store/store.ts';
import type { GlossaryService } from '../../review/glossary-service.ts';
import type { DocumentProcessor, WorkItem } from './document-processor.ts';

/**
 * Runs the pipeline in this process, one document at a time, when there is no Redis: the same
 * stage functions the queue workers run (runOcrJob, runAnalysisJob), without BullMQ. There are
 * no retries: a failure is recorded on the items at once, and a document can be uploaded again.
 * The OCR engine is started on the first document, so a service that only reviews never pays
 * for loading the Chinese models.
 */
export class InProcessProcessor implements DocumentProcessor {
  readonly kind = 'in-process' as const;
  #engine: OcrEngine | undefined;
  #tail: Promise<void> = Promise.resolve();
  #closed = false;

  constructor(
    private readonly deps: {
      store: Store;
      blobs: BlobStore;
      glossary: GlossaryService;
      limits: IngestLimits;
      createEngine: () => Promise<OcrEngine>;
    },
  ) {}

  async submit(items: readonly WorkItem[]): Promise<void> {
    const bySha = new Map<string, WorkItem>();
    for (const item of items) {
      await this.deps.store.setItemStatus(item.batchId, item.itemKey, 'queued', { from: ['received'] });
      if (!bySha.has(item.sha256)) bySha.set(item.sha256, item);
    }
    // One run per content: the OCR step marks every item holding it, in any batch.
    for (const item of bySha.values()) this.#enqueue(() => this.#process(item));
  }

  retag(sha256s: readonly string[], glossaryVersion: string): Promise<number> {
    for (const sha256 of sha256s) {
      this.#enqueue(async () => {
        await runAnalysisJob({ kind: 'analysis', sha256, reason: 'retag', glossaryVersion }, this.#analysisDeps()).catch(() => undefined);
      });
    }
    return Promise.resolve(sha256s.length);
  }

  async ping(): Promise<void> {}

  /** Resolves when everything handed over so far is finished (tests and shutdown wait on it). */
  idle(): Promise<void> {
    return this.#tail;
  }

  async close(): Promise<void> {
    this.#closed = true;
    await this.#tail;
    await this.#engine?.terminate();
    this.#engine = undefined;
  }

  #enqueue(work: () => Promise<void>): void {
    this.#tail = this.#tail.then(async () => {
      if (!this.#closed) await work();
    });
  }

  #analysisDeps() {
    const { store, glossary } = this.deps;
    return { store, context: async () => glossary.textContext() };
  }

  async #process(item: WorkItem): Promise<void> {
    const { store, blobs, limits } = this.deps;
    try {
      // Documents are processed one at a time (#enqueue), so the engine is created once.
      this.#engine ??= await this.deps.createEngine();
      const origin = { batchId: item.batchId, itemKey: item.itemKey };
      const pdf = pdfLimits();
      const outcome = await runOcrJob({ kind: 'ocr', sha256: item.sha256, origin }, { store, blobs, engine: this.#engine, limits, pdf });
      if (outcome.ocr === 'split' && outcome.next === 'pages') {
        // An uploaded PDF: its pages one after another here, where workers would share them.
        await readPdfPagesInProcess({ sha256: item.sha256, split: outcome.split, origin }, { store, blobs, engine: this.#engine, pdf, analysis: this.#analysisDeps() });
      } else if (outcome.next === 'analysis') {
        await runAnalysisJob({ kind: 'analysis', sha256: item.sha256, reason: 'pipeline' }, this.#analysisDeps());
      }
    } catch (error) {
      await store
        .setDocumentItemsStatus(item.sha256, 'failed', { error: errorSummary(error), from: NON_TERMINAL_STATUSES })
        .catch(() => undefined);
    }
  }
}
