import { spawn, type ChildProcess } from 'node:child_process';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

export const REPO_ROOT = path.resolve(import.meta.dirname, '..', '..', '..');
const BIN = path.join(REPO_ROOT, 'bin', 'termlens.js');
const execFileAsync = promisify(execFile);

export type ServeProcess = {
  url: string;
  dataDir: string;
  env: Record<string, string>;
  /** Runs another termlens command against the same data dir (e.g. `token create`). */
  termlens(args: string[]): Promise<string>;
  /** What the service printed on stderr so far, for failure messages. */
  log(): string;
  stop(): Promise<void>;
};

/**
 * `termlens serve` as a person starts it: a child process on a free loopback port (--port 0;
 * the address is read from its stderr), with a temp data dir, a copy of the glossary and, for
 * the queue path, a Redis prefix of its own so nothing is shared with other test runs.
 */
export async function startServe(options: { args?: string[]; env?: Record<string, string> } = {}): Promise<ServeProcess> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'termlens-browser-'));
  const glossaryDir = path.join(dataDir, 'glossary');
  await cp(path.join(REPO_ROOT, 'glossary'), glossaryDir, { recursive: true });
  const env: Record<string, string> = {
    TERMLENS_DATA_DIR: dataDir,
    TERMLENS_GLOSSARY_DIR: glossaryDir,
    TERMLENS_QUEUE_PREFIX: `bt${randomBytes(4).toString('hex')}`,
    TERMLENS_OCR_WORKERS: '1',
    TERMLENS_REDIS_CONNECT_TIMEOUT_MS: '3000',
    ...options.env,
  };
  const child: ChildProcess = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--host', '127.0.0.1', ...(options.args ?? [])], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start within 90 s:\n${stderr}`)), 90_000);
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const match = /review service on (http:\/\/\S+?) /.exec(stderr);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with ${code}:\n${stderr}`));
    });
  });
  return {
    url,
    dataDir,
    env,
    async termlens(args) {
      const { stdout } = await execFileAsync(process.execPath, [BIN, ...args], { cwd: REPO_ROOT, env: { ...process.env, ...env } });
      return stdout;
    },
    log: () => stderr,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
        await exited;
        clearTimeout(timer);
      }
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
