import { DependencyError, InputError } from '../../errors.ts';
import type { RawImage } from '../../domain/raw-image.ts';
import type { PdfLimits } from './pdf-limits.ts';
import type { PageContent } from './pdf-thread-protocol.ts';
import { PdfThread, type ThreadOutcome } from './pdf-thread.ts';

/**
 * An open PDF, read in a thread of its own (pdf-thread.ts). Requests go to the thread one at a
 * time, so a page that times out or exhausts the heap fails alone: the next request starts a
 * fresh thread on the same bytes.
 */
export class PdfDocument {
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly path: string,
    private readonly data: Uint8Array,
    private readonly limits: PdfLimits,
    private thread: PdfThread | undefined,
    readonly pageCount: number,
    readonly repaired: boolean,
  ) {}

  static async open(path: string, data: Uint8Array, limits: PdfLimits): Promise<PdfDocument> {
    const started = await PdfThread.open(data, limits.maxHeapBytes, limits.pageTimeoutMs);
    if (!started.thread) {
      const { code, message } = started.error;
      if (code === 'PDF_READER_FAILED') throw new DependencyError(code, `${path}: ${message}`);
      throw new InputError(code === 'PDF_PAGE_TOO_COMPLEX' || code === 'PDF_TIMEOUT' ? 'PDF_TOO_COMPLEX' : 'PDF_UNREADABLE', `${path}: the PDF cannot be opened (${message})`);
    }
    const { thread, opened } = started;
    if (opened.needsPassword) {
      await thread.close();
      throw new InputError(
        'PDF_ENCRYPTED',
        `${path}: the PDF is encrypted with a password; termlens does not ask for one: decrypt it first (e.g. qpdf --decrypt --password=… in.pdf out.pdf)`,
      );
    }
    if (opened.pageCount === 0) {
      await thread.close();
      if (opened.repaired) throw new InputError('PDF_UNREADABLE', `${path}: the PDF is damaged beyond repair: no page could be found in it`);
      throw new InputError('PDF_EMPTY', `${path}: the PDF holds no pages`);
    }
    return new PdfDocument(path, data, limits, thread, opened.pageCount, opened.repaired);
  }

  private async liveThread(): Promise<PdfThread | { error: { code: string; message: string } }> {
    if (this.thread?.healthy) return this.thread;
    const started = await PdfThread.open(this.data, this.limits.maxHeapBytes, this.limits.pageTimeoutMs);
    if (!started.thread) return { error: started.error };
    this.thread = started.thread;
    return this.thread;
  }

  private serial<T>(work: (thread: PdfThread) => Promise<ThreadOutcome<T>>): Promise<ThreadOutcome<T>> {
    const run = this.queue.then(async (): Promise<ThreadOutcome<T>> => {
      const thread = await this.liveThread();
      if (!(thread instanceof PdfThread)) return { ok: false, error: thread.error, threadLost: true };
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

  async close(): Promise<void> {
    await this.queue;
    await this.thread?.close();
  }

  toString(): string {
    return this.path;
  }
}
