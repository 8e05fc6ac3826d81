import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import koffi from 'koffi';
import { describe, expect, it } from 'vitest';
import { trimNativeHeap } from '../../src/util/glibc-malloc.js';

/**
 * The glibc tuning that keeps a queue worker's memory down (src/util/glibc-malloc.js), on this
 * machine's real glibc: fragmented free memory goes back to the system, and the arena cap
 * holds when it comes first in the process.
 */
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

describe('limitMallocArenas', () => {
  // A child process that caps arenas first (or not), then runs eight threads that each
  // allocate, and prints glibc's own count of its arenas.
  const script = (limit: boolean) => `
    import { limitMallocArenas } from ${JSON.stringify(path.resolve('src/util/glibc-malloc.js'))};
    ${limit ? 'limitMallocArenas(2);' : ''}
    import { Worker } from 'node:worker_threads';
    import koffi from 'koffi';
    const body = "const b = []; for (let i = 0; i < 200; i++) b.push(Buffer.alloc(4096 * (i % 7 + 1)));";
    await Promise.all(Array.from({ length: 8 }, () => new Promise((resolve) => new Worker(body, { eval: true }).on('exit', resolve))));
    koffi.load('libc.so.6').func('void malloc_stats(void)')();`;
  const arenas = (limit: boolean, env: Record<string, string> = {}) => {
    const { MALLOC_ARENA_MAX: _, ...inherited } = process.env;
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', script(limit)], { env: { ...inherited, ...env }, encoding: 'utf8' });
    expect(child.status, child.stderr).toBe(0);
    return (child.stderr.match(/^Arena \d+:/gm) ?? []).length;
  };

  it('keeps threads started afterwards to the arenas that exist (glibc would give each its own)', () => {
    const uncapped = arenas(false);
    const capped = arenas(true);
    expect(uncapped).toBeGreaterThan(8);
    // Node's own threads may have made a few before the first line of the script ran.
    expect(capped).toBeLessThanOrEqual(5);
  });

  it('leaves an explicit MALLOC_ARENA_MAX alone', () => {
    expect(arenas(true, { MALLOC_ARENA_MAX: '1' })).toBe(1);
  });
});
