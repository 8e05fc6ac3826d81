import { readFileSync } from 'node:fs';
import koffi from 'koffi';
import { describe, expect, it } from 'vitest';
import { trimNativeHeap } from '../../src/util/native-heap.ts';

/** The malloc_trim a queue worker calls after each page (src/util/native-heap.ts), on this machine's real glibc. */
const libc = koffi.load('libc.so.6');
const malloc = libc.func('void *malloc(size_t size)');
const free = libc.func('void free(void *ptr)');
const memset = libc.func('void *memset(void *s, int c, size_t n)');

const residentMiB = () => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))![1]) / 1024;

describe('trimNativeHeap', () => {
  it('returns freed memory in the middle of the heap, which free() alone keeps', () => {
    // 64 KB blocks come from the heap, not mmap; keeping every 16th one (and the last) pins the
    // heap's top, as a page's surviving buffers do, so free() cannot shrink it.
    const blocks = Array.from({ length: 2048 }, () => {
      const block = malloc(64 * 1024);
      memset(block, 1, 64 * 1024);
      return block;
    });
    const kept = blocks.filter((_, i) => i % 16 === 15);
    for (const block of blocks.filter((_, i) => i % 16 !== 15)) free(block);
    const beforeTrim = residentMiB();
    trimNativeHeap();
    const afterTrim = residentMiB();
    for (const block of kept) free(block);
    // 120 MB were freed; at least 80 of them must have left the process.
    expect(beforeTrim - afterTrim).toBeGreaterThan(80);
  });
});
