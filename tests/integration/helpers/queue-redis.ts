import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';

/**
 * A redis-server of the test's own on a free port: tests may stop, restart and flush it without
 * touching the machine's Redis or another test file's. Persistence is off unless asked for (as
 * on this machine); with `persistent`, an append-only file in a temp dir survives a restart.
 */
export type TestRedis = {
  port: number;
  url: string;
  /** Stops the server (SHUTDOWN, so an append-only file is complete). */
  stop(): Promise<void>;
  /** Starts it again on the same port (and data dir). */
  start(): Promise<void>;
  /** Runs one command on a short-lived connection. */
  command(...args: (string | number)[]): Promise<unknown>;
  dispose(): Promise<void>;
};

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

async function ping(url: string): Promise<boolean> {
  const client = new Redis(url, { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0, retryStrategy: () => null });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

export async function startTestRedis(options: { persistent?: boolean; maxmemoryPolicy?: string } = {}): Promise<TestRedis> {
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  const dir = await mkdtemp(path.join(os.tmpdir(), 'termlens-redis-'));
  const args = [
    '--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '',
    '--appendonly', options.persistent ? 'yes' : 'no',
    '--maxmemory-policy', options.maxmemoryPolicy ?? 'noeviction',
    '--daemonize', 'no',
  ];
  let child: ChildProcess | undefined;
  let log = '';

  const start = async () => {
    child = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout?.on('data', (chunk: Buffer) => (log += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString()));
    const deadline = Date.now() + 10_000;
    while (!(await ping(url))) {
      if (Date.now() > deadline) throw new Error(`redis-server on port ${port} did not start:\n${log}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const stop = async () => {
    const running = child;
    if (!running || running.exitCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill('SIGTERM');
    await exited;
  };
  const command = async (...parts: (string | number)[]) => {
    const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
    try {
      await client.connect();
      return await client.call(String(parts[0]), ...parts.slice(1).map(String));
    } finally {
      client.disconnect();
    }
  };

  await start();
  return {
    port,
    url,
    stop,
    start,
    command,
    async dispose() {
      await stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
