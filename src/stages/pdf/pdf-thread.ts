import { Worker } from 'node:worker_threads';
import type { RawImage } from '../../domain/raw-image.ts';
import type { ErrorSummary, ImageReadLimits, PageContent, ThreadReply, ThreadRequest } from './pdf-thread-protocol.ts';

/**
 * The main thread's handle on one PDF thread. Every request has a deadline: a page that takes
 * longer (a PDF bomb: forms nested a hundred deep, a content stream of millions of operators)
 * terminates the thread, and its caller learns which page did it. V8 stops WebAssembly in the
 * middle of a loop, so termination works even while MuPDF spins.
 */

const ENTRY = new URL('./pdf-thread-entry.mjs', import.meta.url);
/**
 * Starting a thread (its TypeScript loader, MuPDF's 10 MB of WebAssembly) takes 0.3–1 s, and
 * several times that on a loaded machine: not the document's fault, so not its time cap.
 */
const STARTUP_TIMEOUT_MS = 60_000;

export type ThreadOutcome<T> = { ok: true; value: T } | { ok: false; error: ErrorSummary; threadLost: boolean };

type Pending = { resolve: (reply: ThreadReply) => void };

export class PdfThread {
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  private alive = true;
  private closing = false;
  private lostReason = '';

  private constructor(private readonly worker: Worker) {
    worker.on('message', (reply: ThreadReply) => {
      if (reply.type === 'ready' || reply.type === 'opened') return;
      const pending = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      pending?.resolve(reply);
    });
    const die = (reason: string) => {
      if (!this.alive) return;
      this.alive = false;
      this.lostReason = reason;
      for (const [id, { resolve }] of this.pending) {
        resolve({ type: 'failed', id, error: { code: 'PDF_THREAD_DIED', message: `the PDF reader stopped: ${reason}` } });
      }
      this.pending.clear();
    };
    worker.on('error', (error) => die(error.message));
    worker.on('exit', (code) => die(`exit code ${code}`));
  }

  /** Starts a thread, opens the document in it; the bytes are copied, the caller keeps its own. */
  static async open(
    data: Uint8Array,
    maxHeapBytes: number,
    timeoutMs: number,
  ): Promise<{ thread: PdfThread; opened: Extract<ThreadReply, { type: 'opened' }> } | { thread: undefined; error: ErrorSummary }> {
    const worker = new Worker(ENTRY, { workerData: { maxHeapBytes }, stdout: false, stderr: false });
    const thread = new PdfThread(worker);
    const first = await new Promise<ThreadReply | ErrorSummary>((resolve) => {
      const expire = (error: ErrorSummary, ms: number) => setTimeout(() => resolve(error), ms);
      let timer = expire({ code: 'PDF_READER_FAILED', message: `the PDF reader did not start within ${STARTUP_TIMEOUT_MS / 1000} s` }, STARTUP_TIMEOUT_MS);
      const onMessage = (reply: ThreadReply) => {
        if (reply.type === 'ready') {
          clearTimeout(timer);
          timer = expire({ code: 'PDF_TIMEOUT', message: `opening it took longer than ${timeoutMs / 1000} s` }, timeoutMs);
          worker.postMessage({ type: 'open', data } satisfies ThreadRequest);
          return;
        }
        clearTimeout(timer);
        worker.off('message', onMessage);
        resolve(reply);
      };
      worker.on('message', onMessage);
      worker.once('error', (error) => {
        clearTimeout(timer);
        resolve({ code: 'PDF_READER_FAILED', message: `the PDF reader failed to start: ${error.message}` });
      });
    });
    if ('type' in first && first.type === 'opened') return { thread, opened: first };
    await thread.close();
    if ('type' in first) return { thread: undefined, error: first.type === 'failed' ? first.error : { code: 'PDF_UNREADABLE', message: `unexpected reply ${first.type}` } };
    return { thread: undefined, error: first };
  }

  get healthy(): boolean {
    return this.alive && !this.closing;
  }

  private request(message: ThreadRequest & { id: number }, timeoutMs: number, what: string): Promise<ThreadReply> {
    if (!this.healthy) {
      return Promise.resolve({ type: 'failed', id: message.id, error: { code: 'PDF_THREAD_DIED', message: `the PDF reader stopped: ${this.lostReason}` } });
    }
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(message.id);
        resolve({ type: 'failed', id: message.id, error: { code: 'PDF_PAGE_TIMEOUT', message: `${what} took longer than ${timeoutMs / 1000} s and was stopped` } });
        void this.close();
      }, timeoutMs);
      this.pending.set(message.id, {
        resolve: (reply) => {
          clearTimeout(timer);
          resolve(reply);
        },
      });
      this.worker.postMessage(message);
    });
  }

  async page(index: number, limits: ImageReadLimits, timeoutMs: number): Promise<ThreadOutcome<PageContent>> {
    const reply = await this.request({ type: 'page', id: this.nextId++, index, limits }, timeoutMs, 'reading the page');
    if (reply.type === 'page') return { ok: true, value: reply.content };
    return this.failure(reply);
  }

  async render(index: number, dpi: number, timeoutMs: number): Promise<ThreadOutcome<RawImage>> {
    const reply = await this.request({ type: 'render', id: this.nextId++, index, dpi }, timeoutMs, 'rendering the page');
    if (reply.type === 'render') return { ok: true, value: reply.pixels };
    return this.failure(reply);
  }

  private failure(reply: ThreadReply): ThreadOutcome<never> {
    const error = reply.type === 'failed' ? reply.error : { code: 'PDF_UNREADABLE', message: `unexpected reply ${reply.type}` };
    // A page that hit the heap cap leaves MuPDF's heap at the cap: a fresh thread for the next.
    const threadLost = !this.healthy || error.code === 'PDF_PAGE_TOO_COMPLEX';
    return { ok: false, error, threadLost };
  }

  async close(): Promise<void> {
    this.closing = true;
    this.lostReason ||= 'closed';
    await this.worker.terminate().catch(() => undefined);
  }
}
