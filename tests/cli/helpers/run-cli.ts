import { execFile } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/**
 * Runs the CLI the way a user or another tool does: `node bin/termlens.js …` in a child
 * process with pipes (so not a TTY), capturing stdout, stderr and the exit code.
 */

export const REPO_ROOT = path.resolve(import.meta.dirname, '..', '..', '..');
export const BIN = path.join(REPO_ROOT, 'bin', 'termlens.js');
export const SAMPLES_DIR = path.join(REPO_ROOT, 'samples');

export type CliRun = { code: number; stdout: string; stderr: string };

/** Commands that record state (glossary version snapshots) write here, never into the checkout. */
const TEST_DATA_DIR = path.join(os.tmpdir(), `termlens-cli-tests-${process.pid}`);
process.on('exit', () => rmSync(TEST_DATA_DIR, { recursive: true, force: true }));

export type RunOptions = {
  cwd?: string;
  /** Added to the inherited environment; `undefined` removes a variable. */
  env?: Record<string, string | undefined>;
  /** OCR starts its workers in ~3 s and reads an image in ~1 s; leave room for a loaded machine. */
  timeoutMs?: number;
};

export function runCli(args: readonly string[], options: RunOptions = {}): Promise<CliRun> {
  const env: Record<string, string | undefined> = { ...process.env, TERMLENS_DATA_DIR: TEST_DATA_DIR, ...options.env };
  for (const [key, value] of Object.entries(env)) if (value === undefined) delete env[key];
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      {
        cwd: options.cwd ?? REPO_ROOT,
        env,
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024,
        timeout: options.timeoutMs ?? 110_000,
        killSignal: 'SIGKILL',
      },
      (error, stdout, stderr) => {
        if (error && (error.killed || error.signal)) {
          reject(new Error(`termlens ${args.join(' ')} was killed (${error.signal ?? 'timeout'})\nstderr:\n${stderr}`));
          return;
        }
        if (error && typeof error.code !== 'number') {
          reject(error);
          return;
        }
        resolve({ code: error ? (error.code as number) : 0, stdout, stderr });
      },
    );
  });
}

/** Lines of a stack trace as Node prints them ("    at fn (file:line:col)"). */
export const STACK_LINE = /^\s+at\s/m;

/** Lines of stdout, which must end with a newline when not empty. */
export function outputLines(stdout: string): string[] {
  if (stdout === '') return [];
  if (!stdout.endsWith('\n')) throw new Error(`output does not end with a newline: ${JSON.stringify(stdout.slice(-80))}`);
  return stdout.slice(0, -1).split('\n');
}

export async function sha256File(file: string): Promise<string> {
  return createHash('sha256').update(await readFile(file)).digest('hex');
}

/** Code points, the unit of every offset termlens reports. */
export function codePoints(text: string): string[] {
  return Array.from(text);
}

/** Code point offsets of every occurrence of `needle` in `text` (found with indexOf on UTF-16). */
export function codePointOccurrences(text: string, needle: string): number[] {
  const found: number[] = [];
  for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + needle.length)) {
    found.push(Array.from(text.slice(0, at)).length);
  }
  return found;
}

export async function withTempDir<T>(prefix: string, use: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  try {
    return await use(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export async function makeTempDir(prefix: string): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), prefix));
}
