import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { charErrorRate } from '../../src/util/char-error-rate.ts';
import { type CliRun, runCli, STACK_LINE, withTempDir } from './helpers/run-cli.ts';
import { groundTruth, sample, samplePath } from './helpers/samples.ts';

/** `termlens ocr IMAGE`: the cleaned text and nothing else on stdout, for piping into other tools. */

const SAMPLE = sample('04-'); // simplified government page, PNG
/** Measured: 0.016 (whitespace ignored, as line breaks depend on where OCR wraps). */
const MAX_CER = 0.05;

let run: CliRun;

beforeAll(async () => {
  run = await runCli(['ocr', samplePath(SAMPLE)]);
});

describe('ocr on one sample', () => {
  it('exits 0 without a stack trace', () => {
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).not.toMatch(STACK_LINE);
  });

  it('prints text close to the ground truth', () => {
    expect(charErrorRate(run.stdout, groundTruth(SAMPLE))).toBeLessThanOrEqual(MAX_CER);
  });

  it('prints only the text: no file header, no progress, no blank lines, one final newline', () => {
    expect(run.stdout.endsWith('\n')).toBe(true);
    expect(run.stdout.endsWith('\n\n')).toBe(false);
    expect(run.stdout).not.toContain('==>');
    expect(run.stdout).not.toContain(SAMPLE.file);
    const lines = run.stdout.slice(0, -1).split('\n');
    expect(lines.filter((line) => line.trim() === '')).toEqual([]);
    // Cleaned text: no spaces between two Chinese characters.
    expect(run.stdout).not.toMatch(/\p{Script=Han}[ \u3000]+\p{Script=Han}/u);
    // The first line of the page is its site name.
    expect(lines[0]).toContain(groundTruth(SAMPLE).split('\n')[0]);
  });
});

describe('ocr on a file that is not there', () => {
  it('exits 1 with the file and code on stderr and nothing on stdout', async () => {
    await withTempDir('termlens-cli-ocr-', async (dir) => {
      const missing = path.join(dir, 'missing.png');
      const result = await runCli(['ocr', missing]);
      expect(result.code).toBe(1);
      expect(result.stdout).toBe('');
      expect(result.stderr).toContain(`${missing}: error FILE_NOT_FOUND`);
      expect(result.stderr).not.toMatch(STACK_LINE);
    });
  });
});
