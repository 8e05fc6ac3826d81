import type { PixelImage } from './paddle-thread.ts';
import type { ReadSegment } from './read-segments.ts';

/**
 * What the PaddleOCR engine's pool holds: something with the models loaded that reads one
 * page at a time. A worker thread (paddle-thread.ts) keeps the caller's event loop free; the
 * calling thread itself (in-process-reader.ts) saves a thread's memory.
 */
export type PageReader = {
  /** Detection and recognition of one page; the pixel buffers may be handed over (detached). */
  read(page: PixelImage, detectorInput: PixelImage): Promise<ReadSegment[]>;
  /** False once the reader cannot read any more: the pool then replaces it. */
  readonly healthy: boolean;
  terminate(): Promise<void>;
};
