// Plain JavaScript (typed by restart-with-node-flags.d.ts): bin/termlens.js calls it first
// thing, before the TypeScript loader starts.
import { loadGlibc } from './glibc.js';

/**
 * V8 options a queue worker runs with. A worker is one process per core, reading one page at a
 * time: V8's collector threads only compete with the other workers for the cores. With its
 * collector on the main thread (single-threaded-gc), a worker over 48 images used 3–5% less CPU
 * in all (V8's four helper threads 3.5–4.5 CPU-s instead of about 10, its main thread 2–7%
 * more) and peaked 20–50 MB lower, in three alternating pairs of runs.
 */
export const WORKER_NODE_FLAGS = ['--single-threaded-gc'];

/** Marks the environment of a process restarted with its flags. */
const RESTARTED = 'TERMLENS_RESTARTED_WITH_NODE_FLAGS';

/** fcntl's commands and flag (fcntl.h). */
const F_GETFD = 1;
const F_SETFD = 2;
const FD_CLOEXEC = 1;

/**
 * Replaces this process with `node FLAGS ...` running the same script with the same arguments,
 * unless it already has the flags. V8 takes these options only on its command line: set later
 * (v8.setFlagsFromString) they crash the collector, and NODE_OPTIONS refuses them. A replaced
 * process (execv) keeps its PID, its stdio and its environment, so a supervisor, a container or
 * `kill` sees the same process; a child process would cost a second Node's memory.
 *
 * Without glibc (macOS, musl), without a koffi build for the platform, or where execv fails,
 * this returns and the process runs on without the flags: slower, nothing goes wrong.
 * @param {readonly string[]} flags
 */
export function restartWithNodeFlags(flags) {
  // Set before execv; a process that has it was restarted already and must not try again,
  // whatever its execArgv says.
  const restarted = process.env[RESTARTED] !== undefined;
  delete process.env[RESTARTED];
  if (restarted || flags.every((flag) => process.execArgv.includes(flag))) return;
  const libc = loadGlibc();
  if (!libc) return;
  const fcntl = libc.func('int fcntl(int fd, int cmd, int arg)');
  const execv = libc.func('int execv(const char *path, const char **argv)');
  // Node marks its stdio close-on-exec; the new image needs them open.
  for (const fd of [0, 1, 2]) {
    const fdFlags = fcntl(fd, F_GETFD, 0);
    if (fdFlags >= 0) fcntl(fd, F_SETFD, fdFlags & ~FD_CLOEXEC);
  }
  const argv = [process.execPath, ...flags, ...process.execArgv, ...process.argv.slice(1)];
  process.env[RESTARTED] = '1';
  execv(process.execPath, [...argv, null]);
  // Only reached when execv failed: the process carries on as it is.
  delete process.env[RESTARTED];
}
