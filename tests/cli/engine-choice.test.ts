import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli, STACK_LINE } from './helpers/run-cli.ts';

/** `--engine` on the CLI, and what happens where the optional PaddleOCR packages are missing. */
const PAGE = 'samples/01-police-libao-station-simplified-sans.png';
const WITHOUT_PADDLE = `--import ${path.join(REPO_ROOT, 'tests', 'fixtures', 'without-paddle', 'register.mjs')}`;

const documentOf = (stdout: string) => JSON.parse(stdout.trim().split('\n').at(-1)!) as { ocr: { engine: string; route?: { script: string } }; hits: unknown[] };

describe('termlens annotate --engine', () => {
  it('names the engine that read the page, and with auto the route it took', async () => {
    const paddle = await runCli(['annotate', '--format', 'jsonl', '--engine', 'paddle', PAGE]);
    expect(paddle.code).toBe(0);
    expect(documentOf(paddle.stdout).ocr.engine).toBe('paddleocr');
    const auto = await runCli(['annotate', '--format', 'jsonl', PAGE]);
    expect(auto.code).toBe(0);
    expect(documentOf(auto.stdout).ocr).toMatchObject({ engine: 'paddleocr', route: { script: 'simplified' } });
  });

  it('falls back to tesseract.js with a warning where PaddleOCR is not installed', async () => {
    for (const engine of ['auto', 'paddle']) {
      const run = await runCli(['annotate', '--format', 'jsonl', '--engine', engine, PAGE], { env: { NODE_OPTIONS: WITHOUT_PADDLE } });
      expect(run.code, run.stderr).toBe(0);
      expect(run.stderr).toMatch(/warning: the PaddleOCR engine is not available \(Cannot find package 'onnxruntime-node'.*reading with tesseract\.js instead/);
      expect(run.stderr).not.toMatch(STACK_LINE);
      const document = documentOf(run.stdout);
      expect(document.ocr.engine).toBe('tesseract.js');
      expect(document.hits.length).toBeGreaterThan(20);
    }
  });

  it('refuses an engine it does not know, naming the choices', async () => {
    const run = await runCli(['annotate', '--engine', 'cloud', PAGE]);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain("argument 'cloud' is invalid. Allowed choices are tesseract, paddle, auto.");
  });

  it('takes its default from TERMLENS_OCR_ENGINE', async () => {
    const run = await runCli(['annotate', '--format', 'jsonl', PAGE], { env: { TERMLENS_OCR_ENGINE: 'tesseract' } });
    expect(run.code).toBe(0);
    expect(documentOf(run.stdout).ocr.engine).toBe('tesseract.js');
    const bad = await runCli(['annotate', PAGE], { env: { TERMLENS_OCR_ENGINE: 'cloud' } });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('TERMLENS_OCR_ENGINE');
  });
});
