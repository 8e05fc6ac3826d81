import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, snapshot, watchPage } from './helpers/chromium.ts';
import { eventually, routeOf, signIn } from './helpers/page-helpers.ts';
import { REPO_ROOT, startServe, type ServeProcess } from './helpers/serve-process.ts';

/**
 * Issue #16 point 2 on the page: choosing hits (x, a click, a shift-click range, all matching
 * the filter), a bulk confirm with the count shown before it runs, its undo, and "other
 * occurrences" naming each line's document and leading to its hit. Two real screenshots that
 * both name 警侨驿站 (jingqiao-yizhan), uploaded and read by the real pipeline.
 */

const SAMPLES = path.join(REPO_ROOT, 'samples');
const FIRST = '01-police-libao-station-simplified-sans.png';
const SECOND = '02-wechat-venice-station-simplified-sans.png';
const ENTRY = 'jingqiao-yizhan';

let serve: ServeProcess;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let watched: ReturnType<typeof watchPage>;

type HitRow = { id: string; sha256: string; reviewStatus: string };
type Revision = { decision: string; bulkId: string | null };

const currentHitId = async () => (await page.locator('#highlight').getAttribute('data-hit-id'))!;
const apiHits = (query: Record<string, string>): Promise<HitRow[]> =>
  page.evaluate(async (q) => (await (await fetch(`/api/hits?${new URLSearchParams({ limit: '500', ...q })}`)).json()).items, query);
const revisionsOf = (id: string): Promise<Revision[]> => page.evaluate(async (hitId) => (await (await fetch(`/api/hits/${hitId}`)).json()).revisions, id);
const documentName = (sha256: string): Promise<string> => page.evaluate(async (sha) => (await (await fetch(`/api/documents/${sha}`)).json()).firstPath, sha256);
const selectionCount = async () => Number(await page.locator('#selection-count').getAttribute('data-count'));
const checkedRows = () => page.locator('#queue-list li').evaluateAll((rows) => rows.map((r) => (r.querySelector('input') as HTMLInputElement).checked));

/** Shows the queue of the filters given, through the URL, and waits for its first hit. */
async function openQueue(params: Record<string, string>): Promise<string> {
  await page.goto(`${serve.url}/?${new URLSearchParams({ view: 'review', ...params })}`);
  await page.locator('#highlight').waitFor();
  await page.locator('#queue-list li').first().waitFor();
  return currentHitId();
}

describe('bulk review on the page (#16 point 2)', () => {
  beforeAll(async () => {
    serve = await startServe();
    const token = (await serve.termlens(['token', 'create', '--role', 'admin', '--name', 'bulk-admin'])).trim();
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    page = await context.newPage();
    watched = watchPage(page);
    await signIn(page, serve.url, token, 'bulk-admin');
    await page.locator('#tabs button[data-tab="upload"]').click();
    await page.locator('#file-input').setInputFiles([FIRST, SECOND].map((f) => path.join(SAMPLES, f)));
    await page.waitForFunction(() => document.querySelector('#uploads article')?.getAttribute('data-finished') === 'true', undefined, { timeout: 200_000 });
    expect(await page.locator('#uploads article .counts').first().textContent()).toBe('Done: 2 tagged · 0 failed · 0 duplicate (2 in all)');
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await serve?.stop();
  });

  it('selects with x and with a shift-click range, and clears', async () => {
    const first = await openQueue({ term: ENTRY });
    const rows = page.locator('#queue-list li');
    const n = await rows.count();
    expect(n).toBeGreaterThanOrEqual(4);
    expect(await rows.first().getAttribute('data-hit-id')).toBe(first);
    expect(await page.locator('#select-matching').textContent()).toBe(`Select all ${n} matching the filter`);

    // x toggles the hit on screen; j moves on and x selects that one too.
    await page.keyboard.press('x');
    await eventually(selectionCount).toBe(1);
    expect((await checkedRows())[0]).toBe(true);
    await page.keyboard.press('x');
    await eventually(selectionCount).toBe(0);
    await page.keyboard.press('x');
    await page.keyboard.press('j');
    await page.waitForFunction((prev) => document.getElementById('highlight')?.getAttribute('data-hit-id') !== prev, first);
    await page.keyboard.press('x');
    await eventually(selectionCount).toBe(2);
    expect((await checkedRows()).slice(0, 3)).toEqual([true, true, false]);
    await page.locator('#selection-clear').click();
    await eventually(selectionCount).toBe(0);

    // A click on a box selects it; a shift-click on a row takes the range from it.
    await rows.nth(0).locator('input').click();
    await rows.nth(3).click({ modifiers: ['Shift'] });
    await eventually(selectionCount).toBe(4);
    expect((await checkedRows()).slice(0, 5)).toEqual([true, true, true, true, false]);
    await rows.nth(2).locator('input').click();
    await eventually(selectionCount).toBe(3);
    expect(await page.locator('#selection-count').textContent()).toBe('3 selected');
    // A plain click on a row shows its hit and changes no selection.
    await rows.nth(4).locator('.term').click();
    await eventually(currentHitId).toBe(await rows.nth(4).getAttribute('data-hit-id'));
    expect(await selectionCount()).toBe(3);
    await page.locator('#selection-clear').click();
    // Nothing was decided.
    expect((await apiHits({ term: ENTRY })).every((h) => h.reviewStatus === 'pending')).toBe(true);
  });

  it('confirms every hit matching the filter after saying how many, then undoes it', async () => {
    await openQueue({ term: ENTRY });
    const pending = await apiHits({ term: ENTRY, status: 'pending' });
    const n = pending.length;
    const untouched = (await apiHits({ status: 'pending' })).filter((h) => !pending.some((p) => p.id === h.id));
    expect(untouched.length).toBeGreaterThan(0);

    await page.locator('#select-matching').click();
    await eventually(() => page.locator('#selection-count').textContent()).toBe(`all ${n} matching the filter selected`);
    await page.locator('#bulk-confirm').click();
    const dialog = page.locator('#bulk-dialog');
    await dialog.waitFor();
    // The count is shown before anything runs.
    expect(await page.locator('#bulk-question').textContent()).toBe(`Confirm all ${n} hits matching the filter?`);
    expect(await page.locator('#bulk-run').textContent()).toBe(`Confirm ${n} hits`);
    expect((await apiHits({ term: ENTRY, status: 'confirmed' })).length).toBe(0);
    await snapshot(page, 'bulk-confirm-dialog');
    await page.locator('#bulk-run').click();
    await eventually(() => page.locator('#status').textContent()).toBe(`${n} hits confirmed.`);
    expect((await apiHits({ term: ENTRY, status: 'confirmed' })).map((h) => h.id)).toEqual(pending.map((h) => h.id));
    for (const h of untouched) expect(await revisionsOf(h.id)).toEqual([]);
    await eventually(() => page.locator('#counter').getAttribute('data-reviewed')).toBe(String(n));
    await eventually(() => page.locator('#queue-list li.confirmed').count()).toBe(n);
    expect(await selectionCount()).toBe(0);

    const undo = page.locator('#bulk-undo');
    expect(await undo.textContent()).toBe(`Undo: confirm of ${n} hits`);
    await undo.click();
    await eventually(() => page.locator('#status').textContent()).toBe(`Undone for ${n} hits.`);
    expect((await apiHits({ term: ENTRY, status: 'pending' })).map((h) => h.id)).toEqual(pending.map((h) => h.id));
    await eventually(() => page.locator('#counter').getAttribute('data-reviewed')).toBe('0');
    expect(await undo.isHidden()).toBe(true);
    // The history keeps both: the bulk confirm and the undo that reopened the hit.
    const history = await revisionsOf(pending[0]!.id);
    expect(history.map((r) => r.decision)).toEqual(['confirm', 'reopen']);
    expect(history.every((r) => r.bulkId !== null)).toBe(true);
    await eventually(() => page.locator('#revisions li').allTextContents()).toEqual([
      expect.stringMatching(/^confirm by bulk-admin .*\(bulk\)/),
      expect.stringMatching(/^reopened \(undo\) by bulk-admin .*\(bulk\)/),
    ]);
    await snapshot(page, 'bulk-undone');
  });

  it('names the document of each other occurrence and jumps to its hit', async () => {
    const hits = await apiHits({ term: ENTRY });
    const [firstSha, secondSha] = [...new Set(hits.map((h) => h.sha256))];
    expect(secondSha).toBeDefined();
    const [firstName, secondName] = [await documentName(firstSha!), await documentName(secondSha!)];
    expect([firstName, secondName].sort()).toEqual([FIRST, SECOND]);
    // The queue of the first document only: the second document's hits are not loaded.
    const shown = await openQueue({ term: ENTRY, document: firstSha!, status: 'any' });
    const lines = page.locator('#kwic li a');
    await lines.first().waitFor();
    const docs = await lines.locator('.doc').allTextContents();
    expect(docs).toContain(secondName);
    expect(docs.filter((d) => d.startsWith(firstName)).every((d) => d === `${firstName} (this document)`)).toBe(true);
    const line = lines.filter({ has: page.locator('.doc', { hasText: secondName }) }).first();
    const target = (await line.getAttribute('data-hit-id'))!;
    expect(target).not.toBe(shown);
    expect(hits.find((h) => h.id === target)?.sha256).toBe(secondSha);
    await line.click();
    await eventually(currentHitId).toBe(target);
    expect(routeOf(page).get('document')).toBe(secondSha);
    expect(routeOf(page).get('hit')).toBe(target);
    expect(await page.locator('#doc-name').textContent()).toBe(secondName);
    // Back in the document of the line, a line of the first document leads back there.
    const back = page.locator('#kwic li a').filter({ has: page.locator('.doc', { hasText: firstName }) }).first();
    await back.waitFor();
    const backTarget = (await back.getAttribute('data-hit-id'))!;
    await back.click();
    await eventually(currentHitId).toBe(backTarget);
    expect(await page.locator('#doc-name').textContent()).toBe(firstName);
    expect(watched.errors).toEqual([]);
    expect(watched.dialogs).toEqual([]);
  });
});
