import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

export const REPO_ROOT = path.resolve(import.meta.dirname, '..', '..', '..');
const BIN = path.join(REPO_ROOT, 'bin', 'termlens.js');

/**
 * termlens as a person runs it: real child processes (`node bin/termlens.js …`) with the
 * test's environment, so kill -9, SIGTERM and exit codes are the real ones.
 */

export type CliResult = { code: number | null; stdout: string; stderr: string; ms: number };

export function runTermlens(args: string[], env: Record<string, string>, options: { timeoutMs?: number } = {}): Promise<CliResult> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: REPO_ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`termlens ${args.join(' ')} ran past ${options.timeoutMs} ms\nstdout:\n${stdout}\nstderr:\n${stderr}`));
    }, options.timeoutMs ?? 240_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, ms: Date.now() - started });
    });
  });
}

/** The last line of stdout as JSON: the contract of `batch --format json`. */
export function lastJsonLine<T = Record<string, unknown>>(stdout: string): T {
  const lines = stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]!) as T;
}

export type WorkerProcess = {
  child: ChildProcess;
  /** The process started (bin/termlens.js): signals go here. */
  pid: number;
  /**
   * The process that runs the worker: the child `node` that bin/termlens.js starts with a
   * worker's launch line (src/util/worker-launch.js), or `pid` itself when it had that line.
   */
  workerPid(): Promise<number>;
  output(): string;
  /** Resolves when the worker's output from offset `since` on (default: all of it) matches. */
  waitForOutput(pattern: RegExp, timeoutMs?: number, since?: number): Promise<void>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
};

export function spawnWorker(
  env: Record<string, string>,
  options: { concurrency?: number; glossary?: string; queues?: readonly string[]; nodeArgs?: readonly string[] } = {},
): WorkerProcess {
  const args = [...(options.nodeArgs ?? []), BIN, 'worker', '--concurrency', String(options.concurrency ?? 1)];
  if (options.glossary) args.push('--glossary', options.glossary);
  if (options.queues) args.push('--queues', options.queues.join(','));
  const child = spawn(process.execPath, args, { cwd: REPO_ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const waiters: { pattern: RegExp; since: number; resolve: () => void }[] = [];
  const onData = (chunk: Buffer) => {
    output += chunk.toString();
    for (const waiter of [...waiters]) {
      if (waiter.pattern.test(output.slice(waiter.since))) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return {
    child,
    pid: child.pid!,
    workerPid: () => workerPidOf(child.pid!),
    output: () => output,
    waitForOutput(pattern, timeoutMs = 60_000, since = 0) {
      if (pattern.test(output.slice(since))) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`worker ${child.pid} never printed ${pattern}:\n${output}`)), timeoutMs);
        waiters.push({ pattern, since, resolve: () => {
          clearTimeout(timer);
          resolve();
        } });
        void exited.then(() => {
          clearTimeout(timer);
          if (!pattern.test(output.slice(since))) reject(new Error(`worker ${child.pid} exited before printing ${pattern}:\n${output}`));
        });
      });
    },
    exited,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** The one child of a launcher, or the process itself when it has none (it is the worker). */
async function workerPidOf(pid: number): Promise<number> {
  const children = (await readFile(`/proc/${pid}/task/${pid}/children`, 'utf8')).trim().split(/\s+/).filter(Boolean);
  if (children.length > 1) throw new Error(`process ${pid} has ${children.length} children, not one worker`);
  return children.length === 1 ? Number(children[0]) : pid;
}
