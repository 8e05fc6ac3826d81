import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { iou } from '../../src/domain/geometry.ts';
import { createTesseractEngine } from '../../src/engines/tesseract-engine.ts';
import { GlossaryService } from '../../src/review/glossary-service.ts';
import { LocalBlobStore } from '../../src/store/blob-store.ts';
import { openSqliteStore, SQLITE_FILE_NAME } from '../../src/store/open-store.ts';
import { ENGLISH_PARAGRAPH, printPdf, SIMPLIFIED_PARAGRAPHS } from '../fixtures/make-pdfs.ts';
import { seedPdf } from '../api/helpers/seed-pdf.ts';
import { launchChromium, snapshot, watchPage } from './helpers/chromium.ts';
import { startServe, type ServeProcess } from './helpers/serve-process.ts';

/** The review page on a PDF page (issue #18, point 3): the page's render, the hit highlighted on it, the page number. */

const html = (pages: string[]) =>
  `<!doctype html><html><head><meta charset="utf-8"><style>@page { size: A4; margin: 20mm; } body { font-family: 'Noto Sans CJK SC'; font-size: 14pt; }
   .page { page-break-after: always; }</style></head><body>${pages.map((p) => `<div class="page">${p}</div>`).join('')}</body></html>`;

describe('review page on a PDF page', () => {
  let serve: ServeProcess;
  let browser: Browser;
  let page: Page;
  let pageKey: string;

  beforeAll(async () => {
    serve = await startServe();
    browser = await launchChromium();
    const pdf = await printPdf(browser, html([ENGLISH_PARAGRAPH, SIMPLIFIED_PARAGRAPHS[0]!]));
    // Seeded through the batch path's own steps into the service's store, as a worker would.
    const store = await openSqliteStore(path.join(serve.dataDir, SQLITE_FILE_NAME));
    const engine = createTesseractEngine({ workers: 1 });
    try {
      const glossary = await GlossaryService.load(path.join(serve.dataDir, 'glossary'), { dataDir: serve.dataDir });
      const blobs = new LocalBlobStore(path.join(serve.dataDir, 'blobs'));
      const seeded = await seedPdf({ store, blobs, engine, context: async () => glossary.textContext() }, pdf, 'report.pdf');
      pageKey = seeded.pages[1]!;
    } finally {
      await engine.terminate();
      await store.close();
    }
    const token = (await serve.termlens(['token', 'create', '--role', 'reviewer', '--name', 'pdf-reviewer'])).trim();
    page = await (await browser.newContext({ viewport: { width: 1400, height: 1000 } })).newPage();
    await page.goto(serve.url);
    await page.locator('#token-input').fill(token);
    await page.locator('#sign-in-form button').click();
    await page.locator('#who').filter({ hasText: 'pdf-reviewer' }).waitFor();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
  });

  it('shows page 2 of 2 as its render, with the hit highlighted where the text is', async () => {
    const watched = watchPage(page);
    await page.goto(`${serve.url}/?${new URLSearchParams({ view: 'review', document: pageKey, status: 'any' })}`);
    await page.locator('#highlight').waitFor();
    await expect.poll(() => page.locator('#doc-page').textContent()).toContain('page 2 of 2');
    const id = await page.locator('#highlight').getAttribute('data-hit-id');
    const { hit, doc } = await page.evaluate(async (hitId) => {
      const { hit } = await (await fetch(`/api/hits/${hitId}`)).json();
      const doc = await (await fetch(`/api/documents/${hit.sha256}`)).json();
      return { hit, doc };
    }, id!);
    expect(hit.sha256).toBe(pageKey);
    expect(SIMPLIFIED_PARAGRAPHS[0]).toContain(hit.matched);
    // The image is the page's render at its dpi: its pixels are the page's pixel space.
    const natural = await page.evaluate(() => {
      const img = document.getElementById('shot') as HTMLImageElement;
      return { w: img.naturalWidth, h: img.naturalHeight, alt: img.alt };
    });
    expect(natural).toMatchObject({ w: doc.width, h: doc.height });
    expect(natural.alt).toMatch(/page 2 of 2/);
    // The highlight as drawn, back in the page's pixels, lies on the hit's box.
    const drawn = await page.evaluate(() => {
      const img = document.getElementById('shot') as HTMLImageElement;
      const box = document.getElementById('highlight')!.getBoundingClientRect();
      const shown = img.getBoundingClientRect();
      const scale = img.naturalWidth / shown.width;
      return { x: Math.round((box.left - shown.left) * scale), y: Math.round((box.top - shown.top) * scale), w: Math.round(box.width * scale), h: Math.round(box.height * scale) };
    });
    expect(iou(drawn, hit.bbox)).toBeGreaterThan(0.8);
    await snapshot(page, 'review-pdf-page');
    expect(watched.errors).toEqual([]);
  });
});
