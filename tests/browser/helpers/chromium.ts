import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { REPO_ROOT } from './serve-process.ts';

export const ARTIFACTS_DIR = path.join(REPO_ROOT, 'test-artifacts');

const CHROMIUM = '/usr/bin/chromium';

/**
 * Debian's Chromium, headless (`npm test` installs it first through scripts/system-packages.sh).
 * Without it the browser tests fail, naming the fix: a skipped page test would look like a pass.
 */
export function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`the browser tests need Chromium at ${CHROMIUM}: run \`scripts/system-packages.sh test\` as root (or apt-get install -y chromium)`);
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

/** Saves what the page looks like now, for a person to look at after the run. */
export async function snapshot(page: Page, name: string): Promise<void> {
  await mkdir(ARTIFACTS_DIR, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS_DIR, `${name}.png`), fullPage: true });
}

/**
 * Everything the page reports that a clean run never shows: uncaught errors, console errors
 * (CSP violations among them) and dialogs (an XSS payload's alert()).
 */
export function watchPage(page: Page): { errors: string[]; dialogs: string[] } {
  const watched = { errors: [] as string[], dialogs: [] as string[] };
  page.on('pageerror', (error) => watched.errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') watched.errors.push(`console: ${message.text()}`);
  });
  page.on('dialog', (dialog) => {
    watched.dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss();
  });
  // Playwright intercepts file choosers only once a listener exists, and turns interception on
  // asynchronously: a waitForEvent('filechooser') raced against the click that opens the chooser
  // loses on a loaded machine (the chooser opens natively, the event never comes; puppeteer#6040
  // is the same race). Listening from the start turns interception on before any test clicks.
  page.on('filechooser', () => {});
  return watched;
}
