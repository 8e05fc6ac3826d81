import { Worker } from 'node:worker_threads';
import type { RawImage } from '../../domain/raw-image.ts';
import type { ErrorSummary, ImageReadLimits, PageContent, ThreadReply, ThreadRequest } from './pdf-thread-protocol.ts';

/**
 * The main thread's handle on one PDF thread. Every request has a deadline: a page that takes
 * longer (a PDF bomb: forms nested a hundred deep, a content stream of millions of operators)
 * terminates the thread, and its caller learns which page did it. V8 stops WebAssembly in the
 * middle of a loop, so termination works even while MuPDF spins.
 *
 * A thread costs 0.5–2.5 s to start (its TypeScript loader, then MuPDF's 10 MB of WebAssembly),
 * more than most PDFs take to read: a healthy thread goes back to a small idle pool when its PDF
 * is done and opens the next one (see acquireThread).
 */

const ENTRY = new URL('./pdf-thread-entry.mjs', import.meta.url);
/** Starting is not the document's fault, so not under its time cap. */
const STARTUP_TIMEOUT_MS = 60_000;
/**
 * Idle threads kept per process. Each holds MuPDF's heap as the last PDF left it (WebAssembly
 * memory never shrinks), at most the heap cap: two keep one per core busy without holding more.
 */
const MAX_IDLE_THREADS = 2;

export type ThreadOutcome<T> = { ok: true; value: T } | { ok: false; error: ErrorSummary; threadLost: boolean };

export type Opened = Extract<ThreadReply, { type: 'opened' }>;

type Pending = { resolve: (reply: ThreadReply) => void };

export class PdfThread {
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  private alive = true;
  private closing = false;
  private lostReason = '';

  private constructor(
    private readonly worker: Worker,
    readonly maxHeapBytes: number,
  ) {
    worker.on('message', (reply: ThreadReply) => {
      if (reply.type === 'ready') return;
      const pending = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      pending?.resolve(reply);
    });
    const die = (reason: string) => {
      if (!this.alive) return;
      this.alive = false;
      this.lostReason ||= reason;
      for (const [id, { resolve }] of this.pending) {
        resolve({ type: 'failed', id, error: { code: 'PDF_THREAD_DIED', message: `the PDF reader stopped: ${reason}` } });
      }
      this.pending.clear();
    };
    worker.on('error', (error) => die(error.message));
    worker.on('exit', (code) => die(`exit code ${code}`));
  }

  /** A new thread, once MuPDF is loaded in it; undefined with the reason when it does not start. */
  static async start(maxHeapBytes: number): Promise<PdfThread | ErrorSummary> {
    const worker = new Worker(ENTRY, { workerData: { maxHeapBytes }, stdout: false, stderr: false });
    const ready = await new Promise<true | ErrorSummary>((resolve) => {
      const timer = setTimeout(
        () => resolve({ code: 'PDF_READER_FAILED', message: `the PDF reader did not start within ${STARTUP_TIMEOUT_MS / 1000} s` }),
        STARTUP_TIMEOUT_MS,
      );
      worker.once('message', (reply: ThreadReply) => {
        clearTimeout(timer);
        resolve(reply.type === 'ready' ? true : { code: 'PDF_READER_FAILED', message: `unexpected first message ${reply.type}` });
      });
      worker.once('error', (error) => {
        clearTimeout(timer);
        resolve({ code: 'PDF_READER_FAILED', message: `the PDF reader failed to start: ${error.message}` });
      });
    });
    if (ready !== true) {
      await worker.terminate().catch(() => undefined);
      return ready;
    }
    return new PdfThread(worker, maxHeapBytes);
  }

  get healthy(): boolean {
    return this.alive && !this.closing;
  }

  private request(message: ThreadRequest, timeoutMs: number, what: string): Promise<ThreadReply> {
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

  /** Opens a document in the thread (the bytes are copied), in place of the one it had. */
  async open(data: Uint8Array, timeoutMs: number): Promise<ThreadOutcome<Opened>> {
    const reply = await this.request({ type: 'open', id: this.nextId++, data }, timeoutMs, 'opening it');
    if (reply.type === 'opened') return { ok: true, value: reply };
    return this.failure(reply);
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

  /** An idle thread must not keep the process alive. */
  park(idle: boolean): void {
    if (idle) this.worker.unref();
    else this.worker.ref();
  }

  async close(): Promise<void> {
    this.closing = true;
    this.lostReason ||= 'closed';
    await this.worker.terminate().catch(() => undefined);
  }
}

const idle: PdfThread[] = [];

/** An idle thread with the same heap cap, or a new one. */
export async function acquireThread(maxHeapBytes: number): Promise<PdfThread | ErrorSummary> {
  for (let i = idle.length - 1; i >= 0; i--) {
    const thread = idle[i]!;
    if (!thread.healthy || thread.maxHeapBytes !== maxHeapBytes) continue;
    idle.splice(i, 1);
    thread.park(false);
    return thread;
  }
  return PdfThread.start(maxHeapBytes);
}

/** Back to the idle pool when healthy and there is room, else stopped. */
export async function releaseThread(thread: PdfThread): Promise<void> {
  for (let i = idle.length - 1; i >= 0; i--) if (!idle[i]!.healthy) idle.splice(i, 1);
  if (thread.healthy && idle.length < MAX_IDLE_THREADS) {
    thread.park(true);
    idle.push(thread);
    return;
  }
  await thread.close();
}
