// Plain JavaScript (typed by worker-launch.d.ts): bin/termlens.js reads it before the TypeScript
// loader starts; bench/batch.ts and the tests read the same settings.

/**
 * The command line a queue worker runs with. A worker is one process per core reading one page
 * at a time, so V8's collector threads only compete with the other workers for the cores: with
 * its collector on the main thread (--single-threaded-gc) a worker over 48 images used 3–5% less
 * CPU and peaked 20–50 MB lower. --expose-gc gives the PaddleOCR reader its gc() before the
 * detector runs (in-process-reader.ts). V8 takes both only on its command line.
 */
export const WORKER_NODE_FLAGS = Object.freeze(['--single-threaded-gc', '--expose-gc']);

/**
 * The environment a worker runs with; glibc reads both once, at the process's start, hence on
 * the launch line. OCR's native buffers (onnxruntime's activations, libvips' pages) differ in
 * size on every page, and glibc kept them as freed fragments in its heaps:
 * - MALLOC_ARENA_MAX: glibc gives every thread a heap (arena) of its own, up to 8 per core; two
 *   shared ones hold far fewer fragments.
 * - GLIBC_TUNABLES: buffers of 4 MiB and more get pages of their own (mmap), which go back to the
 *   system when freed, instead of glibc's threshold rising to 32 MiB after the first such free;
 *   a heap's free top is returned past 4 MiB. Without it (the arena cap alone) a worker peaked at
 *   723 MB instead of 588 over 100 images (bench/README.md); this replaces the malloc_trim call
 *   after every page that a worker used to make through koffi.
 */
export const WORKER_ENV = Object.freeze({
  MALLOC_ARENA_MAX: '2',
  GLIBC_TUNABLES: 'glibc.malloc.mmap_threshold=4194304:glibc.malloc.trim_threshold=4194304',
});

/** Marks the environment of the worker process that bin/termlens.js started. */
export const LAUNCHED_WORKER = 'TERMLENS_LAUNCHED_WORKER';

/**
 * Whether a process started with `execArgv` and `env` lacks part of a worker's launch line.
 * A variable set to anything (MALLOC_ARENA_MAX=4) counts as set: an explicit choice wins.
 * @param {readonly string[]} execArgv
 * @param {Record<string, string | undefined>} env
 */
export function lacksWorkerLaunchLine(execArgv, env) {
  return WORKER_NODE_FLAGS.some((flag) => !execArgv.includes(flag)) || Object.keys(WORKER_ENV).some((name) => env[name] === undefined);
}

/**
 * The node arguments and environment of a worker started from a process with `execArgv`, `env`.
 * @param {readonly string[]} execArgv
 * @param {Record<string, string | undefined>} env
 * @returns {{ nodeArgs: string[], env: Record<string, string | undefined> }}
 */
export function workerLaunchLine(execArgv, env) {
  const nodeArgs = [...WORKER_NODE_FLAGS.filter((flag) => !execArgv.includes(flag)), ...execArgv];
  return { nodeArgs, env: { ...WORKER_ENV, ...env, [LAUNCHED_WORKER]: '1' } };
}
