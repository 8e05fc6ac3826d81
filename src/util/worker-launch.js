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
 * The environment a worker runs with. glibc gives every thread a malloc arena of its own (up to
 * 8 per core), and OCR's native buffers (onnxruntime's activations, libvips' pages) differ in
 * size on every page: two shared arenas keep hundreds of MB of freed fragments from staying
 * resident. glibc reads it once, at the process's start, hence on the launch line.
 */
export const WORKER_ENV = Object.freeze({ MALLOC_ARENA_MAX: '2' });

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
