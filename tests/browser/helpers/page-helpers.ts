import { expect } from 'vitest';
import type { Page } from 'playwright-core';

/** Signs in on the page's form, as a person does, and waits until the page says who they are. */
export async function signIn(page: Page, url: string, token: string, name: string): Promise<void> {
  await page.goto(url);
  await page.locator('#token-input').fill(token);
  await page.locator('#token-input').press('Enter');
  await page.locator('#who').filter({ hasText: name }).waitFor();
}

/** What the page's URL says, as parameters. */
export function routeOf(page: Page): URLSearchParams {
  return new URL(page.url()).searchParams;
}

/** How far the page scrolls sideways: 0 when nothing is wider than the viewport. */
export async function sidewaysOverflow(page: Page): Promise<number> {
  return page.evaluate(() => {
    const root = document.scrollingElement!;
    return root.scrollWidth - root.clientWidth;
  });
}

/**
 * expect.poll with room for a loaded machine: vitest's default (one second) is shorter than a
 * glossary save takes while other suites run.
 */
export const eventually = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 20_000 });
