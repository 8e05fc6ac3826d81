import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, snapshot, watchPage } from './helpers/chromium.ts';
import { startServe, type ServeProcess } from './helpers/serve-process.ts';

const PAYLOAD = '<img src=x onerror=alert(1)>';

let serve: ServeProcess;
let browser: Browser;
let page: Page;
let watched: ReturnType<typeof watchPage>;

/**
 * A screenshot whose text is an XSS payload beside a glossary term, rendered by Chromium itself:
 * the payload must come back through OCR as text and stay text on the review page.
 */
async function renderPayloadScreenshot(): Promise<Buffer> {
  const render = await browser.newPage({ viewport: { width: 900, height: 260 } });
  try {
    await render.setContent('<!doctype html><meta charset="utf-8"><body></body>');
    await render.evaluate((payload) => {
      document.body.style.cssText = 'margin:0;padding:40px;background:#fff;color:#111;font:40px "Noto Sans CJK SC",sans-serif';
      const line = (text: string) => {
        const p = document.createElement('p');
        p.textContent = text;
        p.style.margin = '0 0 30px';
        document.body.append(p);
      };
      line('青田县公安局设立警侨驿站');
      line(payload);
    }, PAYLOAD);
    return await render.screenshot({ type: 'png' });
  } finally {
    await render.close();
  }
}

describe('a screenshot holding an XSS payload', () => {
  beforeAll(async () => {
    serve = await startServe();
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1400, height: 1000 } })).newPage();
    watched = watchPage(page);
  });

  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
  });

  it('is uploaded under a hostile file name, read, and rendered inert', async () => {
    const token = (await serve.termlens(['token', 'create', '--role', 'admin', '--name', 'xss-admin'])).trim();
    const shot = await renderPayloadScreenshot();
    await page.goto(serve.url);
    await page.locator('#token-input').fill(token);
    await page.locator('#sign-in-form button').click();
    await page.locator('#who').filter({ hasText: 'xss-admin' }).waitFor();

    await page.locator('#tabs button[data-tab="upload"]').click();
    const fileName = '<img src=x onerror=alert(2)>.png';
    // Dropped onto the drop zone, as a person drags a file from their desktop.
    await page.evaluate(
      ({ name, base64 }) => {
        const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
        const transfer = new DataTransfer();
        transfer.items.add(new File([bytes], name, { type: 'image/png' }));
        const zone = document.getElementById('drop-zone')!;
        zone.dispatchEvent(new DragEvent('dragover', { dataTransfer: transfer, bubbles: true, cancelable: true }));
        zone.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
      },
      { name: fileName, base64: shot.toString('base64') },
    );
    await page.waitForFunction(() => document.querySelector('#uploads article')?.getAttribute('data-finished') === 'true', undefined, { timeout: 180_000 });
    // The file name is shown as the text it is.
    expect(await page.locator('#uploads li .name').first().textContent()).toBe(fileName);

    await page.locator('#uploads article button').click();
    await page.locator('#highlight').waitFor();
    const text = (await page.locator('#ocr-text').textContent()) ?? '';
    await snapshot(page, 'xss-screenshot-review');
    // OCR reads the payload as characters; they are on the page as text, not as an element.
    expect(text).toContain('警侨驿站');
    expect(text).toMatch(/onerror/);
    expect(text).toContain('<');
    expect(await page.locator('#ocr-text *:not(mark)').count()).toBe(0);
    // The page's own images only (the review's and the search view's screenshot): no injected one.
    expect(await page.locator('img').evaluateAll((imgs) => imgs.map((i) => i.id).sort())).toEqual(['search-shot', 'shot']);
    expect(await page.locator('#doc-name').textContent()).toBe(fileName);
    // Give a handler that had slipped through every chance to fire.
    await page.waitForTimeout(500);
    expect(watched.dialogs).toEqual([]);
    expect(watched.errors).toEqual([]);
  });
});
