import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, snapshot, watchPage } from './helpers/chromium.ts';
import { REPO_ROOT, startServe, type ServeProcess } from './helpers/serve-process.ts';
import { eventually, routeOf, sidewaysOverflow, signIn } from './helpers/page-helpers.ts';

/**
 * Issue #16 points 3, 4, 5, 7 and 8 on one server: uploads from the keyboard (files and a
 * folder), the batches after a reload, links and reloads that keep the hit and the filters,
 * corrections made by selecting text (mouse and Shift+arrows), the history in words, lang
 * attributes, the phone layout and dark mode.
 */

const SAMPLES = path.join(REPO_ROOT, 'samples');
const SIMPLIFIED = '01-police-libao-station-simplified-sans.png';
const TRADITIONAL = '06-tw-news-wenzhou-hiring-traditional-sans.png';

let serve: ServeProcess;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let watched: ReturnType<typeof watchPage>;
let adminToken: string;
let folder: string;

type HitAnswer = { hit: { id: string; entryId: string; matched: string; start: number; end: number; sha256: string }; revisions: { decision: string; corrected: Record<string, unknown> | null }[] };

const currentHitId = async (p: Page = page) => (await p.locator('#highlight').getAttribute('data-hit-id'))!;
const hitAnswer = (id: string, p: Page = page): Promise<HitAnswer> => p.evaluate(async (hitId) => (await fetch(`/api/hits/${hitId}`)).json(), id);

async function waitForHitChange(previous: string): Promise<string> {
  await page.waitForFunction((prev) => document.getElementById('highlight')?.getAttribute('data-hit-id') !== prev, previous);
  return currentHitId();
}

/** Shows the queue of the filters given, through the URL, and waits for its first hit. */
async function openQueue(params: Record<string, string>): Promise<string> {
  await page.goto(`${serve.url}/?${new URLSearchParams({ view: 'review', ...params })}`);
  await page.locator('#highlight').waitFor();
  return currentHitId();
}

/** The client rectangle of the characters [start, end) of the text pane (code points). */
async function rectOfSpan(start: number, end: number): Promise<{ left: number; top: number; right: number; bottom: number }> {
  return page.evaluate(
    ([from, to]) => {
      const pane = document.getElementById('ocr-text')!;
      const walker = document.createTreeWalker(pane, NodeFilter.SHOW_TEXT);
      const at = (offset: number): [Node, number] => {
        let left = offset;
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          const chars = [...(node as Text).data];
          if (left < chars.length) return [node, chars.slice(0, left).join('').length];
          left -= chars.length;
        }
        throw new Error(`offset ${offset} is past the text`);
      };
      const range = document.createRange();
      range.setStart(...at(from));
      walker.currentNode = pane;
      const [node, offset] = at(to - 1);
      range.setEnd(node, offset + 1);
      const r = range.getBoundingClientRect();
      return { left: r.left, top: r.top, right: r.right, bottom: r.bottom };
    },
    [start, end] as const,
  );
}

const luminance = (p: Page) =>
  p.evaluate(() => {
    const [r, g, b] = getComputedStyle(document.body).backgroundColor.match(/\d+/g)!.map(Number);
    return (0.2126 * r! + 0.7152 * g! + 0.0722 * b!) / 255;
  });

describe('review page, keyboard and links (#16)', () => {
  beforeAll(async () => {
    serve = await startServe();
    adminToken = (await serve.termlens(['token', 'create', '--role', 'admin', '--name', 'links-admin'])).trim();
    // A folder holding a file already uploaded: a duplicate, and the folder's name for the batch.
    folder = path.join(await mkdtemp(path.join(os.tmpdir(), 'termlens-folder-')), 'leak-libao');
    await mkdir(folder);
    await copyFile(path.join(SAMPLES, SIMPLIFIED), path.join(folder, 'again.png'));
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    page = await context.newPage();
    watched = watchPage(page);
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await serve?.stop();
    if (folder) await rm(path.dirname(folder), { recursive: true, force: true });
  });

  it('uploads from the keyboard: Enter on the drop zone and the focusable file button', async () => {
    await signIn(page, serve.url, adminToken, 'links-admin');
    await page.locator('#tabs button[data-tab="upload"]').click();
    expect(routeOf(page).get('view')).toBe('upload');
    await page.locator('#drop-zone').focus();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('drop-zone');
    const [fromZone] = await Promise.all([page.waitForEvent('filechooser'), page.keyboard.press('Enter')]);
    expect(fromZone.isMultiple()).toBe(true);
    await fromZone.setFiles([]);
    // Tab from the zone reaches the file button, a real <button>; Enter opens the chooser.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('choose-files');
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.keyboard.press('Enter')]);
    await chooser.setFiles([SIMPLIFIED, TRADITIONAL].map((f) => path.join(SAMPLES, f)));
    const panel = page.locator('#uploads article').first();
    await panel.locator('li').first().waitFor();
    await page.waitForFunction(() => document.querySelector('#uploads article')?.getAttribute('data-finished') === 'true', undefined, { timeout: 180_000 });
    expect(await panel.getAttribute('data-phase')).toBe('done');
    expect(await panel.locator('.counts').textContent()).toBe('Done: 2 tagged · 0 failed · 0 duplicate (2 in all)');
    const bar = await panel.locator('progress').evaluate((p: HTMLProgressElement) => ({ value: p.value, max: p.max }));
    expect(bar).toEqual({ value: 2, max: 2 });
    await snapshot(page, 'keyboard-upload-done');
  });

  it('names a folder upload after the folder and says what a duplicate duplicates', async () => {
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.locator('#choose-folder').click()]);
    await chooser.setFiles(folder);
    const panel = page.locator('#uploads article').first();
    await page.waitForFunction(() => document.querySelector('#uploads article')?.getAttribute('data-finished') === 'true', undefined, { timeout: 60_000 });
    expect(await panel.locator('h3').textContent()).toMatch(/^leak-libao · /);
    const row = panel.locator('li[data-status="duplicate"]');
    expect(await row.locator('.name').textContent()).toBe('again.png');
    const sha256 = await page.evaluate(async () => {
      const { items } = await (await fetch('/api/batches')).json();
      const first = items.find((b: { name: string }) => !b.name.startsWith('leak-libao'));
      const { items: files } = await (await fetch(`/api/batches/${first.id}`)).json();
      return files.find((f: { itemKey: string }) => f.itemKey.startsWith('01-')).sha256 as string;
    });
    expect(await row.locator('.why').textContent()).toBe(`duplicate of document ${sha256.slice(0, 12)}`);
    expect(await row.locator('.why a').getAttribute('href')).toContain(`document=${sha256}`);
    expect(await panel.locator('.counts').textContent()).toBe('Done: 0 tagged · 0 failed · 1 duplicate (1 in all)');
  });

  it('lists the batches again after a reload, with their counts and files', async () => {
    await page.reload();
    await page.locator('#uploads article').nth(1).waitFor();
    expect(routeOf(page).get('view')).toBe('upload');
    const panels = page.locator('#uploads article');
    expect(await panels.count()).toBe(2);
    expect(await panels.nth(0).locator('h3').textContent()).toMatch(/^leak-libao · /);
    expect(await panels.nth(1).locator('.counts').textContent()).toBe('Done: 2 tagged · 0 failed · 0 duplicate (2 in all)');
    await panels.nth(1).locator('summary').click();
    await panels.nth(1).locator('li[data-status="done"]').nth(1).waitFor();
    expect(await panels.nth(1).locator('li .name').allTextContents()).toEqual([SIMPLIFIED, TRADITIONAL]);
  });

  it('keeps the hit and the filters in the URL: a reload and a shared link open the same place', async () => {
    await openQueue({ status: 'any' });
    // Filters apply as they change: a choice at once, no Apply button.
    expect(await page.locator('#filters button[type="submit"]').count()).toBe(0);
    const total = await page.evaluate(async () => (await (await fetch('/api/hits?kind=exact')).json()).counts.total as number);
    const reloaded = page.waitForResponse((r) => r.url().includes('/api/hits?') && r.url().includes('kind=exact'));
    await page.locator('#filters select[name="kind"]').selectOption('exact');
    await reloaded;
    expect(routeOf(page).get('kind')).toBe('exact');
    await eventually(() => page.locator('#position').textContent()).toBe(`hit 1 of ${total}`);
    let id = await currentHitId();
    for (let step = 0; step < 3; step++) {
      await page.keyboard.press('j');
      id = await waitForHitChange(id);
    }
    expect(routeOf(page).get('hit')).toBe(id);
    expect(await page.locator('#position').textContent()).toBe(`hit 4 of ${total}`);

    await page.reload();
    await page.waitForFunction((hit) => document.getElementById('highlight')?.getAttribute('data-hit-id') === hit, id);
    expect(await page.locator('#filters select[name="kind"]').inputValue()).toBe('exact');
    expect(await page.locator('#filters select[name="status"]').inputValue()).toBe('');
    // The position of a linked hit is counted, not guessed: the hits before it are paged through.
    await eventually(() => page.locator('#position').textContent()).toBe(`hit 4 of ${total}`);
    await page.keyboard.press('k');
    await eventually(() => page.locator('#position').textContent()).toBe(`hit 3 of ${total}`);

    const shared = await context.newPage();
    await shared.goto(page.url());
    await shared.waitForFunction(() => document.getElementById('highlight')?.getAttribute('data-hit-id') !== null, undefined);
    expect(routeOf(shared).get('kind')).toBe('exact');
    expect(await currentHitId(shared)).toBe(await currentHitId());
    await shared.close();

    // Typing a term applies after a pause, and Back returns to the filters before.
    const typed = page.waitForResponse((r) => r.url().includes('/api/hits?') && r.url().includes(`term=${encodeURIComponent('温州')}`));
    await page.locator('#filters input[name="term"]').fill('温州');
    await typed;
    expect(routeOf(page).get('term')).toBe('温州');
    await eventually(() => page.locator('#hit-term').textContent()).toBe('溫州');
    await page.goBack();
    await page.waitForFunction(() => !new URL(location.href).searchParams.has('term'));
    await eventually(() => page.locator('#filters input[name="term"]').inputValue()).toBe('');
  });

  it('links a document: its name opens the queue of that document', async () => {
    await openQueue({ term: '聘請', status: 'any' });
    await page.locator('#doc-link').click();
    await page.waitForFunction(() => new URL(location.href).searchParams.get('document')?.length === 64);
    expect(routeOf(page).has('term')).toBe(false);
    await page.locator('#document-filter:not([hidden])').waitFor();
    expect(await page.locator('#document-filter-name').textContent()).toBe(TRADITIONAL);
    const sha = routeOf(page).get('document')!;
    const expected = await page.evaluate(async (s) => (await (await fetch(`/api/documents/${s}`)).json()).hits.length as number, sha);
    await eventually(() => page.locator('#position').getAttribute('data-total')).toBe(String(expected));
  });

  it('marks Chinese text with its script: zh-Hans or zh-Hant from the document', async () => {
    await openQueue({ term: '聘請', status: 'any' });
    expect(await page.locator('#ocr-text').getAttribute('lang')).toBe('zh-Hant');
    expect(await page.locator('#hit-term').getAttribute('lang')).toBe('zh-Hant');
    await page.locator('[data-script="simplified"]').click();
    await eventually(() => page.locator('#ocr-text').getAttribute('lang')).toBe('zh-Hans');
    await page.locator('[data-script="original"]').click();
    await openQueue({ term: '李堡镇', status: 'any' });
    expect(await page.locator('#ocr-text').getAttribute('lang')).toBe('zh-Hans');
    expect(await page.locator('#hit-term').getAttribute('lang')).toBe('zh-Hans');
    // The card title says the term once; the canonical form only where the text says it otherwise.
    expect(await page.locator('#hit-title').textContent()).not.toMatch(/李堡镇.*李堡镇/);
    expect(await page.locator('#hit-canonical').isHidden()).toBe(true);
    expect(await page.locator('#revisions').textContent()).toBe('no decisions yet');
    await openQueue({ term: '聘請', status: 'any' });
    expect(await page.locator('#hit-canonical').textContent()).toBe('聘请');
    expect(await page.locator('#hit-canonical').isVisible()).toBe(true);
  });

  it('corrects a hit by selecting the span with the mouse and picking the entry by typing', async () => {
    let id = await openQueue({ term: '李堡镇', status: 'pending' });
    const hit = (await hitAnswer(id)).hit;
    expect(hit.matched).toBe('李堡镇');
    await page.keyboard.press('e');
    await page.locator('#correct-dialog[open]').waitFor();
    expect(await page.locator('#span-preview').textContent()).toBe('李堡镇 (as tagged)');
    // Drag over 李堡镇成立 in the text, as a reader does.
    const span = await rectOfSpan(hit.start, hit.start + 5);
    const y = (span.top + span.bottom) / 2;
    await page.mouse.move(span.left + 1, y);
    await page.mouse.down();
    await page.mouse.move((span.left + span.right) / 2, y, { steps: 4 });
    await page.mouse.move(span.right - 1, y, { steps: 4 });
    await page.mouse.up();
    await eventually(() => page.locator('#span-preview').textContent()).toBe('李堡镇 → 李堡镇成立');
    // The entry by its English, with suggestions from the glossary; no id to type.
    await page.locator('#entry-search').pressSequentially("Hai'an", { delay: 20 });
    await page.locator('#entry-suggestions li[data-entry-id="haian"]').waitFor();
    const options = await page.locator('#entry-suggestions li[role="option"]').count();
    for (let i = 0; i < options; i++) {
      if ((await page.locator('#entry-suggestions li[aria-selected="true"]').getAttribute('data-entry-id')) === 'haian') break;
      await page.keyboard.press('ArrowDown');
    }
    await page.keyboard.press('Enter');
    expect(await page.locator('#entry-chosen').textContent()).toMatch(/^entry → 海安市/);
    expect(await page.locator('#correct-dialog').getAttribute('open')).not.toBeNull();
    await snapshot(page, 'correct-by-selection');
    await page.locator('#correct-save').click();
    id = await waitForHitChange(id);

    const decided = await hitAnswer(hit.id);
    expect(decided.revisions.at(-1)).toMatchObject({ decision: 'correct', corrected: { start: hit.start, end: hit.start + 5, matched: '李堡镇成立', entryId: 'haian', term: '海安市' } });
    await page.keyboard.press('k');
    await page.waitForFunction((c) => document.getElementById('highlight')?.getAttribute('data-hit-id') === c, hit.id);
    await page.locator('#revisions .change').first().waitFor();
    expect(await page.locator('#revisions .change').allTextContents()).toEqual(['span 李堡镇 → 李堡镇成立', "entry → 海安市 (Hai'an · haian)"]);
    expect(await page.locator('#revisions').textContent()).not.toContain('{');
  });

  it('corrects a span with Shift+arrows while the text has the focus', async () => {
    const id = await openQueue({ term: '李堡镇', status: 'pending' });
    const hit = (await hitAnswer(id)).hit;
    await page.keyboard.press('e');
    await page.locator('#correct-dialog[open]').waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('ocr-text');
    await page.keyboard.press('Shift+ArrowRight');
    await page.keyboard.press('Shift+ArrowRight');
    await page.keyboard.press('Shift+ArrowLeft');
    const chars = [...(await page.evaluate(async (s) => (await (await fetch(`/api/documents/${s}`)).json()).text as string, hit.sha256))];
    const longer = chars.slice(hit.start, hit.end + 1).join('');
    expect(await page.locator('#span-preview').textContent()).toBe(`李堡镇 → ${longer}`);
    // The span is shown in the text by the correction highlight.
    expect(await page.evaluate(() => [...CSS.highlights.get('correction')!][0]!.toString())).toBe(longer);
    await page.locator('#correct-save').click();
    await waitForHitChange(id);
    const decided = await hitAnswer(hit.id);
    expect(decided.revisions.at(-1)?.corrected).toMatchObject({ start: hit.start, end: hit.end + 1, matched: longer });
    expect(decided.revisions.at(-1)?.corrected).not.toHaveProperty('entryId');
    // Escape gives up a correction without deciding anything.
    const next = await currentHitId();
    await page.keyboard.press('e');
    await page.locator('#correct-dialog[open]').waitFor();
    await page.keyboard.press('Escape');
    await page.locator('#correct-dialog:not([open])').waitFor({ state: 'attached' });
    expect((await hitAnswer(next)).revisions).toEqual([]);
  });

  it('clears a status message when the view changes', async () => {
    const id = await openQueue({ status: 'pending' });
    await page.keyboard.press('a');
    await waitForHitChange(id);
    expect(await page.locator('#status').textContent()).toMatch(/confirmed\.$/);
    await page.locator('#tabs button[data-tab="glossary"]').click();
    expect(await page.locator('#status').textContent()).toBe('');
  });

  it('lets the OCR text pane be resized by its corner', async () => {
    await openQueue({ status: 'any' });
    const pane = page.locator('#ocr-text');
    expect(await pane.evaluate((e) => getComputedStyle(e).resize)).toBe('vertical');
    const before = (await pane.boundingBox())!;
    await page.mouse.move(before.x + before.width - 3, before.y + before.height - 3);
    await page.mouse.down();
    await page.mouse.move(before.x + before.width - 3, before.y + before.height + 150, { steps: 5 });
    await page.mouse.up();
    expect((await pane.boundingBox())!.height).toBeGreaterThan(before.height + 100);
  });

  it('fits a 390 px phone without scrolling sideways, the screenshot full width above the card', async () => {
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, isMobile: true, hasTouch: true });
    const mobile = await phone.newPage();
    const mobileWatch = watchPage(mobile);
    try {
      await signIn(mobile, serve.url, adminToken, 'links-admin');
      for (const view of ['review', 'search', 'upload', 'glossary', 'export', 'audit', 'tokens']) {
        await mobile.goto(`${serve.url}/?view=${view}&status=any&term=${encodeURIComponent('聘請')}`);
        await mobile.locator(`#${view}:not([hidden])`).waitFor();
        if (view === 'review') await mobile.locator('#highlight').waitFor();
        if (view === 'upload') await mobile.locator('#uploads article').first().waitFor();
        if (view === 'glossary') await mobile.locator('#glossary-list li').first().waitFor();
        if (view === 'audit') await mobile.locator('#audit-rows tr').first().waitFor();
        if (view === 'tokens') await mobile.locator('#token-rows tr').first().waitFor();
        expect(await sidewaysOverflow(mobile), view).toBe(0);
        await snapshot(mobile, `phone-${view}`);
      }
      await mobile.goto(`${serve.url}/?view=review&status=any&term=${encodeURIComponent('聘請')}`);
      await mobile.locator('#highlight').waitFor();
      const layout = await mobile.evaluate(() => {
        const shot = document.getElementById('shot')!.getBoundingClientRect();
        const card = document.getElementById('hit-card')!.getBoundingClientRect();
        return { shotWidth: shot.width, viewport: document.documentElement.clientWidth, shotBottom: shot.bottom, cardTop: card.top };
      });
      expect(layout.shotWidth).toBeGreaterThan(layout.viewport * 0.9);
      expect(layout.cardTop).toBeGreaterThan(layout.shotBottom);
      // Pinch-zoom stays the browser's: the page does not forbid it.
      expect(await mobile.locator('meta[name="viewport"]').getAttribute('content')).not.toMatch(/user-scalable=no|maximum-scale/);
      // pan-x pan-y pinch-zoom, which Chromium reports by its other name.
      expect(await mobile.locator('#viewer').evaluate((e) => getComputedStyle(e).touchAction)).toMatch(/pinch-zoom|manipulation/);
      expect(mobileWatch.errors).toEqual([]);
    } finally {
      await phone.close();
    }
  });

  it('follows the system dark mode, and the toggle overrides it and is kept', async () => {
    const dark = await browser.newContext({ viewport: { width: 1200, height: 900 }, colorScheme: 'dark' });
    const night = await dark.newPage();
    try {
      await signIn(night, serve.url, adminToken, 'links-admin');
      await night.goto(`${serve.url}/?view=review&status=any`);
      await night.locator('#highlight').waitFor();
      expect(await night.locator('#theme').textContent()).toBe('Theme: system');
      expect(await luminance(night)).toBeLessThan(0.2);
      await snapshot(night, 'dark-review');
      await night.locator('#theme').click();
      expect(await night.locator('#theme').textContent()).toBe('Theme: light');
      expect(await luminance(night)).toBeGreaterThan(0.8);
      await night.reload();
      await night.locator('#highlight').waitFor();
      expect(await luminance(night)).toBeGreaterThan(0.8);
      await night.locator('#theme').click();
      expect(await night.locator('#theme').textContent()).toBe('Theme: dark');
      expect(await luminance(night)).toBeLessThan(0.2);
    } finally {
      await dark.close();
    }
    // In a light system the page is light, and the toggle makes it dark.
    expect(await luminance(page)).toBeGreaterThan(0.8);
    await page.locator('#theme').click();
    await page.locator('#theme').click();
    expect(await page.locator('#theme').textContent()).toBe('Theme: dark');
    expect(await luminance(page)).toBeLessThan(0.2);
    await page.locator('#theme').click();
    expect(await luminance(page)).toBeGreaterThan(0.8);
  });

  it('has logged no errors, CSP violations or dialogs', () => {
    expect(watched.errors).toEqual([]);
    expect(watched.dialogs).toEqual([]);
  });
});
