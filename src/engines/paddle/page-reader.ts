import type { RawImage } from '../../domain/raw-image.ts';
import { DependencyError } from '../../errors.ts';
import type { ReadSegment } from './read-segments.ts';

/**
 * What the PaddleOCR engine's pool holds: something with the models loaded that reads one
 * page at a time. A worker thread (paddle-thread.ts) keeps the caller's event loop free; the
 * calling thread itself (in-process-reader.ts) saves a thread's memory.
 */
export type PageReader = {
  /** Detection and recognition of one page. */
  read(page: RawImage, detectorInput: RawImage): Promise<ReadSegment[]>;
  /** False once the reader cannot read any more: the pool then replaces it. */
  readonly healthy: boolean;
  terminate(): Promise<void>;
};

/** The models failed on a page (bad files fail earlier, in decoding): worth trying again. */
export function paddleFailed(reason: string, cause?: unknown): DependencyError {
  return new DependencyError('PADDLE_FAILED', `PaddleOCR failed: ${reason}`, cause === undefined ? undefined : { cause });
}
