import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { iou, type Box } from '../../src/domain/geometry.ts';
import { launchChromium, snapshot, watchPage } from './helpers/chromium.ts';
import { REPO_ROOT, startServe, type ServeProcess } from './helpers/serve-process.ts';

type Expected = { entryId: string; matched: string; start: number; bbox: Box };
type Sample = { file: string; width: number; height: number; expected: Expected[] };

const SAMPLES = path.join(REPO_ROOT, 'samples');
const CHOSEN = ['01-police-libao-station-simplified-sans.png', '06-tw-news-wenzhou-hiring-traditional-sans.png'];

let serve: ServeProcess;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let watched: ReturnType<typeof watchPage>;
let samples: Map<string, Sample>;
let adminToken: string;
/** The hits the decision test rejected and corrected, for the export test to find. */
let decided: { rejected: string; corrected: string };

async function hitOnPage(): Promise<{ id: string; entryId: string; matched: string; start: number; sha256: string; firstPath: string }> {
  const id = await page.locator('#highlight').getAttribute('data-hit-id');
  return page.evaluate(async (hitId) => {
    const response = await fetch(`/api/hits/${hitId}`);
    const { hit, document } = await response.json();
    return { id: hit.id, entryId: hit.entryId, matched: hit.matched, start: hit.start, sha256: hit.sha256, firstPath: document.firstPath };
  }, id!);
}

/** The highlight box as drawn, scaled back from CSS pixels to image pixels. */
async function highlightInImagePixels(): Promise<Box> {
  return page.evaluate(() => {
    const img = document.getElementById('shot') as HTMLImageElement;
    const box = document.getElementById('highlight')!.getBoundingClientRect();
    const shown = img.getBoundingClientRect();
    const scale = img.naturalWidth / shown.width;
    return {
      x: Math.round((box.left - shown.left) * scale),
      y: Math.round((box.top - shown.top) * scale),
      w: Math.round(box.width * scale),
      h: Math.round(box.height * scale),
    };
  });
}

async function currentHitId(): Promise<string> {
  return (await page.locator('#highlight').getAttribute('data-hit-id'))!;
}

/** Waits until the page shows another hit than `previous`. */
async function waitForHitChange(previous: string): Promise<string> {
  await page.waitForFunction((prev) => document.getElementById('highlight')?.getAttribute('data-hit-id') !== prev, previous);
  return currentHitId();
}

describe('review page in Chromium', () => {
  beforeAll(async () => {
    const manifest = JSON.parse(await readFile(path.join(SAMPLES, 'manifest.json'), 'utf8')) as { samples: Sample[] };
    samples = new Map(manifest.samples.map((s) => [s.file, s]));
    serve = await startServe();
    adminToken = (await serve.termlens(['token', 'create', '--role', 'admin', '--name', 'browser-admin'])).trim();
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1400, height: 1000 }, acceptDownloads: true });
    page = await context.newPage();
    watched = watchPage(page);
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await serve?.stop();
  });

  it('refuses a wrong token and signs in with a right one', async () => {
    await page.goto(serve.url);
    await page.locator('#token-input').fill('tlk_not-a-real-token');
    await page.locator('#sign-in-form button').click();
    await expect.poll(() => page.locator('#status').textContent()).toContain('unknown or revoked');
    // The refused sign-in is logged by Chromium as a failed request; that one is expected.
    watched.errors.splice(0);
    await page.locator('#token-input').fill(adminToken);
    await page.locator('#sign-in-form button').click();
    await page.locator('#who').filter({ hasText: 'browser-admin' }).waitFor();
    const cookies = await context.cookies();
    const session = cookies.find((c) => c.name === 'termlens_session')!;
    expect(session.httpOnly).toBe(true);
    expect(session.sameSite).toBe('Strict');
    expect(await page.evaluate(() => document.cookie)).toBe('');
    await snapshot(page, 'signed-in');
  });

  it('uploads samples and shows them complete', async () => {
    await page.locator('#tabs button[data-tab="upload"]').click();
    await page.locator('#file-input').setInputFiles(CHOSEN.map((f) => path.join(SAMPLES, f)));
    const panel = page.locator('#uploads article').first();
    await panel.locator('li').first().waitFor();
    await snapshot(page, 'upload-progress');
    await page.waitForFunction(() => document.querySelector('#uploads article')?.getAttribute('data-finished') === 'true', undefined, { timeout: 180_000 });
    const states = await panel.locator('li').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-status')));
    expect(states).toEqual(['done', 'done']);
    await snapshot(page, 'upload-done');
  });

  it('reviews hits with the keyboard, the highlight over the expected characters', async () => {
    await page.locator('#uploads article button').click();
    await page.locator('#highlight').waitFor();
    const checked: number[] = [];
    let id = await currentHitId();
    for (let step = 0; step < 6; step++) {
      const hit = await hitOnPage();
      const sample = samples.get(hit.firstPath)!;
      const drawn = await highlightInImagePixels();
      // A hit the ground truth does not list is the pipeline's business, not the page's: only
      // hits with an expected box are compared.
      const candidates = sample.expected.filter((e) => e.entryId === hit.entryId);
      if (candidates.length > 0) {
        const best = Math.max(...candidates.map((e) => iou(drawn, e.bbox)));
        checked.push(best);
        expect(best, `${hit.firstPath} ${hit.matched}@${hit.start}: drawn ${JSON.stringify(drawn)}`).toBeGreaterThanOrEqual(0.3);
      }
      if (step === 0) await snapshot(page, 'review-first-hit');
      await page.keyboard.press('j');
      id = await waitForHitChange(id);
    }
    await page.keyboard.press('k');
    id = await waitForHitChange(id);
    expect(checked.length).toBeGreaterThanOrEqual(4);
  });

  it('confirms, rejects and corrects with keys, and the counter follows', async () => {
    const reviewed = async () => Number(await page.locator('#counter').getAttribute('data-reviewed'));
    const before = await reviewed();
    let id = await currentHitId();
    await page.keyboard.press('a');
    id = await waitForHitChange(id);
    await expect.poll(reviewed).toBe(before + 1);

    const rejected = id;
    await page.keyboard.press('r');
    id = await waitForHitChange(id);
    await expect.poll(reviewed).toBe(before + 2);

    const corrected = id;
    await page.keyboard.press('e');
    await page.locator('#correct-dialog[open]').waitFor();
    await page.locator('#correct-form input[name="reading"]').fill('正确读法');
    await page.locator('#correct-form textarea[name="note"]').fill('OCR misread; <b>not bold</b>');
    await snapshot(page, 'correct-dialog');
    await page.locator('#correct-save').click();
    id = await waitForHitChange(id);
    await expect.poll(reviewed).toBe(before + 3);

    // Back to the corrected hit: its decision shows with who made it, the note as plain text.
    await page.keyboard.press('k');
    await page.waitForFunction((c) => document.getElementById('highlight')?.getAttribute('data-hit-id') === c, corrected);
    await page.locator('#revisions li', { hasText: 'correct' }).waitFor();
    expect(await page.locator('#revisions').textContent()).toContain('browser-admin');
    expect(await page.locator('#revisions q').textContent()).toBe('OCR misread; <b>not bold</b>');
    expect(await page.locator('#revisions b').count()).toBe(0);
    await snapshot(page, 'review-corrected');
    decided = { rejected, corrected };
  });

  it('toggles the script of the text, keeping every hit marked', async () => {
    const original = await page.locator('#ocr-text').textContent();
    const marks = await page.locator('#ocr-text mark').count();
    // A traditional page reads the same in traditional script: toggle to the script that differs.
    const { sha256 } = await hitOnPage();
    const other = await page.evaluate(async (sha) => {
      const { scripts } = await (await fetch(`/api/documents/${sha}`)).json();
      return scripts.traditional !== scripts.original ? 'traditional' : 'simplified';
    }, sha256);
    await page.locator(`[data-script="${other}"]`).click();
    await expect.poll(() => page.locator('#ocr-text').textContent()).not.toBe(original);
    expect(await page.locator('#ocr-text mark').count()).toBe(marks);
    expect(await page.locator('#ocr-text mark.current').count()).toBe(1);
    await snapshot(page, 'review-traditional');
    // s cycles original → simplified → traditional; back to the original by keys.
    while ((await page.locator('[data-script="original"]').getAttribute('aria-pressed')) !== 'true') await page.keyboard.press('s');
    await expect.poll(() => page.locator('#ocr-text').textContent()).toBe(original);
  });

  it('browses and searches the glossary', async () => {
    await page.locator('#tabs button[data-tab="glossary"]').click();
    // The search applies as it is typed: no button to press.
    await page.locator('#glossary-search input[name="q"]').fill('聘請');
    const item = page.locator('#glossary-list li[data-entry-id="pinqing"]');
    await item.click();
    await expect.poll(() => page.locator('#glossary-entry').textContent()).toContain('contracted');
    await snapshot(page, 'glossary');
  });

  it('exports a CSV that carries the decisions', async () => {
    await page.locator('#tabs button[data-tab="export"]').click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#export-csv').click()]);
    const csv = await readFile((await download.path())!, 'utf8');
    const rows = parse(csv, { columns: true }) as Record<string, string>[];
    const { rejected, corrected } = decided;
    expect(rows.find((r) => r.hit_id === rejected)?.decision).toBe('reject');
    const c = rows.find((r) => r.hit_id === corrected)!;
    expect(c.decision).toBe('correct');
    expect(c.corrected_reading).toBe('正确读法');
    expect(c.decided_by).toContain('browser-admin');
    expect(rows.filter((r) => r.decision === 'confirm').length).toBeGreaterThanOrEqual(1);
  });

  it('has logged no errors, CSP violations or dialogs', () => {
    expect(watched.errors).toEqual([]);
    expect(watched.dialogs).toEqual([]);
  });
});
