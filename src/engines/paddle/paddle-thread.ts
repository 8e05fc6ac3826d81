import { Worker } from 'node:worker_threads';
import type { RawImage } from '../../domain/raw-image.ts';
import { DependencyError } from '../../errors.ts';
import { paddleFailed, type PageReader } from './page-reader.ts';
import type { ReadSegment } from './read-segments.ts';

/** What the main thread sends a PaddleOCR thread: one page, and the smaller copy the detector reads. */
export type PageRequest = { id: number; page: RawImage; detectorInput: RawImage };

type ErrorSummary = { code: string; message: string };
/** What a PaddleOCR thread answers. */
export type ThreadMessage =
  | { type: 'ready' }
  | { type: 'unavailable'; error: ErrorSummary }
  | { type: 'page'; id: number; segments: ReadSegment[] }
  | { type: 'failed'; id: number; error: ErrorSummary };

type Pending = { resolve: (segments: ReadSegment[]) => void; reject: (error: unknown) => void };

const ENTRY = new URL('./paddle-thread-entry.mjs', import.meta.url);

/**
 * The pixels in an ArrayBuffer of their own, which can be handed to the thread without another
 * copy. A decoder's Buffer may share its ArrayBuffer (Node's pool) or not own its memory, and
 * handing over an ArrayBuffer detaches all of it. The in-process reader needs no copy.
 */
function transferable(image: RawImage): RawImage {
  return { ...image, data: new Uint8Array(image.data) };
}

/**
 * The main thread's handle on one PaddleOCR worker thread (paddle-thread-body.ts), which holds
 * its own copy of the models. A thread that dies fails what it was reading and reports itself
 * unhealthy, so the engine's pool replaces it.
 */
export class PaddleThread implements PageReader {
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  private alive = true;

  private constructor(private readonly worker: Worker) {
    worker.on('message', (message: ThreadMessage) => {
      if (message.type !== 'page' && message.type !== 'failed') return;
      const pending = this.pending.get(message.id);
      this.pending.delete(message.id);
      if (message.type === 'page') pending?.resolve(message.segments);
      else pending?.reject(paddleFailed(message.error.message));
    });
    const die = (reason: string) => {
      this.alive = false;
      for (const { reject } of this.pending.values()) reject(new DependencyError('PADDLE_THREAD_DIED', `the PaddleOCR thread stopped: ${reason}`));
      this.pending.clear();
    };
    worker.on('error', (error) => die(error.message));
    worker.on('exit', (code) => die(`exit code ${code}`));
  }

  /** Starts a thread and waits until its models are loaded; rejects with PADDLE_UNAVAILABLE where they cannot be. */
  static start(threads: number): Promise<PaddleThread> {
    const worker = new Worker(ENTRY, { workerData: { threads } });
    return new Promise((resolve, reject) => {
      const fail = (error: unknown) => {
        void worker.terminate();
        reject(error);
      };
      worker.once('message', (message: ThreadMessage) => {
        if (message.type === 'ready') resolve(new PaddleThread(worker));
        else if (message.type === 'unavailable') fail(new DependencyError(message.error.code, message.error.message));
        else fail(new DependencyError('PADDLE_UNAVAILABLE', `unexpected first message from the PaddleOCR thread: ${message.type}`));
      });
      worker.once('error', (error) => fail(new DependencyError('PADDLE_UNAVAILABLE', `the PaddleOCR thread failed to start: ${error.message}`)));
    });
  }

  /** False once the thread has stopped: the pool then replaces it. */
  get healthy(): boolean {
    return this.alive;
  }

  /** Detection and recognition of one page, on copies of its pixels handed over to the thread. */
  read(page: RawImage, detectorInput: RawImage): Promise<ReadSegment[]> {
    if (!this.alive) return Promise.reject(new DependencyError('PADDLE_THREAD_DIED', 'the PaddleOCR thread has stopped'));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      const request: PageRequest = { id, page: transferable(page), detectorInput: transferable(detectorInput) };
      this.worker.postMessage(request, [request.page.data.buffer as ArrayBuffer, request.detectorInput.data.buffer as ArrayBuffer]);
    });
  }

  async terminate(): Promise<void> {
    this.alive = false;
    await this.worker.terminate();
  }
}
