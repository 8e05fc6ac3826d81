import { createRequire } from 'node:module';

let mallocTrim: ((pad: number) => number) | null | undefined;

/**
 * Hands the whole free pages of every malloc arena back to the system (glibc's malloc_trim, which
 * since glibc 2.8 does this inside the heaps too, not only at their tops). A page's native buffers
 * (onnxruntime's activations, libvips' pages) differ in size from page to page and stay resident
 * as freed fragments otherwise: a worker peaked at 723 MB instead of 585–640 over 100 images.
 * Nothing on the launch line does this: glibc's tunables can only fix its mmap threshold, which
 * kept the peak at 588 MB but cost 3.1–3.4 CPU-seconds per image instead of about 2, in page
 * faults (bench/README.md).
 * A few ms; the OCR worker calls it after each page.
 *
 * Through koffi (prebuilt for every platform, no addon of ours to compile). Without glibc (macOS;
 * musl has no libc.so.6) or without a koffi build for the platform this does nothing: memory is
 * held longer, nothing goes wrong.
 */
export function trimNativeHeap(): void {
  if (mallocTrim === undefined) mallocTrim = loadMallocTrim();
  mallocTrim?.(0);
}

function loadMallocTrim(): ((pad: number) => number) | null {
  if (process.platform !== 'linux') return null;
  try {
    const koffi = createRequire(import.meta.url)('koffi') as { load(name: string): { func(signature: string): (pad: number) => number } };
    return koffi.load('libc.so.6').func('int malloc_trim(size_t pad)');
  } catch {
    return null;
  }
}
