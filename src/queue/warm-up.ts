import sharp from 'sharp';
import type { OcrEngine } from '../domain/ocr.ts';

/**
 * Pays the OCR side's one-off costs before the first job instead of inside it: each OCR thread
 * loads the Chinese models on its first image. A worker that says "started" is then ready at
 * full speed. (The analysis side's warm-up is in warm-up-analysis.ts, so that an OCR-only
 * process does not load the matcher and the segmenter.)
 */
export async function warmUpOcr(engine: OcrEngine, ocrThreads: number): Promise<void> {
  // A worker never sees the same image twice, so libvips' operation cache only holds memory.
  sharp.cache(false);
  // One libvips thread per OCR thread: workers scale by processes, one per core, and libvips
  // spreading each decode over every core only makes the processes fight over them.
  sharp.concurrency(ocrThreads);
  const blank = { data: new Uint8Array(64 * 32).fill(255), width: 64, height: 32, channels: 1 };
  await Promise.all(Array.from({ length: ocrThreads }, () => engine.recognize(blank)));
}
