import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { writeZip } from '../fixtures/make-zips.ts';
import { launchChromium, snapshot, watchPage } from './helpers/chromium.ts';
import { startServe, type ServeProcess } from './helpers/serve-process.ts';
import { eventually, routeOf, signIn } from './helpers/page-helpers.ts';

/**
 * Issue #16 on one server without OCR work: the glossary defects (the tab opens empty; a save
 * resets the category), list entries opened with Enter and linked, a zip upload named after the
 * zip, and the admin views (audit log with its filters, tokens) with the API's access rules.
 */

let serve: ServeProcess;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let watched: ReturnType<typeof watchPage>;
let adminToken: string;
let scratch: string;

const visibleTabs = (p: Page) => p.locator('#tabs button[data-tab]:visible').evaluateAll((buttons) => buttons.map((b) => (b as HTMLElement).dataset.tab));

type TermsFile = { entries: { id: string; category: string; note?: string }[] };

describe('glossary and admin views (#16)', () => {
  beforeAll(async () => {
    serve = await startServe();
    adminToken = (await serve.termlens(['token', 'create', '--role', 'admin', '--name', 'glossary-admin'])).trim();
    scratch = await mkdtemp(path.join(os.tmpdir(), 'termlens-zip-'));
    browser = await launchChromium();
    // A German reader in Berlin: the audit log's times are in their format and zone.
    context = await browser.newContext({ viewport: { width: 1300, height: 950 }, locale: 'de-DE', timezoneId: 'Europe/Berlin' });
    page = await context.newPage();
    watched = watchPage(page);
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await serve?.stop();
    if (scratch) await rm(scratch, { recursive: true, force: true });
  });

  it('opens the Glossary tab with its entries listed, before any search', async () => {
    await signIn(page, serve.url, adminToken, 'glossary-admin');
    const total = await page.evaluate(async () => (await (await fetch('/api/glossary')).json()).entries.length as number);
    expect(total).toBeGreaterThan(50);
    await page.locator('#tabs button[data-tab="glossary"]').click();
    await eventually(() => page.locator('#glossary-list li').count()).toBe(total);
    expect(await page.locator('#glossary-search button[type="submit"]').count()).toBe(0);
  });

  it('opens a listed entry with Enter; the search and the entry are in the URL', async () => {
    await page.locator('#glossary-search input[name="q"]').fill('pinqing');
    await page.waitForFunction(() => new URL(location.href).searchParams.get('gq') === 'pinqing');
    await eventually(() => page.locator('#glossary-list li').count()).toBe(1);
    const link = page.locator('#glossary-list li[data-entry-id="pinqing"] a');
    await link.focus();
    await page.keyboard.press('Enter');
    await eventually(() => page.locator('#glossary-entry').getAttribute('data-entry-id')).toBe('pinqing');
    expect(routeOf(page).get('gentry')).toBe('pinqing');
    expect(await page.locator('#glossary-entry h3 span').getAttribute('lang')).toBe('zh-Hans');
    expect(await page.locator('#glossary-entry dd[lang="zh-Hant"]').textContent()).toContain('聘請');
    await page.reload();
    await eventually(() => page.locator('#glossary-entry').getAttribute('data-entry-id')).toBe('pinqing');
    expect(await page.locator('#glossary-search input[name="q"]').inputValue()).toBe('pinqing');
    expect(await page.locator('#glossary-list li').count()).toBe(1);
  });

  it('saves an edited entry with the category it has, and again unchanged', async () => {
    await page.locator('#glossary-search input[name="q"]').fill('jingqiao-yizhan');
    await page.locator('#glossary-list li[data-entry-id="jingqiao-yizhan"] a').click();
    await eventually(() => page.locator('#entry-form-title').textContent()).toBe('Edit jingqiao-yizhan');
    const category = page.locator('#entry-form select[name="category"]');
    expect(await category.inputValue()).toBe('programme');
    const note = page.locator('#entry-form textarea[name="note"]');
    await note.fill(`${await note.inputValue()} Checked on the page.`);
    await page.locator('#entry-form button[type="submit"]').click();
    await eventually(() => page.locator('#entry-result').textContent()).toMatch(/^Saved: glossary /);
    expect(await category.inputValue()).toBe('programme');
    // Saved again untouched: nothing changes, the category least of all.
    await page.locator('#entry-form button[type="submit"]').click();
    await eventually(() => page.locator('#entry-result').textContent()).toBe('Nothing to change: the glossary already says this.');
    expect(await category.inputValue()).toBe('programme');
    const stored = parse(await readFile(path.join(serve.env.TERMLENS_GLOSSARY_DIR!, 'terms.yaml'), 'utf8')) as TermsFile;
    const entry = stored.entries.find((e) => e.id === 'jingqiao-yizhan')!;
    expect(entry.category).toBe('programme');
    expect(entry.note).toContain('Checked on the page.');
  });

  it('names a zip upload after the zip', async () => {
    const zip = await writeZip(path.join(scratch, 'qingtian-scans.zip'), [{ name: 'readme.txt', data: new TextEncoder().encode('not an image') }]);
    await page.locator('#tabs button[data-tab="upload"]').click();
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.locator('#choose-files').click()]);
    await chooser.setFiles(zip);
    await page.waitForFunction(() => document.querySelector('#uploads article')?.getAttribute('data-finished') === 'true', undefined, { timeout: 60_000 });
    expect(await page.locator('#uploads article h3').first().textContent()).toMatch(/^qingtian-scans\.zip · /);
    expect(await page.locator('#uploads article li[data-status="failed"] .name').textContent()).toBe('qingtian-scans.zip/readme.txt');
  });

  it('shows the audit log, filtered by action, entry, who and batch, times in the reader\'s locale', async () => {
    await page.locator('#tabs button[data-tab="audit"]').click();
    await page.locator('#audit-rows tr').first().waitFor();
    const times = await page.locator('#audit-rows time').allTextContents();
    // de-DE: "03.12.2026, 07:53:49"
    for (const t of times) expect(t).toMatch(/^\d{2}\.\d{2}\.\d{4}, \d{2}:\d{2}:\d{2}$/);
    const firstAt = await page.locator('#audit-rows time').first().getAttribute('datetime');
    expect(times[0]).toBe(new Intl.DateTimeFormat('de-DE', { dateStyle: 'medium', timeStyle: 'medium', timeZone: 'Europe/Berlin' }).format(new Date(firstAt!)));

    await page.locator('#audit-filters select[name="action"]').selectOption('glossary.entry_changed');
    await page.waitForFunction(() => new URL(location.href).searchParams.get('action') === 'glossary.entry_changed');
    const actions = await page.locator('#audit-rows tr').evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.action));
    expect(actions.length).toBe(2);
    expect(new Set(actions)).toEqual(new Set(['glossary.entry_changed']));
    expect(await page.locator('#audit-rows td.subject').allTextContents()).toEqual(['jingqiao-yizhan', 'jingqiao-yizhan']);
    expect(await page.locator('#audit-rows tr td:nth-child(2)').first().textContent()).toContain('glossary-admin');

    await page.locator('#audit-filters input[name="actor"]').fill('somebody-else');
    await eventually(() => page.locator('#audit-rows tr').count()).toBe(0);
    await page.locator('#audit-filters input[name="actor"]').fill('');
    await page.locator('#audit-filters select[name="action"]').selectOption('');
    await page.locator('#audit-filters input[name="entry"]').fill('pinqing');
    await eventually(() => page.locator('#audit-rows tr').count()).toBe(0);
    await page.locator('#audit-filters input[name="entry"]').fill('jingqiao-yizhan');
    await eventually(() => page.locator('#audit-rows tr').count()).toBe(2);
    await page.locator('#audit-filters input[name="entry"]').fill('');

    const batch = await page.evaluate(async () => (await (await fetch('/api/batches')).json()).items[0].id as string);
    await page.locator('#audit-filters select[name="batch"]').selectOption(batch);
    await eventually(() => page.locator('#audit-rows tr').evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.action))).toEqual(['upload.created']);
    await page.reload();
    await page.locator('#audit-rows tr').first().waitFor();
    expect(await page.locator('#audit-filters select[name="batch"]').inputValue()).toBe(batch);
    expect(await page.locator('#audit-rows tr').count()).toBe(1);
    await snapshot(page, 'audit-log');
  });

  it('makes a token, and the role it gives sees only its views; revoking it ends its session', async () => {
    await page.goto(`${serve.url}/?view=tokens`);
    await page.locator('#token-rows tr').first().waitFor();
    await page.locator('#token-form input[name="name"]').fill('page-reviewer');
    await page.locator('#token-form select[name="role"]').selectOption('reviewer');
    await page.locator('#token-form button[type="submit"]').click();
    await page.locator('#token-made:not([hidden])').waitFor();
    const secret = (await page.locator('#token-secret').textContent())!;
    expect(secret).toMatch(/^tlk_/);
    const row = page.locator('#token-rows tr', { hasText: 'page-reviewer' });
    expect(await row.locator('td').nth(1).textContent()).toBe('reviewer');
    await snapshot(page, 'tokens');

    const other = await browser.newContext({ viewport: { width: 1200, height: 900 } });
    try {
      const reviewer = await other.newPage();
      await signIn(reviewer, serve.url, secret, 'page-reviewer');
      expect(await visibleTabs(reviewer)).toEqual(['review', 'search', 'glossary', 'export']);
      await reviewer.goto(`${serve.url}/?view=audit`);
      await reviewer.locator('#review:not([hidden])').waitFor();
      expect(await reviewer.locator('#audit').isHidden()).toBe(true);
      expect(await reviewer.locator('#status').textContent()).toBe('The audit view is not open to your role.');
      expect(await reviewer.evaluate(async () => (await fetch('/api/audit')).status)).toBe(403);
      expect(await reviewer.evaluate(async () => (await fetch('/api/tokens')).status)).toBe(403);

      // Two clicks: the first arms the button, the second revokes.
      const revoke = row.locator('button');
      await revoke.click();
      expect(await revoke.textContent()).toBe('Really revoke page-reviewer?');
      expect(await row.getAttribute('data-revoked')).toBe('false');
      await revoke.click();
      await eventually(() => page.locator('#token-rows tr', { hasText: 'page-reviewer' }).getAttribute('data-revoked')).toBe('true');

      await reviewer.locator('#tabs button[data-tab="glossary"]').click();
      await reviewer.locator('#sign-in:not([hidden])').waitFor();
      expect(await reviewer.locator('#status').textContent()).toBe('Your session ended; sign in again.');
    } finally {
      await other.close();
    }
  });

  it('gives an uploader the upload view only', async () => {
    await page.locator('#token-form input[name="name"]').fill('page-uploader');
    await page.locator('#token-form select[name="role"]').selectOption('uploader');
    await page.locator('#token-form button[type="submit"]').click();
    await eventually(() => page.locator('#token-made-for').textContent()).toBe('page-uploader (uploader)');
    const secret = (await page.locator('#token-secret').textContent())!;
    const other = await browser.newContext({ viewport: { width: 1200, height: 900 } });
    try {
      const uploader = await other.newPage();
      await signIn(uploader, serve.url, secret, 'page-uploader');
      expect(await visibleTabs(uploader)).toEqual(['upload']);
      // Their page lists the batches after a reload, and offers no review of them.
      await uploader.locator('#uploads article').first().waitFor();
      expect(await uploader.locator('#uploads article button:visible').count()).toBe(0);
      await uploader.goto(`${serve.url}/?view=tokens`);
      await uploader.locator('#upload:not([hidden])').waitFor();
      expect(await uploader.locator('#tokens').isHidden()).toBe(true);
    } finally {
      await other.close();
    }
  });

  it('has logged no errors, CSP violations or dialogs', () => {
    expect(watched.errors).toEqual([]);
    expect(watched.dialogs).toEqual([]);
  });
});
