import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GlossaryService } from '../../src/review/glossary-service.ts';
import { LocalBlobStore } from '../../src/store/blob-store.ts';
import { openStore } from '../../src/store/open-store.ts';
import type { Store } from '../../src/store/store.ts';
import { seedDocumentInto } from '../api/helpers/seed-documents.ts';
import { launchChromium, watchPage } from './helpers/chromium.ts';
import { eventually, signIn } from './helpers/page-helpers.ts';
import { startServe, type ServeProcess } from './helpers/serve-process.ts';

/**
 * Issue #16, defect 1, on the page: an admin edits an entry, the Re-tag button says what the
 * re-tag will keep and reopen before it runs, and after it the decisions are where they were,
 * marked as carried, and the hit a longer form replaced says why it is pending again.
 */
const TEXT = '海安市公安局在李堡镇设立警侨驿站。';

let serve: ServeProcess;
let store: Store;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let watched: ReturnType<typeof watchPage>;
let sha256: string;

const openHit = async (entryId: string, status = 'any') => {
  const hit = (await store.listHits(sha256)).find((h) => h.entryId === entryId)!;
  await page.goto(`${serve.url}/?${new URLSearchParams({ view: 'review', status, document: sha256, hit: hit.id })}`);
  await eventually(() => page.locator('#hit-term').textContent()).toBe(hit.matched);
};

describe('a re-tag on the page keeps the review (#16)', () => {
  beforeAll(async () => {
    serve = await startServe({ args: ['--no-redis'] });
    const adminToken = (await serve.termlens(['token', 'create', '--role', 'admin', '--name', 'retag-admin'])).trim();
    // The document as the pipeline leaves it (OCR text seeded, tagged with the served glossary),
    // written into the running service's store beside it.
    store = await openStore({ dataDir: serve.dataDir });
    const glossary = await GlossaryService.load(serve.env.TERMLENS_GLOSSARY_DIR!);
    ({ sha256 } = await seedDocumentInto({ store, blobs: new LocalBlobStore(path.join(serve.dataDir, 'blobs')), context: () => glossary.textContext() }, TEXT, 'retag-page'));
    for (const [entryId, decision] of [['haian', 'confirm'], ['gonganju', 'reject'], ['jingqiao-yizhan', 'confirm']] as const) {
      const hit = (await store.listHits(sha256)).find((h) => h.entryId === entryId)!;
      await store.appendReviewRevision({ hitId: hit.id, revision: 1, decision, author: 'reviewer-1' });
    }
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1300, height: 950 } });
    page = await context.newPage();
    watched = watchPage(page);
    await signIn(page, serve.url, adminToken, 'retag-admin');
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await store?.close();
    await serve?.stop();
  });

  async function saveEntry(id: string, field: 'english' | 'variants', line: string) {
    await page.goto(`${serve.url}/?view=glossary&gq=${id}&gentry=${id}`);
    await eventually(() => page.locator('#entry-form-title').textContent()).toBe(`Edit ${id}`);
    const area = page.locator(`#entry-form textarea[name="${field}"]`);
    await area.fill(`${await area.inputValue()}\n${line}`.trim());
    await page.locator('#entry-form button[type="submit"]').click();
    await eventually(() => page.locator('#entry-result').textContent()).toMatch(/^Saved: glossary /);
  }

  it('counts what the re-tag keeps and reopens before it runs, then runs it', async () => {
    await saveEntry('jingqiao-yizhan', 'english', 'overseas police service station');
    await saveEntry('gonganju', 'variants', '海安市公安局');
    const retag = page.locator('#retag');
    await retag.click();
    await eventually(() => page.locator('#entry-result').textContent()).toBe(
      'A re-tag of 1 document with glossary ' +
        `${(await page.evaluate(async () => (await (await fetch('/api/glossary')).json()).version as string)).slice(0, 12)} keeps ` +
        '1 decision; 1 goes back to pending (the hit changed); 1 is withdrawn (no longer found: kept, and exported); 0 new hits.',
    );
    expect(await retag.textContent()).toBe('Run the re-tag');
    // Nothing ran yet: the store still holds one analysis of the document.
    expect((await store.listHits(sha256)).some((h) => h.entryId === 'haian')).toBe(true);
    await retag.click();
    await eventually(() => page.locator('#entry-result').textContent()).toMatch(/^Re-tagging 1 document\(s\)/);
    await eventually(async () => (await store.listHits(sha256)).some((h) => h.entryId === 'haian')).toBe(false);
  });

  it('shows a kept decision as carried, a replaced hit with its reason, and the withdrawn one', async () => {
    await openHit('jingqiao-yizhan');
    expect(await page.locator('#hit-meta').textContent()).toContain('confirmed');
    expect(await page.locator('#revisions li').first().textContent()).toContain('carried from an earlier glossary version');

    await openHit('gonganju', 'pending');
    expect(await page.locator('#hit-reopened').textContent()).toBe('Pending again after a glossary change (entry changed: now matched by gonganju (was haian)).');
    const history = await page.locator('#revisions li').allTextContents();
    expect(history[0]).toBe('no decisions yet');
    expect(history[1]).toBe('before the glossary change:');
    expect(history[2]).toMatch(/^confirm by reviewer-1 /);

    await page.goto(`${serve.url}/?view=review&status=withdrawn`);
    await eventually(() => page.locator('#hit-term').textContent()).toBe('公安局');
    expect(await page.locator('#hit-reopened').textContent()).toContain('Withdrawn: the current glossary no longer finds this hit.');
    expect(await page.locator('#counter').textContent()).toContain('1 withdrawn');
  });

  it('has logged no errors, CSP violations or dialogs', () => {
    expect(watched.errors).toEqual([]);
    expect(watched.dialogs).toEqual([]);
  });
});
