// Plain JavaScript (typed by glibc-malloc.d.ts): bin/termlens.js calls it before the TypeScript
// loader starts, because the arena cap only holds if it comes before the process's threads do.
import { loadGlibc } from './glibc.js';

/**
 * glibc's malloc, tuned from inside the process. OCR allocates and frees large native buffers
 * (onnxruntime's activations, libvips' decoded pages) of a different size on every page. glibc
 * serves them from its heaps rather than with mmap once it has seen one freed (its mmap
 * threshold rises to the largest freed chunk, up to 32 MB), and a heap returns memory to the
 * system only from its top, so a worker kept hundreds of MB of freed, fragmented pages
 * resident. Each thread also gets a heap (an arena) of its own, up to 8 per core.
 *
 * Without glibc (macOS, musl) or without a koffi build for the platform both calls do nothing:
 * memory is held longer, nothing goes wrong.
 */

/** The arenas a queue worker's threads share (bin/termlens.js); bench:batch reports it. */
export const WORKER_MALLOC_ARENAS = 2;

/** mallopt's parameter for the arena cap (malloc.h). */
const M_ARENA_MAX = -8;

/** @type {{ mallocTrim: (pad: number) => number, mallopt: (param: number, value: number) => number } | null | undefined} */
let malloc;

function loadMalloc() {
  if (malloc !== undefined) return malloc;
  const libc = loadGlibc();
  malloc = libc && { mallocTrim: libc.func('int malloc_trim(size_t pad)'), mallopt: libc.func('int mallopt(int param, int value)') };
  return malloc;
}

/**
 * Hands the whole free pages of every arena back to the system (glibc ≥ 2.8 does this inside
 * the heaps too, not only at their tops). A few ms; a worker calls it after each page.
 */
export function trimNativeHeap() {
  loadMalloc()?.mallocTrim(0);
}

/**
 * Caps the number of malloc arenas, as MALLOC_ARENA_MAX does, so that the OCR and libvips
 * threads share heaps instead of fragmenting one each. glibc fixes its own cap once the process
 * has 8 arenas, which Node's and tsx's threads reach before any termlens code runs: so this is
 * called first thing in bin/termlens.js. An explicit MALLOC_ARENA_MAX wins.
 * @param {number} count
 */
export function limitMallocArenas(count) {
  if (process.env.MALLOC_ARENA_MAX) return;
  loadMalloc()?.mallopt(M_ARENA_MAX, count);
}
