import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Box } from '../../src/domain/geometry.ts';
import { OcrResultSchema } from '../../src/domain/ocr.ts';
import { AutoEngine, decideRoute } from '../../src/engines/auto-engine.ts';
import { InProcessReader } from '../../src/engines/paddle/in-process-reader.ts';
import { createPaddleEngine } from '../../src/engines/paddle/paddle-engine.ts';
import { tightenToInk } from '../../src/engines/paddle/char-boxes.ts';
import { createTesseractEngine } from '../../src/engines/tesseract-engine.ts';
import { annotateImage } from '../../src/pipeline/annotate-image.ts';
import { createTextContext } from '../../src/pipeline/text-context.ts';
import { ocrImage } from '../../src/stages/ocr.ts';
import { preprocessImage } from '../../src/stages/preprocess-image.ts';
import { charErrorRate } from '../../src/util/char-error-rate.ts';
import { loadManifestSync, readTruth, SAMPLES_DIR, type Sample } from '../../scripts/samples-manifest.ts';

/**
 * PaddleOCR and the auto route on the rendered samples (samples/manifest.json holds their true
 * text and the box of every expected glossary hit).
 */
const samples = loadManifestSync();
const sample = (prefix: string): Sample => samples.find((s) => s.file.startsWith(prefix))!;
const SIMPLIFIED = sample('01-');
const TRADITIONAL = sample('06-');
const image = (s: Sample) => readFile(path.join(SAMPLES_DIR, s.file));

const paddle = createPaddleEngine();
const tesseract = createTesseractEngine({ workers: 1 });
const verticalTesseract = createTesseractEngine({ languages: ['chi_tra_vert'], vertical: true, workers: 1 });
afterAll(async () => {
  await paddle.terminate();
  await tesseract.terminate();
  await verticalTesseract.terminate();
});

function iou(a: Box, b: Box): number {
  const w = Math.max(0, Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x));
  const h = Math.max(0, Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y));
  const inter = w * h;
  return inter / (a.w * a.h + b.w * b.h - inter);
}

describe('PaddleOCR engine', () => {
  it('reads a simplified page almost without error, every character with a box on the image', async () => {
    const result = OcrResultSchema.parse(await ocrImage(await image(SIMPLIFIED), paddle));
    expect(result.engine).toBe('paddleocr');
    // Measured 0.0%; tesseract.js reads this page at about 2%.
    expect(charErrorRate(result.text, await readTruth(SIMPLIFIED))).toBeLessThan(0.01);
    const chars = Array.from(result.text);
    chars.forEach((ch, i) => {
      if (/\s/u.test(ch)) return;
      const box = result.boxes[i];
      expect(box, `box of ${ch} at ${i}`).toBeTruthy();
      expect(box!.x + box!.w).toBeLessThanOrEqual(result.width);
      expect(box!.y + box!.h).toBeLessThanOrEqual(result.height);
    });
  });

  it('reads a traditional page, worse than tesseract.js does (which is why auto routes it away)', async () => {
    const truth = await readTruth(TRADITIONAL);
    const byPaddle = await ocrImage(await image(TRADITIONAL), paddle);
    const byTesseract = await ocrImage(await image(TRADITIONAL), tesseract);
    const paddleCer = charErrorRate(byPaddle.text, truth);
    // Measured 7% (its dictionary lacks many traditional characters) against 2% for tesseract.js.
    expect(paddleCer).toBeLessThan(0.15);
    expect(charErrorRate(byTesseract.text, truth)).toBeLessThan(paddleCer);
  });

  it('places the boxes of glossary hits on the glyphs: IoU ≥ 0.5 with the ink of every expected hit', async () => {
    const ctx = await createTextContext();
    for (const s of [SIMPLIFIED, sample('12-'), sample('22-')]) {
      const result = await annotateImage(path.join(SAMPLES_DIR, s.file), { ...ctx, engine: paddle });
      // The manifest's boxes are the layout boxes of the text (line height included); the glyphs
      // are the ink inside them.
      const prepared = await preprocessImage(await image(s));
      const grey = prepared.page;
      for (const expected of s.expected.filter((e) => e.boxes.length === 1)) {
        const glyphs = tightenToInk(grey, expected.bbox);
        const best = Math.max(0, ...result.hits.filter((h) => h.entryId === expected.entryId && h.bbox).map((h) => iou(h.bbox!, glyphs)));
        expect(best, `${s.file}: ${expected.matched} at ${JSON.stringify(expected.bbox)}`).toBeGreaterThanOrEqual(0.5);
      }
    }
  });

  it("takes the recogniser's runner-up where only it makes a glossary term (青由 → 青田 on a kai-font certificate)", async () => {
    const certificate = await image(sample('22-'));
    const plain = createPaddleEngine({ rescueTerms: false });
    try {
      const without = await ocrImage(certificate, plain);
      const withRescue = await ocrImage(certificate, paddle);
      expect(without.text).toContain('青由县');
      expect(withRescue.text).toContain('青田县');
      expect(withRescue.text).not.toContain('青由');
    } finally {
      await plain.terminate();
    }
  });

  it('reads the same on the calling thread as on a worker thread (how a queue worker at concurrency 1 runs it)', async () => {
    const inProcess = createPaddleEngine({ inProcess: true });
    try {
      const onThread = await ocrImage(await image(SIMPLIFIED), paddle);
      const here = await ocrImage(await image(SIMPLIFIED), inProcess);
      expect(here.text).toBe(onThread.text);
      expect(here.boxes).toEqual(onThread.boxes);
    } finally {
      await inProcess.terminate();
    }
  });

  it('an in-process reader, once terminated, says it is unhealthy and refuses pages with a dependency error', async () => {
    const reader = await InProcessReader.start(1);
    expect(reader.healthy).toBe(true);
    await reader.terminate();
    expect(reader.healthy).toBe(false);
    const pixels = { data: new Uint8Array(32 * 32).fill(255), width: 32, height: 32, channels: 1 };
    await expect(reader.read(pixels, pixels)).rejects.toMatchObject({ code: 'PADDLE_FAILED' });
  });
});

describe('auto routing', () => {
  const auto = new AutoEngine(paddle, tesseract, verticalTesseract);

  it('keeps PaddleOCR for a simplified page', async () => {
    const raw = await auto.recognize((await preprocessImage(await image(SIMPLIFIED))).page);
    expect(raw.engine).toBe('paddleocr');
    expect(raw.route?.script).toBe('simplified');
    expect(raw.route!.simplified).toBeGreaterThan(raw.route!.traditional);
  });

  it('reads a traditional page again with tesseract.js and merges the two readings', async () => {
    const raw = await auto.recognize((await preprocessImage(await image(TRADITIONAL))).page);
    expect(raw.engine).toBe('paddleocr+tesseract.js');
    expect(raw.languages).toEqual(['ch_PP-OCRv4', 'chi_tra']);
    expect(raw.route?.script).toBe('traditional');
    expect(raw.route!.traditional).toBeGreaterThan(raw.route!.simplified);
  });

  it('routes every sample by the script it is written in', async () => {
    // PaddleOCR's reading alone decides; on the 27 samples it was never wrong.
    for (const s of samples) {
      const first = await paddle.recognize((await preprocessImage(await image(s))).page);
      expect(decideRoute(first).script, s.file).toBe(s.script);
    }
  });
});
