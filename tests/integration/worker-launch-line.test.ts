import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WORKER_ENV, WORKER_NODE_FLAGS } from '../../src/util/worker-launch.js';
import { createQueueTestEnv, type QueueTestEnv } from './helpers/queue-env.ts';
import { spawnWorker, type WorkerProcess } from './helpers/queue-processes.ts';
import { startTestRedis, type TestRedis } from './helpers/queue-redis.ts';

/**
 * `npx termlens worker` runs the worker with its launch line (src/util/worker-launch.js): V8
 * flags and MALLOC_ARENA_MAX, which only a process's start can set. Checked on the real
 * processes, in /proc, as glibc and V8 see them.
 */

async function cmdline(pid: number): Promise<string[]> {
  return (await readFile(`/proc/${pid}/cmdline`, 'utf8')).split('\0').filter(Boolean);
}

async function environ(pid: number): Promise<Record<string, string>> {
  const entries = (await readFile(`/proc/${pid}/environ`, 'utf8')).split('\0').filter(Boolean);
  return Object.fromEntries(entries.map((entry) => [entry.slice(0, entry.indexOf('=')), entry.slice(entry.indexOf('=') + 1)]));
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function gone(pid: number, timeoutMs = 10_000): Promise<boolean> {
  for (const end = Date.now() + timeoutMs; Date.now() < end; ) {
    if (!alive(pid)) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return !alive(pid);
}

describe('the worker launch line', () => {
  let redis: TestRedis;
  let t: QueueTestEnv;
  const workers: WorkerProcess[] = [];
  const { MALLOC_ARENA_MAX: _, ...inherited } = process.env;

  beforeAll(async () => {
    redis = await startTestRedis();
    t = await createQueueTestEnv(redis);
    // The test's own environment must not already hold the setting under test.
    delete process.env.MALLOC_ARENA_MAX;
  });

  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop('SIGKILL')));
    await redis?.dispose();
    await t?.dispose();
    Object.assign(process.env, inherited);
  });

  it('runs the worker as a child node with the V8 flags and MALLOC_ARENA_MAX; SIGTERM reaches it and its exit status comes back', async () => {
    const worker = spawnWorker(t.env, { nodeArgs: ['--stack-size=2000'] });
    workers.push(worker);
    await worker.waitForOutput(/started:/, 120_000);
    const pid = await worker.workerPid();
    expect(pid).not.toBe(worker.pid);
    const args = await cmdline(pid);
    for (const flag of WORKER_NODE_FLAGS) expect(args).toContain(flag);
    expect(args).toContain('--stack-size=2000');
    expect(args.slice(-3)).toEqual(['worker', '--concurrency', '1']);
    expect((await environ(pid)).MALLOC_ARENA_MAX).toBe(WORKER_ENV.MALLOC_ARENA_MAX);
    expect((await environ(worker.pid)).MALLOC_ARENA_MAX).toBeUndefined();
    // The worker logs with its own pid.
    expect(worker.output()).toContain(`"pid":${pid},`);

    const exit = await worker.stop('SIGTERM');
    expect(exit, worker.output()).toEqual({ code: 0, signal: null });
    expect(worker.output()).toMatch(/SIGTERM: finishing running jobs/);
    expect(alive(pid)).toBe(false);
  });

  it('a worker whose launcher is killed with SIGKILL dies with it (no orphan left serving the queue)', async () => {
    const worker = spawnWorker(t.env);
    workers.push(worker);
    await worker.waitForOutput(/started:/, 120_000);
    const pid = await worker.workerPid();
    worker.child.kill('SIGKILL');
    expect((await worker.exited).signal).toBe('SIGKILL');
    expect(await gone(pid)).toBe(true);
  });

  it('a process started with the launch line is the worker itself; an explicit MALLOC_ARENA_MAX wins', async () => {
    const worker = spawnWorker({ ...t.env, MALLOC_ARENA_MAX: '1' }, { nodeArgs: [...WORKER_NODE_FLAGS] });
    workers.push(worker);
    await worker.waitForOutput(/started:/, 120_000);
    expect(await worker.workerPid()).toBe(worker.pid);
    expect((await environ(worker.pid)).MALLOC_ARENA_MAX).toBe('1');

    const flagsOnly = spawnWorker({ ...t.env, MALLOC_ARENA_MAX: '1' });
    workers.push(flagsOnly);
    await flagsOnly.waitForOutput(/started:/, 120_000);
    const pid = await flagsOnly.workerPid();
    expect(pid).not.toBe(flagsOnly.pid);
    expect((await environ(pid)).MALLOC_ARENA_MAX).toBe('1');
    expect(await cmdline(pid)).toEqual(expect.arrayContaining([...WORKER_NODE_FLAGS]));
  });
});
