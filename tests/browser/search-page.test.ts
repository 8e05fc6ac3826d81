import { createHash } from 'node:crypto';
import path from 'node:path';
import sharp from 'sharp';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTextContext } from '../../src/pipeline/text-context.ts';
import { LocalBlobStore } from '../../src/store/blob-store.ts';
import { openStore } from '../../src/store/open-store.ts';
import { CORPUS, seedText } from '../integration/helpers/search-corpus.ts';
import { launchChromium, watchPage } from './helpers/chromium.ts';
import { eventually, signIn } from './helpers/page-helpers.ts';
import { startServe, type ServeProcess } from './helpers/serve-process.ts';

let serve: ServeProcess;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let watched: ReturnType<typeof watchPage>;

/** The outline drawn over the screenshot, scaled back from CSS pixels to image pixels. */
async function outlineInImagePixels() {
  return page.evaluate(() => {
    const img = document.getElementById('search-shot') as HTMLImageElement;
    const box = document.querySelector('#search-overlay .search-highlight')!.getBoundingClientRect();
    const shown = img.getBoundingClientRect();
    const scale = img.naturalWidth / shown.width;
    return { x: Math.round((box.left - shown.left) * scale), y: Math.round((box.top - shown.top) * scale), w: Math.round(box.width * scale), h: Math.round(box.height * scale) };
  });
}

describe('search page in Chromium', () => {
  beforeAll(async () => {
    serve = await startServe();
    // Seeded beside the running service, through the store and the real analysis job; each
    // document's image is a blank 800×600 PNG, on which sampleOcr's boxes (x = 10 + 20 i) lie.
    const store = await openStore({ dataDir: serve.dataDir });
    const blobs = new LocalBlobStore(path.join(serve.dataDir, 'blobs'));
    try {
      const ctx = await createTextContext();
      let shade = 255;
      for (const [name, text] of Object.entries(CORPUS)) {
        // The blob store is content-addressed: each document gets an image of its own (another shade).
        const png = await sharp({ create: { width: 800, height: 600, channels: 3, background: { r: shade, g: 255, b: 255 } } }).png().toBuffer();
        shade -= 1;
        const sha256 = createHash('sha256').update(png).digest('hex');
        await blobs.put(sha256, png);
        await seedText(store, ctx, text, name, sha256);
      }
    } finally {
      await store.close();
    }
    const token = (await serve.termlens(['token', 'create', '--role', 'reviewer', '--name', 'search-reviewer'])).trim();
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    page = await context.newPage();
    watched = watchPage(page);
    await signIn(page, serve.url, token, 'search-reviewer');
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await serve?.stop();
  });

  it('finds a query in either script, groups results by document, and opens one with the match outlined and marked', async () => {
    await page.locator('button[data-tab="search"]').click();
    await page.locator('#search-q').fill('普拉托');
    await page.locator('#search-q').press('Enter');
    await page.locator('#search-count').filter({ hasText: '3 occurrences in 3 documents' }).waitFor();
    expect(await page.locator('#search-results .doc-name').allTextContents()).toEqual(['traditional.png', 'ocrSpaces.png', 'wrapped.png']);
    expect(await page.locator('#search-results button.result mark').allTextContents()).toEqual(['普拉托', '普 拉 托', '普拉⏎托']);

    await page.locator('#search-results button.result').first().click();
    await page.locator('#search-mark').filter({ hasText: '普拉托' }).waitFor();
    expect(await page.locator('#search-doc-name').textContent()).toContain('traditional.png');
    // The mark sits on the matched characters of the text: the text before it ends where the match starts.
    const before = await page.evaluate(() => {
      const mark = document.getElementById('search-mark')!;
      return mark.previousSibling?.textContent ?? '';
    });
    expect(before).toBe('青田縣公安機關在');
    // sampleOcr puts character i at x = 10 + 20 i, 18 px wide: 普拉托 is characters 8–10.
    await eventually(async () => (await page.locator('#search-overlay .search-highlight').count()) > 0).toBe(true);
    const outline = await outlineInImagePixels();
    for (const [key, want] of Object.entries({ x: 170, y: 10, w: 58, h: 20 })) expect(Math.abs(outline[key as 'x'] - want), key).toBeLessThanOrEqual(1);
    expect(watched.errors).toEqual([]);
  });

  it('outlines both lines of a match wrapped across lines', async () => {
    await page.locator('#search-q').fill('最多跑一次');
    await page.locator('#search-q').press('Enter');
    await page.locator('#search-count').filter({ hasText: '1 occurrences in 1 documents' }).waitFor();
    await page.locator('#search-results button.result').first().click();
    await page.locator('#search-mark').filter({ hasText: '最多跑' }).waitFor();
    await eventually(async () => page.locator('#search-overlay .search-highlight').count()).toBe(2);
  });

  it('browses the documents, filters them, and steps through a document\'s hits', async () => {
    await page.locator('#doc-list button.doc').first().waitFor();
    expect(await page.locator('#doc-list button.doc').count()).toBe(Object.keys(CORPUS).length);
    await page.locator('#doc-filters select[name="script"]').selectOption('traditional');
    await eventually(async () => page.locator('#doc-list button.doc').allTextContents()).toEqual(['traditional.png']);
    await page.locator('#doc-list button.doc').first().click();
    await page.locator('#doc-hit-position').filter({ hasText: /^hit 1 of \d+/ }).waitFor();
    const first = await page.locator('#search-mark').textContent();
    await page.locator('#doc-next-hit').click();
    await page.locator('#doc-hit-position').filter({ hasText: /^hit 2 of/ }).waitFor();
    expect(await page.locator('#search-mark').textContent()).not.toBe(first);
    expect(watched.errors).toEqual([]);
  });

  it('lets an admin turn the query into a glossary entry through the normal entry form', async () => {
    const adminToken = (await serve.termlens(['token', 'create', '--role', 'admin', '--name', 'search-admin'])).trim();
    const adminContext = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    try {
      const admin = await adminContext.newPage();
      await signIn(admin, serve.url, adminToken, 'search-admin');
      await admin.locator('button[data-tab="search"]').click();
      await admin.locator('#search-q').fill('普拉托');
      await admin.locator('#search-q').press('Enter');
      await admin.locator('#search-count').filter({ hasText: '3 occurrences' }).waitFor();
      await admin.locator('#add-term').click();
      await admin.locator('#entry-form').waitFor();
      expect(await admin.locator('#entry-form-title').textContent()).toBe('New entry');
      expect(await admin.locator('#entry-form input[name="term"]').inputValue()).toBe('普拉托');
      expect(new URL(admin.url()).searchParams.get('view')).toBe('glossary');
    } finally {
      await adminContext.close();
    }
    // A reviewer has no such button.
    expect(await page.locator('#add-term').isHidden()).toBe(true);
  });
});
