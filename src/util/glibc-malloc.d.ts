/** The arenas a queue worker's threads share (bin/termlens.js). */
export const WORKER_MALLOC_ARENAS: number;
/** Hands the whole free pages of every malloc arena back to the system; see glibc-malloc.js. */
export function trimNativeHeap(): void;
/** Caps glibc's malloc arenas (as MALLOC_ARENA_MAX does); call before threads start. See glibc-malloc.js. */
export function limitMallocArenas(count: number): void;
