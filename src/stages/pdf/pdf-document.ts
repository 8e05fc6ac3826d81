import { DependencyError, InputError } from '../../errors.ts';
import type { RawImage } from '../../domain/raw-image.ts';
import type { PdfLimits } from './pdf-limits.ts';
import type { ErrorSummary, PageContent } from './pdf-thread-protocol.ts';
import { acquireThread, releaseThread, type Opened, type PdfThread, type ThreadOutcome } from './pdf-thread.ts';

/**
 * An open PDF, read in a thread of its own (pdf-thread.ts). Requests go to the thread one at a
 * time, so a page that times out or exhausts the heap fails alone: the next request opens the
 * same bytes in a fresh thread.
 */
export class PdfDocument {
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly data: Uint8Array,
    private readonly limits: PdfLimits,
    private thread: PdfThread | undefined,
    readonly pageCount: number,
    readonly repaired: boolean,
  ) {}

  /** A thread with this PDF open in it. */
  private static async openIn(data: Uint8Array, limits: PdfLimits): Promise<{ thread: PdfThread; opened: Opened } | ErrorSummary> {
    const thread = await acquireThread(limits.maxHeapBytes);
    if (!('open' in thread)) return thread;
    const opened = await thread.open(data, limits.pageTimeoutMs);
    if (opened.ok) return { thread, opened: opened.value };
    if (opened.threadLost) await thread.close();
    else await releaseThread(thread);
    return opened.error;
  }

  static async open(path: string, data: Uint8Array, limits: PdfLimits): Promise<PdfDocument> {
    const started = await PdfDocument.openIn(data, limits);
    if (!('thread' in started)) {
      const { code, message } = started;
      if (code === 'PDF_READER_FAILED' || code === 'PDF_THREAD_DIED') throw new DependencyError('PDF_READER_FAILED', `${path}: ${message}`);
      const tooComplex = code === 'PDF_PAGE_TOO_COMPLEX' || code === 'PDF_PAGE_TIMEOUT';
      throw new InputError(tooComplex ? 'PDF_TOO_COMPLEX' : 'PDF_UNREADABLE', `${path}: the PDF cannot be opened (${message})`);
    }
    const { thread, opened } = started;
    if (opened.needsPassword) {
      await releaseThread(thread);
      throw new InputError(
        'PDF_ENCRYPTED',
        `${path}: the PDF is encrypted with a password; termlens does not ask for one: decrypt it first (e.g. qpdf --decrypt --password=… in.pdf out.pdf)`,
      );
    }
    if (opened.pageCount === 0) {
      await releaseThread(thread);
      // Damaged beyond repair fails the open itself; a file that opens with no page has none.
      throw new InputError('PDF_EMPTY', `${path}: the PDF holds no pages${opened.repaired ? ' (its cross-reference table was damaged and rebuilt)' : ''}`);
    }
    return new PdfDocument(data, limits, thread, opened.pageCount, opened.repaired);
  }

  private async liveThread(): Promise<PdfThread | ErrorSummary> {
    if (this.thread?.healthy) return this.thread;
    const started = await PdfDocument.openIn(this.data, this.limits);
    if (!('thread' in started)) return started;
    this.thread = started.thread;
    return this.thread;
  }

  private serial<T>(work: (thread: PdfThread) => Promise<ThreadOutcome<T>>): Promise<ThreadOutcome<T>> {
    const run = this.queue.then(async (): Promise<ThreadOutcome<T>> => {
      const thread = await this.liveThread();
      if (!('page' in thread)) return { ok: false, error: thread, threadLost: true };
      const outcome = await work(thread);
      if (!outcome.ok && outcome.threadLost) await thread.close();
      return outcome;
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** The page's text layer and images (index is 0-based). */
  page(index: number): Promise<ThreadOutcome<PageContent>> {
    const { minImagePixels, minImageSide, maxPixels } = this.limits;
    return this.serial((thread) => thread.page(index, { minImagePixels, minImageSide, maxImagePixels: maxPixels }, this.limits.pageTimeoutMs));
  }

  render(index: number, dpi: number): Promise<ThreadOutcome<RawImage>> {
    return this.serial((thread) => thread.render(index, dpi, this.limits.pageTimeoutMs));
  }

  /** Hands the thread back for the next PDF (or stops it, when the idle pool is full). */
  async close(): Promise<void> {
    await this.queue;
    const thread = this.thread;
    this.thread = undefined;
    if (thread) await releaseThread(thread);
  }
}
