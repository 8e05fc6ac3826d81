import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OcrEngine } from '../../src/domain/ocr.ts';
import { createOcrEngine } from '../../src/engines/create-engine.ts';
import { foldToSimplified } from '../../src/glossary/glossary-forms.ts';
import { annotateImage } from '../../src/pipeline/annotate-image.ts';
import { createTextContext, type TextContext } from '../../src/pipeline/text-context.ts';
import { REQUIRED_TERMS } from '../../scripts/sample-passages.ts';

/**
 * Issue #20: faint grey traditional text in a light serif (tests/fixtures/ocr/faint-traditional,
 * rendered by scripts/render-ocr-fixtures.ts) read through the whole pipeline as `termlens
 * annotate` reads it (--engine auto): every core term on the page becomes a hit, with a box.
 */
const FIXTURE = path.resolve(import.meta.dirname, '..', 'fixtures', 'ocr', 'faint-traditional');

let ctx: TextContext;
let engine: OcrEngine;
beforeAll(async () => {
  ctx = await createTextContext();
  engine = await createOcrEngine('auto', { tesseract: { workers: 1 }, paddle: { concurrency: 1 } });
});
afterAll(async () => {
  await engine?.terminate();
});

describe('a faint traditional page', () => {
  it('yields every core term it holds as a hit with a box', async () => {
    const truth = (JSON.parse(await readFile(`${FIXTURE}.json`, 'utf8')) as { text: string }).text;
    const folded = foldToSimplified(truth.replace(/\s+/gu, ''));
    const present = REQUIRED_TERMS.filter((term) => folded.includes(term));
    // The page was written to hold these; the check below must not pass on an empty list.
    expect(present.length).toBeGreaterThanOrEqual(10);

    const result = await annotateImage(`${FIXTURE}.png`, { ...ctx, engine });
    const found = new Set(result.hits.filter((h) => h.kind !== 'possible' && h.bbox).map((h) => h.term));
    expect(present.filter((term) => !found.has(term)), `OCR text: ${result.text}`).toEqual([]);
  });
});
