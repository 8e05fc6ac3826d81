import type { RawImage } from '../../domain/raw-image.ts';
import { errorSummary } from '../../errors.ts';
import { loadPaddleModels, type PaddleModels } from './paddle-models.ts';
import { paddleFailed, type PageReader } from './page-reader.ts';
import { readSegments, type ReadSegment } from './read-segments.ts';

/**
 * PaddleOCR on the calling thread: for a process that reads one page at a time anyway (a queue
 * worker at concurrency 1, which scales by processes). A worker thread costs its own V8 isolate,
 * TypeScript loader and module copies, about 40 MB, and a malloc arena of its own; here each
 * inference blocks the event loop instead (a few hundred ms at most), which a queue worker can
 * afford: its locks are renewed every 15 s.
 */
export class InProcessReader implements PageReader {
  private released = false;

  private constructor(private readonly models: PaddleModels) {}

  /** Loads the models; rejects with PADDLE_UNAVAILABLE where they cannot be. */
  static async start(threads: number): Promise<InProcessReader> {
    return new InProcessReader(await loadPaddleModels({ threads }));
  }

  get healthy(): boolean {
    return !this.released;
  }

  async read(page: RawImage, detectorInput: RawImage): Promise<ReadSegment[]> {
    if (this.released) throw paddleFailed('its models were released');
    // The detector is a page's memory peak (100–200 MB of activations). Collected first, the
    // buffers that earlier pages and this page's decoding left for V8 to free are not resident
    // beside it: on the 54-image batch a worker serving both queues peaked 30–50 MB lower (its
    // five highest pages 665–695 MB against 715–725), for about 25 ms a page. With the collector
    // on the main thread it costs about 5% of the main thread's time and saves more: 613–635 MB
    // against 685–716 over 48 images. gc() is there in a queue worker, whose launch line has
    // --expose-gc (src/util/worker-launch.js); elsewhere V8 collects when it sees fit.
    globalThis.gc?.();
    try {
      return await readSegments(this.models, page, detectorInput);
    } catch (error) {
      // As a thread reports it (paddle-thread.ts).
      throw paddleFailed(errorSummary(error).message, error);
    }
  }

  async terminate(): Promise<void> {
    if (this.released) return;
    this.released = true;
    await this.models.release();
  }
}
