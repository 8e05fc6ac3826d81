import { createHash } from 'node:crypto';
import path from 'node:path';
import sharp from 'sharp';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTextContext } from '../../src/pipeline/text-context.ts';
import { LocalBlobStore } from '../../src/store/blob-store.ts';
import { openStore } from '../../src/store/open-store.ts';
import { seedText } from '../integration/helpers/search-corpus.ts';
import { launchChromium, watchPage } from './helpers/chromium.ts';
import { eventually, signIn } from './helpers/page-helpers.ts';
import { startServe, type ServeProcess } from './helpers/serve-process.ts';

/**
 * Issue #20 point 5 on the review page: a reviewer picks the `possible` hits in the kind filter,
 * sees what the card asks of them, and decides one; the document browser counts them apart.
 */
const TEXT = '市局负责人介绍，本次聘清三名海外联络员。';

let serve: ServeProcess;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let watched: ReturnType<typeof watchPage>;

describe('possible hits on the review page in Chromium', () => {
  beforeAll(async () => {
    serve = await startServe();
    // Seeded beside the running service through the real analysis job, on a blank 800×600 PNG
    // where sampleOcr's boxes (x = 10 + 20 i) lie.
    const store = await openStore({ dataDir: serve.dataDir });
    try {
      const png = await sharp({ create: { width: 800, height: 600, channels: 3, background: { r: 255, g: 255, b: 255 } } }).png().toBuffer();
      const sha256 = createHash('sha256').update(png).digest('hex');
      await new LocalBlobStore(path.join(serve.dataDir, 'blobs')).put(sha256, png);
      await seedText(store, await createTextContext(), TEXT, 'possible', sha256);
    } finally {
      await store.close();
    }
    const token = (await serve.termlens(['token', 'create', '--role', 'reviewer', '--name', 'possible-reviewer'])).trim();
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    page = await context.newPage();
    watched = watchPage(page);
    await signIn(page, serve.url, token, 'possible-reviewer');
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await serve?.stop();
  });

  it('shows only the possible hits in their filter, says what to decide, and takes a decision', async () => {
    await page.goto(`${serve.url}/?view=review`);
    await page.locator('#highlight').waitFor();
    await eventually(async () => page.locator('#counter').getAttribute('data-total')).toBe('2');

    await page.locator('#filters select[name="kind"]').selectOption('possible');
    await page.locator('#hit-term').filter({ hasText: '聘清' }).waitFor();
    await eventually(async () => page.locator('#counter').getAttribute('data-total')).toBe('1');
    expect(await page.locator('#queue-list li').count()).toBe(1);
    expect(await page.locator('#hit-possible').isVisible()).toBe(true);
    expect(await page.locator('#hit-possible').textContent()).toBe('Possible miss: the text reads 聘清, one lookalike from 聘请. Confirm if it is 聘请 misread; reject if not.');
    expect(await page.locator('#hit-meta').textContent()).toMatch(/^possible · confidence 0\.30/);
    // The filter is in the address, so a link or a reload keeps it.
    expect(new URL(page.url()).searchParams.get('kind')).toBe('possible');

    await page.locator('#confirm').click();
    await eventually(async () => page.locator('#counter').getAttribute('data-reviewed')).toBe('1');

    // Back to every kind: the exact hit's card has no such note.
    await page.locator('#filters select[name="kind"]').selectOption('');
    await page.locator('#filters select[name="status"]').selectOption('pending');
    await page.locator('#hit-term').filter({ hasText: '海外联络员' }).waitFor();
    expect(await page.locator('#hit-possible').isVisible()).toBe(false);
    expect(watched.errors).toEqual([]);
  });

  it('counts possible hits apart in the document browser', async () => {
    await page.locator('button[data-tab="search"]').click();
    await page.locator('#doc-list button.doc').first().waitFor();
    expect(await page.locator('#doc-list li').first().textContent()).toContain('2 hits (1 pending, 1 confirmed, 0 rejected), 1 possible');
    expect(watched.errors).toEqual([]);
  });
});
