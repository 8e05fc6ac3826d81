import { execFile } from 'node:child_process';
import { copyFile, mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, makeTempDir, outputLines, REPO_ROOT, SAMPLES_DIR, STACK_LINE } from './helpers/run-cli.ts';

/**
 * File names that are not UTF-8, as a GBK-named leak unpacked on Linux has them. They cannot be
 * passed through Node's spawn (its arguments are strings), so a shell expands a glob over the
 * raw names, as it does for a person typing `termlens annotate *.png`.
 */

// 中文 and 测 in GBK: not valid UTF-8.
const GBK_ZHONGWEN = Buffer.from([0xd6, 0xd0, 0xce, 0xc4]);
const GBK_CE = Buffer.from([0xb2, 0xe2]);
const SAMPLE = path.join(SAMPLES_DIR, '01-police-libao-station-simplified-sans.png');

let dir: string;

beforeAll(async () => {
  dir = await makeTempDir('termlens-names-');
  const raw = Buffer.from(dir);
  await copyFile(SAMPLE, Buffer.concat([raw, Buffer.from('/a-'), GBK_ZHONGWEN, Buffer.from('.png')]));
  await mkdir(Buffer.concat([raw, Buffer.from('/b-'), GBK_CE]));
  await copyFile(SAMPLE, Buffer.concat([raw, Buffer.from('/b-'), GBK_CE, Buffer.from('/inside.png')]));
  await writeFile(path.join(dir, 'c-notes.txt'), '警侨驿站\n');
  await writeFile(Buffer.concat([raw, Buffer.from('/d-'), GBK_CE, Buffer.from('.txt')]), '警侨驿站\n');
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** `termlens COMMAND --format jsonl` over what a shell glob expands to in `dir`. */
function runOverGlob(command: string, glob: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(
      '/bin/sh',
      ['-c', `cd "$1" && exec "$2" "$3" "$4" --format jsonl ${glob}`, 'sh', dir, process.execPath, BIN, command],
      { cwd: REPO_ROOT, encoding: 'utf8', timeout: 110_000, env: { ...process.env, TERMLENS_DATA_DIR: path.join(dir, 'data') } },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== 'number') reject(error);
        else resolve({ code: error ? (error.code as number) : 0, stdout, stderr });
      },
    );
  });
}

type Line = { source: { path: string }; error?: { code: string; message: string } };

describe('file names that are not UTF-8', () => {
  it('annotate reports FILE_NAME_NOT_UTF8 for such a file and for a file in such a folder, as batch does', async () => {
    const run = await runOverGlob('annotate', "a-*.png b-*/inside.png 'missing-\u{FFFD}.png'");
    expect(run.stderr).not.toMatch(STACK_LINE);
    const lines = outputLines(run.stdout).map((line) => JSON.parse(line) as Line);
    expect(lines.map((line) => line.error?.code)).toEqual(['FILE_NAME_NOT_UTF8', 'FILE_NAME_NOT_UTF8', 'FILE_NOT_FOUND']);
    expect(lines[0]!.error!.message).toMatch(/^a-\uFFFD+\.png: the name is not UTF-8 \(it reads as GB18030\)/);
    expect(lines[1]!.error!.message).toMatch(/^b-\uFFFD+\/inside\.png: the name is not UTF-8/);
    expect(run.code).toBe(1);
  });

  it('tag reports it too', async () => {
    const run = await runOverGlob('tag', 'c-*.txt d-*.txt');
    const lines = outputLines(run.stdout).map((line) => JSON.parse(line) as Line);
    expect(lines[0]!.error).toBeUndefined();
    expect(lines[1]!.error?.code).toBe('FILE_NAME_NOT_UTF8');
    expect(run.code).toBe(1);
  });
});
