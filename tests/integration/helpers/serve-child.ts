import { spawn, type ChildProcess } from 'node:child_process';
import { execFile } from 'node:child_process';
import { cp, mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from './queue-processes.ts';

const BIN = path.join(REPO_ROOT, 'bin', 'termlens.js');
const execFileAsync = promisify(execFile);

/**
 * `termlens serve` in a child process of its own, as an operator starts it, for tests that send
 * it real HTTP and real signals: its data dir (and temp dir) stay for the test to inspect after
 * it exits, and `exited` says when and how it ended.
 */
export type ServeChild = {
  url: string;
  dataDir: string;
  tmpDir: string;
  child: ChildProcess;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
  output(): string;
  /** Another termlens command on the same data dir (e.g. `token create`); its stdout. */
  termlens(args: string[]): Promise<string>;
  /** SIGKILL if still running (for afterAll). */
  kill(): void;
};

export async function startServeChild(options: { args?: string[]; env?: Record<string, string> } = {}): Promise<ServeChild> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'termlens-serve-'));
  const tmpDir = await mkdtemp(path.join(os.tmpdir(), 'termlens-serve-tmp-'));
  const glossaryDir = path.join(dataDir, 'glossary');
  await cp(path.join(REPO_ROOT, 'glossary'), glossaryDir, { recursive: true });
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    TERMLENS_DATA_DIR: dataDir,
    TERMLENS_GLOSSARY_DIR: glossaryDir,
    TERMLENS_OCR_WORKERS: '1',
    TMPDIR: tmpDir,
    ...options.env,
  };
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--host', '127.0.0.1', ...(options.args ?? [])], {
    cwd: REPO_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal, at: Date.now() })),
  );
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start within 90 s:\n${output}`)), 90_000);
    const look = () => {
      const match = /review service on (http:\/\/\S+?) /.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stderr!.on('data', look);
    void exited.then(({ code }) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with ${code}:\n${output}`));
    });
  });
  return {
    url,
    dataDir,
    tmpDir,
    child,
    exited,
    output: () => output,
    async termlens(args) {
      const { stdout } = await execFileAsync(process.execPath, [BIN, ...args], { cwd: REPO_ROOT, env });
      return stdout;
    },
    kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
}
